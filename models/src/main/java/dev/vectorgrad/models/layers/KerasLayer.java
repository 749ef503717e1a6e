package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the layers of this package share: a dtype, a seed, Keras's weight list ({@link #getWeights},
 * {@link #setWeights}, in Keras's order and layout), {@link #statelessCall} over given weights (for gradient checks
 * and functional use), and the input checks that name the layer and both shapes.
 *
 * <p><b>Seeds.</b> A layer given a seed (Keras's {@code seed}) draws its initial weights, and its dropout masks,
 * from {@code new SplittableRandom(seed)}. A layer given none uses {@code name().hashCode()} of the name it has when
 * it is built ({@code "dense"}, {@code "lstm_1"}: assigned by its model), or 0 if it is unnamed then; so the same
 * model built twice gets the same weights, and two layers of one model get different ones.
 */
public abstract sealed class KerasLayer extends Layer
        permits Activation, Bidirectional, Conv2D, Dense, Dropout, Embedding, Flatten, Input, Pooling2D, RecurrentLayer,
        TimeDistributed {

    private final DType dtype;
    private final Long seed;
    private SplittableRandom random;

    KerasLayer(String name, DType dtype, Long seed) {
        super(name);
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        this.dtype = dtype;
        this.seed = seed;
    }

    /** The dtype of the weights and outputs ({@code F32} by default, Keras's {@code "float32"}). */
    public final DType dtype() {
        return dtype;
    }

    /** The seed given at construction, or {@code null} when it is derived from the name (see the class notes). */
    public final Long seed() {
        return seed;
    }

    /** The seed in use: the given one, else the name's hash code, else 0. */
    final long effectiveSeed() {
        if (seed != null) {
            return seed;
        }
        return name() == null ? 0 : name().hashCode();
    }

    /** The layer's generator, created from {@link #effectiveSeed()} on first use (at build). */
    final SplittableRandom random() {
        if (random == null) {
            random = new SplittableRandom(effectiveSeed());
        }
        return random;
    }

    /** A new weight of the layer's dtype, requiring gradients, registered under its Keras name. */
    final Tensor addWeight(String weightName, int... shape) {
        return registerParameter(weightName, Tensor.zeros(dtype, shape).requiresGrad(true));
    }

    /** The weights in Keras's order and layout ({@code get_weights()}), the live tensors; empty before build. */
    public final List<Tensor> getWeights() {
        return parameters();
    }

    /** The Keras names of {@link #getWeights()}, e.g. {@code kernel, recurrent_kernel, bias}. */
    public final List<String> weightNames() {
        return new ArrayList<>(namedParameters().keySet());
    }

    /**
     * Copies {@code values} into the weights, in Keras's order and layout (Keras's {@code set_weights}; what an
     * importer of Keras files calls). All or nothing: every shape is checked before anything is written; values of
     * another dtype are converted.
     *
     * @throws IllegalStateException    if the layer is not built
     * @throws IllegalArgumentException naming the layer, the weight and both shapes, or both counts
     */
    public final void setWeights(List<Tensor> values) {
        requireBuilt();
        Map<String, Tensor> own = namedParameters();
        if (values.size() != own.size()) {
            throw new IllegalArgumentException(describeForErrors() + ": expects " + own.size() + " weights " + own.keySet()
                    + ", got " + values.size());
        }
        int i = 0;
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor v = values.get(i++);
            if (!Arrays.equals(v.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(describeForErrors() + ": weight '" + e.getKey() + "' is "
                        + Arrays.toString(e.getValue().shape()) + ", got " + Arrays.toString(v.shape()));
            }
        }
        i = 0;
        for (Tensor t : own.values()) {
            Tensor v = values.get(i++);
            for (int k = 0; k < t.size(); k++) {
                t.set(k, v.get(k));
            }
        }
    }

    @Override
    public final Tensor call(Tensor input) {
        requireBuilt();
        checkInput(input);
        return forward(input, getWeights());
    }

    /**
     * The layer on {@code input} with {@code weights} in place of its own (Keras's {@code stateless_call}): the same
     * computation as {@link #call}, recorded against the given tensors, e.g. for
     * {@link dev.vectorgrad.autograd.check.GradCheck}.
     *
     * @throws IllegalArgumentException if the weights' count or shapes differ from {@link #getWeights()}'s, or the
     *                                  input does not suit the layer
     */
    public final Tensor statelessCall(List<Tensor> weights, Tensor input) {
        requireBuilt();
        List<Tensor> own = getWeights();
        List<String> names = weightNames();
        if (weights.size() != own.size()) {
            throw new IllegalArgumentException(describeForErrors() + ": expects " + own.size() + " weights " + names
                    + ", got " + weights.size());
        }
        for (int i = 0; i < own.size(); i++) {
            if (!Arrays.equals(weights.get(i).shape(), own.get(i).shape()) || weights.get(i).dtype() != dtype) {
                throw new IllegalArgumentException(describeForErrors() + ": weight '" + names.get(i) + "' is " + dtype
                        + " " + Arrays.toString(own.get(i).shape()) + ", got " + weights.get(i).dtype() + " "
                        + Arrays.toString(weights.get(i).shape()));
            }
        }
        checkInput(input);
        return forward(input, List.copyOf(weights));
    }

    /** The computation, on checked input and weights in {@link #getWeights()} order. */
    abstract Tensor forward(Tensor input, List<Tensor> weights);

    final void requireBuilt() {
        if (!isBuilt()) {
            throw new IllegalStateException(describeForErrors() + " is not built: call build(inputShape) first, or add it"
                    + " to a model");
        }
    }

    /**
     * Checks that {@code input} is {@code [batch, ...inputShape()]} (a -1 in the built shape matches any size) and of
     * the layer's dtype.
     */
    void checkInput(Tensor input) {
        int[] built = inputShape();
        int[] shape = input.shape();
        boolean ok = shape.length == built.length + 1;
        for (int d = 0; ok && d < built.length; d++) {
            ok = built[d] == -1 || built[d] == shape[d + 1];
        }
        if (!ok) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input " + batchShape(built) + ", got "
                    + Arrays.toString(shape));
        }
        if (input.dtype() != dtype) {
            throw new IllegalArgumentException(describeForErrors() + ": expects " + dtype + " input, got " + input.dtype());
        }
    }

    /** {@code [batch, d1, ...]} with -1 printed as {@code None}. */
    static String batchShape(int[] shape) {
        StringBuilder b = new StringBuilder("[batch");
        for (int d : shape) {
            b.append(", ").append(d == -1 ? "None" : String.valueOf(d));
        }
        return b.append(']').toString();
    }

    /** The config keys every layer has: name, trainable, dtype (and seed, when the layer takes one). */
    final Map<String, Object> baseConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", true);
        c.put("dtype", dtype == DType.F32 ? "float32" : "float64");
        return c;
    }

    /** Keras's serialised initialiser {@code {"class_name": ..., "config": {...}}}. */
    static Map<String, Object> initializer(String className, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", config);
        return m;
    }

    /** {@code {"seed": seed}} (the seed may be null). */
    final Map<String, Object> seedConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        return m;
    }

    static void checkPositive(String layer, String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(layer + ": " + what + " must be positive, got " + value);
        }
    }

    static void checkRate(String layer, String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(layer + ": " + what + " must be in [0, 1), got " + value);
        }
    }
}
