package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise exp, log, tanh and sigmoid for float vectors, and a fixed-order lane sum, built only from
 * IEEE operations (add, mul, fma, div, compare, bit moves). Unlike {@code lanewise(EXP)} and
 * {@code reduceLanes(ADD)}, whose results differ between the interpreter, C1 and C2, these give the
 * same bits in every execution mode, so a kernel's output does not change when the JIT compiles it.
 *
 * <p>exp: Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, a degree-7 polynomial for e^r (the
 * Cephes {@code expf} coefficients), and 2^n applied in two exact halves so subnormal results round
 * once. tanh: an odd polynomial below |x| = 0.625 (Cephes {@code tanhf}), else
 * (1 - e)/(1 + e) with e = exp(-2|x|); the sign is copied from x. sigmoid: e = exp(-|x|), then
 * 1/(1 + e) or e/(1 + e), so it never overflows. log: x = 2^k m with m in [sqrt(1/2), sqrt(2))
 * split off the bits (subnormals scaled by 2^23 first), f = m - 1 (exact), log(1 + f) =
 * f - f^2/2 + f^3 P(f) with P of degree 8, then k ln2 added in two parts. Measured errors are
 * stated on the kernels.
 */
final class FloatMath {

    private static final VectorSpecies<Float> S = VectorFloatKernels.S;
    private static final int L = S.length();

    /** exp(x) overflows to infinity above ln(Float.MAX_VALUE) = 88.72. */
    private static final float EXP_MAX_ARG = 88.8f;
    /** exp(x) rounds to 0 below ln(2^-150) = -103.97. */
    private static final float EXP_MIN_ARG = -104f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    private static final float E0 = 1.9875691500e-4f;
    private static final float E1 = 1.3981999507e-3f;
    private static final float E2 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f;
    private static final float E4 = 1.6666665459e-1f;
    private static final float E5 = 5.0000001201e-1f;

    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f;
    private static final float T1 = 2.06390887954e-2f;
    private static final float T2 = -5.37397155531e-2f;
    private static final float T3 = 1.33314422036e-1f;
    private static final float T4 = -3.33332819422e-1f;

    /** The bits of sqrt(1/2) rounded to float: the lower end of the reduced mantissa's range. */
    private static final int SQRT_HALF_BITS = 0x3F3504F3;
    /** Added to the bits of x, makes bits 23.. hold k + 127 where x = 2^k m, m in [sqrt(1/2), sqrt(2)). */
    private static final int LOG_SHIFT = 0x3F800000 - SQRT_HALF_BITS;
    private static final int MANTISSA_MASK = 0x007FFFFF;
    /** 2^23 as bits: or-ed with an integer below 2^23, gives the float 2^23 + that integer. */
    private static final int MAGIC_BITS = 0x4B000000;
    /** Subtracted from 2^23 + (k + 127) to give k. */
    private static final float EXPONENT_BIAS = 8388608f + 127f;
    /** The same for a subnormal x, scaled by 2^23 before the split. */
    private static final float SUBNORMAL_EXPONENT_BIAS = EXPONENT_BIAS + 23f;
    private static final float TWO_23 = 8388608f;
    /**
     * (log(1 + f) - f + f^2/2) / f^3 ~ L0 + L1 f + ... + L8 f^8 on [sqrt(1/2) - 1, sqrt(2) - 1]: a
     * weighted minimax fit (our own, Lawson's algorithm in 60-digit arithmetic) of the relative error
     * of log(1 + f), which it keeps below 2^-30.3 before the float roundings.
     */
    private static final float L0 = 0.33333313f;
    private static final float L1 = -0.2500001f;
    private static final float L2 = 0.20002119f;
    private static final float L3 = -0.16667996f;
    private static final float L4 = 0.14219551f;
    private static final float L5 = -0.124055915f;
    private static final float L6 = 0.11888175f;
    private static final float L7 = -0.11675641f;
    private static final float L8 = 0.06746601f;

    private static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(S, i -> (i ^ 1) & (L - 1));
    private static final VectorShuffle<Float> XOR2 = VectorShuffle.fromOp(S, i -> (i ^ 2) & (L - 1));
    private static final VectorShuffle<Float> XOR4 = VectorShuffle.fromOp(S, i -> (i ^ 4) & (L - 1));
    private static final VectorShuffle<Float> XOR8 = VectorShuffle.fromOp(S, i -> (i ^ 8) & (L - 1));

    private FloatMath() {
    }

    /** A constant vector; C2 materialises it once outside loops. */
    private static FloatVector c(float value) {
        return FloatVector.broadcast(S, value);
    }

    /** e^x per lane; NaN stays NaN, +inf gives +inf, -inf gives 0. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN_ARG).min(EXP_MAX_ARG);
        FloatVector t = xc.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector r = n.fma(c(-LN2_HI), xc);
        r = n.fma(c(-LN2_LO), r);
        FloatVector p = r.fma(E0, E1).fma(r, c(E2)).fma(r, c(E3)).fma(r, c(E4)).fma(r, c(E5));
        FloatVector er = r.mul(r).fma(p, r).add(1f);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(s1).mul(s2);
    }

    /**
     * Natural log per lane: -inf for +-0, NaN for x < 0 (-inf included), +inf for +inf, NaN stays
     * NaN; subnormal x is scaled to normal first (exactly).
     */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        IntVector u = x.blend(x.mul(TWO_23), subnormal).reinterpretAsInts().add(LOG_SHIFT);
        FloatVector k = u.lanewise(VectorOperators.LSHR, 23).or(MAGIC_BITS).reinterpretAsFloats()
                .sub(c(EXPONENT_BIAS).blend(SUBNORMAL_EXPONENT_BIAS, subnormal));
        FloatVector f = u.and(MANTISSA_MASK).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(L8, L7).fma(f, c(L6)).fma(f, c(L5)).fma(f, c(L4)).fma(f, c(L3))
                .fma(f, c(L2)).fma(f, c(L1)).fma(f, c(L0));
        FloatVector y = f.mul(z).mul(p);
        y = k.fma(c(LN2_LO), y);
        y = z.fma(c(-0.5f), y);
        FloatVector r = k.fma(c(LN2_HI), f.add(y));
        // Finite x (and -inf, made NaN below) keep r; NaN and +inf give themselves.
        r = x.blend(r, x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
        r = r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        return r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
    }

    /** tanh(x) per lane; keeps the sign of zero, saturates to +/-1, NaN stays NaN. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = ax.mul(ax);
        FloatVector p = z.fma(T0, T1).fma(z, c(T2)).fma(z, c(T3)).fma(z, c(T4));
        FloatVector small = ax.mul(z).fma(p, ax);
        FloatVector e = exp(ax.mul(-2f));
        FloatVector large = e.neg().add(1f).div(e.add(1f));
        FloatVector y = large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
        return y.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    /** 1 / (1 + e^-x) per lane; saturates to 0 and 1 without overflow, NaN stays NaN. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector numerator = FloatVector.broadcast(S, 1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return numerator.div(e.add(1f));
    }

    /** Sum of the lanes by a fixed butterfly: the same bits in every execution mode. */
    static float sumLanes(FloatVector v) {
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
        return v.lane(0);
    }
}
