package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.Padding;

/**
 * Keras's {@code AveragePooling2D(pool_size, strides, padding)}: the mean of each window's pixels inside the image (a
 * window clipped by {@code same} padding divides by its own pixel count, as TensorFlow does). Shapes and options as
 * {@link Pooling2D}; runs on {@link Convolutions#avgPool2d}.
 *
 * <pre>{@code
 * new AveragePooling2D(2);                                      // 2x2 windows, strides 2, valid
 * new AveragePooling2D(3, 2);                                   // 3x2 windows, strides 3x2
 * AveragePooling2D.builder(3).strides(2).padding("same").build();
 * }</pre>
 */
public final class AveragePooling2D extends Pooling2D {

    /** Square {@code poolSize x poolSize} windows, strides the pool size, padding valid. */
    public AveragePooling2D(int poolSize) {
        this(poolSize, poolSize);
    }

    /** {@code poolHeight x poolWidth} windows, strides the pool size, padding valid. */
    public AveragePooling2D(int poolHeight, int poolWidth) {
        super(builder(poolHeight, poolWidth));
    }

    private AveragePooling2D(Builder<AveragePooling2D> b) {
        super(b);
    }

    /** Options for square {@code poolSize x poolSize} windows; Keras's defaults until set. */
    public static Builder<AveragePooling2D> builder(int poolSize) {
        return builder(poolSize, poolSize);
    }

    /** Options for {@code poolHeight x poolWidth} windows; Keras's defaults until set. */
    public static Builder<AveragePooling2D> builder(int poolHeight, int poolWidth) {
        return new Builder<>("AveragePooling2D", AveragePooling2D::new, poolHeight, poolWidth);
    }

    @Override
    public String className() {
        return "AveragePooling2D";
    }

    @Override
    Tensor pool(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding) {
        return Convolutions.avgPool2d(x, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }
}
