package dev.vectorgrad.streams;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.serving.StepModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recurrent model compiled for serving in a Kafka Streams application, with its identity: one per application
 * instance, immutable, shared by all stream threads (each task keeps its own workspace).
 *
 * <p>The {@link #fingerprint() fingerprint} is the first 64 bits of a SHA-256 over the architecture (the model's Keras
 * config, without layer and model names, which change nothing computed) and every weight (its position in the state
 * dict, dtype, shape and values; not its name). The state codec writes it into every key's state, so a state written by another model
 * is recognised ({@link ModelUpgrade}).
 */
public final class StreamModel {

    private final StepModel steps;
    private final long fingerprint;
    private final String name;

    private StreamModel(StepModel steps, long fingerprint, String name) {
        this.steps = steps;
        this.fingerprint = fingerprint;
        this.name = name;
    }

    /**
     * Compiles a built model for serving ({@link StepModel#compile}) and fingerprints it.
     *
     * @throws IllegalArgumentException if the model cannot be served step by step (see {@link StepModel}), or takes
     *                                  ids (an Embedding first): records carry features here
     */
    public static StreamModel of(Sequential model) {
        StepModel compiled = StepModel.compile(model);
        if (compiled.takesIds()) {
            throw new IllegalArgumentException("StreamModel: Sequential '" + model.name() + "' takes ids (its first"
                    + " layer is an Embedding); records carry float features: serve a model whose input is"
                    + " [batch, time, features]");
        }
        return new StreamModel(compiled, fingerprint(model), model.name());
    }

    /**
     * Loads a whole-model file written by {@code Sequential.save} and compiles it.
     *
     * @throws IOException for an unreadable file (see {@link Sequential#loadModel})
     */
    public static StreamModel load(Path file) throws IOException {
        return of(Sequential.loadModel(file));
    }

    /** The compiled step model: immutable, shared. */
    public StepModel stepModel() {
        return steps;
    }

    /** The model's identity: 64 bits of a hash of its architecture and weights. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The fingerprint as 16 hex digits, as error messages print it. */
    public String fingerprintHex() {
        return hex(fingerprint);
    }

    /** The model's name. */
    public String name() {
        return name;
    }

    /** Floats of input per step. */
    public int featureSize() {
        return steps.featureSize();
    }

    /** Floats of output per step. */
    public int outputSize() {
        return steps.outputSize();
    }

    /** The blocks of a key's recurrent state. */
    public List<StepModel.StateBlock> stateLayout() {
        return steps.stateLayout();
    }

    /** Floats of recurrent state per key. */
    public int stateSize() {
        return steps.stateSize();
    }

    @Override
    public String toString() {
        return "StreamModel '" + name + "' (fingerprint " + fingerprintHex() + ", " + featureSize() + " features, "
                + stateSize() + " state floats, " + outputSize() + " outputs)";
    }

    static String hex(long value) {
        return String.format("%016x", value);
    }

    private static long fingerprint(Sequential model) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("StreamModel: this JDK has no SHA-256, which every Java platform must have",
                    e);
        }
        StringBuilder config = new StringBuilder();
        canonical(model.modelConfig(), config);
        sha.update(config.toString().getBytes(StandardCharsets.UTF_8));
        int index = 0;
        for (Tensor t : model.stateDict().values()) {
            StringBuilder head = new StringBuilder();
            head.append('\n').append(index++).append(' ').append(t.dtype()).append(' ');
            for (int d : t.shape()) {
                head.append(d).append(',');
            }
            sha.update(head.toString().getBytes(StandardCharsets.UTF_8));
            float[] values = t.toFloatArray();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            sha.update(bytes.array());
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** Config values in a canonical text: map keys sorted, {@code name} keys left out. */
    private static void canonical(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            sorted.forEach((k, v) -> {
                if (!k.equals("name")) {
                    out.append(k).append('=');
                    canonical(v, out);
                    out.append(';');
                }
            });
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            for (Object v : list) {
                canonical(v, out);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof int[] a) {
            out.append(java.util.Arrays.toString(a));
        } else if (value instanceof Object[] a) {
            canonical(java.util.Arrays.asList(a), out);
        } else if (value instanceof String s) {
            out.append('"').append(s).append('"');
        } else {
            out.append(value);
        }
    }
}
