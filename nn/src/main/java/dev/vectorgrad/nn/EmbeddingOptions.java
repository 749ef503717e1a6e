package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.DType;

/**
 * Construction options of an {@link Embedding}: F32 and seed 0 by default. Immutable; each
 * {@code withX} returns a copy.
 *
 * @param dtype parameter element type
 * @param seed  seeds the initial table
 */
public record EmbeddingOptions(DType dtype, long seed) {

    /** Validates the options. */
    public EmbeddingOptions {
        if (dtype == null) {
            throw new IllegalArgumentException("Embedding: dtype must not be null");
        }
    }

    /** F32, seed 0. */
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(DType.F32, 0);
    }

    /** These options with parameters of element type {@code value}. */
    public EmbeddingOptions withDType(DType value) {
        return new EmbeddingOptions(value, seed);
    }

    /** These options with the initial table seeded by {@code value}. */
    public EmbeddingOptions withSeed(long value) {
        return new EmbeddingOptions(dtype, value);
    }
}
