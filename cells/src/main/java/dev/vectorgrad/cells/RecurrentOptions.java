package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;

/**
 * Construction options of a sequence layer ({@link Rnn}, {@link Lstm}, {@link Gru}), with
 * PyTorch's defaults: one layer, one direction, no dropout, time-major {@code [T, B, I]}
 * input. Immutable; each {@code withX} returns a copy.
 *
 * @param layers        stacked layers ({@code num_layers})
 * @param bidirectional run a second direction from the end of each sequence
 * @param dropout       dropout probability on the outputs of every layer but the last, in training
 * @param batchFirst    inputs and outputs are {@code [B, T, features]} instead of {@code [T, B, features]}
 * @param dtype         parameter element type
 * @param seed          seeds the initial weights and the dropout masks
 */
public record RecurrentOptions(int layers, boolean bidirectional, double dropout, boolean batchFirst,
                               DType dtype, long seed) {

    /** Validates the options. */
    public RecurrentOptions {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
    }

    /** PyTorch's defaults, in F32, seed 0. */
    public static RecurrentOptions defaults() {
        return new RecurrentOptions(1, false, 0, false, DType.F32, 0);
    }

    /** These options with {@code value} stacked layers ({@code num_layers}). */
    public RecurrentOptions withLayers(int value) {
        return new RecurrentOptions(value, bidirectional, dropout, batchFirst, dtype, seed);
    }

    /** These options with a second, reverse direction ({@code true}) or without. */
    public RecurrentOptions withBidirectional(boolean value) {
        return new RecurrentOptions(layers, value, dropout, batchFirst, dtype, seed);
    }

    /** These options with dropout probability {@code value} between layers, in training. */
    public RecurrentOptions withDropout(double value) {
        return new RecurrentOptions(layers, bidirectional, value, batchFirst, dtype, seed);
    }

    /** These options with {@code [B, T, features]} inputs and outputs ({@code true}) or {@code [T, B, features]}. */
    public RecurrentOptions withBatchFirst(boolean value) {
        return new RecurrentOptions(layers, bidirectional, dropout, value, dtype, seed);
    }

    /** These options with parameters of element type {@code value}. */
    public RecurrentOptions withDType(DType value) {
        return new RecurrentOptions(layers, bidirectional, dropout, batchFirst, value, seed);
    }

    /** These options with the initial weights and dropout masks seeded by {@code value}. */
    public RecurrentOptions withSeed(long value) {
        return new RecurrentOptions(layers, bidirectional, dropout, batchFirst, dtype, value);
    }

    /** Number of directions, 1 or 2. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
