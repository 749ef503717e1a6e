package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link SafeTensors} read: the tensors in file order, the dtype each was stored as, and the
 * {@code __metadata__} strings; plus checks for callers that expect particular names and shapes.
 *
 * <p>The maps are unmodifiable; the tensors are new leaves owned by the caller.
 */
public final class SafeTensorsFile {

    private static final int LISTED_NAMES = 10;

    private final String source;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> storedDtypes;
    private final Map<String, String> metadata;

    SafeTensorsFile(String source, Map<String, Tensor> tensors, Map<String, String> storedDtypes,
            Map<String, String> metadata) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.storedDtypes = Collections.unmodifiableMap(storedDtypes);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** The tensors by name, iterating in file order (by data offset). F32 or F64; BF16 and F16 were widened to F32. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings in header order; empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The dtype tensor {@code name} was stored as ({@code "F32"}, {@code "F64"}, {@code "BF16"} or {@code "F16"}), or null. */
    public String storedDtype(String name) {
        return storedDtypes.get(name);
    }

    /** Tensor {@code name}; throws naming the tensors the file has when it is missing. */
    public Tensor require(String name) throws SafeTensorsException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new SafeTensorsException(source, name, "missing: the file has " + describeNames(tensors.keySet()));
        }
        return t;
    }

    /**
     * Tensor {@code name}, which must have exactly {@code shape}; throws naming the tensor, the
     * expected and the found shape otherwise.
     */
    public Tensor requireShape(String name, int... shape) throws SafeTensorsException {
        Tensor t = require(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new SafeTensorsException(source, name, "expected shape " + Arrays.toString(shape) + ", found "
                    + Arrays.toString(t.shape()));
        }
        return t;
    }

    /** Checks that the file holds exactly the tensors {@code names}, listing the missing and unexpected ones otherwise. */
    public void requireNames(Collection<String> names) throws SafeTensorsException {
        Set<String> expected = new LinkedHashSet<>(names);
        List<String> missing = new ArrayList<>();
        for (String n : expected) {
            if (!tensors.containsKey(n)) {
                missing.add(n);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : tensors.keySet()) {
            if (!expected.contains(n)) {
                unexpected.add(n);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new SafeTensorsException(source, null, "expected exactly " + describeNames(expected)
                    + (missing.isEmpty() ? "" : "; missing " + describeNames(missing))
                    + (unexpected.isEmpty() ? "" : "; unexpected " + describeNames(unexpected)));
        }
    }

    /** Shows dtypes, shapes and metadata, not values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SafeTensorsFile(");
        boolean first = true;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            s.append(first ? "" : ", ").append(SafeTensorsException.quote(e.getKey())).append(' ')
                    .append(storedDtypes.get(e.getKey())).append(Arrays.toString(e.getValue().shape()));
            first = false;
        }
        if (!metadata.isEmpty()) {
            s.append(first ? "" : ", ").append("metadata ").append(metadata.size()).append(" entries");
        }
        return s.append(')').toString();
    }

    private static String describeNames(Collection<String> names) {
        if (names.isEmpty()) {
            return "no tensors";
        }
        StringBuilder s = new StringBuilder().append(names.size()).append(names.size() == 1 ? " tensor: " : " tensors: ");
        int i = 0;
        for (String n : names) {
            if (i == LISTED_NAMES) {
                s.append(", ... (").append(names.size() - LISTED_NAMES).append(" more)");
                break;
            }
            s.append(i++ == 0 ? "" : ", ").append(SafeTensorsException.quote(n));
        }
        return s.toString();
    }
}
