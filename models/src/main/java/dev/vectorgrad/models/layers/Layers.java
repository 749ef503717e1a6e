package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Rebuilds this package's layers from Keras's config vocabulary: {@code {"class_name": "LSTM", "config": {...}}}, as
 * {@link Layer#config()} writes it and as Keras writes it ({@code Dense}, {@code Activation}, {@code Dropout},
 * {@code Embedding}, {@code SimpleRNN}, {@code LSTM}, {@code GRU}, {@code Bidirectional}, {@code InputLayer},
 * {@code Conv2D}, {@code MaxPooling2D}, {@code AveragePooling2D}, {@code Flatten}, {@code TimeDistributed}).
 *
 * <p>Values are plain Java: {@link Number}, {@link String}, {@link Boolean}, {@code null}, {@link List},
 * {@link Map}. Strict: an unknown class name, an unknown key, or a Keras option these layers do not implement (a
 * non-default initialiser, a regularizer, a constraint, {@code stateful}, {@code unroll}, {@code trainable=false},
 * a mixed-precision dtype, {@code data_format="channels_first"}, a dilation or group count other than 1) fails with a
 * message naming the class and the key. Keys that only describe Keras's
 * bookkeeping ({@code module}, {@code registered_name}, {@code build_config}) are accepted around the config, and
 * {@code use_cudnn} and {@code implementation} inside it (they choose a kernel, not a result), and Keras 3.13+'s
 * {@code quantization_config} of Dense and Embedding when null.
 */
public final class Layers {

    /** The class names {@link #fromConfig} knows. */
    public static final List<String> CLASS_NAMES = List.of("Dense", "Activation", "Dropout", "Embedding", "SimpleRNN",
            "LSTM", "GRU", "Bidirectional", "InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten",
            "TimeDistributed");

    private Layers() {
    }

    /**
     * The layer described by {@code spec}: {@code {"class_name": ..., "config": {...}}}.
     *
     * @throws IllegalArgumentException for an unknown {@code class_name} (naming it), or a config key or value that
     *                                  is unknown or not supported (naming the class, the key and the value)
     */
    public static KerasLayer fromConfig(Map<String, ?> spec) {
        for (String key : spec.keySet()) {
            if (!Set.of("class_name", "config", "module", "registered_name", "build_config").contains(key)) {
                throw new IllegalArgumentException("layer spec: unknown key '" + key + "' (expected class_name, config)");
            }
        }
        Object cls = spec.get("class_name");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("layer spec: class_name must be a string, got " + cls);
        }
        Object config = spec.get("config");
        if (!(config instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(className + ": config must be an object, got " + config);
        }
        return fromConfig(className, copy(className, map));
    }

    /** The layer of Keras class {@code className} with {@code config} (see {@link #fromConfig(Map)}). */
    public static KerasLayer fromConfig(String className, Map<String, ?> config) {
        Reader r = new Reader(className, config);
        KerasLayer layer = switch (className) {
            case "Dense" -> dense(r);
            case "Activation" -> new Activation(r.activation("activation", null), r.name(), r.dtype());
            case "Dropout" -> dropout(r);
            case "Embedding" -> embedding(r);
            case "SimpleRNN" -> recurrent(SimpleRNN.builder(r.integer("units")), r).build();
            case "LSTM" -> {
                LSTM.Builder b = LSTM.builder(r.integer("units"))
                        .recurrentActivation(r.activation("recurrent_activation", "sigmoid"))
                        .unitForgetBias(r.bool("unit_forget_bias", true));
                yield recurrent(b, r).build();
            }
            case "GRU" -> {
                GRU.Builder b = GRU.builder(r.integer("units"))
                        .recurrentActivation(r.activation("recurrent_activation", "sigmoid"))
                        .resetAfter(r.bool("reset_after", true));
                yield recurrent(b, r).build();
            }
            case "Bidirectional" -> bidirectional(r);
            case "InputLayer" -> input(r);
            case "Conv2D" -> conv2d(r);
            case "MaxPooling2D" -> pooling(MaxPooling2D::builder, r);
            case "AveragePooling2D" -> pooling(AveragePooling2D::builder, r);
            case "Flatten" -> {
                r.channelsLast();
                yield new Flatten(r.name(), r.dtype());
            }
            case "TimeDistributed" -> timeDistributed(r);
            default -> throw new IllegalArgumentException("unknown layer class_name '" + className + "'; known: "
                    + CLASS_NAMES);
        };
        r.checkAllRead();
        return layer;
    }

    /**
     * Keras's {@code to_snake_case} of a class name, the stem of the names a model gives its layers
     * ({@code Dense} to {@code dense}, {@code SimpleRNN} to {@code simple_rnn}, {@code LSTM} to {@code lstm},
     * {@code InputLayer} to {@code input_layer}): non-word characters dropped, an underscore before each capital that
     * starts a lower-case run and between a lower-case letter and a capital, then lower case.
     */
    public static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Dense dense(Reader r) {
        Dense.Builder b = Dense.builder(r.integer("units")).activation(r.activation("activation", "linear"))
                .useBias(r.bool("use_bias", true)).name(r.name()).dtype(r.dtype())
                .seed(r.initializer("kernel_initializer", "GlorotUniform"));
        r.initializer("bias_initializer", "Zeros");
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint")) {
            r.requireNull(key);
        }
        r.requireNull("quantization_config");
        r.ignore("lora_rank");
        r.ignore("lora_alpha");
        return b.build();
    }

    private static Dropout dropout(Reader r) {
        r.requireNull("noise_shape");
        return new Dropout(r.number("rate"), r.optionalLong("seed"), r.name(), r.dtype());
    }

    private static Embedding embedding(Reader r) {
        Embedding.Builder b = Embedding.builder(r.integer("input_dim"), r.integer("output_dim"))
                .maskZero(r.bool("mask_zero", false)).name(r.name()).dtype(r.dtype())
                .seed(r.initializer("embeddings_initializer", "RandomUniform"));
        r.requireNull("embeddings_regularizer");
        r.requireNull("activity_regularizer");
        r.requireNull("embeddings_constraint");
        r.ignore("input_length");
        r.requireNull("quantization_config");
        r.ignore("lora_rank");
        r.ignore("lora_alpha");
        return b.build();
    }

    private static <B extends RecurrentLayer.Builder<B, ?>> B recurrent(B b, Reader r) {
        b.activation(r.activation("activation", "tanh")).useBias(r.bool("use_bias", true))
                .returnSequences(r.bool("return_sequences", false)).returnState(r.bool("return_state", false))
                .goBackwards(r.bool("go_backwards", false)).dropout(r.numberOr("dropout", 0))
                .recurrentDropout(r.numberOr("recurrent_dropout", 0)).name(r.name()).dtype(r.dtype());
        Long kernelSeed = r.initializer("kernel_initializer", "GlorotUniform");
        Long recurrentSeed = r.initializer("recurrent_initializer", "Orthogonal");
        r.initializer("bias_initializer", "Zeros");
        Long seed = r.optionalLong("seed");
        b.seed(seed != null ? seed : kernelSeed != null ? kernelSeed : recurrentSeed);
        for (String key : List.of("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint")) {
            r.requireNull(key);
        }
        r.requireFalse("stateful");
        r.requireFalse("unroll");
        r.requireFalse("time_major");
        r.ignore("zero_output_for_mask");
        r.ignore("use_cudnn");
        r.ignore("implementation");
        return b;
    }

    private static Bidirectional bidirectional(Reader r) {
        KerasLayer inner = fromConfig(r.map("layer"));
        if (!(inner instanceof RecurrentLayer recurrent)) {
            throw new IllegalArgumentException("Bidirectional: 'layer' must be SimpleRNN, LSTM or GRU, got "
                    + inner.className());
        }
        Object backward = r.raw("backward_layer");
        if (backward != null) {
            KerasLayer b = fromConfig(r.map("backward_layer"));
            if (!(b instanceof RecurrentLayer br) || !b.className().equals(inner.className())
                    || br.goBackwards() == recurrent.goBackwards() || br.units() != recurrent.units()) {
                throw new IllegalArgumentException("Bidirectional: 'backward_layer' must be the wrapped layer's class and"
                        + " units with go_backwards flipped (a different backward layer is not supported), got "
                        + b.className());
            }
        }
        String mode = r.string("merge_mode", "concat");
        r.dtype();
        return new Bidirectional(recurrent, mode, r.name());
    }

    private static Conv2D conv2d(Reader r) {
        int[] kernel = r.pair("kernel_size", null);
        int[] strides = r.pair("strides", new int[] {1, 1});
        Conv2D.Builder b = Conv2D.builder(r.integer("filters"), kernel[0], kernel[1]).strides(strides[0], strides[1])
                .padding(r.string("padding", "valid")).activation(r.activation("activation", "linear"))
                .useBias(r.bool("use_bias", true)).name(r.name()).dtype(r.dtype())
                .seed(r.initializer("kernel_initializer", "GlorotUniform"));
        r.initializer("bias_initializer", "Zeros");
        r.channelsLast();
        int[] dilation = r.pair("dilation_rate", new int[] {1, 1});
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new IllegalArgumentException("Conv2D: dilation_rate " + Arrays.toString(dilation) + " is not supported"
                    + " (only 1)");
        }
        Object groups = r.raw("groups");
        if (groups != null && Reader.toInt("Conv2D", "groups", groups) != 1) {
            throw new IllegalArgumentException("Conv2D: groups " + groups + " is not supported (only 1)");
        }
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint", "lora_rank")) {
            r.requireNull(key);
        }
        return b.build();
    }

    private static <L extends Pooling2D> L pooling(BiFunction<Integer, Integer, Pooling2D.Builder<L>> builder,
                                                   Reader r) {
        int[] pool = r.pair("pool_size", new int[] {2, 2});
        Pooling2D.Builder<L> b = builder.apply(pool[0], pool[1]).padding(r.string("padding", "valid")).name(r.name())
                .dtype(r.dtype());
        int[] strides = r.optionalPair("strides");
        if (strides != null) {
            b.strides(strides[0], strides[1]);
        }
        r.channelsLast();
        return b.build();
    }

    private static TimeDistributed timeDistributed(Reader r) {
        KerasLayer inner = fromConfig(r.map("layer"));
        if (inner instanceof Input) {
            throw new IllegalArgumentException("TimeDistributed: 'layer' cannot be an InputLayer");
        }
        r.dtype();
        return new TimeDistributed(inner, r.name());
    }

    private static Input input(Reader r) {
        Object shape = r.raw("batch_shape");
        if (shape == null) {
            shape = r.raw("batch_input_shape");
        }
        if (!(shape instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("InputLayer: batch_shape must be a list [batch, ...], got " + shape);
        }
        int[] dims = new int[list.size() - 1];
        for (int i = 1; i < list.size(); i++) {
            Object d = list.get(i);
            dims[i - 1] = d == null ? -1 : Reader.toInt("InputLayer", "batch_shape", d);
        }
        if (r.bool("sparse", false)) {
            throw new IllegalArgumentException("InputLayer: sparse inputs are not supported");
        }
        r.ignore("ragged");
        r.ignore("optional");
        return new Input(r.name(), r.dtype(), dims);
    }

    private static Map<String, Object> copy(String owner, Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(owner + ": config keys must be strings, got " + e.getKey());
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    /** Reads a config, remembering which keys were read so that the rest can be reported. */
    private static final class Reader {
        private final String cls;
        private final Map<String, ?> config;
        private final Set<String> read = new HashSet<>();

        Reader(String cls, Map<String, ?> config) {
            this.cls = cls;
            this.config = config;
        }

        Object raw(String key) {
            read.add(key);
            return config.get(key);
        }

        void ignore(String key) {
            read.add(key);
        }

        String name() {
            Object v = raw("name");
            if (v != null && !(v instanceof String)) {
                throw bad("name", v, "a string");
            }
            Object trainable = raw("trainable");
            if (trainable != null && !Boolean.TRUE.equals(trainable)) {
                throw new IllegalArgumentException(cls + ": trainable=" + trainable + " is not supported (every layer"
                        + " trains)");
            }
            return (String) v;
        }

        DType dtype() {
            Object v = raw("dtype");
            if (v instanceof Map<?, ?> policy) {
                Object c = policy.get("config");
                v = c instanceof Map<?, ?> pc ? pc.get("name") : null;
            }
            if (v == null || "float32".equals(v)) {
                return DType.F32;
            }
            if ("float64".equals(v)) {
                return DType.F64;
            }
            throw bad("dtype", v, "float32 or float64");
        }

        int integer(String key) {
            Object v = raw(key);
            if (v == null) {
                throw new IllegalArgumentException(cls + ": config has no '" + key + "'");
            }
            return toInt(cls, key, v);
        }

        static int toInt(String cls, String key, Object v) {
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
                return (int) n.doubleValue();
            }
            throw new IllegalArgumentException(cls + ": '" + key + "' must be an integer, got " + v);
        }

        double number(String key) {
            Object v = raw(key);
            if (!(v instanceof Number n)) {
                throw bad(key, v, "a number");
            }
            return n.doubleValue();
        }

        double numberOr(String key, double fallback) {
            if (config.get(key) == null) {
                read.add(key);
                return fallback;
            }
            return number(key);
        }

        Long optionalLong(String key) {
            Object v = raw(key);
            if (v == null) {
                return null;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            throw bad(key, v, "an integer or null");
        }

        boolean bool(String key, boolean fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw bad(key, v, "true or false");
        }

        String string(String key, String fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof String s) {
                return s;
            }
            throw bad(key, v, "a string");
        }

        String activation(String key, String fallback) {
            if (!config.containsKey(key)) {
                read.add(key);
                return fallback;
            }
            Object v = raw(key);
            if (v instanceof Map<?, ?> m) {
                // Keras 3 may serialise a built-in activation as {"class_name": "function", "config": "relu", ...}.
                v = m.get("config");
            }
            if (v != null && !(v instanceof String)) {
                throw bad(key, v, "an activation name");
            }
            try {
                return Activations.canonical((String) v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(cls + ": '" + key + "': " + e.getMessage(), e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, ?> map(String key) {
            Object v = raw(key);
            if (!(v instanceof Map<?, ?> m)) {
                throw bad(key, v, "an object");
            }
            return copy(cls, m);
        }

        /**
         * Checks that the initialiser under {@code key} is Keras's default ({@code expected}, as a class name or its
         * snake-case string) and returns its seed, or null.
         */
        Long initializer(String key, String expected) {
            Object v = raw(key);
            if (v == null) {
                return null;
            }
            String name;
            Object seed = null;
            if (v instanceof String s) {
                name = s;
            } else if (v instanceof Map<?, ?> m) {
                name = String.valueOf(m.get("class_name"));
                if (m.get("config") instanceof Map<?, ?> c) {
                    seed = c.get("seed");
                    checkInitializerConfig(key, expected, c);
                }
            } else {
                throw bad(key, v, "an initializer");
            }
            String snake = expected.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
            boolean ok = name.equals(expected) || name.equals(snake)
                    || (expected.equals("RandomUniform") && name.equals("uniform"));
            if (!ok) {
                throw new IllegalArgumentException(cls + ": " + key + " '" + name + "' is not supported (only Keras's"
                        + " default " + expected + ")");
            }
            if (seed == null) {
                return null;
            }
            if (seed instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            throw bad(key + ".seed", seed, "an integer or null");
        }

        private void checkInitializerConfig(String key, String expected, Map<?, ?> c) {
            if (expected.equals("Orthogonal") && c.get("gain") instanceof Number g && g.doubleValue() != 1) {
                throw new IllegalArgumentException(cls + ": " + key + " gain " + g + " is not supported (only 1.0)");
            }
            if (expected.equals("RandomUniform")) {
                Object lo = c.get("minval");
                Object hi = c.get("maxval");
                boolean ok = (lo == null || lo instanceof Number l && l.doubleValue() == -Initializers.EMBEDDING_BOUND)
                        && (hi == null || hi instanceof Number h && h.doubleValue() == Initializers.EMBEDDING_BOUND);
                if (!ok) {
                    throw new IllegalArgumentException(cls + ": " + key + " bounds [" + lo + ", " + hi
                            + "] are not supported (only Keras's default [-0.05, 0.05])");
                }
            }
        }

        /**
         * Keras's two-dimensional argument under {@code key}: an integer {@code n} ({@code [n, n]}) or a list of two,
         * each positive; {@code fallback} when absent or null ({@code null} fallback: required).
         */
        int[] pair(String key, int[] fallback) {
            int[] v = optionalPair(key);
            if (v == null && fallback == null) {
                throw new IllegalArgumentException(cls + ": config has no '" + key + "'");
            }
            return v == null ? fallback : v;
        }

        /** {@link #pair}, or null when absent or null. */
        int[] optionalPair(String key) {
            Object v = raw(key);
            if (v == null) {
                return null;
            }
            int[] out;
            if (v instanceof List<?> list) {
                if (list.size() != 2) {
                    throw bad(key, v, "an integer or a list of two integers");
                }
                out = new int[] {toInt(cls, key, list.get(0)), toInt(cls, key, list.get(1))};
            } else {
                out = new int[] {toInt(cls, key, v), toInt(cls, key, v)};
            }
            if (out[0] < 1 || out[1] < 1) {
                throw bad(key, v, "positive");
            }
            return out;
        }

        /** Accepts Keras's {@code data_format} only when absent, null or {@code "channels_last"}. */
        void channelsLast() {
            Object v = raw("data_format");
            if (v != null && !"channels_last".equals(v)) {
                throw new IllegalArgumentException(cls + ": data_format " + v + " is not supported (only channels_last,"
                        + " Keras's default: images [batch, height, width, channels])");
            }
        }

        void requireNull(String key) {
            Object v = raw(key);
            if (v != null) {
                throw new IllegalArgumentException(cls + ": " + key + " " + v + " is not supported (only None)");
            }
        }

        void requireFalse(String key) {
            if (bool(key, false)) {
                throw new IllegalArgumentException(cls + ": " + key + "=true is not supported");
            }
        }

        void checkAllRead() {
            List<String> unknown = new ArrayList<>();
            for (String key : config.keySet()) {
                if (!read.contains(key)) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(cls + ": unknown config keys " + unknown);
            }
        }

        private IllegalArgumentException bad(String key, Object v, String expected) {
            return new IllegalArgumentException(cls + ": '" + key + "' must be " + expected + ", got " + v);
        }
    }
}
