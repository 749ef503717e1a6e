package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/** PyTorch's {@code LSTMCell}: gates {@code i, f, g, o}, {@code c' = f c + i g}, {@code h' = o tanh(c')}. */
public final class LstmCell extends RecurrentCell {

    /** A cell with PyTorch's default initialisation drawn from {@code seed}. */
    public LstmCell(int inputSize, int hiddenSize, DType dtype, long seed) {
        super(CellType.LSTM, inputSize, hiddenSize, dtype, seed);
    }
}
