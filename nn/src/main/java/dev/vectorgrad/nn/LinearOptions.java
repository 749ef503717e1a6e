package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.DType;

/**
 * Construction options of a {@link Linear} layer, with PyTorch's defaults: a bias, F32, seed 0.
 * Immutable; each {@code withX} returns a copy, so a call site reads
 * {@code new Linear(64, 10, LinearOptions.defaults().withBias(false).withSeed(7))}.
 *
 * @param bias  whether the layer adds a learned bias
 * @param dtype parameter element type
 * @param seed  seeds the initial weights
 */
public record LinearOptions(boolean bias, DType dtype, long seed) {

    /** Validates the options. */
    public LinearOptions {
        if (dtype == null) {
            throw new IllegalArgumentException("Linear: dtype must not be null");
        }
    }

    /** PyTorch's defaults, in F32, seed 0. */
    public static LinearOptions defaults() {
        return new LinearOptions(true, DType.F32, 0);
    }

    /** These options with a bias ({@code true}) or without one. */
    public LinearOptions withBias(boolean value) {
        return new LinearOptions(value, dtype, seed);
    }

    /** These options with parameters of element type {@code value}. */
    public LinearOptions withDType(DType value) {
        return new LinearOptions(bias, value, seed);
    }

    /** These options with the initial weights seeded by {@code value}. */
    public LinearOptions withSeed(long value) {
        return new LinearOptions(bias, dtype, value);
    }
}
