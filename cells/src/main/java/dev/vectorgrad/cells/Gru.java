package dev.vectorgrad.cells;

/** PyTorch's {@code nn.GRU}: stacked, optionally bidirectional GRU over sequences. */
public final class Gru extends Recurrent {

    /** A GRU with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Gru(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(CellType.GRU, inputSize, hiddenSize, options);
    }
}
