package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.Tensor;

/** Row (axis 0) copies out of a sample-major tensor: slices and gathers, for batching and splitting. */
final class Rows {

    private Rows() {}

    /** Elements per row of {@code t}: the product of its dimensions after the first. */
    static int rowSize(Tensor t) {
        int n = 1;
        for (int d = 1; d < t.rank(); d++) {
            n *= t.dim(d);
        }
        return n;
    }

    /** {@code t}'s shape with the first dimension replaced by {@code rows}. */
    static int[] withRows(Tensor t, int rows) {
        int[] shape = t.shape();
        shape[0] = rows;
        return shape;
    }

    /** A copy of rows {@code [from, to)}. */
    static Tensor slice(Tensor t, int from, int to) {
        int rowSize = rowSize(t);
        Tensor out = Tensor.zeros(t.dtype(), withRows(t, to - from));
        copy(t, from * rowSize, out, 0, (to - from) * rowSize);
        return out;
    }

    /** A copy of the rows {@code order[from..to)} of {@code t}, in that order. */
    static Tensor gather(Tensor t, int[] order, int from, int to) {
        int rowSize = rowSize(t);
        Tensor out = Tensor.zeros(t.dtype(), withRows(t, to - from));
        for (int i = from; i < to; i++) {
            copy(t, order[i] * rowSize, out, (i - from) * rowSize, rowSize);
        }
        return out;
    }

    /** Copies {@code length} elements between tensors of the same dtype. */
    static void copy(Tensor src, int srcPos, Tensor dst, int dstPos, int length) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy: " + src.dtype() + " into " + dst.dtype());
        }
        switch (src.dtype()) {
            case F32 -> System.arraycopy(src.dataF32(), srcPos, dst.dataF32(), dstPos, length);
            case F64 -> System.arraycopy(src.dataF64(), srcPos, dst.dataF64(), dstPos, length);
        }
    }
}
