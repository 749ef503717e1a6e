package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.Conv2d} (dilation 1, groups 1, zero padding): images {@code [N, C, H, W]} to
 * {@code [N, out, H', W']} with {@code weight [out, in, kh, kw]} and {@code bias [out]} under
 * PyTorch's names, so a PyTorch {@code state_dict} loads by name. {@code H' = floor((H + 2 padHeight
 * - kh) / strideHeight) + 1} (and the same across); {@link Conv2dOptions} holds strides, padding
 * ({@code int}, pair, {@code "valid"}, {@code "same"}), bias and dtype.
 *
 * <p>The SIMD kernels are channels-last: {@code forward} turns the images into {@code [N, H, W, C]}
 * and the weight into {@code [kh, kw, in, out]} ({@link Shapes#permute}), convolves, and turns the
 * result back, all on the tape, so gradients reach the input, the weight and the bias.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 3);                      // weight [32, 1, 3, 3], bias [32]
 * Tensor y = conv.forward(images);                         // [256, 1, 28, 28] -> [256, 32, 26, 26]
 * }</pre>
 */
public final class Conv2d extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final Conv2dOptions options;
    private final int padTop;
    private final int padBottom;
    private final int padLeft;
    private final int padRight;

    /** A square kernel with PyTorch's defaults (strides 1, padding 0, a bias, F32, seed 0). */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, kernelSize, Conv2dOptions.defaults());
    }

    /** A square {@code kernelSize x kernelSize} kernel with the given options. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Conv2dOptions options) {
        this(inChannels, outChannels, kernelSize, kernelSize, options);
    }

    /**
     * A {@code kernelHeight x kernelWidth} kernel with PyTorch's default initialisation,
     * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} for the weight (its {@code kaiming_uniform_} with
     * {@code a = sqrt(5)}) and for the bias, {@code fanIn = inChannels * kernelHeight * kernelWidth},
     * drawn from {@code options.seed()}.
     *
     * @throws IllegalArgumentException for a size below 1, {@code "same"} with a stride other than 1
     *                                  (as PyTorch), or a pad not smaller than the kernel that way
     */
    public Conv2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, Conv2dOptions options) {
        if (inChannels <= 0 || outChannels <= 0 || kernelHeight <= 0 || kernelWidth <= 0) {
            throw new IllegalArgumentException("Conv2d: sizes must be positive, got in=" + inChannels + ", out="
                    + outChannels + ", kernel=(" + kernelHeight + ", " + kernelWidth + ")");
        }
        if (options.same()) {
            if (options.strideHeight() != 1 || options.strideWidth() != 1) {
                throw new IllegalArgumentException("Conv2d: padding=\"same\" is not supported for strided convolutions, "
                        + "got stride (" + options.strideHeight() + ", " + options.strideWidth() + ")");
            }
            padTop = (kernelHeight - 1) / 2;
            padBottom = kernelHeight - 1 - padTop;
            padLeft = (kernelWidth - 1) / 2;
            padRight = kernelWidth - 1 - padLeft;
        } else {
            if (options.padHeight() >= kernelHeight || options.padWidth() >= kernelWidth) {
                throw new IllegalArgumentException("Conv2d: padding (" + options.padHeight() + ", " + options.padWidth()
                        + ") must be smaller than the kernel (" + kernelHeight + ", " + kernelWidth + ") each way");
            }
            padTop = options.padHeight();
            padBottom = options.padHeight();
            padLeft = options.padWidth();
            padRight = options.padWidth();
        }
        this.options = options;
        SplittableRandom random = new SplittableRandom(options.seed());
        double bound = 1 / Math.sqrt((double) inChannels * kernelHeight * kernelWidth);
        this.weight = registerParameter("weight",
                Tensor.zeros(options.dtype(), outChannels, inChannels, kernelHeight, kernelWidth));
        Init.uniform(weight, bound, random);
        weight.requiresGrad(true);
        if (options.bias()) {
            this.bias = registerParameter("bias", Tensor.zeros(options.dtype(), outChannels));
            Init.uniform(this.bias, bound, random);
            this.bias.requiresGrad(true);
        } else {
            this.bias = null;
        }
    }

    /** The weight {@code [out, in, kh, kw]}, a parameter (PyTorch's {@code weight}). */
    public Tensor weight() {
        return weight;
    }

    /** The bias {@code [out]}, or {@code null} when built without one. */
    public Tensor bias() {
        return bias;
    }

    /** The options this layer was built with. */
    public Conv2dOptions options() {
        return options;
    }

    /** {@code x [N, in, H, W]} to {@code [N, out, H', W']}. */
    public Tensor forward(Tensor x) {
        return apply(x, weight, bias, options.strideHeight(), options.strideWidth(), padTop, padBottom, padLeft,
                padRight);
    }

    /**
     * The function a {@code Conv2d} layer computes, over given weights (PyTorch's {@code F.conv2d} with
     * per-side zero pads): {@code x [N, in, H, W]}, {@code weight [out, in, kh, kw]}, {@code bias [out]}
     * or {@code null}, to {@code [N, out, H', W']} with {@code H' = floor((H + padTop + padBottom - kh)
     * / strideHeight) + 1}. For shared weights and gradient checks.
     *
     * @throws IllegalArgumentException naming the shapes, if x is not {@code [N, in, H, W]}, the weight
     *                                  not of rank 4, the bias not {@code [out]}, or a stride or pad is out
     *                                  of range
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int strideHeight, int strideWidth,
                               int padTop, int padBottom, int padLeft, int padRight) {
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("Conv2d: weight is " + Arrays.toString(weight.shape())
                    + ", expected [out, in, kh, kw]");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("Conv2d: bias is " + Arrays.toString(bias.shape())
                    + ", expected [" + weight.dim(0) + "]");
        }
        if (x.rank() != 4 || x.dim(1) != weight.dim(1)) {
            throw new IllegalArgumentException("Conv2d: input is " + Arrays.toString(x.shape())
                    + ", expected [N, " + weight.dim(1) + ", H, W]");
        }
        Tensor images = Shapes.permute(x, 0, 2, 3, 1);
        Tensor kernel = Shapes.permute(weight, 2, 3, 1, 0);
        Tensor y = Convolutions.conv2d(images, kernel, bias, strideHeight, strideWidth, padTop, padBottom, padLeft,
                padRight);
        return Shapes.permute(y, 0, 3, 1, 2);
    }

    @Override
    protected String describe() {
        return "in=" + weight.dim(1) + ", out=" + weight.dim(0) + ", kernel=(" + weight.dim(2) + ", " + weight.dim(3)
                + "), stride=(" + options.strideHeight() + ", " + options.strideWidth() + "), padding="
                + (options.same() ? "same" : "(" + padTop + ", " + padLeft + ")") + ", bias=" + (bias != null);
    }
}
