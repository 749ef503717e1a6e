package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/**
 * PyTorch's {@code LSTMCell}: gates {@code i, f, g, o}, {@code c' = f c + i g}, {@code h' = o tanh(c')}.
 *
 * <pre>{@code
 * LstmCell cell = new LstmCell(8, 16, DType.F32, 42);
 * CellState s = cell.zeroState(4);           // h and c [4, 16]
 * for (Tensor xt : steps) {                  // each [4, 8]
 *     s = cell.forward(xt, s);
 * }
 * }</pre>
 */
public final class LstmCell extends RecurrentCell {

    /** A cell with PyTorch's default initialisation drawn from {@code seed}. */
    public LstmCell(int inputSize, int hiddenSize, DType dtype, long seed) {
        super(CellType.LSTM, inputSize, hiddenSize, dtype, seed);
    }
}
