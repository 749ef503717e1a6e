package dev.vectorgrad.cells;

/** The nonlinearity of an Elman RNN ({@link Rnn}, {@link RnnCell}), PyTorch's {@code nonlinearity='tanh'|'relu'}. */
public enum Nonlinearity {
    /** {@code tanh}, PyTorch's default. */
    TANH,
    /** {@code max(0, x)}. */
    RELU;

    CellType cellType() {
        return this == RELU ? CellType.RNN_RELU : CellType.RNN_TANH;
    }
}
