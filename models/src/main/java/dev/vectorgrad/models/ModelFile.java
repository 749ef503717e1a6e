package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonException;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.Layers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-model file of {@link Sequential}: one safetensors file whose tensors are the model's
 * {@link Sequential#stateDict() state dict} (PyTorch-style dotted names, {@code dense.kernel}) and whose string
 * metadata holds, as JSON written with {@code dev.vectorgrad.formats.json}:
 * <ul>
 *   <li>{@value #FORMAT}: {@value #FORMAT_NAME}, and {@value #VERSION}: {@value #CURRENT_VERSION};
 *   <li>{@value #MODEL_CONFIG}: the architecture in Keras's config vocabulary,
 *       {@code {"class_name":"Sequential","config":{"name":...,"layers":[{"class_name":"InputLayer",...},
 *       {"class_name":"LSTM","config":{...},"build_config":{"input_shape":[null,50,64]}},...],
 *       "build_input_shape":[null,50,64]}}};
 *   <li>{@value #COMPILE_CONFIG}, when compiled: {@code {"optimizer":{...},"loss":{...},"metrics":[...]}} as
 *       Keras's {@code compile_config};
 *   <li>{@value #OPTIMIZER_STATE}, when the optimizer has been built: its {@link
 *       dev.vectorgrad.models.optimizers.Optimizer#variables() variables} in order, each
 *       {@code {"dtype":"F32","shape":[...],"data":"<base64 of the little-endian values>"}}, bit for bit.
 * </ul>
 * The optimizer state sits in the metadata rather than among the tensors because {@link dev.vectorgrad.nn.Module#save}
 * (final) writes exactly the state dict, so that any safetensors reader, and PyTorch, sees only the weights.
 */
final class ModelFile {

    static final String FORMAT = "format";
    static final String FORMAT_NAME = "vectorgrad.models.Sequential";
    static final String VERSION = "format_version";
    static final String CURRENT_VERSION = "1";
    static final String MODEL_CONFIG = "model_config";
    static final String COMPILE_CONFIG = "compile_config";
    static final String OPTIMIZER_STATE = "optimizer_state";

    private ModelFile() {
    }

    /** The metadata of a whole-model file for {@code model}. */
    static Map<String, String> metadata(Sequential model) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, FORMAT_NAME);
        meta.put(VERSION, CURRENT_VERSION);
        meta.put(MODEL_CONFIG, json(modelConfig(model), "model_config"));
        Map<String, Object> compile = model.compileConfig();
        if (compile != null) {
            meta.put(COMPILE_CONFIG, json(compile, "compile_config"));
        }
        List<Tensor> state = model.builtOptimizerVariables();
        if (!state.isEmpty()) {
            List<Object> variables = new ArrayList<>();
            for (Tensor t : state) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("dtype", t.dtype().name());
                v.put("shape", t.shape());
                v.put("data", Base64.getEncoder().encodeToString(bytes(t)));
                variables.add(v);
            }
            meta.put(OPTIMIZER_STATE, json(Map.of("variables", variables), "optimizer_state"));
        }
        return meta;
    }

    private static String json(Object value, String where) {
        return Json.write(ConfigJson.toJson(value, where));
    }

    /** Keras's {@code get_config()} of a Sequential, wrapped with its class name. */
    static Map<String, Object> modelConfig(Sequential model) {
        List<Object> layerSpecs = new ArrayList<>();
        int[] in = model.inputShape();
        String dtype = model.dtype() == DType.F64 ? "float64" : "float32";
        if (in != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("batch_shape", batchShape(in));
            input.put("dtype", dtype);
            input.put("sparse", false);
            input.put("name", "input_layer");
            layerSpecs.add(spec("InputLayer", input, null));
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            layerSpecs.add(spec(l.className(), l.config(), l.isBuilt() ? batchShape(l.inputShape()) : null));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("trainable", true);
        config.put("dtype", dtype);
        config.put("layers", layerSpecs);
        if (in != null) {
            config.put("build_input_shape", batchShape(in));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras");
        out.put("class_name", "Sequential");
        out.put("config", config);
        out.put("registered_name", null);
        return out;
    }

    private static Map<String, Object> spec(String className, Map<String, Object> config, List<Object> buildShape) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("module", "keras.layers");
        s.put("class_name", className);
        s.put("config", config);
        s.put("registered_name", null);
        if (buildShape != null) {
            s.put("build_config", Map.of("input_shape", buildShape));
        }
        return s;
    }

    /** {@code [null, d...]} with -1 as null, as Keras writes shapes. */
    private static List<Object> batchShape(int[] shape) {
        List<Object> out = new ArrayList<>();
        out.add(null);
        for (int d : shape) {
            out.add(d < 0 ? null : d);
        }
        return out;
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.F32) {
            b.asFloatBuffer().put(t.dataF32());
        } else {
            b.asDoubleBuffer().put(t.dataF64());
        }
        return b.array();
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** Reads a whole-model file written by {@link Sequential#save}. */
    static Sequential load(Path file) throws IOException {
        return load(SafeTensors.read(file), "model file " + file);
    }

    /** The model in a whole-model file already read; {@code where} names it in errors. */
    static Sequential load(SafeTensorsFile read, String where) throws IOException {
        Map<String, String> meta = read.metadata();
        if (!FORMAT_NAME.equals(meta.get(FORMAT))) {
            throw new IOException(where + ": not a whole-model file (metadata '" + FORMAT + "' is "
                    + (meta.containsKey(FORMAT) ? "'" + meta.get(FORMAT) + "'" : "absent") + ", expected '" + FORMAT_NAME
                    + "'); a weights-only file loads with loadWeights into a model built in code");
        }
        if (!CURRENT_VERSION.equals(meta.get(VERSION))) {
            throw new IOException(where + ": format_version " + meta.get(VERSION) + " is not supported (expected "
                    + CURRENT_VERSION + ")");
        }
        Map<String, Object> modelConfig = object(parse(meta.get(MODEL_CONFIG), where, MODEL_CONFIG), where + ": " + MODEL_CONFIG);
        long fileWeights = 0;
        for (Tensor t : read.tensors().values()) {
            fileWeights += t.size();
        }
        Sequential model = fromConfig(modelConfig, where, fileWeights);
        try {
            model.loadStateDict(read.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": the weights do not match the architecture: " + e.getMessage(), e);
        }
        if (meta.containsKey(COMPILE_CONFIG)) {
            Map<String, Object> compile = object(parse(meta.get(COMPILE_CONFIG), where, COMPILE_CONFIG),
                    where + ": " + COMPILE_CONFIG);
            try {
                model.compileFromConfig(compile);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + COMPILE_CONFIG + ": " + e.getMessage(), e);
            }
            if (meta.containsKey(OPTIMIZER_STATE)) {
                restoreOptimizer(model, parse(meta.get(OPTIMIZER_STATE), where, OPTIMIZER_STATE), where);
            }
        } else if (meta.containsKey(OPTIMIZER_STATE)) {
            throw new IOException(where + ": has an optimizer state but no compile_config to make the optimizer from");
        }
        return model;
    }

    private static Object parse(String text, String where, String key) throws IOException {
        if (text == null) {
            throw new IOException(where + ": metadata '" + key + "' is missing");
        }
        try {
            return Json.toPlain(Json.parse(text));
        } catch (JsonException e) {
            throw new IOException(where + ": metadata '" + key + "' is not valid JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) throws IOException {
        if (!(value instanceof Map<?, ?>)) {
            throw new IOException(where + ": expected a JSON object, got " + value);
        }
        return (Map<String, Object>) value;
    }

    /**
     * The model a Keras {@code Sequential} config describes, built when the config has a build shape. Before any
     * layer makes its weights, the weights the config describes are counted ({@link Layer#weightCount}) and may
     * exceed {@code fileWeights}, the elements the file holds, by {@link #WEIGHT_ALLOWANCE} at most: so memory is
     * bounded by the file, whatever sizes the config claims.
     */
    static Sequential fromConfig(Map<String, Object> modelConfig, String where, long fileWeights) throws IOException {
        if (!"Sequential".equals(modelConfig.get("class_name"))) {
            throw new IOException(where + ": class_name is " + modelConfig.get("class_name") + ", expected 'Sequential'");
        }
        Map<String, Object> config = object(modelConfig.get("config"), where + ": config");
        Object name = config.get("name");
        Sequential model = new Sequential(name instanceof String s ? s : "sequential");
        if (!(config.get("layers") instanceof List<?> specs)) {
            throw new IOException(where + ": config.layers must be a list, got " + config.get("layers"));
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> spec = object(specs.get(i), where + ": layers[" + i + "]");
            Object layerName = spec.get("config") instanceof Map<?, ?> c ? c.get("name") : null;
            try {
                layers.add(Layers.fromConfig(spec));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": layers[" + i + "] '" + layerName + "' (class_name '" + spec.get("class_name")
                        + "'): " + e.getMessage(), e);
            }
        }
        int[] buildShape = config.containsKey("build_input_shape") ? buildShape(config.get("build_input_shape"), where) : null;
        checkWeightCount(layers, buildShape, fileWeights, where);
        int position = 0;
        for (Layer layer : layers) {
            try {
                model.add(layer);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
            if (!(layer instanceof Input)) {
                position++;
            }
        }
        if (buildShape != null && !model.isBuilt()) {
            try {
                model.inputShape(buildShape);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        if (position != model.layers().size()) {
            throw new IllegalStateException("read " + position + " layers, model has " + model.layers().size());
        }
        return model;
    }

    /** Keras's {@code build_input_shape}, {@code [null, d1, ...]}, without its batch entry; null entries become -1. */
    private static int[] buildShape(Object value, String where) throws IOException {
        if (!(value instanceof List<?> list) || list.size() < 2) {
            throw new IOException(where + ": build_input_shape must be a list [batch, d1, ...], got " + value);
        }
        int[] shape = new int[list.size() - 1];
        for (int d = 1; d < list.size(); d++) {
            Object v = list.get(d);
            if (v == null) {
                shape[d - 1] = -1;
            } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE) {
                shape[d - 1] = n.intValue();
            } else {
                throw new IOException(where + ": build_input_shape entry " + d + " must be a positive integer or null,"
                        + " got " + v);
            }
        }
        return shape;
    }

    /**
     * How many more weight elements than its file holds a config may describe and still be built (1 Mi: 4 MiB of
     * floats). Memory stays bounded by the file, while an ordinary mismatch (a missing or misshapen weight) is built
     * and then reported by name when the weights are loaded.
     */
    static final long WEIGHT_ALLOWANCE = 1L << 20;

    /**
     * Checks, before any layer is built, that the weights the layers would make fit in the {@code fileWeights}
     * elements the file holds, plus {@link #WEIGHT_ALLOWANCE} (the file's weights must match them exactly, which
     * loading checks afterwards). The input shape is the first {@link Input}'s, else {@code buildShape}; with
     * neither, nothing is built now.
     */
    private static void checkWeightCount(List<Layer> layers, int[] buildShape, long fileWeights, String where)
            throws IOException {
        int[] shape = !layers.isEmpty() && layers.get(0) instanceof Input input ? input.shape() : buildShape;
        if (shape == null) {
            return;
        }
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Input) {
                continue;
            }
            try {
                total = Math.addExact(total, layer.weightCount(shape));
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            } catch (ArithmeticException e) {
                throw new IOException(where + ": the layers up to layers[" + i + "] '" + layer.name() + "' describe"
                        + " more weights than a long counts", e);
            }
            if (total > fileWeights + WEIGHT_ALLOWANCE) {
                throw new IOException(where + ": the layers up to layers[" + i + "] '" + layer.name() + "' describe "
                        + total + " weights, but the file holds " + fileWeights + " (a config may describe at most "
                        + WEIGHT_ALLOWANCE + " more weights than its file holds)");
            }
        }
    }

    private static void restoreOptimizer(Sequential model, Object state, String where) throws IOException {
        Map<String, Object> s = object(state, where + ": " + OPTIMIZER_STATE);
        if (!(s.get("variables") instanceof List<?> variables)) {
            throw new IOException(where + ": " + OPTIMIZER_STATE + ".variables must be a list");
        }
        List<Tensor> live = model.prepareOptimizerForRestore();
        if (live.size() != variables.size()) {
            throw new IOException(where + ": " + OPTIMIZER_STATE + " has " + variables.size() + " variables, the optimizer "
                    + model.optimizer().getClass().getSimpleName() + " has " + live.size());
        }
        for (int i = 0; i < live.size(); i++) {
            String at = where + ": " + OPTIMIZER_STATE + " variable " + i;
            Map<String, Object> v = object(variables.get(i), at);
            Tensor target = live.get(i);
            int[] shape = ints(v.get("shape"), at);
            if (!Arrays.equals(shape, target.shape()) || !target.dtype().name().equals(v.get("dtype"))) {
                throw new IOException(at + " is " + v.get("dtype") + " " + Arrays.toString(shape) + ", the optimizer's is "
                        + target.dtype() + " " + Arrays.toString(target.shape()));
            }
            byte[] data;
            try {
                data = Base64.getDecoder().decode(String.valueOf(v.get("data")));
            } catch (IllegalArgumentException e) {
                throw new IOException(at + ": data is not base64: " + e.getMessage(), e);
            }
            if (data.length != target.size() * target.dtype().bytes()) {
                throw new IOException(at + ": data has " + data.length + " bytes, expected "
                        + target.size() * target.dtype().bytes());
            }
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            if (target.dtype() == DType.F32) {
                b.asFloatBuffer().get(target.dataF32());
            } else {
                b.asDoubleBuffer().get(target.dataF64());
            }
        }
    }

    private static int[] ints(Object value, String where) throws IOException {
        if (!(value instanceof List<?> list)) {
            throw new IOException(where + ": shape must be a list, got " + value);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IOException(where + ": shape has a non-number " + list.get(i));
            }
            out[i] = n.intValue();
        }
        return out;
    }
}
