package dev.vectorgrad.cells;

/** PyTorch's {@code nn.RNN}: stacked, optionally bidirectional Elman RNN (tanh or relu) over sequences. */
public final class Rnn extends Recurrent {

    /** An RNN with PyTorch's default initialisation drawn from {@code options.seed()}; {@code relu} picks the nonlinearity. */
    public Rnn(int inputSize, int hiddenSize, boolean relu, RecurrentOptions options) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, options);
    }
}
