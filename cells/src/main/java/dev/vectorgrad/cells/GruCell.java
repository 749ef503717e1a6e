package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/**
 * PyTorch's {@code GRUCell}: gates {@code r, z, n}, {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}
 * (reset after the recurrent product), {@code h' = (1 - z) n + z h}.
 */
public final class GruCell extends RecurrentCell {

    /** A cell with PyTorch's default initialisation drawn from {@code seed}. */
    public GruCell(int inputSize, int hiddenSize, DType dtype, long seed) {
        super(CellType.GRU, inputSize, hiddenSize, dtype, seed);
    }
}
