package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.Padding;

/**
 * Keras's {@code MaxPooling2D(pool_size, strides, padding)}: the largest element of each window (padding ignored:
 * a window clipped by {@code same} padding takes the maximum of its pixels inside the image); the gradient goes to the
 * first largest element of each window. Shapes and options as {@link Pooling2D}; runs on {@link Convolutions#maxPool2d}.
 *
 * <pre>{@code
 * new MaxPooling2D(2);                                      // 2x2 windows, strides 2, valid
 * new MaxPooling2D(3, 2);                                   // 3x2 windows, strides 3x2
 * MaxPooling2D.builder(3).strides(2).padding("same").build();
 * }</pre>
 */
public final class MaxPooling2D extends Pooling2D {

    /** Square {@code poolSize x poolSize} windows, strides the pool size, padding valid. */
    public MaxPooling2D(int poolSize) {
        this(poolSize, poolSize);
    }

    /** {@code poolHeight x poolWidth} windows, strides the pool size, padding valid. */
    public MaxPooling2D(int poolHeight, int poolWidth) {
        super(builder(poolHeight, poolWidth));
    }

    private MaxPooling2D(Builder<MaxPooling2D> b) {
        super(b);
    }

    /** Options for square {@code poolSize x poolSize} windows; Keras's defaults until set. */
    public static Builder<MaxPooling2D> builder(int poolSize) {
        return builder(poolSize, poolSize);
    }

    /** Options for {@code poolHeight x poolWidth} windows; Keras's defaults until set. */
    public static Builder<MaxPooling2D> builder(int poolHeight, int poolWidth) {
        return new Builder<>("MaxPooling2D", MaxPooling2D::new, poolHeight, poolWidth);
    }

    @Override
    public String className() {
        return "MaxPooling2D";
    }

    @Override
    Tensor pool(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding) {
        return Convolutions.maxPool2d(x, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }
}
