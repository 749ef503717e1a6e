package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise exp, tanh and sigmoid for double vectors, and a fixed-order lane sum, from IEEE
 * operations only, so results are the same in every execution mode (see {@link FloatMath}).
 *
 * <p>exp: x = n ln2 + r with the fdlibm two-part ln2, the Cephes rational approximation of e^r
 * on |r| <= ln2/2, 2^n applied in two exact halves. tanh: below
 * |x| = 0.625 the Cephes rational x + x^3 P(x^2)/Q(x^2), else (1 - e)/(1 + e) with e = exp(-2|x|).
 * sigmoid: as in {@link FloatMath}.
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
