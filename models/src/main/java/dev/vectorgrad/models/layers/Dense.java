package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Dense}: {@code activation(x @ kernel + bias)} over the last axis of an input of any rank
 * {@code >= 1} (besides the batch), with {@code kernel [in, units]} (Keras's layout) initialised
 * {@code glorot_uniform} and {@code bias [units]} zeros.
 *
 * <pre>{@code
 * new Dense(10);                       // linear
 * new Dense(10, "softmax");
 * new Dense(10, "relu", false);        // no bias
 * Dense.builder(10).activation("relu").seed(7).build();
 * }</pre>
 */
public final class Dense extends KerasLayer {

    private final int units;
    private final String activation;
    private final boolean useBias;

    /** A linear layer with a bias. */
    public Dense(int units) {
        this(builder(units));
    }

    /** A layer with Keras activation {@code activation} ({@code null} for linear) and a bias. */
    public Dense(int units, String activation) {
        this(builder(units).activation(activation));
    }

    /** Keras's {@code Dense(units, activation, use_bias)}. */
    public Dense(int units, String activation, boolean useBias) {
        this(builder(units).activation(activation).useBias(useBias));
    }

    private Dense(Builder b) {
        super(b.name, b.dtype, b.seed);
        checkPositive("Dense", "units", b.units);
        this.units = b.units;
        this.activation = Activations.canonical(b.activation);
        this.useBias = b.useBias;
    }

    /** Options for a {@code Dense} of {@code units} outputs; Keras's defaults until set. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    public int units() {
        return units;
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
        return "Dense";
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length == 0 || shape[shape.length - 1] <= 0) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input [batch, ..., features] with a known"
                    + " last dimension, got " + batchShape(shape));
        }
        int[] out = shape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return (long) shape[shape.length - 1] * units + (useBias ? units : 0);
    }

    @Override
    protected void makeWeights(int[] shape) {
        Tensor kernel = addWeight("kernel", shape[shape.length - 1], units);
        Initializers.glorotUniform(kernel, random());
        if (useBias) {
            addWeight("bias", units);
        }
    }

    @Override
    Tensor forward(Tensor x, List<Tensor> w) {
        Tensor kernel = w.get(0);
        int in = kernel.dim(0);
        int[] shape = x.shape();
        Tensor rows = x.rank() == 2 ? x : Shapes.reshape(x, -1, in);
        Tensor y = Ops.matmul(rows, kernel);
        if (useBias) {
            y = Ops.add(y, w.get(1));
        }
        if (x.rank() != 2) {
            shape[shape.length - 1] = units;
            y = Shapes.reshape(y, shape);
        }
        return Activations.apply(activation, y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("units", units);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", initializer("GlorotUniform", seedConfig()));
        c.put("bias_initializer", initializer("Zeros", Map.of()));
        c.put("kernel_regularizer", null);
        c.put("bias_regularizer", null);
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
        return c;
    }

    @Override
    protected String describe() {
        return "units=" + units + ", activation=" + activation + (useBias ? "" : ", use_bias=false")
                + (isBuilt() ? ", input=" + Arrays.toString(inputShape()) : "");
    }

    /** Options of a {@link Dense}: Keras's arguments under their Java names. */
    public static final class Builder {
        private final int units;
        private String activation = "linear";
        private boolean useBias = true;
        private String name;
        private DType dtype = DType.F32;
        private Long seed;

        private Builder(int units) {
            this.units = units;
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

        /** Keras's {@code name}; by default the model names it ({@code dense}, {@code dense_1}, ...). */
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

        public Dense build() {
            return new Dense(this);
        }
    }
}
