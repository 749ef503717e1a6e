package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.internal.HeapRows;

/**
 * The Vector API provider's {@link dev.vectorgrad.kernels.AlignedFloatMatrix} on JDK 21: a row-major heap copy,
 * multiplied by the array GEMV ({@link FloatGemv}). A heap array cannot be placed on a 64-byte boundary (its address
 * is the allocator's and the GC may move it); the jar's {@code META-INF/versions/22} holds the version of this class
 * that keeps the rows off the heap, aligned, with the same bits (src/main/java22).
 */
final class AlignedRows extends HeapRows {

    private AlignedRows(int m, int n, float[] a, int aOff, int lda) {
        super(m, n, a, aOff, lda);
    }

    /** Copies A (m x n from {@code aOff}, leading dimension {@code lda}); arguments already checked. */
    static AlignedRows copyOf(int m, int n, float[] a, int aOff, int lda) {
        return new AlignedRows(m, n, a, aOff, lda);
    }

    /** The GEMV by the block at ({@code row}, {@code col}), m x n; arguments already checked. */
    void gemv(int row, int m, int col, int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        FloatGemv.gemv(false, m, n, alpha, data(), row * columns() + col, columns(), x, xOff, beta, y, yOff);
    }

    @Override
    public String provider() {
        return "vector";
    }
}
