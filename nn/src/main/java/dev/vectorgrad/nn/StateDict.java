package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A module's parameters by PyTorch {@code state_dict} names under a prefix, so one file can hold several
 * modules and {@code safetensors.torch.save_file(torch.nn.LSTM(...).state_dict(), path)} loads straight
 * into a {@code dev.vectorgrad.cells.Lstm} of the same configuration. {@link Module#stateDict()} and
 * {@link Module#loadStateDict(Map, boolean)} are the same operations with no prefix.
 *
 * <p>Loading is all-or-nothing: the names and shapes are checked before any parameter is written.
 * Values are converted to the parameter's dtype (F64 to F32 rounds to nearest).
 */
public final class StateDict {

    private StateDict() {
    }

    /** The module's {@link Module#stateDict() state} under {@code prefix + name} (the live tensors, in order). */
    public static Map<String, Tensor> of(Module module, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        module.stateDict().forEach((name, t) -> out.put(prefix + name, t));
        return out;
    }

    /**
     * Copies {@code tensors.get(prefix + name)} into each parameter, strictly: every name must be present
     * with exactly its shape, and no other name under {@code prefix} may appear. Names that do not start
     * with {@code prefix} are ignored (another module's weights in the same file).
     *
     * @throws IllegalArgumentException naming every missing, unexpected or mis-shaped tensor
     */
    public static void load(Module module, Map<String, Tensor> tensors, String prefix) {
        load(module, tensors, prefix, true);
    }

    /**
     * {@link #load(Module, Map, String)}, where {@code strict == false} reports missing and unexpected
     * names in the result instead of failing; a shape mismatch fails either way.
     */
    public static Module.LoadResult load(Module module, Map<String, Tensor> tensors, String prefix, boolean strict) {
        Map<String, Tensor> params = module.stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> shapeProblems = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            Tensor found = tensors.get(prefix + p.getKey());
            if (found == null) {
                missing.add(prefix + p.getKey());
                problems.add("missing \"" + prefix + p.getKey() + "\" " + Arrays.toString(p.getValue().shape()));
            } else if (!Arrays.equals(found.shape(), p.getValue().shape())) {
                String problem = "\"" + prefix + p.getKey() + "\" has shape " + Arrays.toString(found.shape())
                        + ", expected " + Arrays.toString(p.getValue().shape());
                problems.add(problem);
                shapeProblems.add(problem);
            }
        }
        for (String name : new TreeSet<>(tensors.keySet())) {
            if (name.startsWith(prefix) && !params.containsKey(name.substring(prefix.length()))) {
                unexpected.add(name);
                problems.add("unexpected \"" + name + "\"");
            }
        }
        List<String> failures = strict ? problems : shapeProblems;
        if (!failures.isEmpty()) {
            throw new IllegalArgumentException("state dict does not match " + module.getClass().getSimpleName()
                    + " (expected " + params.keySet() + "): " + String.join("; ", failures));
        }
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            Tensor src = tensors.get(prefix + p.getKey());
            if (src == null) {
                continue;
            }
            Tensor dst = p.getValue();
            for (int i = 0; i < dst.size(); i++) {
                dst.set(i, src.get(i));
            }
        }
        return new Module.LoadResult(missing, unexpected);
    }
}
