package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain Java arrays to tensors, as Keras turns NumPy arrays into its inputs: nested {@code float} arrays of any
 * rank become F32, nested {@code double} arrays F64, and nested {@code int} arrays (token ids for an
 * {@code Embedding}, class labels) F32 holding the integral values, as Keras feeds ids. Flat arrays with a shape
 * are also accepted. Every conversion copies. Ids must lie within +-2^24, where every integer is a float.
 */
public final class Tensors {

    /** 2^24: the largest magnitude up to which every integer is a float. */
    static final int MAX_EXACT_ID = 1 << 24;

    private Tensors() {}

    /**
     * A tensor from a nested primitive array of any rank: {@code float[]}, {@code float[][]}, ...,
     * {@code double[]...}, {@code int[]...}. The shape is the nesting's lengths.
     *
     * @throws IllegalArgumentException if {@code array} is not a nested {@code float}, {@code double} or {@code int}
     *     array, if it is ragged (naming the first ragged row, its length and the expected one), or if a row is null
     */
    public static Tensor of(Object array) {
        if (array == null) {
            throw new IllegalArgumentException("array is null");
        }
        Class<?> type = array.getClass();
        int rank = 0;
        while (type.isArray()) {
            type = type.getComponentType();
            rank++;
        }
        if (rank == 0 || (type != float.class && type != double.class && type != int.class)) {
            throw new IllegalArgumentException("expected a nested float, double or int array, got "
                    + array.getClass().getSimpleName());
        }
        int[] shape = new int[rank];
        Object row = array;
        for (int d = 0; d < rank; d++) {
            int length = java.lang.reflect.Array.getLength(row);
            shape[d] = length;
            if (d < rank - 1) {
                if (length == 0) {
                    break; // deeper lengths stay 0
                }
                row = java.lang.reflect.Array.get(row, 0);
                if (row == null) {
                    throw new IllegalArgumentException("row " + "[0]".repeat(d + 1) + " is null");
                }
            }
        }
        Tensor out = Tensor.zeros(type == double.class ? DType.F64 : DType.F32, shape);
        new Filler(out, shape).fill(array, 0, new ArrayList<>());
        return out;
    }

    /**
     * An F32 tensor holding a copy of {@code data} with the given shape.
     *
     * @throws IllegalArgumentException if the shape's size differs from {@code data.length}, naming both
     */
    public static Tensor ofFlat(float[] data, int... shape) {
        checkSize(data.length, shape);
        return Tensor.of(data, shape);
    }

    /**
     * An F64 tensor holding a copy of {@code data} with the given shape.
     *
     * @throws IllegalArgumentException if the shape's size differs from {@code data.length}, naming both
     */
    public static Tensor ofFlat(double[] data, int... shape) {
        checkSize(data.length, shape);
        return Tensor.of(data, shape);
    }

    /**
     * An F32 tensor of integral values from ids with the given shape.
     *
     * @throws IllegalArgumentException if the shape's size differs from {@code ids.length}, naming both
     */
    public static Tensor ofFlat(int[] ids, int... shape) {
        checkSize(ids.length, shape);
        Tensor out = Tensor.zeros(DType.F32, shape);
        float[] data = out.dataF32();
        for (int i = 0; i < ids.length; i++) {
            if (Math.abs((long) ids[i]) > MAX_EXACT_ID) {
                exactId(ids[i], "flat index " + i);
            }
            data[i] = ids[i];
        }
        return out;
    }

    /** Ids travel as F32: beyond 2^24 a float no longer holds every integer, so such an id is refused. */
    private static void exactId(int id, String where) {
        if (Math.abs((long) id) > MAX_EXACT_ID) {
            throw new IllegalArgumentException("id " + id + " at " + where + " is beyond +-" + MAX_EXACT_ID
                    + ", the range a float holds exactly");
        }
    }

    private static void checkSize(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Tensor.shapeString(shape) + " has a negative dimension");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("flat array has " + length + " elements but shape "
                    + Tensor.shapeString(shape) + " needs " + n);
        }
    }

    /** Copies the leaves in row-major order, checking every row against the shape. */
    private static final class Filler {
        private final Tensor out;
        private final int[] shape;
        private int next;
        private List<Integer> leafPath;

        Filler(Tensor out, int[] shape) {
            this.out = out;
            this.shape = shape;
        }

        void fill(Object row, int depth, List<Integer> path) {
            int length = java.lang.reflect.Array.getLength(row);
            if (length != shape[depth]) {
                throw new IllegalArgumentException("ragged array: row " + index(path) + " has length " + length
                        + ", expected " + shape[depth] + " (the length of row " + firstIndex(depth) + ")");
            }
            if (depth == shape.length - 1) {
                leafPath = path;
                copyLeaf(row, length);
                return;
            }
            Object[] rows = (Object[]) row;
            for (int i = 0; i < length; i++) {
                path.add(i);
                if (rows[i] == null) {
                    throw new IllegalArgumentException("row " + index(path) + " is null");
                }
                fill(rows[i], depth + 1, path);
                path.remove(path.size() - 1);
            }
        }

        private void copyLeaf(Object row, int length) {
            if (row instanceof float[] f) {
                System.arraycopy(f, 0, out.dataF32(), next, length);
            } else if (row instanceof double[] d) {
                System.arraycopy(d, 0, out.dataF64(), next, length);
            } else {
                int[] ids = (int[]) row;
                float[] data = out.dataF32();
                for (int i = 0; i < length; i++) {
                    if (Math.abs((long) ids[i]) > MAX_EXACT_ID) {
                        exactId(ids[i], index(leafPath) + "[" + i + "]");
                    }
                    data[next + i] = ids[i];
                }
            }
            next += length;
        }

        private static String index(List<Integer> path) {
            if (path.isEmpty()) {
                return "(the array itself)";
            }
            StringBuilder s = new StringBuilder();
            for (int i : path) {
                s.append('[').append(i).append(']');
            }
            return s.toString();
        }

        private static String firstIndex(int depth) {
            return depth == 0 ? "(the array itself)" : "[0]".repeat(depth);
        }
    }
}
