package dev.vectorgrad.interop.keras;

import dev.vectorgrad.autograd.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reads of Keras's HDF5 files through jHDF, each failure turned into a {@link KerasFormatException} that names
 * the file and the HDF5 path: nodes by path, string attributes, and float datasets of an expected shape. jHDF reports
 * damaged files with unchecked exceptions of its own and of the JDK (buffer underflows, bad arguments); those are
 * caught here, at the boundary, and rethrown with their cause. Errors ({@code OutOfMemoryError},
 * {@code StackOverflowError}) are not caught.
 */
final class Hdf5 implements AutoCloseable {

    private final HdfFile file;
    private final String where;
    private final long fileBytes;

    private Hdf5(HdfFile file, String where, long fileBytes) {
        this.file = file;
        this.where = where;
        this.fileBytes = fileBytes;
    }

    /**
     * Opens the HDF5 image in {@code bytes}; {@code where} names it in errors. In memory on purpose: jHDF 0.13.0 reading
     * through a file channel allocates a heap buffer of whatever size an object header claims (a fuzzed 8 KB file
     * asked for more than 1 GiB), while over a buffer it takes views of the buffer, so a claim past the end fails.
     */
    static Hdf5 open(ByteBuffer bytes, String where) throws KerasFormatException {
        long size = bytes.remaining();
        try {
            return new Hdf5(HdfFile.fromByteBuffer(bytes), where, size);
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": not a readable HDF5 file: " + e, e);
        }
    }

    /** The node at {@code path} ({@code a/b/c}, empty for the root), or null when a part of it does not exist. */
    Node find(String path) throws KerasFormatException {
        try {
            Node node = file;
            if (path.isEmpty()) {
                return node;
            }
            for (String part : path.split("/")) {
                if (!(node instanceof Group g)) {
                    return null;
                }
                node = g.getChildren().get(part);
                if (node == null) {
                    return null;
                }
            }
            return node;
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": HDF5 path '" + path + "' is unreadable: " + e, e);
        }
    }

    /** The file's name in errors. */
    String where() {
        return where;
    }

    /** The number of children of {@code g} (at {@code path}). */
    int childCount(Group g, String path) throws KerasFormatException {
        try {
            return g.getChildren().size();
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": HDF5 group '" + path + "' is unreadable: " + e, e);
        }
    }

    /** The group at {@code path}, or null when absent. */
    Group group(String path) throws KerasFormatException {
        Node n = find(path);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Group g)) {
            throw new KerasFormatException(where + ": HDF5 path '" + path + "' is a dataset, expected a group");
        }
        return g;
    }

    /**
     * The string, or strings, of attribute {@code name} of the node at {@code path}: null when there is no such
     * attribute, an empty list for an empty one (h5py writes an empty list of names as an empty float array).
     */
    List<String> strings(String path, String name) throws KerasFormatException {
        Node n = find(path);
        if (n == null) {
            throw new KerasFormatException(where + ": HDF5 path '" + path + "' is missing");
        }
        try {
            Attribute a = n.getAttribute(name);
            if (a == null) {
                return null;
            }
            if (a.isEmpty() || a.getSize() == 0) {
                return List.of();
            }
            if (a.getSize() > KerasImport.MAX_HDF5_NODES) {
                throw new KerasFormatException(where + ": attribute '" + name + "' of '" + path + "' has " + a.getSize()
                        + " entries, more than the cap of " + KerasImport.MAX_HDF5_NODES);
            }
            Object data = a.getData();
            if (data instanceof String s) {
                return List.of(s);
            }
            if (data instanceof String[] s) {
                return List.of(s);
            }
            throw new KerasFormatException(where + ": attribute '" + name + "' of '" + path + "' is "
                    + a.getJavaType().getSimpleName() + " " + Arrays.toString(a.getDimensions()) + ", expected strings");
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": attribute '" + name + "' of '" + path + "' is unreadable: " + e, e);
        }
    }

    /**
     * Counts the elements of the float datasets under {@code root}, visiting each node once (HDF5 links may form
     * cycles), at most {@link KerasImport#MAX_HDF5_NODES} nodes; each dataset and the total must stay within
     * {@link KerasImport#MAX_ELEMENTS}. The result bounds the weights a config may make.
     */
    long countElements(String root) throws KerasFormatException {
        Node start = find(root);
        if (start == null) {
            return 0;
        }
        Deque<Node> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.push(start);
        long total = 0;
        int nodes = 0;
        try {
            while (!todo.isEmpty()) {
                Node n = todo.pop();
                if (!seen.add(n.getAddress())) {
                    continue;
                }
                if (++nodes > KerasImport.MAX_HDF5_NODES) {
                    throw new KerasFormatException(where + ": more than " + KerasImport.MAX_HDF5_NODES + " HDF5 nodes under '"
                            + root + "' (the cap)");
                }
                if (n instanceof Group g) {
                    for (Node child : g.getChildren().values()) {
                        todo.push(child);
                    }
                } else if (n instanceof Dataset d && isFloat(d)) {
                    long size = elements(d);
                    total += size;
                    if (total > KerasImport.MAX_ELEMENTS) {
                        throw new KerasFormatException(where + ": the weights under '" + root + "' claim more than "
                                + KerasImport.MAX_ELEMENTS + " elements (the cap), at '" + d.getPath() + "'");
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": the HDF5 tree under '" + root + "' is unreadable: " + e, e);
        }
        return total;
    }

    /**
     * The float32 or float64 dataset at {@code path}, which must have {@code shape}; {@code what} names the weight
     * in errors (layer and weight name).
     */
    Tensor read(String path, int[] shape, String what) throws KerasFormatException {
        Node n = find(path);
        if (n == null) {
            throw new KerasFormatException(where + ": " + what + ": HDF5 dataset '" + path + "' is missing (expected "
                    + Arrays.toString(shape) + ")");
        }
        if (!(n instanceof Dataset d)) {
            throw new KerasFormatException(where + ": " + what + ": HDF5 path '" + path + "' is a group, expected a dataset");
        }
        try {
            if (!isFloat(d)) {
                throw new KerasFormatException(where + ": " + what + ": dataset '" + path + "' holds "
                        + describe(d) + ", expected float32 or float64 " + Arrays.toString(shape));
            }
            long[] dims = d.getDimensionsAsLong();
            boolean same = dims.length == shape.length;
            for (int i = 0; same && i < dims.length; i++) {
                same = dims[i] == shape[i];
            }
            if (!same) {
                throw new KerasFormatException(where + ": " + what + ": dataset '" + path + "' is "
                        + Arrays.toString(dims) + ", expected " + Arrays.toString(shape));
            }
            elements(d);
            Object data = d.getDataFlat();
            if (data instanceof float[] f && f.length == Math.toIntExact(product(shape))) {
                return Tensor.of(f, shape);
            }
            if (data instanceof double[] f && f.length == Math.toIntExact(product(shape))) {
                return Tensor.of(f, shape);
            }
            throw new KerasFormatException(where + ": " + what + ": dataset '" + path + "' read back as "
                    + data.getClass().getSimpleName() + ", expected " + product(shape) + " floats");
        } catch (RuntimeException e) {
            throw new KerasFormatException(where + ": " + what + ": dataset '" + path + "' is unreadable: " + e, e);
        }
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private static boolean isFloat(Dataset d) {
        Class<?> t = d.getJavaType();
        return (t == float.class || t == double.class) && !d.isCompound() && !d.isVariableLength();
    }

    /**
     * The dataset's claimed element count, checked against {@link KerasImport#MAX_ELEMENTS} and against the file's
     * size (times {@link KerasImport#MAX_COMPRESSION_RATIO} for a filtered dataset): a small file cannot claim a large
     * tensor, even one whose storage it never allocated (HDF5 then reads the fill value).
     */
    private long elements(Dataset d) throws KerasFormatException {
        long size = 1;
        for (long dim : d.getDimensionsAsLong()) {
            if (dim < 0 || (dim > 0 && size > KerasImport.MAX_ELEMENTS / dim)) {
                throw new KerasFormatException(where + ": dataset '" + d.getPath() + "' claims "
                        + Arrays.toString(d.getDimensionsAsLong()) + " elements, more than the cap of "
                        + KerasImport.MAX_ELEMENTS);
            }
            size *= dim;
        }
        if (size > KerasImport.MAX_ELEMENTS) {
            throw new KerasFormatException(where + ": dataset '" + d.getPath() + "' claims " + size
                    + " elements, more than the cap of " + KerasImport.MAX_ELEMENTS);
        }
        long bytes = size * (d.getJavaType() == double.class ? 8 : 4);
        boolean filtered = !d.getFilters().isEmpty();
        long backed = filtered ? fileBytes * KerasImport.MAX_COMPRESSION_RATIO : fileBytes;
        if (bytes > backed) {
            throw new KerasFormatException(where + ": dataset '" + d.getPath() + "' claims " + size + " elements ("
                    + bytes + " bytes), more than the " + fileBytes + "-byte file can hold"
                    + (filtered ? " at a compression ratio of " + KerasImport.MAX_COMPRESSION_RATIO : ""));
        }
        return size;
    }

    private static String describe(Dataset d) {
        return d.getDataType().getClass().getSimpleName().replace("DataType", "").toLowerCase(java.util.Locale.ROOT) + " ("
                + d.getJavaType().getSimpleName() + ") " + Arrays.toString(d.getDimensionsAsLong());
    }

    @Override
    public void close() {
        file.close();
    }
}
