package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise exp, log, tanh and sigmoid for double vectors, and a fixed-order lane sum, from IEEE
 * operations only, so results are the same in every execution mode (see {@link FloatMath}).
 *
 * <p>exp: x = n ln2 + r with the fdlibm two-part ln2, the Cephes rational approximation of e^r
 * on |r| <= ln2/2, 2^n applied in two exact halves. tanh: below
 * |x| = 0.625 the Cephes rational x + x^3 P(x^2)/Q(x^2), else (1 - e)/(1 + e) with e = exp(-2|x|).
 * sigmoid: as in {@link FloatMath}. log: x = 2^k m with m in [sqrt(1/2), sqrt(2)) split off the
 * bits (subnormals scaled by 2^54 first), f = m - 1 (exact), s = f / (2 + f), so that
 * log(1 + f) = 2 atanh(s) = 2s + s R(s^2) = f - (f^2/2 - s (f^2/2 + R)), with R a polynomial of
 * degree 7 in s^2 (the rounding of s then only scales a term of order f^3); k ln2 is added in two
 * parts.
 */
final class DoubleMath {

    private static final VectorSpecies<Double> S = VectorDoubleKernels.S;
    private static final int L = S.length();

    /** exp(x) overflows above ln(Double.MAX_VALUE) = 709.78. */
    private static final double EXP_MAX_ARG = 710;
    /** exp(x) rounds to 0 below ln(2^-1075) = -745.13. */
    private static final double EXP_MIN_ARG = -746;
    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer in the low bits. */
    private static final double ROUND = 6755399441055744.0;
    private static final long ROUND_BITS = 0x4338000000000000L;
    private static final double EP0 = 1.26177193074810590878e-4;
    private static final double EP1 = 3.02994407707441961300e-2;
    private static final double EP2 = 9.99999999999999999910e-1;
    private static final double EQ0 = 3.00198505138664455042e-6;
    private static final double EQ1 = 2.52448340349684104192e-3;
    private static final double EQ2 = 2.27265548208155028766e-1;
    private static final double EQ3 = 2.00000000000000000009e0;

    private static final double TANH_SMALL = 0.625;
    private static final double P0 = -9.64399179425052238628e-1;
    private static final double P1 = -9.92877231001918586564e1;
    private static final double P2 = -1.61468768441708447952e3;
    private static final double Q0 = 1.12811678491632931402e2;
    private static final double Q1 = 2.23548839060100448583e3;
    private static final double Q2 = 4.84406305325125486048e3;

    /** The bits of sqrt(1/2) rounded to double: the lower end of the reduced mantissa's range. */
    private static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
    /** Added to the bits of x, makes bits 52.. hold k + 1023 where x = 2^k m, m in [sqrt(1/2), sqrt(2)). */
    private static final long LOG_SHIFT = 0x3FF0000000000000L - SQRT_HALF_BITS;
    private static final long MANTISSA_MASK = 0x000FFFFFFFFFFFFFL;
    /** 2^52 as bits: or-ed with an integer below 2^52, gives the double 2^52 + that integer. */
    private static final long MAGIC_BITS = 0x4330000000000000L;
    /** Subtracted from 2^52 + (k + 1023) to give k. */
    private static final double EXPONENT_BIAS = 4503599627370496.0 + 1023;
    /** The same for a subnormal x, scaled by 2^54 before the split. */
    private static final double SUBNORMAL_EXPONENT_BIAS = EXPONENT_BIAS + 54;
    private static final double TWO_54 = 18014398509481984.0;
    /**
     * R(z) = (2 atanh(s) - 2s) / s ~ z (L0 + L1 z + ... + L6 z^6) with z = s^2 in [0, (3 - 2 sqrt 2)^2]:
     * a weighted minimax fit (our own, Lawson's algorithm in 60-digit arithmetic) of the relative
     * error of log(1 + f), which it keeps below 2^-59.5 before the double roundings.
     */
    private static final double L0 = 0.6666666666666734;
    private static final double L1 = 0.39999999999416364;
    private static final double L2 = 0.2857142874201667;
    private static final double L3 = 0.22222198610689806;
    private static final double L4 = 0.18183562409105616;
    private static final double L5 = 0.15314098750662497;
    private static final double L6 = 0.14795475881063522;

    private static final VectorShuffle<Double> XOR1 = VectorShuffle.fromOp(S, i -> (i ^ 1) & (L - 1));
    private static final VectorShuffle<Double> XOR2 = VectorShuffle.fromOp(S, i -> (i ^ 2) & (L - 1));
    private static final VectorShuffle<Double> XOR4 = VectorShuffle.fromOp(S, i -> (i ^ 4) & (L - 1));

    private DoubleMath() {
    }

    /** A constant vector; C2 materialises it once outside loops. */
    private static DoubleVector c(double value) {
        return DoubleVector.broadcast(S, value);
    }

    /** e^x per lane; NaN stays NaN, +inf gives +inf, -inf gives 0. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(EXP_MIN_ARG).min(EXP_MAX_ARG);
        DoubleVector t = xc.fma(LOG2E, ROUND);
        DoubleVector n = t.sub(ROUND);
        LongVector ni = t.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector r = n.fma(c(-LN2_HI), xc);
        r = n.fma(c(-LN2_LO), r);
        // e^r = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2)), the Cephes rational; a degree-13 Taylor
        // polynomial is as accurate but, inlined into tanh, passed C2's node-count cutoff.
        DoubleVector rr = r.mul(r);
        DoubleVector px = r.mul(rr.fma(EP0, EP1).fma(rr, c(EP2)));
        DoubleVector q = rr.fma(EQ0, EQ1).fma(rr, c(EQ2)).fma(rr, c(EQ3));
        DoubleVector p = px.div(q.sub(px)).mul(2.0).add(1.0);
        LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        LongVector n2 = ni.sub(n1);
        DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2);
    }

    /**
     * Natural log per lane: -inf for +-0, NaN for x < 0 (-inf included), +inf for +inf, NaN stays
     * NaN; subnormal x is scaled to normal first (exactly).
     */
    static DoubleVector log(DoubleVector x) {
        VectorMask<Double> subnormal = x.compare(VectorOperators.LT, Double.MIN_NORMAL);
        LongVector u = x.blend(x.mul(TWO_54), subnormal).reinterpretAsLongs().add(LOG_SHIFT);
        DoubleVector k = u.lanewise(VectorOperators.LSHR, 52).or(MAGIC_BITS).reinterpretAsDoubles()
                .sub(c(EXPONENT_BIAS).blend(SUBNORMAL_EXPONENT_BIAS, subnormal));
        DoubleVector f = u.and(MANTISSA_MASK).add(SQRT_HALF_BITS).reinterpretAsDoubles().sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector r = z.mul(z.fma(L6, L5).fma(z, c(L4)).fma(z, c(L3)).fma(z, c(L2)).fma(z, c(L1)).fma(z, c(L0)));
        DoubleVector hfsq = f.mul(f).mul(0.5);
        // log(1 + f) + k ln2_lo = f - (hfsq - (s (hfsq + R) + k ln2_lo)), then + k ln2_hi.
        DoubleVector lo = s.fma(hfsq.add(r), k.mul(LN2_LO));
        DoubleVector y = k.fma(c(LN2_HI), f.sub(hfsq.sub(lo)));
        // Finite x (and -inf, made NaN below) keep y; NaN and +inf give themselves.
        y = x.blend(y, x.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
        y = y.blend(Double.NaN, x.compare(VectorOperators.LT, 0.0));
        return y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0.0));
    }

    /** tanh(x) per lane; keeps the sign of zero, saturates to +/-1, NaN stays NaN. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector z = ax.mul(ax);
        DoubleVector num = z.fma(P0, P1).fma(z, c(P2));
        DoubleVector den = z.add(Q0).fma(z, c(Q1)).fma(z, c(Q2));
        DoubleVector small = ax.mul(z).mul(num.div(den)).add(ax);
        DoubleVector e = exp(ax.mul(-2.0));
        DoubleVector large = e.neg().add(1.0).div(e.add(1.0));
        DoubleVector y = large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
        return y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(0x8000000000000000L)).reinterpretAsDoubles();
    }

    /** 1 / (1 + e^-x) per lane; saturates to 0 and 1 without overflow, NaN stays NaN. */
    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = exp(x.abs().neg());
        DoubleVector numerator = DoubleVector.broadcast(S, 1.0).blend(e, x.compare(VectorOperators.LT, 0.0));
        return numerator.div(e.add(1.0));
    }

    /** Sum of the lanes by a fixed butterfly: the same bits in every execution mode. */
    static double sumLanes(DoubleVector v) {
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
