package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Embedding(input_dim, output_dim, mask_zero)}: ids {@code [batch, ...]} to vectors
 * {@code [batch, ..., outputDim]}, rows of {@code embeddings [inputDim, outputDim]} initialised
 * {@code U(-0.05, 0.05)} (Keras's default {@code "uniform"}).
 *
 * <p>Ids arrive as a tensor of integral values (as Keras feeds them, as numbers), in any dtype; each must be an
 * integer in {@code [0, inputDim)}, else the call fails before anything is computed, naming the id and its position.
 * {@code maskZero} is Keras's flag that id 0 is padding: {@link #computeMask} gives that mask. The layers of this
 * package do not consume masks yet, so a {@code Sequential} refuses any layer after an Embedding with
 * {@code maskZero} rather than silently treat the padding as data where Keras would skip it.
 */
public final class Embedding extends KerasLayer {

    private final int inputDim;
    private final int outputDim;
    private final boolean maskZero;

    /** {@code Embedding(inputDim, outputDim)} without masking. */
    public Embedding(int inputDim, int outputDim) {
        this(builder(inputDim, outputDim));
    }

    /** Keras's {@code Embedding(input_dim, output_dim, mask_zero)}. */
    public Embedding(int inputDim, int outputDim, boolean maskZero) {
        this(builder(inputDim, outputDim).maskZero(maskZero));
    }

    private Embedding(Builder b) {
        super(b.name, b.dtype, b.seed);
        checkPositive("Embedding", "inputDim", b.inputDim);
        checkPositive("Embedding", "outputDim", b.outputDim);
        this.inputDim = b.inputDim;
        this.outputDim = b.outputDim;
        this.maskZero = b.maskZero;
    }

    /** Options for an embedding of {@code inputDim} ids into {@code outputDim} values. */
    public static Builder builder(int inputDim, int outputDim) {
        return new Builder(inputDim, outputDim);
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return outputDim;
    }

    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public String className() {
        return "Embedding";
    }

    @Override
    public int[] outputShape(int[] shape) {
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = outputDim;
        return out;
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return (long) inputDim * outputDim;
    }

    @Override
    protected void makeWeights(int[] shape) {
        Initializers.uniform(addWeight("embeddings", inputDim, outputDim), Initializers.EMBEDDING_BOUND, random());
    }

    @Override
    void checkInput(Tensor input) {
        int[] built = inputShape();
        int[] shape = input.shape();
        boolean ok = shape.length == built.length + 1;
        for (int d = 0; ok && d < built.length; d++) {
            ok = built[d] == -1 || built[d] == shape[d + 1];
        }
        if (!ok) {
            throw new IllegalArgumentException(describeForErrors() + ": expects ids " + batchShape(built) + ", got "
                    + Arrays.toString(shape));
        }
    }

    /**
     * The ids of {@code input} as ints, checked.
     *
     * @throws IllegalArgumentException naming the first id that is not an integer in {@code [0, inputDim)} and its
     *                                  position
     */
    int[] ids(Tensor input) {
        int[] ids = new int[input.size()];
        for (int i = 0; i < ids.length; i++) {
            double v = input.get(i);
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(describeForErrors() + ": id " + v + " at " + position(input.shape(), i)
                        + " is not an integer (ids are token indices)");
            }
            if (v < 0 || v >= inputDim) {
                throw new IllegalArgumentException(describeForErrors() + ": id " + (long) v + " at "
                        + position(input.shape(), i) + " is outside [0, " + inputDim + ")");
            }
            ids[i] = (int) v;
        }
        return ids;
    }

    private static String position(int[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(index);
    }

    @Override
    Tensor forward(Tensor input, List<Tensor> w) {
        Tensor rows = Ops.embedding(w.get(0), ids(input));
        int[] shape = Arrays.copyOf(input.shape(), input.rank() + 1);
        shape[input.rank()] = outputDim;
        return Shapes.reshape(rows, shape);
    }

    /**
     * Keras's {@code compute_mask}: {@code 1} where the id is not 0, {@code 0} where it is (the input's shape, the
     * layer's dtype), or {@code null} when the layer does not mask.
     */
    public Tensor computeMask(Tensor input) {
        if (!maskZero) {
            return null;
        }
        Tensor mask = Tensor.zeros(dtype(), input.shape());
        for (int i = 0; i < mask.size(); i++) {
            mask.set(i, input.get(i) != 0 ? 1 : 0);
        }
        return mask;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        Map<String, Object> uniform = seedConfig();
        uniform.put("minval", -Initializers.EMBEDDING_BOUND);
        uniform.put("maxval", Initializers.EMBEDDING_BOUND);
        c.put("embeddings_initializer", initializer("RandomUniform", uniform));
        c.put("embeddings_regularizer", null);
        c.put("activity_regularizer", null);
        c.put("embeddings_constraint", null);
        c.put("mask_zero", maskZero);
        return c;
    }

    @Override
    protected String describe() {
        return inputDim + ", " + outputDim + (maskZero ? ", mask_zero" : "");
    }

    /** Options of an {@link Embedding}. */
    public static final class Builder {
        private final int inputDim;
        private final int outputDim;
        private boolean maskZero;
        private String name;
        private DType dtype = DType.F32;
        private Long seed;

        private Builder(int inputDim, int outputDim) {
            this.inputDim = inputDim;
            this.outputDim = outputDim;
        }

        /** Keras's {@code mask_zero} (default false). */
        public Builder maskZero(boolean value) {
            maskZero = value;
            return this;
        }

        /** Keras's {@code name}. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /** The embeddings' dtype (default F32). */
        public Builder dtype(DType value) {
            dtype = value;
            return this;
        }

        /** The initialiser's seed; by default derived from the name. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        Builder seed(Long value) {
            seed = value;
            return this;
        }

        public Embedding build() {
            return new Embedding(this);
        }
    }
}
