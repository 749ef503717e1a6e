package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The building block of a model, as PyTorch's {@code nn.Module}: it owns named parameters and named
 * child modules, so a whole model is one tree. {@link #namedParameters()}, {@link #stateDict()},
 * {@link #loadStateDict(Map, boolean)}, {@link #train(boolean)} and {@link #save(Path)}/{@link #load(Path)}
 * reach every part of it with PyTorch's dotted names ({@code lstm.weight_ih_l0}, {@code head.bias}), so a
 * PyTorch {@code state_dict} of the same architecture loads by name.
 *
 * <p>A subclass registers what it owns in its constructor, in the order PyTorch would:
 * <pre>{@code
 * final class Tagger extends Module {
 *     final Embedding embedding = registerModule("embedding", new Embedding(100, 16));
 *     final Lstm lstm = registerModule("lstm", new Lstm(16, 32, RecurrentOptions.defaults()));
 *     final Linear head = registerModule("head", new Linear(32, 5));
 * }
 * }</pre>
 *
 * <p>There is no common {@code forward} signature: an embedding takes ids, a recurrent layer returns
 * outputs and states. Each module declares its own {@code forward}.
 *
 * <p>Not thread-safe while it is being built or switched between training and evaluation.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module with no parameters and no children yet, in training mode (PyTorch's default). */
    protected Module() {
    }

    /**
     * Registers {@code parameter} under {@code name} (a PyTorch name such as {@code weight} or
     * {@code bias_hh_l0}) and returns it. Whether it trains is the tensor's own
     * {@link Tensor#requiresGrad()} flag.
     *
     * @throws IllegalArgumentException for an empty or dotted name, or one already in use
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        if (parameter == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter \"" + name + "\" is null");
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Registers {@code module} as the child {@code name} and returns it; its parameters appear under
     * {@code name + "."}. A module may be the child of several parents (shared weights).
     *
     * @throws IllegalArgumentException for an empty or dotted name, one already in use, or a module that
     *                                  contains this one (a cycle)
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": module \"" + name + "\" is null");
        }
        if (((Module) module).contains(this)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": module \"" + name + "\" ("
                    + module.getClass().getSimpleName() + ") contains this module; a module tree has no cycles");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        String owner = getClass().getSimpleName();
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(owner + ": a parameter or module name must be non-empty and without '.', got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(owner + ": the name \"" + name + "\" is already registered");
        }
    }

    private boolean contains(Module other) {
        if (this == other) {
            return true;
        }
        for (Module child : children.values()) {
            if (child.contains(other)) {
                return true;
            }
        }
        return false;
    }

    /** The direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Every parameter of this module and its descendants by dotted name, in PyTorch's order: this module's
     * own parameters first, then each child's in registration order. The tensors are the live leaves. A
     * tensor reached under two names (shared weights) appears once, under the first, as in PyTorch.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        collect("", all, seen);
        return all;
    }

    /** The parameters in {@link #namedParameters()} order, e.g. for an optimizer. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The number of trainable values: the summed sizes of {@link #parameters()}. */
    public final long parameterCount() {
        long count = 0;
        for (Tensor t : namedParameters().values()) {
            count += t.size();
        }
        return count;
    }

    /**
     * The module's state by dotted name, as PyTorch's {@code state_dict()}: every parameter under every
     * name it is reachable by (shared tensors appear under each), in {@link #namedParameters()} order. The
     * tensors are the live ones; copy them to keep a snapshot.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect("", all, null);
        return all;
    }

    private void collect(String prefix, Map<String, Tensor> out, Map<Tensor, Boolean> seen) {
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            if (seen == null || seen.put(p.getValue(), Boolean.TRUE) == null) {
                out.put(prefix + p.getKey(), p.getValue());
            }
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collect(prefix + c.getKey() + ".", out, seen);
        }
    }

    /**
     * Copies {@code state} into this module's parameters by name, as PyTorch's {@code load_state_dict}.
     * Values are converted to each parameter's dtype (F64 to F32 rounds to nearest). All or nothing: every
     * check runs before any parameter is written.
     *
     * @param strict when true, every key of {@link #stateDict()} must be present and no other key may
     *               appear; when false, missing and unexpected keys are reported in the result instead
     * @return the missing and unexpected keys (both empty after a strict load)
     * @throws IllegalArgumentException naming every missing key, unexpected key and shape mismatch (shape
     *                                  mismatches fail in either mode)
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        return StateDict.load(this, state, "", strict);
    }

    /**
     * The keys a non-strict {@link #loadStateDict(Map, boolean)} did not match: the missing ones in
     * {@link #stateDict()} order, the unexpected ones sorted.
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        /** Copies the lists. */
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    /**
     * Saves {@link #stateDict()} as a safetensors file under PyTorch's names, with {@link #metadata()} as
     * the file's metadata. PyTorch reads it with {@code safetensors.torch.load_file} and
     * {@code module.load_state_dict}.
     */
    public final void save(Path file) throws IOException {
        SafeTensors.write(file, stateDict(), metadata());
    }

    /**
     * Loads a safetensors file into this module, strictly and all or nothing (see
     * {@link #loadStateDict(Map, boolean)}), and returns the file's metadata. The file may come from
     * {@link #save(Path)} or from PyTorch ({@code safetensors.torch.save_file(model.state_dict(), path)}).
     *
     * @throws IOException for a file that cannot be read or is not valid safetensors
     * @throws IllegalArgumentException naming every missing key, unexpected key and shape mismatch
     */
    public final Map<String, String> load(Path file) throws IOException {
        SafeTensorsFile read = SafeTensors.read(file);
        loadStateDict(read.tensors(), true);
        return read.metadata();
    }

    /**
     * The string metadata {@link #save(Path)} writes: by default the module's class name under
     * {@code "vectorgrad.module"}. A model overrides it with what a loader needs to rebuild it (sizes, a
     * vocabulary).
     */
    protected Map<String, String> metadata() {
        return Map.of("vectorgrad.module", getClass().getName());
    }

    /**
     * Sets training ({@code true}) or evaluation mode on this module and every descendant, as PyTorch's
     * {@code train(mode)}: dropout is applied only in training. Returns this module.
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module child : children.values()) {
            child.train(mode);
        }
        return this;
    }

    /** Evaluation mode for the whole tree: {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode (the default). */
    public final boolean isTraining() {
        return training;
    }

    /**
     * What this module adds inside the parentheses of {@link #toString()} (sizes and options), as PyTorch's
     * {@code extra_repr}; empty by default.
     */
    protected String describe() {
        return "";
    }

    /**
     * The module tree as PyTorch prints it: {@code Name(describe)}, then each child on its own line as
     * {@code (name): ...}, indented.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        append(b, "");
        return b.toString();
    }

    private void append(StringBuilder b, String indent) {
        b.append(getClass().getSimpleName()).append('(').append(describe());
        if (!children.isEmpty()) {
            b.append('\n');
            for (Map.Entry<String, Module> c : children.entrySet()) {
                b.append(indent).append("  (").append(c.getKey()).append("): ");
                c.getValue().append(b, indent + "  ");
                b.append('\n');
            }
            b.append(indent);
        }
        b.append(')');
    }
}
