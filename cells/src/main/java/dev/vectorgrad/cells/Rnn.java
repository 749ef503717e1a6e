package dev.vectorgrad.cells;

/** PyTorch's {@code nn.RNN}: stacked, optionally bidirectional Elman RNN (tanh or relu) over sequences. */
public final class Rnn extends Recurrent {

    /** An RNN with PyTorch's default initialisation drawn from {@code options.seed()}; {@code relu} picks the nonlinearity. */
    public Rnn(int inputSize, int hiddenSize, boolean relu, RecurrentOptions options) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, options);
    }

    /** An RNN over existing weights (RNN_TANH or RNN_RELU), one per layer and direction. */
    public Rnn(RecurrentOptions options, java.util.List<CellWeights> weights) {
        super(options, weights);
        if (type() != CellType.RNN_TANH && type() != CellType.RNN_RELU) {
            throw new IllegalArgumentException("Rnn: the weights are for a " + type());
        }
    }
}
