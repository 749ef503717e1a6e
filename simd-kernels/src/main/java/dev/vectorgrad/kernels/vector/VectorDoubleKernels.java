// Generated from VectorFloatKernels.java by tools/Twins.java: do not edit (edit VectorFloatKernels.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.Window2d;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

import static dev.vectorgrad.kernels.vector.DoubleMath.*;

/**
 * Double kernels on the Vector API: the preferred species, a main loop to {@code loopBound} and a
 * scalar tail; reductions keep four accumulators and reduce once. GEMM is in {@link DoubleGemm};
 * GEMV, dot, axpy and scale are in {@link DoubleGemv}.
 *
 * <p>No method of this class takes or returns a vector: the lane-wise exp, log, tanh and
 * sigmoid and the lane sums are written out in each kernel that uses them (the constants are
 * in {@link DoubleMath}, which says why), so a kernel inlined into a large caller, where C2 stops
 * inlining our own methods, still calls only the Vector API's force-inlined methods on vectors
 * and allocates nothing.
 */
final class VectorDoubleKernels extends DoubleKernels {

    private static final VectorSpecies<Double> S = Species.DOUBLE;
    private static final int L = S.length();
    /**
     * Per-thread scratch: the last, partial vector of an activation, exp or log row in the first L
     * elements, the lanes of a softmax row sum in the next L.
     */
    private static final ThreadLocal<double[]> TAIL = ThreadLocal.withInitial(() -> new double[2 * L]);

    private final int threads;

    VectorDoubleKernels(int threads) {
        super("vector", DoubleGemm.Packed.class);
        this.threads = threads;
    }

    @Override
    protected void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc) {
        DoubleGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
    }

    @Override
    protected PackedDoubleMatrix packUnchecked(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        return DoubleGemm.pack(transB, k, n, b, bOff, ldb);
    }

    @Override
    protected void gemmUnchecked(boolean transA, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 PackedDoubleMatrix b,
                                 double beta, double[] c, int cOff, int ldc) {
        DoubleGemm.gemm(transA, m, n, k, alpha, a, aOff, lda, (DoubleGemm.Packed) b, beta, c, cOff, ldc, threads);
    }

    @Override
    protected void gemvUnchecked(boolean transA, int m, int n,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] x, int xOff,
                                 double beta, double[] y, int yOff) {
        DoubleGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    protected void addUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).add(DoubleVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    protected void subUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).sub(DoubleVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    protected void mulUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).mul(DoubleVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    protected void divUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).div(DoubleVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    protected void axpyUnchecked(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleGemv.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    protected void scaleUnchecked(int n, double alpha, double[] x, int xOff) {
        DoubleGemv.scale(n, alpha, x, xOff);
    }

    @Override
    protected void fillUnchecked(int n, double value, double[] x, int xOff) {
        Arrays.fill(x, xOff, xOff + n, value);
    }

    @Override
    protected void copyUnchecked(int n, double[] src, int srcOff, double[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    protected void addProductUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out,
                                       int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i)
                    .fma(DoubleVector.fromArray(S, y, yOff + i), DoubleVector.fromArray(S, out, outOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], out[outOff + i]);
        }
    }

    @Override
    protected void productSumUnchecked(int n, double[] a, int aOff, double[] b, int bOff,
                                       double[] c, int cOff, double[] d, int dOff, double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector cd = DoubleVector.fromArray(S, c, cOff + i).mul(DoubleVector.fromArray(S, d, dOff + i));
            DoubleVector.fromArray(S, a, aOff + i).fma(DoubleVector.fromArray(S, b, bOff + i), cd).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i] * d[dOff + i]);
        }
    }

    @Override
    protected void lerpUnchecked(int n, double[] t, int tOff, double[] a, int aOff, double[] b, int bOff,
                                 double[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector av = DoubleVector.fromArray(S, a, aOff + i);
            DoubleVector.fromArray(S, t, tOff + i).fma(DoubleVector.fromArray(S, b, bOff + i).sub(av), av)
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            double ai = a[aOff + i];
            out[outOff + i] = Math.fma(t[tOff + i], b[bOff + i] - ai, ai);
        }
    }

    @Override
    protected double sumUnchecked(int n, double[] x, int xOff) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * L; i <= bound4; i += 4 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, x, xOff + i));
            s1 = s1.add(DoubleVector.fromArray(S, x, xOff + i + L));
            s2 = s2.add(DoubleVector.fromArray(S, x, xOff + i + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, x, xOff + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(DoubleVector.fromArray(S, x, xOff + i));
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
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    protected double dotUnchecked(int n, double[] x, int xOff, double[] y, int yOff) {
        return DoubleGemv.dot(n, x, xOff, y, yOff);
    }

    @Override
    protected double maxUnchecked(int n, double[] x, int xOff) {
        DoubleVector m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        DoubleVector m1 = m0;
        int i = 0;
        for (int bound2 = n - 2 * L; i <= bound2; i += 2 * L) {
            m0 = m0.max(DoubleVector.fromArray(S, x, xOff + i));
            m1 = m1.max(DoubleVector.fromArray(S, x, xOff + i + L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m0 = m0.max(DoubleVector.fromArray(S, x, xOff + i));
        }
        double m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    protected double sumOfSquaresUnchecked(int n, double[] x, int xOff) {
        return DoubleGemv.dot(n, x, xOff, x, xOff);
    }

    @Override
    protected void tanhUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        // The math is written out once, in a loop that also takes the tail (zero-padded): a second
        // copy for the tail would double the kernel's size. No call in it takes or returns a vector
        // (see DoubleMath).
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            DoubleVector v = count == L ? DoubleVector.fromArray(S, x, xOff + i) : DoubleVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            // tanh(v): an odd polynomial below |v| = TANH_SMALL, else (1 - e)/(1 + e) with e = exp(-2|v|);
            // the sign copied from v.
            DoubleVector ax = v.abs();
            DoubleVector z = ax.mul(ax);
            DoubleVector num = z.fma(P0, P1).fma(z, DoubleVector.broadcast(S, P2));
            DoubleVector den = z.add(Q0).fma(z, DoubleVector.broadcast(S, Q1))
                    .fma(z, DoubleVector.broadcast(S, Q2));
            DoubleVector small = ax.mul(z).mul(num.div(den)).add(ax);
            // e = exp(-2|v|), as in exp(); written out here on purpose (see DoubleMath).
            DoubleVector xc = ax.mul(-2.0).max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            DoubleVector t = xc.fma(LOG2E, ROUND);
            DoubleVector k = t.sub(ROUND);
            LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector rr = r.mul(r);
            DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
                    .fma(rr, DoubleVector.broadcast(S, EQ3));
            DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            DoubleVector large = e.neg().add(1.0).div(e.add(1.0));
            DoubleVector y = large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
            y = y.reinterpretAsLongs().or(v.reinterpretAsLongs().and(0x8000000000000000L)).reinterpretAsDoubles();
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                double[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void sigmoidUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        // The math is written out once, in a loop that also takes the tail (zero-padded): a second
        // copy for the tail would double the kernel's size. No call in it takes or returns a vector
        // (see DoubleMath).
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            DoubleVector v = count == L ? DoubleVector.fromArray(S, x, xOff + i) : DoubleVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            // sigmoid(v): e = exp(-|v|), then 1/(1 + e) or e/(1 + e), so it never overflows.
            // e = exp(-|v|), as in exp(); written out here on purpose (see DoubleMath).
            DoubleVector xc = v.abs().neg().max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            DoubleVector t = xc.fma(LOG2E, ROUND);
            DoubleVector k = t.sub(ROUND);
            LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector rr = r.mul(r);
            DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
                    .fma(rr, DoubleVector.broadcast(S, EQ3));
            DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            DoubleVector numerator = DoubleVector.broadcast(S, 1.0).blend(e, v.compare(VectorOperators.LT, 0.0));
            DoubleVector y = numerator.div(e.add(1.0));
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                double[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void expUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        // The math is written out once, the tail included (zero-padded), as in tanh.
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            DoubleVector v = count == L ? DoubleVector.fromArray(S, x, xOff + i) : DoubleVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            // y = exp(v): v = k ln2 + r (Cody-Waite), e^r by a rational, 2^k applied in two exact halves.
            DoubleVector xc = v.max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            DoubleVector t = xc.fma(LOG2E, ROUND);
            DoubleVector k = t.sub(ROUND);
            LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector rr = r.mul(r);
            DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
                    .fma(rr, DoubleVector.broadcast(S, EQ3));
            DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector y = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                double[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void logUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        // The math is written out once, the tail included (zero-padded), as in tanh.
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            DoubleVector v = count == L ? DoubleVector.fromArray(S, x, xOff + i) : DoubleVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            // log(v): v = 2^k m, m in [sqrt(1/2), sqrt(2)), subnormals scaled by 2^54 first; f = m - 1,
            // s = f / (2 + f), log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))); k ln2 added in two parts.
            VectorMask<Double> subnormal = v.compare(VectorOperators.LT, Double.MIN_NORMAL);
            LongVector u = v.blend(v.mul(TWO_54), subnormal).reinterpretAsLongs().add(LOG_SHIFT);
            DoubleVector k = u.lanewise(VectorOperators.LSHR, MANTISSA_BITS).or(MAGIC_BITS).reinterpretAsDoubles()
                    .sub(DoubleVector.broadcast(S, EXPONENT_BIAS).blend(SUBNORMAL_EXPONENT_BIAS, subnormal));
            DoubleVector f = u.and(MANTISSA_MASK).add(SQRT_HALF_BITS).reinterpretAsDoubles().sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector r = z.mul(z.fma(L6, L5)
                    .fma(z, DoubleVector.broadcast(S, L4))
                    .fma(z, DoubleVector.broadcast(S, L3))
                    .fma(z, DoubleVector.broadcast(S, L2))
                    .fma(z, DoubleVector.broadcast(S, L1))
                    .fma(z, DoubleVector.broadcast(S, L0)));
            DoubleVector hfsq = f.mul(f).mul(0.5);
            // log(1 + f) + k ln2_lo = f - (hfsq - (s (hfsq + R) + k ln2_lo)), then + k ln2_hi.
            DoubleVector lo = s.fma(hfsq.add(r), k.mul(LN2_LO));
            DoubleVector y = k.fma(DoubleVector.broadcast(S, LN2_HI), f.sub(hfsq.sub(lo)));
            // Finite v (and -inf, made NaN below) keep y; NaN and +inf give themselves.
            y = v.blend(y, v.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
            y = y.blend(Double.NaN, v.compare(VectorOperators.LT, 0.0));
            y = y.blend(Double.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0.0));
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                double[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    /**
     * The last {@code count} (< L) elements from {@code off} copied into a zero-padded per-thread
     * vector, so a tail goes through the same vector function as the rest. Masked loads and stores
     * would do the same, but allocate a mask on every call (measured with the JVM's per-thread
     * allocation counter).
     */
    private static double[] paddedTail(double[] x, int off, int count) {
        double[] tail = TAIL.get();
        System.arraycopy(x, off, tail, 0, count);
        Arrays.fill(tail, count, L, 0.0);
        return tail;
    }

    @Override
    protected void reluUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0.0);
        }
    }

    @Override
    protected void tanhBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                         int dxOff) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector.fromArray(S, dy, dyOff + i).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1.0 - v * v);
        }
    }

    @Override
    protected void sigmoidBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                            int dxOff) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector.fromArray(S, dy, dyOff + i).mul(v.mul(one.sub(v))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1.0 - v));
        }
    }

    @Override
    protected void reluBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                         int dxOff) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(S, dy, dyOff + i), positive).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0.0 ? dy[dyOff + i] : 0.0;
        }
    }

    @Override
    protected void softmaxRowsUnchecked(int rows, int cols, double[] x, int xOff, int ldx, double[] out,
                                        int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            double s = expShiftedSum(cols, x, xi, maxUnchecked(cols, x, xi), out, oi);
            DoubleVector vs = DoubleVector.broadcast(S, s);
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                DoubleVector.fromArray(S, out, oi + j).div(vs).intoArray(out, oi + j);
            }
            for (; j < cols; j++) {
                out[oi + j] /= s;
            }
        }
    }

    @Override
    protected void logSoftmaxRowsUnchecked(int rows, int cols, double[] x, int xOff, int ldx, double[] out,
                                           int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            double m = maxUnchecked(cols, x, xi);
            double logSum = Math.log(expShiftedSum(cols, x, xi, m, null, 0));
            DoubleVector vm = DoubleVector.broadcast(S, m);
            DoubleVector vl = DoubleVector.broadcast(S, logSum);
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                DoubleVector.fromArray(S, x, xi + j).sub(vm).sub(vl).intoArray(out, oi + j);
            }
            for (; j < cols; j++) {
                out[oi + j] = (x[xi + j] - m) - logSum;
            }
        }
    }

    /**
     * Sum of {@code exp(x_j - m)} over one row; when {@code out} is not null the terms are also
     * stored there (softmax numerators). The tail goes through the same vector exp, zero-padded, in
     * the same place (see {@link #tanh}). The lanes are summed through the scratch array in order,
     * then the tail.
     */
    private static double expShiftedSum(int n, double[] x, int xOff, double m, double[] out, int outOff) {
        DoubleVector vm = DoubleVector.broadcast(S, m);
        DoubleVector acc = DoubleVector.zero(S);
        double[] scratch = TAIL.get();
        int tailCount = 0;
        for (int j = 0; j < n; j += L) {
            int count = Math.min(L, n - j);
            DoubleVector v = count == L ? DoubleVector.fromArray(S, x, xOff + j) : DoubleVector.fromArray(S, paddedTail(x, xOff + j, count), 0);
            // e = exp(v - m), as in exp(); written out here on purpose (see DoubleMath).
            DoubleVector xc = v.sub(vm).max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            DoubleVector t = xc.fma(LOG2E, ROUND);
            DoubleVector k = t.sub(ROUND);
            LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector rr = r.mul(r);
            DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
                    .fma(rr, DoubleVector.broadcast(S, EQ3));
            DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            if (count == L) {
                if (out != null) {
                    e.intoArray(out, outOff + j);
                }
                acc = acc.add(e);
            } else {
                e.intoArray(scratch, 0);
                if (out != null) {
                    System.arraycopy(scratch, 0, out, outOff + j, count);
                }
                tailCount = count;
            }
        }
        acc.intoArray(scratch, L);
        double s = 0.0;
        for (int q = L; q < 2 * L; q++) {
            s += scratch[q];
        }
        for (int q = 0; q < tailCount; q++) {
            s += scratch[q];
        }
        return s;
    }

    // ---- convolution (DoubleConv: im2col and GEMM) and pooling (DoublePool) ----

    @Override
    protected void conv2dUnchecked(Window2d g, int filters, double[] x, int xOff, double[] kernel, int kernelOff,
                                   double[] bias, int biasOff, double[] y, int yOff) {
        DoubleConv.conv2d(g, filters, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, threads);
    }

    @Override
    protected void conv2dBackwardInputUnchecked(Window2d g, int filters, double[] dy, int dyOff, double[] kernel,
                                                int kernelOff, double[] dx, int dxOff) {
        DoubleConv.backwardInput(g, filters, dy, dyOff, kernel, kernelOff, dx, dxOff, threads);
    }

    @Override
    protected void conv2dBackwardKernelUnchecked(Window2d g, int filters, double[] x, int xOff, double[] dy,
                                                 int dyOff, double[] dkernel, int dkernelOff) {
        DoubleConv.backwardKernel(g, filters, x, xOff, dy, dyOff, dkernel, dkernelOff, threads);
    }

    @Override
    protected void maxPool2dUnchecked(Window2d g, double[] x, int xOff, double[] y, int yOff) {
        DoublePool.maxPool2d(g, x, xOff, y, yOff);
    }

    @Override
    protected void maxPool2dBackwardUnchecked(Window2d g, double[] x, int xOff, double[] dy, int dyOff,
                                              double[] dx, int dxOff) {
        DoublePool.maxPool2dBackward(g, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    protected void avgPool2dUnchecked(Window2d g, double[] x, int xOff, double[] y, int yOff) {
        DoublePool.avgPool2d(g, x, xOff, y, yOff);
    }

    @Override
    protected void avgPool2dBackwardUnchecked(Window2d g, double[] dy, int dyOff, double[] dx, int dxOff) {
        DoublePool.avgPool2dBackward(g, dy, dyOff, dx, dxOff);
    }
}
