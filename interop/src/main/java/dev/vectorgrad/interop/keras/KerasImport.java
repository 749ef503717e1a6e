package dev.vectorgrad.interop.keras;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonArray;
import dev.vectorgrad.formats.json.JsonBoolean;
import dev.vectorgrad.formats.json.JsonException;
import dev.vectorgrad.formats.json.JsonLimits;
import dev.vectorgrad.formats.json.JsonNumber;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.formats.json.JsonString;
import dev.vectorgrad.formats.json.JsonValue;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Bidirectional;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.Layers;
import dev.vectorgrad.models.layers.RecurrentLayer;
import dev.vectorgrad.models.layers.TimeDistributed;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a Keras {@code Sequential} model file as a built {@link Sequential} with the file's weights, choosing the
 * format by the file's first bytes, not its name:
 * <ul>
 *   <li>a zip: a {@code .keras} file of Keras 3 ({@code config.json}, {@code metadata.json},
 *       {@code model.weights.h5}, whose groups are named after each layer's snake-cased class and a counter,
 *       {@code layers/lstm_1/cell/vars/0}), or of tf.keras 2.13/2.14 (the same tree under
 *       {@code _layer_checkpoint_dependencies/}; tf.keras 2.15 writes {@code layers/});</li>
 *   <li>HDF5: a legacy {@code .h5} file of tf.keras 2.x or Keras 3 ({@code model_config} attribute,
 *       {@code model_weights/<layer name>/} with {@code weight_names}, read by position, as Keras does).</li>
 * </ul>
 * Layers: those of {@link Layers#fromConfig} (Dense, Embedding, Dropout, Activation, SimpleRNN, LSTM, GRU with
 * {@code reset_after} true or false, Bidirectional, TimeDistributed, Conv2D, MaxPooling2D, AveragePooling2D, Flatten,
 * InputLayer); a layer's {@code dtype} may be a string or a {@code DTypePolicy} object. The training configuration
 * and the optimizer's variables, if saved, are not read: the model comes back uncompiled.
 *
 * <p><b>Hostile files.</b> Every failure is a {@link KerasFormatException} naming the file and what was expected and
 * found. Sizes are capped before anything is allocated: {@link #MAX_ZIP_ENTRIES}, {@link #MAX_JSON_BYTES},
 * {@link #MAX_WEIGHTS_BYTES}, {@link #MAX_COMPRESSION_RATIO}, {@link #MAX_HDF5_NODES}, {@link #MAX_ELEMENTS}; a
 * dataset must be backed by the bytes the file stores for it, and the layers a config describes may hold at most
 * 1 Mi more weights than the file (see {@link Sequential#fromConfig}).
 *
 * <pre>{@code
 * Sequential model = KerasImport.load(Path.of("model.keras"));
 * Tensor y = model.predict(x);
 * }</pre>
 */
public final class KerasImport {

    /** The most entries a {@code .keras} zip may have. */
    public static final int MAX_ZIP_ENTRIES = 10_000;
    /** The most bytes {@code config.json} and {@code metadata.json} may inflate to (16 MiB each). */
    public static final int MAX_JSON_BYTES = 16 << 20;
    /**
     * The most bytes an HDF5 file may have (2 GiB less 9 bytes, Java's largest array): {@code model.weights.h5} is
     * inflated into memory, a legacy {@code .h5} file is mapped (jHDF reads both from a buffer).
     */
    public static final int MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8;
    /** The highest ratio of inflated to compressed bytes a zip entry, or a filtered HDF5 dataset, may have. */
    public static final int MAX_COMPRESSION_RATIO = 200;
    /** The most HDF5 groups and datasets visited under the weights' root. */
    public static final int MAX_HDF5_NODES = 100_000;
    /** The most weight elements a file may hold, per dataset and in all (2^30: 4 GiB of float32). */
    public static final long MAX_ELEMENTS = 1L << 30;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasImport() {
    }

    /**
     * The model in the Keras file {@code file} ({@code .keras} or legacy {@code .h5}), built, with its weights.
     *
     * @throws KerasFormatException for a file that is not a Keras Sequential model, damaged or hostile, or that uses
     *                              a layer or option these importers do not support (naming it)
     * @throws IOException          when the file cannot be read at all
     */
    public static Sequential load(Path file) throws IOException {
        String where = "Keras file " + file;
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (startsWith(head, n, ZIP_MAGIC)) {
            return loadKeras(file, where);
        }
        if (startsWith(head, n, HDF5_MAGIC)) {
            return loadH5(file, where);
        }
        throw new KerasFormatException(where + ": neither a .keras zip (starting 'PK\\3\\4') nor an HDF5 .h5 file"
                + " (starting '\\211HDF\\r\\n\\032\\n'); the first bytes are " + Arrays.toString(Arrays.copyOf(head, n)));
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        return n >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
    }

    // ---- .keras --------------------------------------------------------------------------------------------------

    private static Sequential loadKeras(Path file, String where) throws IOException {
        try (KerasZip zip = KerasZip.open(file, where)) {
            Object config = parse(zip.readEntry(KerasZip.CONFIG, MAX_JSON_BYTES), where + ": " + KerasZip.CONFIG);
            object(parse(zip.readEntry(KerasZip.METADATA, MAX_JSON_BYTES), where + ": " + KerasZip.METADATA),
                    where + ": " + KerasZip.METADATA);
            byte[] weights = zip.readEntry(KerasZip.WEIGHTS, MAX_WEIGHTS_BYTES);
            String inner = where + " (" + KerasZip.WEIGHTS + ")";
            try (Hdf5 h5 = Hdf5.open(ByteBuffer.wrap(weights), inner)) {
                String root = h5.find("layers") == null && h5.find("_layer_checkpoint_dependencies") != null
                        ? "_layer_checkpoint_dependencies" : "layers";
                Sequential model = build(config, where + ": " + KerasZip.CONFIG, h5.countElements(root));
                Map<String, Integer> used = new HashMap<>();
                for (Layer layer : model.layers()) {
                    String base = Layers.snakeCase(layer.className());
                    int count = used.merge(base, 1, Integer::sum) - 1;
                    String path = root + "/" + (count == 0 ? base : base + "_" + count);
                    KerasLayer k = (KerasLayer) layer;
                    List<Tensor> values = new ArrayList<>();
                    collect(h5, k, path, values);
                    set(k, values, where);
                }
                return model;
            }
        }
    }

    /** The values of {@code layer}'s weights in Keras's order, from its group {@code path} in Keras 3's layout. */
    private static void collect(Hdf5 h5, KerasLayer layer, String path, List<Tensor> out) throws KerasFormatException {
        if (layer instanceof RecurrentLayer) {
            vars(h5, layer, path + "/cell/vars", out);
        } else if (layer instanceof Bidirectional b) {
            collect(h5, b.forwardLayer(), path + "/forward_layer", out);
            collect(h5, b.backwardLayer(), path + "/backward_layer", out);
        } else if (layer instanceof TimeDistributed t) {
            collect(h5, t.layer(), path + "/layer", out);
        } else {
            vars(h5, layer, path + "/vars", out);
        }
    }

    /** The datasets {@code 0, 1, ...} of the {@code vars} group at {@code path}: exactly the layer's weights. */
    private static void vars(Hdf5 h5, KerasLayer layer, String path, List<Tensor> out) throws KerasFormatException {
        List<Tensor> own = layer.getWeights();
        List<String> names = layer.weightNames();
        Group g = h5.group(path);
        if (g == null) {
            if (own.isEmpty()) {
                return;
            }
            throw new KerasFormatException(h5.where() + ": layer '" + layer.name() + "' (" + layer.className()
                    + "): HDF5 group '" + path + "' is missing (expected its " + own.size() + " weights " + names + ")");
        }
        int found = h5.childCount(g, path);
        if (found != own.size()) {
            throw new KerasFormatException(h5.where() + ": layer '" + layer.name() + "' (" + layer.className()
                    + "): '" + path + "' holds " + found + " variables, expected " + own.size() + " " + names);
        }
        for (int i = 0; i < own.size(); i++) {
            out.add(h5.read(path + "/" + i, own.get(i).shape(), "layer '" + layer.name() + "' (" + layer.className()
                    + ") weight '" + names.get(i) + "'"));
        }
    }

    // ---- legacy .h5 ----------------------------------------------------------------------------------------------

    private static Sequential loadH5(Path file, String where) throws IOException {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_WEIGHTS_BYTES) {
                throw new KerasFormatException(where + ": the HDF5 file has " + channel.size() + " bytes, more than the"
                        + " cap of " + MAX_WEIGHTS_BYTES);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        try (Hdf5 h5 = Hdf5.open(mapped, where)) {
            List<String> config = h5.strings("", "model_config");
            if (config == null || config.size() != 1) {
                throw new KerasFormatException(where + ": HDF5 file without a 'model_config' attribute (expected a"
                        + " model saved whole by Keras; a weights-only file has no architecture to build)");
            }
            if (h5.group("model_weights") == null) {
                throw new KerasFormatException(where + ": HDF5 group 'model_weights' is missing");
            }
            Sequential model = build(parse(config.get(0).getBytes(StandardCharsets.UTF_8), where + ": model_config"),
                    where + ": model_config", h5.countElements("model_weights"));
            List<String> saved = new ArrayList<>();
            for (String name : layerNames(h5, where)) {
                List<String> weightNames = h5.strings("model_weights/" + name, "weight_names");
                if (weightNames != null && !weightNames.isEmpty()) {
                    saved.add(name);
                }
            }
            List<KerasLayer> withWeights = new ArrayList<>();
            for (Layer layer : model.layers()) {
                if (!((KerasLayer) layer).getWeights().isEmpty()) {
                    withWeights.add((KerasLayer) layer);
                }
            }
            if (saved.size() != withWeights.size()) {
                throw new KerasFormatException(where + ": the file has weights for " + saved.size() + " layers " + saved
                        + ", the model its config describes has " + withWeights.size() + " layers with weights "
                        + withWeights.stream().map(Layer::name).toList());
            }
            for (int i = 0; i < saved.size(); i++) {
                KerasLayer layer = withWeights.get(i);
                String group = "model_weights/" + saved.get(i);
                List<String> weightNames = h5.strings(group, "weight_names");
                List<Tensor> own = layer.getWeights();
                if (weightNames.size() != own.size()) {
                    throw new KerasFormatException(where + ": layer '" + layer.name() + "' (" + layer.className()
                            + ") expects " + own.size() + " weights " + layer.weightNames() + ", the file's group '"
                            + group + "' has " + weightNames.size() + " " + weightNames);
                }
                List<Tensor> values = new ArrayList<>();
                for (int j = 0; j < own.size(); j++) {
                    values.add(h5.read(group + "/" + weightNames.get(j), own.get(j).shape(), "layer '" + layer.name()
                            + "' (" + layer.className() + ") weight '" + layer.weightNames().get(j) + "'"));
                }
                set(layer, values, where);
            }
            return model;
        }
    }

    /** {@code model_weights}'s {@code layer_names}, or its chunks {@code layer_names0, layer_names1, ...}. */
    private static List<String> layerNames(Hdf5 h5, String where) throws KerasFormatException {
        List<String> names = h5.strings("model_weights", "layer_names");
        if (names != null) {
            return names;
        }
        List<String> out = new ArrayList<>();
        for (int chunk = 0; ; chunk++) {
            List<String> part = h5.strings("model_weights", "layer_names" + chunk);
            if (part == null) {
                break;
            }
            out.addAll(part);
            if (out.size() > MAX_HDF5_NODES) {
                throw new KerasFormatException(where + ": more than " + MAX_HDF5_NODES + " layer names (the cap)");
            }
        }
        if (out.isEmpty()) {
            throw new KerasFormatException(where + ": 'model_weights' has no 'layer_names' attribute");
        }
        return out;
    }

    // ---- the architecture ----------------------------------------------------------------------------------------

    private static void set(KerasLayer layer, List<Tensor> values, String where) throws KerasFormatException {
        try {
            layer.setWeights(values);
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static Object parse(byte[] json, String where) throws KerasFormatException {
        try {
            return Json.toPlain(Json.parse(json, JsonLimits.defaults().withMaxInputBytes(MAX_JSON_BYTES)));
        } catch (JsonException e) {
            throw new KerasFormatException(where + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) throws KerasFormatException {
        if (!(value instanceof Map<?, ?>)) {
            throw new KerasFormatException(where + ": expected a JSON object, got " + brief(value));
        }
        return (Map<String, Object>) value;
    }

    private static String brief(Object value) {
        String s = String.valueOf(value);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * The built model of a Sequential config, with fresh weights. tf.keras 2.x writes {@code batch_input_shape} into
     * the first layer's config as well as into its InputLayer's; models' layers take the shape from the InputLayer
     * only, so it is moved there (an InputLayer is made from it when the config has none).
     */
    @SuppressWarnings("unchecked")
    private static Sequential build(Object parsed, String where, long available) throws KerasFormatException {
        Map<String, Object> root = object(parsed, where);
        if (!"Sequential".equals(root.get("class_name"))) {
            throw new KerasFormatException(where + ": class_name is '" + brief(root.get("class_name"))
                    + "', expected 'Sequential' (functional and subclassed models are not supported)");
        }
        Map<String, Object> config = object(root.get("config"), where + ": config");
        if (config.get("layers") instanceof List<?> specs) {
            List<Object> layers = new ArrayList<>(specs);
            Object shape = null;
            boolean hasInput = false;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof Map<?, ?> spec && spec.get("config") instanceof Map<?, ?> c) {
                    if ("InputLayer".equals(spec.get("class_name"))) {
                        hasInput = true;
                    } else if (c.containsKey("batch_input_shape")) {
                        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) c);
                        Object s = copy.remove("batch_input_shape");
                        shape = shape == null ? s : shape;
                        Map<String, Object> newSpec = new LinkedHashMap<>((Map<String, Object>) spec);
                        newSpec.put("config", copy);
                        layers.set(i, newSpec);
                    }
                }
            }
            if (!hasInput && shape != null) {
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("class_name", "InputLayer");
                input.put("config", new LinkedHashMap<>(Map.of("batch_shape", shape)));
                layers.add(0, input);
            }
            config = new LinkedHashMap<>(config);
            config.put("layers", layers);
            root = new LinkedHashMap<>(root);
            root.put("config", config);
        }
        Sequential model;
        try {
            model = Sequential.fromConfig(root, where, available);
        } catch (IOException e) {
            throw new KerasFormatException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException(where + ": " + e.getMessage(), e);
        }
        if (!model.isBuilt()) {
            throw new KerasFormatException(where + ": the config gives no input shape (no InputLayer, no"
                    + " build_input_shape), so its weights cannot be placed");
        }
        return model;
    }
}
