package dev.vectorgrad.cells.io;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.Layer;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads and saves a layer's parameters by PyTorch {@code state_dict} names, so that
 * {@code safetensors.torch.save_file(torch.nn.LSTM(...).state_dict(), path)} loads straight into an
 * {@link dev.vectorgrad.cells.Lstm} of the same configuration.
 *
 * <p>Loading is strict and all-or-nothing: every parameter must be present under
 * {@code prefix + name} with exactly its shape, and no other name under the prefix may appear;
 * all of this is checked before any parameter is written. Values are converted to the
 * parameter's dtype (F64 to F32 rounds to nearest).
 */
public final class StateDict {

    private StateDict() {
    }

    /** The layer's parameters under {@code prefix + name} (the live tensors, in the layer's order). */
    public static Map<String, Tensor> of(Layer layer, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        layer.namedParameters().forEach((name, t) -> out.put(prefix + name, t));
        return out;
    }

    /** Saves the layer's parameters as a safetensors file under their PyTorch names. */
    public static void save(Layer layer, Path file) throws IOException {
        SafeTensors.write(file, of(layer, ""));
    }

    /** Loads a safetensors file that holds exactly the layer's parameters (no prefix). */
    public static void load(Layer layer, Path file) throws IOException {
        load(layer, SafeTensors.read(file).tensors(), "");
    }

    /**
     * Copies {@code tensors.get(prefix + name)} into each parameter. Names that do not start
     * with {@code prefix} are ignored (another module's weights in the same file).
     *
     * @throws IllegalArgumentException naming every missing, unexpected or mis-shaped tensor
     */
    public static void load(Layer layer, Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> params = layer.namedParameters();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            Tensor found = tensors.get(prefix + p.getKey());
            if (found == null) {
                problems.add("missing \"" + prefix + p.getKey() + "\" " + Arrays.toString(p.getValue().shape()));
            } else if (!Arrays.equals(found.shape(), p.getValue().shape())) {
                problems.add("\"" + prefix + p.getKey() + "\" has shape " + Arrays.toString(found.shape())
                        + ", expected " + Arrays.toString(p.getValue().shape()));
            }
        }
        for (String name : new TreeSet<>(tensors.keySet())) {
            if (name.startsWith(prefix) && !params.containsKey(name.substring(prefix.length()))) {
                problems.add("unexpected \"" + name + "\"");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state dict does not match " + layer.getClass().getSimpleName()
                    + " (expected " + params.keySet() + "): " + String.join("; ", problems));
        }
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            Tensor src = tensors.get(prefix + p.getKey());
            Tensor dst = p.getValue();
            for (int i = 0; i < dst.size(); i++) {
                dst.set(i, src.get(i));
            }
        }
    }
}
