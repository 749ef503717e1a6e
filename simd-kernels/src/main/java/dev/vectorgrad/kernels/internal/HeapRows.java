package dev.vectorgrad.kernels.internal;

import dev.vectorgrad.kernels.AlignedFloatMatrix;

/**
 * A row-major heap copy of a float matrix (leading dimension = its columns): the {@link AlignedFloatMatrix} of the
 * providers that keep it on the heap, the scalar one and the Vector API one on JDK 21, each a subclass that names
 * itself and multiplies by {@link #data()} with its own array GEMV.
 */
public abstract class HeapRows implements AlignedFloatMatrix {

    private final int rows;
    private final int columns;
    private final float[] data;

    /** Copies A (m x n from {@code aOff}, leading dimension {@code lda}); the arguments are already checked. */
    protected HeapRows(int m, int n, float[] a, int aOff, int lda) {
        long size = (long) m * n;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("align: A is " + m + "x" + n + ": " + size
                    + " elements, more than an array holds");
        }
        float[] copy = new float[(int) size];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, aOff + i * lda, copy, i * n, n);
        }
        this.rows = m;
        this.columns = n;
        this.data = copy;
    }

    /** The copy itself, for the provider's GEMV (never handed out: {@link #toArray()} copies it). */
    protected final float[] data() {
        return data;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int columns() {
        return columns;
    }

    @Override
    public final boolean offHeap() {
        return false;
    }

    @Override
    public final float[] toArray() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "AlignedFloatMatrix[" + rows + "x" + columns + ", " + provider() + ", heap]";
    }
}
