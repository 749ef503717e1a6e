package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.MaxPool2d} (dilation 1, {@code ceil_mode=False}): the largest element of each
 * {@code kernelSize x kernelSize} window of each channel of images {@code [N, C, H, W]}, to
 * {@code [N, C, H', W']} with {@code H' = floor((H + 2 padding - kernelSize) / stride) + 1}. The
 * stride defaults to the kernel size; the padding counts as minus infinity (never the maximum) and
 * must be at most half the kernel, as PyTorch requires. The gradient goes to the first largest element
 * of each window (see {@link Convolutions#maxPool2d(Tensor, int, int, int, int, int, int, int, int)}).
 * No parameters.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);
 * Tensor y = pool.forward(x);          // [256, 32, 26, 26] -> [256, 32, 13, 13]
 * }</pre>
 */
public final class MaxPool2d extends Module {

    private final int kernelSize;
    private final int stride;
    private final int padding;

    /** A {@code kernelSize} square window at stride {@code kernelSize}, no padding (PyTorch's defaults). */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * A {@code kernelSize} square window moved by {@code stride}, over images padded by {@code padding}
     * on every side.
     *
     * @throws IllegalArgumentException for a kernel size or stride below 1, or a padding below 0 or above
     *                                  half the kernel size
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel size and stride must be >= 1, got kernel size "
                    + kernelSize + ", stride " + stride);
        }
        if (padding < 0 || padding > kernelSize / 2) {
            throw new IllegalArgumentException("MaxPool2d: padding must be in [0, kernel size / 2] (pad should be at "
                    + "most half of kernel size), but got padding " + padding + " and kernel size " + kernelSize);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /** {@code x [N, C, H, W]} to {@code [N, C, H', W']}. */
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("MaxPool2d: input is " + Arrays.toString(x.shape())
                    + ", expected [N, C, H, W]");
        }
        Tensor y = Convolutions.maxPool2d(Shapes.permute(x, 0, 2, 3, 1), kernelSize, kernelSize, stride, stride,
                padding, padding, padding, padding);
        return Shapes.permute(y, 0, 3, 1, 2);
    }

    @Override
    protected String describe() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
