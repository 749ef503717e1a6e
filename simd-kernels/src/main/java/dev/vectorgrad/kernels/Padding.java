package dev.vectorgrad.kernels;

/**
 * How a 2-D window (a convolution kernel or a pooling window) treats the image border, with
 * Keras's and TensorFlow's meaning; see {@link Window2d} for the sizes each gives.
 */
public enum Padding {

    /** No padding: only windows that lie wholly inside the image; {@code out = floor((in - window) / stride) + 1}. */
    VALID,

    /**
     * Zero padding so that {@code out = ceil(in / stride)}: the total padding
     * {@code max((out - 1) * stride + window - in, 0)} is split with the smaller half before and
     * the larger half after (an odd pad puts its extra row or column at the end, as TensorFlow does).
     */
    SAME,

    /**
     * Zero padding given per side, as PyTorch's {@code padding}: only from {@link Window2d#explicit},
     * which takes the pads; {@link Window2d#of} refuses it.
     */
    EXPLICIT
}
