package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.Tensor;

/**
 * The recurrent state of one cell, {@code [batch, hidden]}: {@code h}, and {@code c} for an
 * LSTM ({@code null} otherwise).
 */
public record CellState(Tensor h, Tensor c) {

    /** Copies of the state, detached from the tape (to carry it across truncated-BPTT chunks). */
    public CellState detach() {
        return new CellState(h.detach(), c == null ? null : c.detach());
    }
}
