package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Constants of the lane-wise exp, log, tanh and sigmoid of the double kernels, and of their
 * fixed-order lane sum, from IEEE operations only, so results are the same in every execution mode
 * (see {@link FloatMath}). As there, the formulas are written out in each kernel that uses them and
 * no method takes or returns a vector.
 *
 * <p>exp: x = n ln2 + r with the fdlibm two-part ln2, the Cephes rational approximation of e^r
 * on |r| <= ln2/2 (a degree-13 Taylor polynomial is as accurate but made the tanh kernel pass
 * C2's node-count cutoff), 2^n applied in two exact halves. tanh: below
 * |x| = 0.625 the Cephes rational x + x^3 P(x^2)/Q(x^2), else (1 - e)/(1 + e) with e = exp(-2|x|).
 * sigmoid: as in {@link FloatMath}. log: x = 2^k m with m in [sqrt(1/2), sqrt(2)) split off the
 * bits (subnormals scaled by 2^54 first), f = m - 1 (exact), s = f / (2 + f), so that
 * log(1 + f) = 2 atanh(s) = 2s + s R(s^2) = f - (f^2/2 - s (f^2/2 + R)), with R a polynomial of
 * degree 7 in s^2 (the rounding of s then only scales a term of order f^3); k ln2 is added in two
 * parts. Lane sum: the butterfly of {@link FloatMath}, from i ^ 4 down.
 */
final class DoubleMath {

    private static final VectorSpecies<Double> S = Species.DOUBLE;
    private static final int L = S.length();

    /** exp(x) overflows above ln(Double.MAX_VALUE) = 709.78. */
    static final double EXP_MAX_ARG = 710;
    /** exp(x) rounds to 0 below ln(2^-1075) = -745.13. */
    static final double EXP_MIN_ARG = -746;
    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer in the low bits. */
    static final double ROUND = 6755399441055744.0;
    static final long ROUND_BITS = 0x4338000000000000L;
    /** A double's exponent bias and mantissa width: 2^k has the bits (k + IEEE_BIAS) << MANTISSA_BITS. */
    static final int IEEE_BIAS = 1023;
    static final int MANTISSA_BITS = 52;
    static final double EP0 = 1.26177193074810590878e-4;
    static final double EP1 = 3.02994407707441961300e-2;
    static final double EP2 = 9.99999999999999999910e-1;
    static final double EQ0 = 3.00198505138664455042e-6;
    static final double EQ1 = 2.52448340349684104192e-3;
    static final double EQ2 = 2.27265548208155028766e-1;
    static final double EQ3 = 2.00000000000000000009e0;

    static final double TANH_SMALL = 0.625;
    static final double P0 = -9.64399179425052238628e-1;
    static final double P1 = -9.92877231001918586564e1;
    static final double P2 = -1.61468768441708447952e3;
    static final double Q0 = 1.12811678491632931402e2;
    static final double Q1 = 2.23548839060100448583e3;
    static final double Q2 = 4.84406305325125486048e3;

    /** The bits of sqrt(1/2) rounded to double: the lower end of the reduced mantissa's range. */
    static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
    /** Added to the bits of x, makes bits 52.. hold k + 1023 where x = 2^k m, m in [sqrt(1/2), sqrt(2)). */
    static final long LOG_SHIFT = 0x3FF0000000000000L - SQRT_HALF_BITS;
    static final long MANTISSA_MASK = 0x000FFFFFFFFFFFFFL;
    /** 2^52 as bits: or-ed with an integer below 2^52, gives the double 2^52 + that integer. */
    static final long MAGIC_BITS = 0x4330000000000000L;
    /** Subtracted from 2^52 + (k + 1023) to give k. */
    static final double EXPONENT_BIAS = 4503599627370496.0 + 1023;
    /** The same for a subnormal x, scaled by 2^54 before the split. */
    static final double SUBNORMAL_EXPONENT_BIAS = EXPONENT_BIAS + 54;
    static final double TWO_54 = 18014398509481984.0;
    /**
     * R(z) = (2 atanh(s) - 2s) / s ~ z (L0 + L1 z + ... + L6 z^6) with z = s^2 in [0, (3 - 2 sqrt 2)^2]:
     * a weighted minimax fit (our own, Lawson's algorithm in 60-digit arithmetic) of the relative
     * error of log(1 + f), which it keeps below 2^-59.5 before the double roundings.
     */
    static final double L0 = 0.6666666666666734;
    static final double L1 = 0.39999999999416364;
    static final double L2 = 0.2857142874201667;
    static final double L3 = 0.22222198610689806;
    static final double L4 = 0.18183562409105616;
    static final double L5 = 0.15314098750662497;
    static final double L6 = 0.14795475881063522;

    /** Lane permutations of the butterfly lane sum: lane i takes lane i ^ 1, i ^ 2, i ^ 4. */
    static final VectorShuffle<Double> XOR1 = VectorShuffle.fromOp(S, i -> (i ^ 1) & (L - 1));
    static final VectorShuffle<Double> XOR2 = VectorShuffle.fromOp(S, i -> (i ^ 2) & (L - 1));
    static final VectorShuffle<Double> XOR4 = VectorShuffle.fromOp(S, i -> (i ^ 4) & (L - 1));

    private DoubleMath() {
    }
}
