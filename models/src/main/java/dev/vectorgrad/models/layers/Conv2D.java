package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Conv2D}: {@code activation(conv2d(x, kernel) + bias)} over channels-last images
 * {@code [batch, height, width, channels]} (Keras's default {@code data_format}), giving
 * {@code [batch, outHeight, outWidth, filters]}, with {@code kernel [kernelHeight, kernelWidth, channels, filters]}
 * (Keras's layout) initialised {@code glorot_uniform} with Keras's convolution fans
 * ({@code fanIn = kh * kw * channels}, {@code fanOut = kh * kw * filters}) and {@code bias [filters]} zeros.
 * Output sizes and {@code same} padding are TensorFlow's (an odd pad puts its extra row and column at the bottom and
 * right; see {@link Window2d}). Dilation and groups are 1. Runs on {@link Convolutions#conv2d}.
 *
 * <pre>{@code
 * new Conv2D(32, 3);                                  // 32 filters 3x3, strides 1, padding valid, linear
 * new Conv2D(32, 3, "relu");
 * Conv2D.builder(64, 3, 5).strides(2).padding("same").useBias(false).build();
 * }</pre>
 */
public final class Conv2D extends KerasLayer {

    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final Padding padding;
    private final String activation;
    private final boolean useBias;

    /** {@code filters} square {@code kernelSize x kernelSize} filters, strides 1, padding valid, linear, with a bias. */
    public Conv2D(int filters, int kernelSize) {
        this(builder(filters, kernelSize));
    }

    /** As {@link #Conv2D(int, int)} with Keras activation {@code activation} ({@code null} for linear). */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv2D(Builder b) {
        super(b.name, b.dtype, b.seed);
        checkPositive("Conv2D", "filters", b.filters);
        checkPositive("Conv2D", "kernel height", b.kernelHeight);
        checkPositive("Conv2D", "kernel width", b.kernelWidth);
        checkPositive("Conv2D", "stride height", b.strideHeight);
        checkPositive("Conv2D", "stride width", b.strideWidth);
        this.filters = b.filters;
        this.kernelHeight = b.kernelHeight;
        this.kernelWidth = b.kernelWidth;
        this.strideHeight = b.strideHeight;
        this.strideWidth = b.strideWidth;
        this.padding = Windows.padding("Conv2D", b.padding);
        this.activation = Activations.canonical(b.activation);
        this.useBias = b.useBias;
    }

    /** Options for a {@code Conv2D} of {@code filters} square {@code kernelSize x kernelSize} filters. */
    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize, kernelSize);
    }

    /** Options for a {@code Conv2D} of {@code filters} filters of {@code kernelHeight x kernelWidth}. */
    public static Builder builder(int filters, int kernelHeight, int kernelWidth) {
        return new Builder(filters, kernelHeight, kernelWidth);
    }

    public int filters() {
        return filters;
    }

    /** Keras's {@code kernel_size}: {@code {height, width}}. */
    public int[] kernelSize() {
        return new int[] {kernelHeight, kernelWidth};
    }

    /** Keras's {@code strides}: {@code {height, width}}. */
    public int[] strides() {
        return new int[] {strideHeight, strideWidth};
    }

    /** Keras's {@code padding}: {@code "valid"} or {@code "same"}. */
    public String padding() {
        return Windows.name(padding);
    }

    /** The canonical Keras activation name. */
    public String activation() {
        return activation;
    }

    public boolean useBias() {
        return useBias;
    }

    @Override
    public String className() {
        return "Conv2D";
    }

    private Window2d window(int[] shape) {
        return Windows.window(describeForErrors(), "kernel", shape, kernelHeight, kernelWidth, strideHeight,
                strideWidth, padding);
    }

    @Override
    public int[] outputShape(int[] shape) {
        Window2d g = window(shape);
        return new int[] {g.outHeight(), g.outWidth(), filters};
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        long kernel = Math.multiplyExact(Math.multiplyExact((long) kernelHeight * kernelWidth, shape[2]), filters);
        return Math.addExact(kernel, useBias ? filters : 0);
    }

    @Override
    protected void makeWeights(int[] shape) {
        Tensor kernel = addWeight("kernel", kernelHeight, kernelWidth, shape[2], filters);
        Initializers.glorotUniform(kernel, random());
        if (useBias) {
            addWeight("bias", filters);
        }
    }

    @Override
    Tensor forward(Tensor x, List<Tensor> w) {
        Tensor y = Convolutions.conv2d(x, w.get(0), useBias ? w.get(1) : null, strideHeight, strideWidth, padding);
        return Activations.apply(activation, y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kernelHeight, kernelWidth));
        c.put("strides", List.of(strideHeight, strideWidth));
        c.put("padding", Windows.name(padding));
        c.put("data_format", "channels_last");
        c.put("dilation_rate", List.of(1, 1));
        c.put("groups", 1);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", initializer("GlorotUniform", seedConfig()));
        c.put("bias_initializer", initializer("Zeros", Map.of()));
        c.put("kernel_regularizer", null);
        c.put("bias_regularizer", null);
        c.put("activity_regularizer", null);
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
        return c;
    }

    @Override
    protected String describe() {
        return "filters=" + filters + ", kernel_size=" + kernelHeight + "x" + kernelWidth + ", strides=" + strideHeight
                + "x" + strideWidth + ", padding=" + Windows.name(padding) + ", activation=" + activation
                + (useBias ? "" : ", use_bias=false") + (isBuilt() ? ", input=" + Arrays.toString(inputShape()) : "");
    }

    /** Options of a {@link Conv2D}: Keras's arguments under their Java names. */
    public static final class Builder {
        private final int filters;
        private final int kernelHeight;
        private final int kernelWidth;
        private int strideHeight = 1;
        private int strideWidth = 1;
        private String padding = "valid";
        private String activation = "linear";
        private boolean useBias = true;
        private String name;
        private DType dtype = DType.F32;
        private Long seed;

        private Builder(int filters, int kernelHeight, int kernelWidth) {
            this.filters = filters;
            this.kernelHeight = kernelHeight;
            this.kernelWidth = kernelWidth;
        }

        /** Keras's {@code strides=s}: the same stride down and across (default 1). */
        public Builder strides(int value) {
            return strides(value, value);
        }

        /** Keras's {@code strides=(height, width)}. */
        public Builder strides(int height, int width) {
            strideHeight = height;
            strideWidth = width;
            return this;
        }

        /** Keras's {@code padding}: {@code "valid"} (default) or {@code "same"}. */
        public Builder padding(String value) {
            padding = value;
            return this;
        }

        /** Keras's {@code activation} ({@code null} or {@code "linear"} for none). */
        public Builder activation(String value) {
            activation = value;
            return this;
        }

        /** Keras's {@code use_bias} (default true). */
        public Builder useBias(boolean value) {
            useBias = value;
            return this;
        }

        /** Keras's {@code name}; by default the model names it ({@code conv2d}, {@code conv2d_1}, ...). */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /** The weights' dtype (default F32). */
        public Builder dtype(DType value) {
            dtype = value;
            return this;
        }

        /** The kernel initialiser's seed (Keras's {@code GlorotUniform(seed)}); by default derived from the name. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        Builder seed(Long value) {
            seed = value;
            return this;
        }

        public Conv2D build() {
            return new Conv2D(this);
        }
    }
}
