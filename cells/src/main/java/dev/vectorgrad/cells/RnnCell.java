package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/** PyTorch's {@code RNNCell}: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}, or relu. */
public final class RnnCell extends RecurrentCell {

    /** A cell with PyTorch's default initialisation drawn from {@code seed}; {@code relu} picks the nonlinearity. */
    public RnnCell(int inputSize, int hiddenSize, boolean relu, DType dtype, long seed) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, dtype, seed);
    }
}
