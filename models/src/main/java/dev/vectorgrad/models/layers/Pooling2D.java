package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What Keras's 2-D pooling layers ({@link MaxPooling2D}, {@link AveragePooling2D}) share: a
 * {@code poolHeight x poolWidth} window moved by {@code strides} (Keras's {@code strides=None}: the pool size) over
 * channels-last images {@code [batch, height, width, channels]}, each channel pooled on its own, giving
 * {@code [batch, outHeight, outWidth, channels]}; padding {@code valid} or {@code same} with TensorFlow's sizes
 * ({@link Window2d}). No weights.
 */
public abstract sealed class Pooling2D extends KerasLayer permits MaxPooling2D, AveragePooling2D {

    private final int poolHeight;
    private final int poolWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final Padding padding;

    Pooling2D(Builder<?> b) {
        super(b.name, b.dtype, null);
        String cls = b.className;
        checkPositive(cls, "pool height", b.poolHeight);
        checkPositive(cls, "pool width", b.poolWidth);
        this.poolHeight = b.poolHeight;
        this.poolWidth = b.poolWidth;
        this.strideHeight = b.strideHeight == null ? b.poolHeight : b.strideHeight;
        this.strideWidth = b.strideWidth == null ? b.poolWidth : b.strideWidth;
        checkPositive(cls, "stride height", strideHeight);
        checkPositive(cls, "stride width", strideWidth);
        this.padding = Windows.padding(cls, b.padding);
    }

    /** Keras's {@code pool_size}: {@code {height, width}}. */
    public final int[] poolSize() {
        return new int[] {poolHeight, poolWidth};
    }

    /** Keras's {@code strides}: {@code {height, width}} (the pool size unless given). */
    public final int[] strides() {
        return new int[] {strideHeight, strideWidth};
    }

    /** Keras's {@code padding}: {@code "valid"} or {@code "same"}. */
    public final String padding() {
        return Windows.name(padding);
    }

    final Padding paddingMode() {
        return padding;
    }

    @Override
    public final int[] outputShape(int[] shape) {
        Window2d g = Windows.window(describeForErrors(), "pool", shape, poolHeight, poolWidth, strideHeight,
                strideWidth, padding);
        return new int[] {g.outHeight(), g.outWidth(), shape[2]};
    }

    @Override
    public final long weightCount(int[] shape) {
        outputShape(shape);
        return 0;
    }

    @Override
    protected final void makeWeights(int[] shape) {
        // No weights.
    }

    @Override
    final Tensor forward(Tensor x, List<Tensor> weights) {
        return pool(x, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }

    /** The pooling op of {@code dev.vectorgrad.autograd.Convolutions}. */
    abstract Tensor pool(Tensor x, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding);

    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("pool_size", List.of(poolHeight, poolWidth));
        c.put("padding", Windows.name(padding));
        c.put("strides", List.of(strideHeight, strideWidth));
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    protected final String describe() {
        return "pool_size=" + poolHeight + "x" + poolWidth + ", strides=" + strideHeight + "x" + strideWidth
                + ", padding=" + Windows.name(padding);
    }

    /** Options of a pooling layer: Keras's arguments under their Java names. */
    public static final class Builder<L extends Pooling2D> {
        private final String className;
        private final Function<Builder<L>, L> make;
        private final int poolHeight;
        private final int poolWidth;
        private Integer strideHeight;
        private Integer strideWidth;
        private String padding = "valid";
        private String name;
        private DType dtype = DType.F32;

        Builder(String className, Function<Builder<L>, L> make, int poolHeight, int poolWidth) {
            this.className = className;
            this.make = make;
            this.poolHeight = poolHeight;
            this.poolWidth = poolWidth;
        }

        /** Keras's {@code strides=s}: the same stride down and across (default: the pool size). */
        public Builder<L> strides(int value) {
            return strides(value, value);
        }

        /** Keras's {@code strides=(height, width)}. */
        public Builder<L> strides(int height, int width) {
            strideHeight = height;
            strideWidth = width;
            return this;
        }

        /** Keras's {@code padding}: {@code "valid"} (default) or {@code "same"}. */
        public Builder<L> padding(String value) {
            padding = value;
            return this;
        }

        /** Keras's {@code name}; by default the model names it. */
        public Builder<L> name(String value) {
            name = value;
            return this;
        }

        /** The dtype of the inputs and outputs (default F32). */
        public Builder<L> dtype(DType value) {
            dtype = value;
            return this;
        }

        public L build() {
            return make.apply(this);
        }
    }
}
