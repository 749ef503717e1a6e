package dev.vectorgrad.cells;

/** The recurrent cell kinds, with PyTorch's equations and gate order. */
public enum CellType {
    /** {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH(1),
    /** {@code h' = relu(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_RELU(1),
    /** LSTM, gates {@code i, f, g, o}: {@code c' = f c + i g}, {@code h' = o tanh(c')}. */
    LSTM(4),
    /** GRU, gates {@code r, z, n}, reset applied after the recurrent product: {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}. */
    GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks stacked in the weights ({@code weight_ih} is {@code [gates * H, I]}). */
    public int gates() {
        return gates;
    }

    /** Whether the state has a cell vector {@code c} besides {@code h}. */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
