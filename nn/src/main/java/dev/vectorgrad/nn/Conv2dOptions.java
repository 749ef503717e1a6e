package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.DType;

/**
 * Construction options of a {@link Conv2d} layer, with PyTorch's defaults: strides 1, padding 0, a
 * bias, F32, seed 0. Immutable; each {@code withX} returns a copy, so a call site reads
 * {@code new Conv2d(1, 32, 3, Conv2dOptions.defaults().withPadding("same").withBias(false))}.
 *
 * <p>Padding is PyTorch's: {@code padHeight} zero rows above and below, {@code padWidth} zero
 * columns left and right; or, with {@code same}, the total {@code kernel - 1} split with the smaller
 * half before and the extra row or column after, so that (at stride 1, the only stride PyTorch
 * allows it with) the output has the input's size. {@code "valid"} is padding 0.
 *
 * @param strideHeight rows the kernel moves between output rows, at least 1
 * @param strideWidth  columns the kernel moves between output columns, at least 1
 * @param padHeight    zero rows added above and below (ignored with {@code same}), at least 0
 * @param padWidth     zero columns added left and right (ignored with {@code same}), at least 0
 * @param same         PyTorch's {@code padding="same"}
 * @param bias         whether the layer adds a learned bias per output channel
 * @param dtype        parameter element type
 * @param seed         seeds the initial weights
 */
public record Conv2dOptions(int strideHeight, int strideWidth, int padHeight, int padWidth, boolean same,
                            boolean bias, DType dtype, long seed) {

    /** Validates the options. */
    public Conv2dOptions {
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException("Conv2d: stride must be >= 1 each way, got (" + strideHeight + ", "
                    + strideWidth + ")");
        }
        if (padHeight < 0 || padWidth < 0) {
            throw new IllegalArgumentException("Conv2d: padding must be >= 0 each way, got (" + padHeight + ", "
                    + padWidth + ")");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("Conv2d: dtype must not be null");
        }
    }

    /** PyTorch's defaults: strides 1, padding 0, a bias, in F32, seed 0. */
    public static Conv2dOptions defaults() {
        return new Conv2dOptions(1, 1, 0, 0, false, true, DType.F32, 0);
    }

    /** These options with stride {@code value} both ways. */
    public Conv2dOptions withStride(int value) {
        return withStride(value, value);
    }

    /** These options with strides {@code (height, width)}. */
    public Conv2dOptions withStride(int height, int width) {
        return new Conv2dOptions(height, width, padHeight, padWidth, same, bias, dtype, seed);
    }

    /** These options with {@code value} zero rows and columns on every side (PyTorch's {@code padding=value}). */
    public Conv2dOptions withPadding(int value) {
        return withPadding(value, value);
    }

    /** These options with {@code height} zero rows above and below and {@code width} zero columns left and right. */
    public Conv2dOptions withPadding(int height, int width) {
        return new Conv2dOptions(strideHeight, strideWidth, height, width, false, bias, dtype, seed);
    }

    /**
     * These options with PyTorch's string padding: {@code "valid"} (padding 0) or {@code "same"}.
     *
     * @throws IllegalArgumentException for any other string
     */
    public Conv2dOptions withPadding(String value) {
        if ("valid".equals(value)) {
            return withPadding(0);
        }
        if ("same".equals(value)) {
            return new Conv2dOptions(strideHeight, strideWidth, 0, 0, true, bias, dtype, seed);
        }
        throw new IllegalArgumentException("Conv2d: padding must be \"valid\" or \"same\" (or a number), got \""
                + value + "\"");
    }

    /** These options with a bias ({@code true}) or without one. */
    public Conv2dOptions withBias(boolean value) {
        return new Conv2dOptions(strideHeight, strideWidth, padHeight, padWidth, same, value, dtype, seed);
    }

    /** These options with parameters of element type {@code value}. */
    public Conv2dOptions withDType(DType value) {
        return new Conv2dOptions(strideHeight, strideWidth, padHeight, padWidth, same, bias, value, seed);
    }

    /** These options with the initial weights seeded by {@code value}. */
    public Conv2dOptions withSeed(long value) {
        return new Conv2dOptions(strideHeight, strideWidth, padHeight, padWidth, same, bias, dtype, value);
    }
}
