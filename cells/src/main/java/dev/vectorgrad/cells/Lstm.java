package dev.vectorgrad.cells;

/** PyTorch's {@code nn.LSTM}: stacked, optionally bidirectional LSTM over sequences. */
public final class Lstm extends Recurrent {

    /** An LSTM with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Lstm(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(CellType.LSTM, inputSize, hiddenSize, options);
    }
}
