package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.data.Tensors;
import java.util.Arrays;

/**
 * In-memory samples for {@link Sequential}: a Java array of any rank ({@code float[][][]}, {@code double[][]},
 * {@code int[][]} ids, ...) or a {@link Tensor} (a flat array with a shape: {@link Tensors#ofFlat}), held once as one row-major tensor {@code [samples, ...]}, from
 * which batches are gathered by sample index. Converted once per call, never per epoch.
 */
final class ArrayData {

    private final Tensor values;
    private final int samples;
    private final int sampleSize;
    private ArrayData(Tensor values) {
        this.values = values;
        this.samples = values.dim(0);
        this.sampleSize = samples == 0 ? 0 : values.size() / samples;
    }

    /**
     * Converts {@code source}: a {@link Tensor} of rank at least 1 (used as it is, not copied: it must not change
     * during the call), or a rectangular Java array of
     * {@code float}, {@code double} or {@code int} of any rank (by {@link Tensors#of}).
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
            return new ArrayData(t);
        }
        if (!source.getClass().isArray()) {
            throw new IllegalArgumentException(what + ": expected a Java array (float[][]..., double[]..., int[][] ids)"
                    + " or a Tensor, got " + source.getClass().getName());
        }
        Tensor t;
        try {
            t = Tensors.of(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        return new ArrayData(t);
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

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), as a new data set (one copy). */
    ArrayData slice(int from, int to) {
        int[] shape = values.shape();
        shape[0] = to - from;
        Tensor t = Tensor.zeros(values.dtype(), shape);
        copyRows(values, from, t, 0, to - from);
        return new ArrayData(t);
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
