package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.Tensor;

/**
 * What a sequence layer returns, shaped as PyTorch returns it.
 *
 * @param output the last layer's output at every step, {@code [T, B, D*H]} ({@code [B, T, D*H]}
 *               batch-first), both directions concatenated; zero past each sequence's length
 * @param state  final states {@code [layers*D, B, H]} ({@code c} for LSTM only), taken at each
 *               sequence's last valid step
 */
public record SequenceOutput(Tensor output, CellState state) {
}
