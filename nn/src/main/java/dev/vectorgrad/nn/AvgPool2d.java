package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.AvgPool2d} without padding ({@code ceil_mode=False}): the mean of each
 * {@code kernelSize x kernelSize} window of each channel of images {@code [N, C, H, W]}, to
 * {@code [N, C, H', W']} with {@code H' = floor((H - kernelSize) / stride) + 1}; the stride
 * defaults to the kernel size. Padding is refused: PyTorch's default {@code count_include_pad=True}
 * divides a padded window by its full size, while the kernels divide by the pixels inside the image
 * (TensorFlow's rule); without padding both are the same. No parameters.
 */
public final class AvgPool2d extends Module {

    private final int kernelSize;
    private final int stride;

    /** A {@code kernelSize} square window at stride {@code kernelSize} (PyTorch's defaults). */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * A {@code kernelSize} square window moved by {@code stride}; {@code padding} must be 0.
     *
     * @throws IllegalArgumentException for a kernel size or stride below 1, or a padding other than 0
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException("AvgPool2d: kernel size and stride must be >= 1, got kernel size "
                    + kernelSize + ", stride " + stride);
        }
        if (padding != 0) {
            throw new IllegalArgumentException("AvgPool2d: padding must be 0, got " + padding + " (PyTorch's "
                    + "count_include_pad=True averages over the padding too; these kernels do not, so padding is "
                    + "not offered)");
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
    }

    /** {@code x [N, C, H, W]} to {@code [N, C, H', W']}. */
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("AvgPool2d: input is " + Arrays.toString(x.shape())
                    + ", expected [N, C, H, W]");
        }
        Tensor y = Convolutions.avgPool2d(Shapes.permute(x, 0, 2, 3, 1), kernelSize, kernelSize, stride, stride,
                0, 0, 0, 0);
        return Shapes.permute(y, 0, 3, 1, 2);
    }

    @Override
    protected String describe() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=0";
    }
}
