package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

import static dev.vectorgrad.kernels.vector.FloatMath.*;

/**
 * Float GEMV on the Vector API, with the vector loops it is made of (dot, axpy, scale), on checked
 * arguments: the float kernels' {@code gemv}, {@code dot}, {@code axpy} and {@code scale}, and the
 * route {@link FloatGemm} takes when C is a single row or column. As in the kernels, no method
 * takes or returns a vector (see {@link FloatMath}).
 */
final class FloatGemv {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();

    private FloatGemv() {
    }

    /** GEMV on checked arguments; also the route GEMM takes when C is a single row or column. */
    static void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (alpha == 0f) {
            // As in BLAS: A and x are not read, so NaN in them does not reach y.
            scaleByBeta(transA ? n : m, beta, y, yOff);
            return;
        }
        if (transA) {
            gemvTransposed(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        } else {
            rows(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }
    }

    /** The GEMV by A not transposed ({@code alpha != 0}): four rows at a time, then the rows left one by one. */
    private static void rows(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
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

    /** Four rows of A against x at once, so each load of x feeds four FMAs. */
    private static void gemvFourRows(int n, float alpha, float[] a, int a0, int lda, float[] x, int xOff,
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
            s0 = FloatVector.fromArray(S, a, a0 + j).fma(xv, s0);
            s1 = FloatVector.fromArray(S, a, a1 + j).fma(xv, s1);
            s2 = FloatVector.fromArray(S, a, a2 + j).fma(xv, s2);
            s3 = FloatVector.fromArray(S, a, a3 + j).fma(xv, s3);
        }
        //#double
        //= // The four lane sums by the butterfly of DoubleMath, written out (see the class comment).
        //= if (L >= 8) {
        //=     s0 = s0.add(s0.rearrange(XOR4));
        //=     s1 = s1.add(s1.rearrange(XOR4));
        //=     s2 = s2.add(s2.rearrange(XOR4));
        //=     s3 = s3.add(s3.rearrange(XOR4));
        //= }
        //= if (L >= 4) {
        //=     s0 = s0.add(s0.rearrange(XOR2));
        //=     s1 = s1.add(s1.rearrange(XOR2));
        //=     s2 = s2.add(s2.rearrange(XOR2));
        //=     s3 = s3.add(s3.rearrange(XOR2));
        //= }
        //= s0 = s0.add(s0.rearrange(XOR1));
        //= s1 = s1.add(s1.rearrange(XOR1));
        //= s2 = s2.add(s2.rearrange(XOR1));
        //= s3 = s3.add(s3.rearrange(XOR1));
        //= double r0 = s0.lane(0);
        //= double r1 = s1.lane(0);
        //= double r2 = s2.lane(0);
        //= double r3 = s3.lane(0);
        //#float
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
        //#end
        for (; j < n; j++) {
            float xj = x[xOff + j];
            r0 = Math.fma(a[a0 + j], xj, r0);
            r1 = Math.fma(a[a1 + j], xj, r1);
            r2 = Math.fma(a[a2 + j], xj, r2);
            r3 = Math.fma(a[a3 + j], xj, r3);
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

    /** y = beta*y, then y += (alpha*x_i) * A_i for each row i in order: the scalar twin's exact order. */
    private static void gemvTransposed(int m, int n, float alpha, float[] a, int aOff, int lda,
                                       float[] x, int xOff, float beta, float[] y, int yOff) {
        scaleByBeta(n, beta, y, yOff);
        for (int i = 0; i < m; i++) {
            axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }

    /** {@code y += alpha * x}, one FMA per element. */
    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** {@code x *= alpha}. */
    static void scale(int n, float alpha, float[] x, int xOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** {@code y = beta * y} as BLAS scales an output: beta = 0 overwrites with zeros (NaN does not survive). */
    static void scaleByBeta(int n, float beta, float[] y, int off) {
        if (beta == 0f) {
            Arrays.fill(y, off, off + n, 0f);
        } else if (beta != 1f) {
            scale(n, beta, y, off);
        }
    }

    /** Dot product with four accumulators, lanes summed by the butterfly, then the tail in order. */
    static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * L; i <= bound4; i += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromArray(S, x, xOff + i + L).fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(S, x, xOff + i + 2 * L).fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xOff + i + 3 * L).fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        }
        // The lane sum by the butterfly of FloatMath, written out (see the class comment).
        FloatVector v = s0.add(s1).add(s2.add(s3));
        //#double no-xor8
        //#float
        if (L >= 16) {
            v = v.add(v.rearrange(XOR8));
        }
        //#end
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        v = v.add(v.rearrange(XOR1));
        float s = v.lane(0);
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }
}
