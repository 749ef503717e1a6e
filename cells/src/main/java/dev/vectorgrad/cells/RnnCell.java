package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/** PyTorch's {@code RNNCell}: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}, or relu. */
public final class RnnCell extends RecurrentCell {

    /** A cell with the given nonlinearity and PyTorch's default initialisation drawn from {@code seed}. */
    public RnnCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity, DType dtype, long seed) {
        super(nonlinearity.cellType(), inputSize, hiddenSize, dtype, seed);
    }
}
