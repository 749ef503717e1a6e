package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

import static dev.vectorgrad.kernels.vector.FloatMath.*;

/**
 * Float kernels on the Vector API: the preferred species, a main loop to {@code loopBound} and a
 * scalar tail; reductions keep four accumulators and reduce once. GEMM is in {@link FloatGemm};
 * GEMV, dot, axpy and scale are in {@link FloatGemv}.
 *
 * <p>No method of this class takes or returns a vector: the lane-wise exp, log, tanh and
 * sigmoid and the lane sums are written out in each kernel that uses them (the constants are
 * in {@link FloatMath}, which says why), so a kernel inlined into a large caller, where C2 stops
 * inlining our own methods, still calls only the Vector API's force-inlined methods on vectors
 * and allocates nothing.
 */
final class VectorFloatKernels extends FloatKernels {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    /**
     * Per-thread scratch: the last, partial vector of an activation, exp or log row in the first L
     * elements, the lanes of a softmax row sum in the next L.
     */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[2 * L]);

    private final int threads;

    VectorFloatKernels(int threads) {
        super("vector", FloatGemm.Packed.class);
        this.threads = threads;
    }

    @Override
    protected void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        FloatGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);
    }

    @Override
    protected PackedFloatMatrix packUnchecked(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return FloatGemm.pack(transB, k, n, b, bOff, ldb);
    }

    @Override
    protected void gemmUnchecked(boolean transA, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 PackedFloatMatrix b,
                                 float beta, float[] c, int cOff, int ldc) {
        FloatGemm.gemm(transA, m, n, k, alpha, a, aOff, lda, (FloatGemm.Packed) b, beta, c, cOff, ldc, threads);
    }

    //#double
    //#float
    @Override
    protected dev.vectorgrad.kernels.AlignedFloatMatrix alignUnchecked(int m, int n, float[] a, int aOff, int lda) {
        return AlignedRows.copyOf(m, n, a, aOff, lda);
    }

    @Override
    protected Class<? extends dev.vectorgrad.kernels.AlignedFloatMatrix> alignedType() {
        return AlignedRows.class;
    }

    @Override
    protected void gemvUnchecked(dev.vectorgrad.kernels.AlignedFloatMatrix a, int row, int m, int col, int n,
                                 float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        ((AlignedRows) a).gemv(row, m, col, n, alpha, x, xOff, beta, y, yOff);
    }

    //#end
    @Override
    protected void gemvUnchecked(boolean transA, int m, int n,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] x, int xOff,
                                 float beta, float[] y, int yOff) {
        FloatGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    protected void addUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    protected void subUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    protected void mulUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    protected void divUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).div(FloatVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    protected void axpyUnchecked(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatGemv.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    protected void scaleUnchecked(int n, float alpha, float[] x, int xOff) {
        FloatGemv.scale(n, alpha, x, xOff);
    }

    @Override
    protected void fillUnchecked(int n, float value, float[] x, int xOff) {
        Arrays.fill(x, xOff, xOff + n, value);
    }

    @Override
    protected void copyUnchecked(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    protected void addProductUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                       int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i)
                    .fma(FloatVector.fromArray(S, y, yOff + i), FloatVector.fromArray(S, out, outOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], out[outOff + i]);
        }
    }

    @Override
    protected void productSumUnchecked(int n, float[] a, int aOff, float[] b, int bOff,
                                       float[] c, int cOff, float[] d, int dOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector cd = FloatVector.fromArray(S, c, cOff + i).mul(FloatVector.fromArray(S, d, dOff + i));
            FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), cd).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i] * d[dOff + i]);
        }
    }

    @Override
    protected void lerpUnchecked(int n, float[] t, int tOff, float[] a, int aOff, float[] b, int bOff,
                                 float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, aOff + i);
            FloatVector.fromArray(S, t, tOff + i).fma(FloatVector.fromArray(S, b, bOff + i).sub(av), av)
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float ai = a[aOff + i];
            out[outOff + i] = Math.fma(t[tOff + i], b[bOff + i] - ai, ai);
        }
    }

    @Override
    protected float sumUnchecked(int n, float[] x, int xOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = n - 4 * L; i <= bound4; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
            s1 = s1.add(FloatVector.fromArray(S, x, xOff + i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, xOff + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, xOff + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
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
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    protected float dotUnchecked(int n, float[] x, int xOff, float[] y, int yOff) {
        return FloatGemv.dot(n, x, xOff, y, yOff);
    }

    @Override
    protected float maxUnchecked(int n, float[] x, int xOff) {
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector m1 = m0;
        int i = 0;
        for (int bound2 = n - 2 * L; i <= bound2; i += 2 * L) {
            m0 = m0.max(FloatVector.fromArray(S, x, xOff + i));
            m1 = m1.max(FloatVector.fromArray(S, x, xOff + i + L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m0 = m0.max(FloatVector.fromArray(S, x, xOff + i));
        }
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    protected float sumOfSquaresUnchecked(int n, float[] x, int xOff) {
        return FloatGemv.dot(n, x, xOff, x, xOff);
    }

    @Override
    protected void tanhUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        // The math is written out once, in a loop that also takes the tail (zero-padded): a second
        // copy for the tail would double the kernel's size. No call in it takes or returns a vector
        // (see FloatMath).
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            FloatVector v = count == L ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            //#double
            //= // tanh(v): an odd polynomial below |v| = TANH_SMALL, else (1 - e)/(1 + e) with e = exp(-2|v|);
            //= // the sign copied from v.
            //= DoubleVector ax = v.abs();
            //= DoubleVector z = ax.mul(ax);
            //= DoubleVector num = z.fma(P0, P1).fma(z, DoubleVector.broadcast(S, P2));
            //= DoubleVector den = z.add(Q0).fma(z, DoubleVector.broadcast(S, Q1))
            //=         .fma(z, DoubleVector.broadcast(S, Q2));
            //= DoubleVector small = ax.mul(z).mul(num.div(den)).add(ax);
            //= // e = exp(-2|v|), as in exp(); written out here on purpose (see DoubleMath).
            //= DoubleVector xc = ax.mul(-2.0).max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            //= DoubleVector t = xc.fma(LOG2E, ROUND);
            //= DoubleVector k = t.sub(ROUND);
            //= LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            //= DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            //= r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            //= DoubleVector rr = r.mul(r);
            //= DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            //= DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
            //=         .fma(rr, DoubleVector.broadcast(S, EQ3));
            //= DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            //= LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            //= LongVector k2 = ki.sub(k1);
            //= DoubleVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
            //=         .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            //= DoubleVector large = e.neg().add(1.0).div(e.add(1.0));
            //= DoubleVector y = large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
            //= y = y.reinterpretAsLongs().or(v.reinterpretAsLongs().and(0x8000000000000000L)).reinterpretAsDoubles();
            //#float
            // tanh(v) = h / (h + 1) with h = expm1(2|v|) / 2, |v| clamped to 9.1 (where tanh rounds to 1);
            // the sign copied from v, and a NaN restored (the clamp, an integer min on the bits of |v|,
            // replaces it). |v| = k ln2/2 + rh, h = 2^k P + (2^k - 1)/2 with P = expm1(2 rh) / 2 =
            // rh + rh^2 Q(rh).
            IntVector bits = v.reinterpretAsInts();
            IntVector abs = bits.and(ABS_MASK);
            FloatVector a = abs.min(TANH_CLAMP_BITS).reinterpretAsFloats();
            FloatVector t = a.fma(2 * LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector rh = k.fma(FloatVector.broadcast(S, -LN2_HALF), a);
            FloatVector q = rh.fma(TQ0, TQ1).fma(rh, FloatVector.broadcast(S, TQ2)).fma(rh, FloatVector.broadcast(S, TQ3))
                    .fma(rh, FloatVector.broadcast(S, TQ4)).fma(rh, FloatVector.broadcast(S, TQ5));
            FloatVector pHalf = rh.mul(rh).fma(q, rh);
            IntVector scaleBits = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, MANTISSA_BITS);
            FloatVector scale = scaleBits.add(IEEE_BIAS << MANTISSA_BITS).reinterpretAsFloats();
            FloatVector scaleMinusOneHalf = scaleBits.add((IEEE_BIAS - 1) << MANTISSA_BITS).reinterpretAsFloats().sub(0.5f);
            FloatVector h = pHalf.fma(scale, scaleMinusOneHalf);
            FloatVector y = h.div(h.add(1f));
            IntVector nan = abs.add(NAN_CARRY).lanewise(VectorOperators.ASHR, 31);
            y = y.reinterpretAsInts().or(bits.and(SIGN_MASK)).or(nan).reinterpretAsFloats();
            //#end
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                float[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void sigmoidUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        // The math is written out once, in a loop that also takes the tail (zero-padded): a second
        // copy for the tail would double the kernel's size. No call in it takes or returns a vector
        // (see FloatMath).
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            FloatVector v = count == L ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            //#double
            //= // sigmoid(v): e = exp(-|v|), then 1/(1 + e) or e/(1 + e), so it never overflows.
            //= // e = exp(-|v|), as in exp(); written out here on purpose (see DoubleMath).
            //= DoubleVector xc = v.abs().neg().max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            //= DoubleVector t = xc.fma(LOG2E, ROUND);
            //= DoubleVector k = t.sub(ROUND);
            //= LongVector ki = t.reinterpretAsLongs().sub(ROUND_BITS);
            //= DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), xc);
            //= r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            //= DoubleVector rr = r.mul(r);
            //= DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            //= DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
            //=         .fma(rr, DoubleVector.broadcast(S, EQ3));
            //= DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            //= LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            //= LongVector k2 = ki.sub(k1);
            //= DoubleVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles())
            //=         .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsDoubles());
            //= DoubleVector numerator = DoubleVector.broadcast(S, 1.0).blend(e, v.compare(VectorOperators.LT, 0.0));
            //= DoubleVector y = numerator.div(e.add(1.0));
            //#float
            // sigmoid(v) = C / (C + C e^-v) with C = 2^-64: -v clamped to [-40, 104] by integer mins on
            // its bits (a NaN is restored at the end), C e^-v = 2^(k-64) (1 + p) stays normal over that
            // range, and the one division rounds a subnormal result once.
            // -v = k ln2 + r (Cody-Waite), p = e^r - 1 = r + r^2 Q(r).
            IntVector bits = v.reinterpretAsInts();
            FloatVector xc = bits.min(SIGMOID_X_MAX_BITS).lanewise(VectorOperators.XOR, SIGN_MASK).min(SIGMOID_NEG_X_MAX_BITS)
                    .reinterpretAsFloats();
            FloatVector t = xc.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector q = r.fma(SQ0, SQ1).fma(r, FloatVector.broadcast(S, SQ2)).fma(r, FloatVector.broadcast(S, SQ3))
                    .fma(r, FloatVector.broadcast(S, SQ4));
            FloatVector p = r.mul(r).fma(q, r);
            FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, MANTISSA_BITS)
                    .add(SIGMOID_SCALE_BIAS << MANTISSA_BITS).reinterpretAsFloats();
            FloatVector e = p.fma(scale, scale);
            FloatVector y = FloatVector.broadcast(S, SIGMOID_C).div(e.add(SIGMOID_C));
            IntVector nan = bits.and(ABS_MASK).add(NAN_CARRY).lanewise(VectorOperators.ASHR, 31);
            y = y.reinterpretAsInts().or(nan).reinterpretAsFloats();
            //#end
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                float[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void expUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        // The math is written out once, the tail included (zero-padded), as in tanh.
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            FloatVector v = count == L ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            //#double
            //= // y = exp(v): v = k ln2 + r (Cody-Waite), e^r by a rational, 2^k applied in two exact halves.
            //#float
            // y = exp(v): v = k ln2 + r (Cody-Waite), e^r by a polynomial, 2^k applied in two exact halves.
            //#end
            FloatVector xc = v.max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            FloatVector t = xc.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            IntVector ki = t.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            //#double exp-of-r
            //= DoubleVector rr = r.mul(r);
            //= DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, DoubleVector.broadcast(S, EP2)));
            //= DoubleVector qx = rr.fma(EQ0, EQ1).fma(rr, DoubleVector.broadcast(S, EQ2))
            //=         .fma(rr, DoubleVector.broadcast(S, EQ3));
            //= DoubleVector er = px.div(qx.sub(px)).mul(2.0).add(1.0);
            //#float
            FloatVector q = r.fma(E0, E1).fma(r, FloatVector.broadcast(S, E2)).fma(r, FloatVector.broadcast(S, E3))
                    .fma(r, FloatVector.broadcast(S, E4)).fma(r, FloatVector.broadcast(S, E5));
            FloatVector er = r.mul(r).fma(q, r).add(1f);
            //#end
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            IntVector k2 = ki.sub(k1);
            FloatVector y = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats());
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                float[] tail = TAIL.get();
                y.intoArray(tail, 0);
                System.arraycopy(tail, 0, out, outOff + i, count);
            }
        }
    }

    @Override
    protected void logUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        // The math is written out once, the tail included (zero-padded), as in tanh.
        for (int i = 0; i < n; i += L) {
            int count = Math.min(L, n - i);
            FloatVector v = count == L ? FloatVector.fromArray(S, x, xOff + i) : FloatVector.fromArray(S, paddedTail(x, xOff + i, count), 0);
            //#double
            //= // log(v): v = 2^k m, m in [sqrt(1/2), sqrt(2)), subnormals scaled by 2^54 first; f = m - 1,
            //= // s = f / (2 + f), log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))); k ln2 added in two parts.
            //#float
            // log(v): v = 2^k m, m in [sqrt(1/2), sqrt(2)), subnormals scaled by 2^23 first; f = m - 1,
            // log(1 + f) = f - f^2/2 + f^3 P(f); k ln2 added in two parts.
            //#end
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
            IntVector u = v.blend(v.mul(/*double:TWO_54*/TWO_23), subnormal).reinterpretAsInts().add(LOG_SHIFT);
            FloatVector k = u.lanewise(VectorOperators.LSHR, MANTISSA_BITS).or(MAGIC_BITS).reinterpretAsFloats()
                    .sub(FloatVector.broadcast(S, EXPONENT_BIAS).blend(SUBNORMAL_EXPONENT_BIAS, subnormal));
            FloatVector f = u.and(MANTISSA_MASK).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
            //#double
            //= DoubleVector s = f.div(f.add(2.0));
            //= DoubleVector z = s.mul(s);
            //= DoubleVector r = z.mul(z.fma(L6, L5)
            //=         .fma(z, DoubleVector.broadcast(S, L4))
            //=         .fma(z, DoubleVector.broadcast(S, L3))
            //=         .fma(z, DoubleVector.broadcast(S, L2))
            //=         .fma(z, DoubleVector.broadcast(S, L1))
            //=         .fma(z, DoubleVector.broadcast(S, L0)));
            //= DoubleVector hfsq = f.mul(f).mul(0.5);
            //= // log(1 + f) + k ln2_lo = f - (hfsq - (s (hfsq + R) + k ln2_lo)), then + k ln2_hi.
            //= DoubleVector lo = s.fma(hfsq.add(r), k.mul(LN2_LO));
            //= DoubleVector y = k.fma(DoubleVector.broadcast(S, LN2_HI), f.sub(hfsq.sub(lo)));
            //#float
            FloatVector z = f.mul(f);
            FloatVector p = f.fma(L8, L7)
                    .fma(f, FloatVector.broadcast(S, L6))
                    .fma(f, FloatVector.broadcast(S, L5))
                    .fma(f, FloatVector.broadcast(S, L4))
                    .fma(f, FloatVector.broadcast(S, L3))
                    .fma(f, FloatVector.broadcast(S, L2))
                    .fma(f, FloatVector.broadcast(S, L1))
                    .fma(f, FloatVector.broadcast(S, L0));
            FloatVector lo = f.mul(z).mul(p);
            lo = k.fma(FloatVector.broadcast(S, LN2_LO), lo);
            lo = z.fma(FloatVector.broadcast(S, -0.5f), lo);
            FloatVector y = k.fma(FloatVector.broadcast(S, LN2_HI), f.add(lo));
            //#end
            // Finite v (and -inf, made NaN below) keep y; NaN and +inf give themselves.
            y = v.blend(y, v.compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
            y = y.blend(Float.NaN, v.compare(VectorOperators.LT, 0f));
            y = y.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
            if (count == L) {
                y.intoArray(out, outOff + i);
            } else {
                float[] tail = TAIL.get();
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
    private static float[] paddedTail(float[] x, int off, int count) {
        float[] tail = TAIL.get();
        System.arraycopy(x, off, tail, 0, count);
        Arrays.fill(tail, count, L, 0f);
        return tail;
    }

    @Override
    protected void reluUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    protected void tanhBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                         int dxOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    protected void sigmoidBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                            int dxOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(v.mul(one.sub(v))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1f - v));
        }
    }

    @Override
    protected void reluBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                         int dxOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i), positive).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    protected void softmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                        int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            float s = expShiftedSum(cols, x, xi, maxUnchecked(cols, x, xi), out, oi);
            FloatVector vs = FloatVector.broadcast(S, s);
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                FloatVector.fromArray(S, out, oi + j).div(vs).intoArray(out, oi + j);
            }
            for (; j < cols; j++) {
                out[oi + j] /= s;
            }
        }
    }

    @Override
    protected void logSoftmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                           int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            float m = maxUnchecked(cols, x, xi);
            float logSum = (float) Math.log(expShiftedSum(cols, x, xi, m, null, 0));
            FloatVector vm = FloatVector.broadcast(S, m);
            FloatVector vl = FloatVector.broadcast(S, logSum);
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                FloatVector.fromArray(S, x, xi + j).sub(vm).sub(vl).intoArray(out, oi + j);
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
    private static float expShiftedSum(int n, float[] x, int xOff, float m, float[] out, int outOff) {
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        float[] scratch = TAIL.get();
        int tailCount = 0;
        for (int j = 0; j < n; j += L) {
            int count = Math.min(L, n - j);
            FloatVector v = count == L ? FloatVector.fromArray(S, x, xOff + j) : FloatVector.fromArray(S, paddedTail(x, xOff + j, count), 0);
            // e = exp(v - m), as in exp(); written out here on purpose (see FloatMath).
            FloatVector xc = v.sub(vm).max(EXP_MIN_ARG).min(EXP_MAX_ARG);
            FloatVector t = xc.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            IntVector ki = t.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            //#double exp-of-r
            //#float
            FloatVector q = r.fma(E0, E1).fma(r, FloatVector.broadcast(S, E2)).fma(r, FloatVector.broadcast(S, E3))
                    .fma(r, FloatVector.broadcast(S, E4)).fma(r, FloatVector.broadcast(S, E5));
            FloatVector er = r.mul(r).fma(q, r).add(1f);
            //#end
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            IntVector k2 = ki.sub(k1);
            FloatVector e = er.mul(k1.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats())
                    .mul(k2.add(IEEE_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats());
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
        float s = 0f;
        for (int q = L; q < 2 * L; q++) {
            s += scratch[q];
        }
        for (int q = 0; q < tailCount; q++) {
            s += scratch[q];
        }
        return s;
    }

    // ---- convolution (FloatConv: im2col and GEMM) and pooling (FloatPool) ----

    @Override
    protected void conv2dUnchecked(Window2d g, int filters, float[] x, int xOff, float[] kernel, int kernelOff,
                                   float[] bias, int biasOff, float[] y, int yOff) {
        FloatConv.conv2d(g, filters, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, threads);
    }

    @Override
    protected void conv2dBackwardInputUnchecked(Window2d g, int filters, float[] dy, int dyOff, float[] kernel,
                                                int kernelOff, float[] dx, int dxOff) {
        FloatConv.backwardInput(g, filters, dy, dyOff, kernel, kernelOff, dx, dxOff, threads);
    }

    @Override
    protected void conv2dBackwardKernelUnchecked(Window2d g, int filters, float[] x, int xOff, float[] dy,
                                                 int dyOff, float[] dkernel, int dkernelOff) {
        FloatConv.backwardKernel(g, filters, x, xOff, dy, dyOff, dkernel, dkernelOff, threads);
    }

    @Override
    protected void maxPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        FloatPool.maxPool2d(g, x, xOff, y, yOff);
    }

    @Override
    protected void maxPool2dBackwardUnchecked(Window2d g, float[] x, int xOff, float[] dy, int dyOff,
                                              float[] dx, int dxOff) {
        FloatPool.maxPool2dBackward(g, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    protected void avgPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        FloatPool.avgPool2d(g, x, xOff, y, yOff);
    }

    @Override
    protected void avgPool2dBackwardUnchecked(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatPool.avgPool2dBackward(g, dy, dyOff, dx, dxOff);
    }
}
