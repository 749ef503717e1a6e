// Generated from AlignedRows.java.in and the methods its //@body lines name by tools/Twins.java: do not edit (edit those, then run java tools/Twins.java).
package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.vectorgrad.kernels.vector.FloatMath.*;

/**
 * The Vector API provider's {@link AlignedFloatMatrix} on JDK 22 and later (the jar's {@code META-INF/versions/22};
 * the JDK 21 version is a heap copy): the rows off the heap, each starting on a 64-byte boundary (the row stride is
 * the column count rounded up to 16 floats), in memory the GC frees when the matrix is unreachable. The GEMV is
 * {@link FloatGemv}'s: its four-row loop and dot product are copied here by tools/Twins.java from FloatGemv.java,
 * the matrix read from the segment, so the same operations in the same order give the same bits. As in the
 * kernels, no method takes or returns a vector.
 */
final class AlignedRows implements AlignedFloatMatrix {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    /** Rows start on 64-byte lines: the stride is a multiple of 16 floats. */
    private static final int LINE_FLOATS = 16;

    private final int rows;
    private final int columns;
    private final int stride;
    private final MemorySegment data;

    private AlignedRows(int rows, int columns, int stride, MemorySegment data) {
        this.rows = rows;
        this.columns = columns;
        this.stride = stride;
        this.data = data;
    }

    /** Copies A (m x n from {@code aOff}, leading dimension {@code lda}); arguments already checked. */
    static AlignedRows copyOf(int m, int n, float[] a, int aOff, int lda) {
        long stride = ((long) n + LINE_FLOATS - 1) / LINE_FLOATS * LINE_FLOATS;
        if ((long) m * stride > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("align: A is " + m + "x" + n + ": " + (long) m * stride
                    + " elements with its rows padded to 64 bytes, more than an array holds");
        }
        MemorySegment data = Arena.ofAuto().allocate((long) m * stride * Float.BYTES, 64);
        for (int i = 0; i < m; i++) {
            MemorySegment.copy(a, aOff + i * lda, data, FLOAT, i * stride * Float.BYTES, n);
        }
        return new AlignedRows(m, n, (int) stride, data);
    }

    /** The GEMV by the block at ({@code row}, {@code col}), m x n, as {@link FloatGemv}'s; arguments checked. */
    void gemv(int row, int m, int col, int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        if (alpha == 0f) {
            // As in BLAS: A and x are not read, so NaN in them does not reach y.
            FloatGemv.scaleByBeta(m, beta, y, yOff);
            return;
        }
        rows(m, n, alpha, data, row * stride + col, stride, x, xOff, beta, y, yOff);
    }

    /** {@code FloatGemv.rows}: rows {@code aOff}, {@code aOff + lda}, ... (element offsets) of the segment. */
    private static void rows(int m, int n, float alpha, MemorySegment a, int aOff, int lda, float[] x, int xOff,
                             float beta, float[] y, int yOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            gemvFourRows(n, alpha, a, aOff + i * lda, lda, x, xOff, beta, y, yOff + i);
        }
        for (; i < m; i++) {
            float s = dot(n, a, aOff + i * lda, x, xOff);
            y[yOff + i] = beta == 0f ? alpha * s : Math.fma(alpha, s, beta * y[yOff + i]);
        }
    }

    /** {@code FloatGemv.gemvFourRows}: rows {@code a0}, {@code a0 + lda}, ... (element offsets) of the segment. */
    private static void gemvFourRows(int n, float alpha, MemorySegment a, int a0, int lda, float[] x, int xOff,
                                     float beta, float[] y, int yOff) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int j = 0;
        int bound = S.loopBound(n);
        for (; j < bound; j += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + j);
            s0 = FloatVector.fromMemorySegment(S, a, (long) (a0 + j) * Float.BYTES, ORDER).fma(xv, s0);
            s1 = FloatVector.fromMemorySegment(S, a, (long) (a1 + j) * Float.BYTES, ORDER).fma(xv, s1);
            s2 = FloatVector.fromMemorySegment(S, a, (long) (a2 + j) * Float.BYTES, ORDER).fma(xv, s2);
            s3 = FloatVector.fromMemorySegment(S, a, (long) (a3 + j) * Float.BYTES, ORDER).fma(xv, s3);
        }
        // The four lane sums at once (FloatMath.XOR_HALF): rows 0 and 1 share a vector after the
        // first butterfly level, all four after the second; written out (see the class comment).
        FloatVector p01 = s0.blend(s1.rearrange(XOR_HALF), HALF_BIT).add(s0.rearrange(XOR_HALF).blend(s1, HALF_BIT));
        FloatVector p23 = s2.blend(s3.rearrange(XOR_HALF), HALF_BIT).add(s2.rearrange(XOR_HALF).blend(s3, HALF_BIT));
        FloatVector q = p01.blend(p23.rearrange(XOR_QUARTER), QUARTER_BIT)
                .add(p01.rearrange(XOR_QUARTER).blend(p23, QUARTER_BIT));
        if (L >= 16) {
            q = q.add(q.rearrange(XOR2));
        }
        if (L >= 8) {
            q = q.add(q.rearrange(XOR1));
        }
        float r0 = q.lane(0);
        float r1 = q.lane(L / 2);
        float r2 = q.lane(L / 4);
        float r3 = q.lane(L / 2 + L / 4);
        for (; j < n; j++) {
            float xj = x[xOff + j];
            r0 = Math.fma(a.get(FLOAT, (long) (a0 + j) * Float.BYTES), xj, r0);
            r1 = Math.fma(a.get(FLOAT, (long) (a1 + j) * Float.BYTES), xj, r1);
            r2 = Math.fma(a.get(FLOAT, (long) (a2 + j) * Float.BYTES), xj, r2);
            r3 = Math.fma(a.get(FLOAT, (long) (a3 + j) * Float.BYTES), xj, r3);
        }
        if (beta == 0f) {
            y[yOff] = alpha * r0;
            y[yOff + 1] = alpha * r1;
            y[yOff + 2] = alpha * r2;
            y[yOff + 3] = alpha * r3;
        } else {
            y[yOff] = Math.fma(alpha, r0, beta * y[yOff]);
            y[yOff + 1] = Math.fma(alpha, r1, beta * y[yOff + 1]);
            y[yOff + 2] = Math.fma(alpha, r2, beta * y[yOff + 2]);
            y[yOff + 3] = Math.fma(alpha, r3, beta * y[yOff + 3]);
        }
    }

    /** {@code FloatGemv.dot} of the row at element {@code xOff} of the segment and y. */
    private static float dot(int n, MemorySegment x, int xOff, float[] y, int yOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * L; i <= bound4; i += 4 * L) {
            s0 = FloatVector.fromMemorySegment(S, x, (long) (xOff + i) * Float.BYTES, ORDER).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromMemorySegment(S, x, (long) (xOff + i + L) * Float.BYTES, ORDER).fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
            s2 = FloatVector.fromMemorySegment(S, x, (long) (xOff + i + 2 * L) * Float.BYTES, ORDER).fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromMemorySegment(S, x, (long) (xOff + i + 3 * L) * Float.BYTES, ORDER).fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromMemorySegment(S, x, (long) (xOff + i) * Float.BYTES, ORDER).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        }
        // The lane sum by the butterfly of FloatMath, written out (see the class comment).
        FloatVector v = s0.add(s1).add(s2.add(s3));
        if (L >= 16) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        v = v.add(v.rearrange(XOR1));
        float s = v.lane(0);
        for (; i < n; i++) {
            s = Math.fma(x.get(FLOAT, (long) (xOff + i) * Float.BYTES), y[yOff + i], s);
        }
        return s;
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
        return true;
    }

    @Override
    public float[] toArray() {
        float[] out = new float[Math.multiplyExact(rows, columns)];
        for (int i = 0; i < rows; i++) {
            MemorySegment.copy(data, FLOAT, (long) i * stride * Float.BYTES, out, i * columns, columns);
        }
        return out;
    }

    @Override
    public String toString() {
        return "AlignedFloatMatrix[" + rows + "x" + columns + ", vector, off the heap, rows at 64-byte lines]";
    }
}
