package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import java.util.Arrays;

/**
 * Differentiable 2-D convolution and pooling over channels-last image batches, as Keras lays them
 * out: images {@code [batch, height, width, channels]}, convolution kernels {@code [kernelHeight,
 * kernelWidth, channels, filters]} (Keras's {@code Conv2D} kernel), biases {@code [filters]}.
 * Padding and output sizes are TensorFlow's ({@link Padding}; an odd {@code SAME} pad puts its extra
 * row and column at the bottom and right); strides are given per axis, dilation is 1. Each op runs
 * one kernel of simd-kernels forward and one per input backward, recorded as one tape node.
 *
 * <pre>{@code
 * Tensor h = Convolutions.conv2d(images, kernel, bias, 1, 1, Padding.VALID);   // [32, 28, 28, 1] -> [32, 26, 26, 8]
 * Tensor p = Convolutions.maxPool2d(Ops.relu(h), 2, 2);                         // -> [32, 13, 13, 8]
 * Tensor features = Shapes.flatten(p);                                           // -> [32, 1352], (h, w, c) order
 * }</pre>
 */
public final class Convolutions {

    private Convolutions() {
    }

    /** {@link #conv2d(Tensor, Tensor, Tensor, int, int, Padding)} with strides 1 and {@link Padding#VALID} (Keras's defaults). */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias) {
        return conv2d(x, kernel, bias, 1, 1, Padding.VALID);
    }

    /**
     * 2-D convolution (cross-correlation, as in Keras and PyTorch): {@code y[n, oy, ox, f] = bias[f]
     * + sum over ky, kx, c of x[n, oy * strideHeight + ky - padTop, ox * strideWidth + kx - padLeft, c]
     * * kernel[ky, kx, c, f]}, padding counting as 0.
     *
     * @param x       images {@code [batch, height, width, channels]}
     * @param kernel  {@code [kernelHeight, kernelWidth, channels, filters]}
     * @param bias    {@code [filters]}, or {@code null} for none
     * @return {@code [batch, outHeight, outWidth, filters]}
     * @throws IllegalArgumentException naming the shapes, if a rank or size does not match, the dtypes
     *                                  differ, a stride is below 1, or the kernel is larger than the image
     *                                  with {@link Padding#VALID}
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, int strideHeight, int strideWidth,
                                Padding padding) {
        String op = "conv2d";
        checkConv(op, x, kernel, bias);
        return conv2d(x, kernel, bias, geometry(op, "kernel", x, kernel.dim(0), kernel.dim(1), strideHeight,
                strideWidth, padding));
    }

    /**
     * {@link #conv2d(Tensor, Tensor, Tensor, int, int, Padding)} over images zero-padded by the given
     * rows and columns on each side (PyTorch's {@code padding}, see {@link Window2d#explicit}): output
     * {@code floor((height + padTop + padBottom - kernelHeight) / strideHeight) + 1} rows, and the same
     * across.
     *
     * @throws IllegalArgumentException as for the padding form, or for a pad below 0 or not smaller than
     *                                  the kernel that way
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, int strideHeight, int strideWidth,
                                int padTop, int padBottom, int padLeft, int padRight) {
        String op = "conv2d";
        checkConv(op, x, kernel, bias);
        return conv2d(x, kernel, bias, explicitGeometry(op, "kernel", x, kernel.dim(0), kernel.dim(1), strideHeight,
                strideWidth, padTop, padBottom, padLeft, padRight));
    }

    private static void checkConv(String op, Tensor x, Tensor kernel, Tensor bias) {
        Ops.sameDType(op, x, kernel);
        images(op, x);
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException(op + ": kernel must be [kernelHeight, kernelWidth, channels, filters], got "
                    + Arrays.toString(kernel.shape()));
        }
        if (kernel.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel.shape()) + " expects "
                    + kernel.dim(2) + " input channels, but x " + Arrays.toString(x.shape()) + " has " + x.dim(3));
        }
        int filters = kernel.dim(3);
        if (filters < 1) {
            throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel.shape()) + " has no filters");
        }
        if (bias != null) {
            Ops.sameDType(op, x, bias);
            if (bias.rank() != 1 || bias.dim(0) != filters) {
                throw new IllegalArgumentException(op + ": bias must be [" + filters + "] for kernel "
                        + Arrays.toString(kernel.shape()) + ", got " + Arrays.toString(bias.shape()));
            }
        }
    }

    private static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Window2d g) {
        String op = "conv2d";
        int filters = kernel.dim(3);
        Compute c = Compute.of(x.dtype());
        Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.outHeight(), g.outWidth(), filters);
        c.conv2d(g, filters, x, kernel, bias, y);
        Tensor[] inputs = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        return Tape.record(op, inputs, y, (gy, gi) -> {
            if (gi[0] != null) {
                c.conv2dBackwardInput(g, filters, gy[0], kernel, gi[0]);
            }
            if (gi[1] != null) {
                c.conv2dBackwardKernel(g, filters, x, gy[0], gi[1]);
            }
            if (bias != null && gi[2] != null) {
                // d bias += the sum of dy over all output pixels: dy^T (M x filters, transposed) times ones (M)
                int pixels = (int) g.outputPixels();
                c.gemm(true, false, filters, 1, pixels, 1, gy[0], 0, filters, ones(x.dtype(), pixels), 0, 1,
                        1, gi[2], 0, 1);
            }
        });
    }

    /** {@link #maxPool2d(Tensor, int, int, int, int, Padding)} with strides equal to the pool size and {@link Padding#VALID} (Keras's defaults). */
    public static Tensor maxPool2d(Tensor x, int poolHeight, int poolWidth) {
        return maxPool2d(x, poolHeight, poolWidth, poolHeight, poolWidth, Padding.VALID);
    }

    /**
     * Max pooling of each channel: the largest element of each window, padding ignored (a window
     * clipped by {@link Padding#SAME} takes the maximum of its pixels inside the image). The gradient
     * goes to the first largest element of each window in row-major window order (rows, then columns),
     * so a tie sends it to one element only; where windows overlap, the gradients add up. A window
     * holding NaN gives NaN, and its gradient goes to the first NaN.
     *
     * @param x images {@code [batch, height, width, channels]}
     * @return {@code [batch, outHeight, outWidth, channels]}
     * @throws IllegalArgumentException naming the shapes, if x is not of rank 4, a pool size or stride
     *                                  is below 1, or the pool is larger than the image with {@link Padding#VALID}
     */
    public static Tensor maxPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                                   Padding padding) {
        String op = "maxPool2d";
        images(op, x);
        return maxPool2d(x, geometry(op, "pool", x, poolHeight, poolWidth, strideHeight, strideWidth, padding));
    }

    /**
     * {@link #maxPool2d(Tensor, int, int, int, int, Padding)} over images padded by the given rows and
     * columns on each side (PyTorch's {@code padding}, which counts as minus infinity: the maximum of
     * each window's pixels inside the image), see {@link Window2d#explicit} for the output size.
     *
     * @throws IllegalArgumentException as for the padding form, or for a pad below 0 or not smaller than
     *                                  the pool that way
     */
    public static Tensor maxPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                                   int padTop, int padBottom, int padLeft, int padRight) {
        String op = "maxPool2d";
        images(op, x);
        return maxPool2d(x, explicitGeometry(op, "pool", x, poolHeight, poolWidth, strideHeight, strideWidth,
                padTop, padBottom, padLeft, padRight));
    }

    private static Tensor maxPool2d(Tensor x, Window2d g) {
        String op = "maxPool2d";
        Compute c = Compute.of(x.dtype());
        Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.outHeight(), g.outWidth(), g.channels());
        c.maxPool2d(g, x, y);
        return Tape.record(op, new Tensor[] {x}, y, (gy, gi) -> c.maxPool2dBackward(g, x, gy[0], gi[0]));
    }

    /** {@link #avgPool2d(Tensor, int, int, int, int, Padding)} with strides equal to the pool size and {@link Padding#VALID} (Keras's defaults). */
    public static Tensor avgPool2d(Tensor x, int poolHeight, int poolWidth) {
        return avgPool2d(x, poolHeight, poolWidth, poolHeight, poolWidth, Padding.VALID);
    }

    /**
     * Average pooling of each channel: the mean of each window's pixels inside the image (a window
     * clipped by {@link Padding#SAME} divides by its own pixel count, as TensorFlow does). Shapes and
     * errors as for {@link #maxPool2d(Tensor, int, int, int, int, Padding)}.
     */
    public static Tensor avgPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                                   Padding padding) {
        String op = "avgPool2d";
        images(op, x);
        return avgPool2d(x, geometry(op, "pool", x, poolHeight, poolWidth, strideHeight, strideWidth, padding));
    }

    /**
     * {@link #avgPool2d(Tensor, int, int, int, int, Padding)} over images padded by the given rows and
     * columns on each side, see {@link Window2d#explicit} for the output size. Each window's mean is over
     * its pixels inside the image (PyTorch's {@code count_include_pad=False}, not its default).
     *
     * @throws IllegalArgumentException as for the padding form, or for a pad below 0 or not smaller than
     *                                  the pool that way
     */
    public static Tensor avgPool2d(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth,
                                   int padTop, int padBottom, int padLeft, int padRight) {
        String op = "avgPool2d";
        images(op, x);
        return avgPool2d(x, explicitGeometry(op, "pool", x, poolHeight, poolWidth, strideHeight, strideWidth,
                padTop, padBottom, padLeft, padRight));
    }

    private static Tensor avgPool2d(Tensor x, Window2d g) {
        String op = "avgPool2d";
        Compute c = Compute.of(x.dtype());
        Tensor y = Tensor.zeros(x.dtype(), g.batch(), g.outHeight(), g.outWidth(), g.channels());
        c.avgPool2d(g, x, y);
        return Tape.record(op, new Tensor[] {x}, y, (gy, gi) -> c.avgPool2dBackward(g, gy[0], gi[0]));
    }

    /**
     * This thread's ones of each dtype, grown to the most output pixels a bias gradient has needed here,
     * so a backward pass allocates none; never written after they are filled, and never handed out of this package.
     */
    private static final ThreadLocal<Tensor[]> ONES = ThreadLocal.withInitial(() -> new Tensor[DType.values().length]);

    /** At least {@code n} ones of {@code dtype} (a prefix of this thread's cached ones); package-private for its test. */
    static Tensor ones(DType dtype, int n) {
        Tensor[] cache = ONES.get();
        Tensor t = cache[dtype.ordinal()];
        if (t == null || t.size() < n) {
            t = Tensor.ones(dtype, n);
            cache[dtype.ordinal()] = t;
        }
        return t;
    }

    private static void images(String op, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": x must be [batch, height, width, channels], got "
                    + Arrays.toString(x.shape()));
        }
    }

    /** The explicitly padded window geometry over x, with the op's own messages for the arguments a user gets wrong. */
    private static Window2d explicitGeometry(String op, String window, Tensor x, int windowHeight, int windowWidth,
                                             int strideHeight, int strideWidth, int padTop, int padBottom,
                                             int padLeft, int padRight) {
        sizes(op, window, x, windowHeight, windowWidth, strideHeight, strideWidth);
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0 || padTop >= windowHeight
                || padBottom >= windowHeight || padLeft >= windowWidth || padRight >= windowWidth) {
            throw new IllegalArgumentException(op + ": pads (top " + padTop + ", bottom " + padBottom + ", left "
                    + padLeft + ", right " + padRight + ") must be >= 0 and smaller than the " + windowHeight + "x"
                    + windowWidth + " " + window);
        }
        if (windowHeight > x.dim(1) + padTop + padBottom || windowWidth > x.dim(2) + padLeft + padRight) {
            throw new IllegalArgumentException(op + ": the " + windowHeight + "x" + windowWidth + " " + window
                    + " is larger than the " + x.dim(1) + "x" + x.dim(2) + " images of x " + Arrays.toString(x.shape())
                    + " padded by " + padTop + ", " + padBottom + " (top, bottom) and " + padLeft + ", " + padRight
                    + " (left, right)");
        }
        return Window2d.explicit(x.dim(0), x.dim(1), x.dim(2), x.dim(3), windowHeight, windowWidth, strideHeight,
                strideWidth, padTop, padBottom, padLeft, padRight);
    }

    private static void sizes(String op, String window, Tensor x, int windowHeight, int windowWidth,
                              int strideHeight, int strideWidth) {
        if (windowHeight < 1 || windowWidth < 1) {
            throw new IllegalArgumentException(op + ": " + window + " size must be >= 1 each way, got "
                    + windowHeight + "x" + windowWidth);
        }
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException(op + ": strides must be >= 1, got " + strideHeight + "x" + strideWidth);
        }
        if (x.dim(1) < 1 || x.dim(2) < 1 || x.dim(3) < 1) {
            throw new IllegalArgumentException(op + ": x " + Arrays.toString(x.shape())
                    + " must have at least one row, column and channel");
        }
    }

    /** The window geometry over x, with the op's own messages for the arguments a user gets wrong. */
    private static Window2d geometry(String op, String window, Tensor x, int windowHeight, int windowWidth,
                                     int strideHeight, int strideWidth, Padding padding) {
        if (padding == null) {
            throw new NullPointerException(op + ": padding is null");
        }
        if (padding == Padding.EXPLICIT) {
            throw new IllegalArgumentException(op + ": padding EXPLICIT needs the pads: use the form that takes them");
        }
        sizes(op, window, x, windowHeight, windowWidth, strideHeight, strideWidth);
        if (padding == Padding.VALID && (windowHeight > x.dim(1) || windowWidth > x.dim(2))) {
            throw new IllegalArgumentException(op + ": the " + windowHeight + "x" + windowWidth + " " + window
                    + " is larger than the " + x.dim(1) + "x" + x.dim(2) + " images of x " + Arrays.toString(x.shape())
                    + " with padding VALID");
        }
        return Window2d.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), windowHeight, windowWidth, strideHeight,
                strideWidth, padding);
    }
}
