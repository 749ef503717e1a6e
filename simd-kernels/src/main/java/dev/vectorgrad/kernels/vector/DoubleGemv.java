// Generated from FloatGemv.java by tools/Twins.java: do not edit (edit FloatGemv.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

import static dev.vectorgrad.kernels.vector.DoubleMath.*;

/**
 * Double GEMV on the Vector API, with the vector loops it is made of (dot, axpy, scale), on checked
 * arguments: the double kernels' {@code gemv}, {@code dot}, {@code axpy} and {@code scale}, and the
 * route {@link DoubleGemm} takes when C is a single row or column. As in the kernels, no method
 * takes or returns a vector (see {@link DoubleMath}).
 */
final class DoubleGemv {

    private static final VectorSpecies<Double> S = Species.DOUBLE;
    private static final int L = S.length();

    private DoubleGemv() {
    }

    /** GEMV on checked arguments; also the route GEMM takes when C is a single row or column. */
    static void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        if (alpha == 0.0) {
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
    private static void rows(int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                             double beta, double[] y, int yOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            gemvFourRows(n, alpha, a, aOff + i * lda, lda, x, xOff, beta, y, yOff + i);
        }
        for (; i < m; i++) {
            double s = dot(n, a, aOff + i * lda, x, xOff);
            y[yOff + i] = beta == 0.0 ? alpha * s : Math.fma(alpha, s, beta * y[yOff + i]);
        }
    }

    /** Four rows of A against x at once, so each load of x feeds four FMAs. */
    private static void gemvFourRows(int n, double alpha, double[] a, int a0, int lda, double[] x, int xOff,
                                     double beta, double[] y, int yOff) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int j = 0;
        int bound = S.loopBound(n);
        for (; j < bound; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, xOff + j);
            s0 = DoubleVector.fromArray(S, a, a0 + j).fma(xv, s0);
            s1 = DoubleVector.fromArray(S, a, a1 + j).fma(xv, s1);
            s2 = DoubleVector.fromArray(S, a, a2 + j).fma(xv, s2);
            s3 = DoubleVector.fromArray(S, a, a3 + j).fma(xv, s3);
        }
        // The four lane sums by the butterfly of DoubleMath, written out (see the class comment).
        if (L >= 8) {
            s0 = s0.add(s0.rearrange(XOR4));
            s1 = s1.add(s1.rearrange(XOR4));
            s2 = s2.add(s2.rearrange(XOR4));
            s3 = s3.add(s3.rearrange(XOR4));
        }
        if (L >= 4) {
            s0 = s0.add(s0.rearrange(XOR2));
            s1 = s1.add(s1.rearrange(XOR2));
            s2 = s2.add(s2.rearrange(XOR2));
            s3 = s3.add(s3.rearrange(XOR2));
        }
        s0 = s0.add(s0.rearrange(XOR1));
        s1 = s1.add(s1.rearrange(XOR1));
        s2 = s2.add(s2.rearrange(XOR1));
        s3 = s3.add(s3.rearrange(XOR1));
        double r0 = s0.lane(0);
        double r1 = s1.lane(0);
        double r2 = s2.lane(0);
        double r3 = s3.lane(0);
        for (; j < n; j++) {
            double xj = x[xOff + j];
            r0 = Math.fma(a[a0 + j], xj, r0);
            r1 = Math.fma(a[a1 + j], xj, r1);
            r2 = Math.fma(a[a2 + j], xj, r2);
            r3 = Math.fma(a[a3 + j], xj, r3);
        }
        if (beta == 0.0) {
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
    private static void gemvTransposed(int m, int n, double alpha, double[] a, int aOff, int lda,
                                       double[] x, int xOff, double beta, double[] y, int yOff) {
        scaleByBeta(n, beta, y, yOff);
        for (int i = 0; i < m; i++) {
            axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }

    /** {@code y += alpha * x}, one FMA per element. */
    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).fma(va, DoubleVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** {@code x *= alpha}. */
    static void scale(int n, double alpha, double[] x, int xOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** {@code y = beta * y} as BLAS scales an output: beta = 0 overwrites with zeros (NaN does not survive). */
    static void scaleByBeta(int n, double beta, double[] y, int off) {
        if (beta == 0.0) {
            Arrays.fill(y, off, off + n, 0.0);
        } else if (beta != 1.0) {
            scale(n, beta, y, off);
        }
    }

    /** Dot product with four accumulators, lanes summed by the butterfly, then the tail in order. */
    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * L; i <= bound4; i += 4 * L) {
            s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
            s1 = DoubleVector.fromArray(S, x, xOff + i + L).fma(DoubleVector.fromArray(S, y, yOff + i + L), s1);
            s2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
        }
        // The lane sum by the butterfly of DoubleMath, written out (see the class comment).
        DoubleVector v = s0.add(s1).add(s2.add(s3));
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        v = v.add(v.rearrange(XOR1));
        double s = v.lane(0);
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }
}
