package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.AlignedFloatMatrix;

/**
 * The Vector API provider's {@link AlignedFloatMatrix} on JDK 21: a row-major heap copy, multiplied by the array
 * GEMV ({@link FloatGemv}). A heap array cannot be placed on a 64-byte boundary (its address is the allocator's and
 * the GC may move it); the jar's {@code META-INF/versions/22} holds the version of this class that keeps the rows
 * off the heap, aligned, with the same bits (src/main/java22).
 */
final class AlignedRows implements AlignedFloatMatrix {

    private final int rows;
    private final int columns;
    private final float[] data;

    private AlignedRows(int rows, int columns, float[] data) {
        this.rows = rows;
        this.columns = columns;
        this.data = data;
    }

    /** Copies A (m x n from {@code aOff}, leading dimension {@code lda}); arguments already checked. */
    static AlignedRows copyOf(int m, int n, float[] a, int aOff, int lda) {
        long size = (long) m * n;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("align: A is " + m + "x" + n + ": " + size
                    + " elements, more than an array holds");
        }
        float[] data = new float[(int) size];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, aOff + i * lda, data, i * n, n);
        }
        return new AlignedRows(m, n, data);
    }

    /** The GEMV by the block at ({@code row}, {@code col}), m x n; arguments already checked. */
    void gemv(int row, int m, int col, int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        FloatGemv.gemv(false, m, n, alpha, data, row * columns + col, columns, x, xOff, beta, y, yOff);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public String provider() {
        return "vector";
    }

    @Override
    public boolean offHeap() {
        return false;
    }

    @Override
    public float[] toArray() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "AlignedFloatMatrix[" + rows + "x" + columns + ", vector, heap]";
    }
}
