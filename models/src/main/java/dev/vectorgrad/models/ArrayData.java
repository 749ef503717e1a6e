package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * In-memory samples for {@link Sequential}: a Java array of any rank ({@code float[][][]}, {@code double[][]},
 * {@code int[][]} ids, ...) or a {@link Tensor}, held once as one row-major tensor {@code [samples, ...]}, from
 * which batches are gathered by sample index. Converted once per call, never per epoch.
 */
final class ArrayData {

    private final Tensor values;
    private final int samples;
    private final int sampleSize;
    /** Whether the source held integers ({@code int[]}, {@code long[]}, ...), as ids and class labels do. */
    private final boolean integral;

    private ArrayData(Tensor values, boolean integral) {
        this.values = values;
        this.samples = values.dim(0);
        this.sampleSize = samples == 0 ? 0 : values.size() / samples;
        this.integral = integral;
    }

    /**
     * Converts {@code source}: a {@link Tensor} of rank at least 1, or a rectangular Java array of rank at least 1 of
     * {@code float}, {@code double}, {@code int}, {@code long}, {@code short} or {@code byte}.
     *
     * @param what names the argument in errors ({@code "x"}, {@code "y"}, {@code "validation x"})
     * @throws IllegalArgumentException for null, another type, rank 0 or a ragged array, naming where
     */
    static ArrayData of(Object source, String what) {
        if (source == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (source instanceof ArrayData data) {
            return data;
        }
        if (source instanceof Tensor t) {
            if (t.rank() == 0) {
                throw new IllegalArgumentException(what + " is a scalar tensor; it needs a batch dimension");
            }
            return new ArrayData(t.detach(), false);
        }
        Class<?> type = source.getClass();
        if (!type.isArray()) {
            throw new IllegalArgumentException(what + ": expected a Java array (float[][]..., double[]..., int[][] ids)"
                    + " or a Tensor, got " + type.getName());
        }
        int rank = 0;
        Class<?> component = type;
        while (component.isArray()) {
            component = component.getComponentType();
            rank++;
        }
        boolean integral = component == int.class || component == long.class || component == short.class
                || component == byte.class;
        if (!integral && component != float.class && component != double.class) {
            throw new IllegalArgumentException(what + ": expected an array of float, double, int, long, short or byte,"
                    + " got " + type.getSimpleName());
        }
        int[] shape = new int[rank];
        Object probe = source;
        for (int d = 0; d < rank; d++) {
            shape[d] = Array.getLength(probe);
            if (shape[d] == 0 || d == rank - 1) {
                break;
            }
            probe = Array.get(probe, 0);
        }
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " has " + size + " values, more than one tensor holds");
        }
        DType dtype = component == double.class ? DType.F64 : DType.F32;
        Tensor t = Tensor.zeros(dtype, shape);
        fill(source, 0, shape, t, new int[] {0}, what, new int[rank]);
        return new ArrayData(t, integral);
    }

    private static void fill(Object array, int depth, int[] shape, Tensor out, int[] pos, String what, int[] index) {
        int length = Array.getLength(array);
        if (length != shape[depth]) {
            throw new IllegalArgumentException(what + " is ragged: " + what + path(index, depth) + " has length "
                    + length + ", expected " + shape[depth] + " (as " + what + path(new int[depth], depth) + ")");
        }
        if (depth == shape.length - 1) {
            if (array instanceof float[] a) {
                System.arraycopy(a, 0, out.dataF32(), pos[0], a.length);
            } else if (array instanceof double[] a) {
                System.arraycopy(a, 0, out.dataF64(), pos[0], a.length);
            } else if (array instanceof int[] a) {
                float[] dst = out.dataF32();
                for (int i = 0; i < a.length; i++) {
                    dst[pos[0] + i] = a[i];
                }
            } else if (array instanceof long[] a) {
                float[] dst = out.dataF32();
                for (int i = 0; i < a.length; i++) {
                    dst[pos[0] + i] = a[i];
                }
            } else if (array instanceof short[] a) {
                float[] dst = out.dataF32();
                for (int i = 0; i < a.length; i++) {
                    dst[pos[0] + i] = a[i];
                }
            } else {
                byte[] a = (byte[]) array;
                float[] dst = out.dataF32();
                for (int i = 0; i < a.length; i++) {
                    dst[pos[0] + i] = a[i];
                }
            }
            pos[0] += length;
            return;
        }
        for (int i = 0; i < length; i++) {
            Object child = Array.get(array, i);
            index[depth] = i;
            if (child == null) {
                throw new IllegalArgumentException(what + path(index, depth + 1) + " is null");
            }
            fill(child, depth + 1, shape, out, pos, what, index);
        }
    }

    private static String path(int[] index, int depth) {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            b.append('[').append(index[d]).append(']');
        }
        return b.toString();
    }

    /** The values, {@code [samples, ...]} (shared, read only). */
    Tensor values() {
        return values;
    }

    int samples() {
        return samples;
    }

    /** The shape of one sample (without the batch dimension). */
    int[] sampleShape() {
        int[] s = values.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    boolean integral() {
        return integral;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), as a new data set (one copy). */
    ArrayData slice(int from, int to) {
        int[] shape = values.shape();
        shape[0] = to - from;
        Tensor t = Tensor.zeros(values.dtype(), shape);
        copyRows(values, from, t, 0, to - from);
        return new ArrayData(t, integral);
    }

    /** The samples {@code order[from..to)} (or {@code from..to} when {@code order} is null) as a new tensor of {@code dtype}. */
    Tensor gather(int[] order, int from, int to, DType dtype) {
        int[] shape = values.shape();
        shape[0] = to - from;
        Tensor out = Tensor.zeros(dtype, shape);
        if (order == null && dtype == values.dtype()) {
            copyRows(values, from, out, 0, to - from);
            return out;
        }
        for (int r = from; r < to; r++) {
            int sample = order == null ? r : order[r];
            if (dtype == values.dtype()) {
                copyRows(values, sample, out, r - from, 1);
            } else {
                int src = sample * sampleSize;
                int dst = (r - from) * sampleSize;
                for (int k = 0; k < sampleSize; k++) {
                    out.set(dst + k, values.get(src + k));
                }
            }
        }
        return out;
    }

    private void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows) {
        if (src.dtype() == DType.F32) {
            System.arraycopy(src.dataF32(), srcRow * sampleSize, dst.dataF32(), dstRow * sampleSize, rows * sampleSize);
        } else {
            System.arraycopy(src.dataF64(), srcRow * sampleSize, dst.dataF64(), dstRow * sampleSize, rows * sampleSize);
        }
    }
}
