package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Constants of the lane-wise exp, log, tanh and sigmoid of the float kernels, and of their
 * fixed-order lane sum. These are built only from IEEE operations (add, mul, fma, div, compare,
 * bit moves). Unlike {@code lanewise(EXP)} and {@code reduceLanes(ADD)}, whose results differ
 * between the interpreter, C1 and C2, these give the same bits in every execution mode, so a
 * kernel's output does not change when the JIT compiles it.
 *
 * <p>exp: Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, a degree-7 polynomial for e^r (the
 * Cephes {@code expf} coefficients), and 2^n applied in two exact halves so subnormal results round
 * once. tanh: an odd polynomial below |x| = 0.625 (Cephes {@code tanhf}), else
 * (1 - e)/(1 + e) with e = exp(-2|x|); the sign is copied from x. sigmoid: e = exp(-|x|), then
 * 1/(1 + e) or e/(1 + e), so it never overflows. log: x = 2^k m with m in [sqrt(1/2), sqrt(2))
 * split off the bits (subnormals scaled by 2^23 first), f = m - 1 (exact), log(1 + f) =
 * f - f^2/2 + f^3 P(f) with P of degree 8, then k ln2 added in two parts. Measured errors are
 * stated on the kernels. Lane sum: a butterfly, v + v[i ^ 8], then i ^ 4, i ^ 2, i ^ 1, lane 0
 * read (for as many steps as there are lanes), the same order in every execution mode.
 *
 * <p><b>The formulas are written out in every kernel that uses them, on purpose; no method here
 * takes or returns a vector.</b> C2 inlines a method of ours only while its compilation unit is
 * under the node-count cutoff ({@code NodeCountInliningCutoff}); only the JDK's own
 * {@code @ForceInline} Vector API methods are exempt. When user code calls several kernels from one
 * method, C2 inlines the first kernels into it, passes the cutoff, and then declines to inline the
 * small helpers inside the next ones: a vector passed to or returned from such a call becomes a heap
 * object (measured: about 144 bytes per kernel call). So a kernel calls only Vector API methods on
 * vectors, and the helpers between kernels take arrays and scalars. Constant vectors are
 * {@code FloatVector.broadcast(S, k)} at their use; C2 hoists them out of loops. NoAllocationTest
 * checks this with many kernels called from one method, also with no method of this package
 * inlined.
 */
final class FloatMath {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();

    /** exp(x) overflows to infinity above ln(Float.MAX_VALUE) = 88.72. */
    static final float EXP_MAX_ARG = 88.8f;
    /** exp(x) rounds to 0 below ln(2^-150) = -103.97. */
    static final float EXP_MIN_ARG = -104f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low bits. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    /** A float's exponent bias and mantissa width: 2^k has the bits (k + IEEE_BIAS) << MANTISSA_BITS. */
    static final int IEEE_BIAS = 127;
    static final int MANTISSA_BITS = 23;
    static final float E0 = 1.9875691500e-4f;
    static final float E1 = 1.3981999507e-3f;
    static final float E2 = 8.3334519073e-3f;
    static final float E3 = 4.1665795894e-2f;
    static final float E4 = 1.6666665459e-1f;
    static final float E5 = 5.0000001201e-1f;

    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;

    /** The bits of sqrt(1/2) rounded to float: the lower end of the reduced mantissa's range. */
    static final int SQRT_HALF_BITS = 0x3F3504F3;
    /** Added to the bits of x, makes bits 23.. hold k + 127 where x = 2^k m, m in [sqrt(1/2), sqrt(2)). */
    static final int LOG_SHIFT = 0x3F800000 - SQRT_HALF_BITS;
    static final int MANTISSA_MASK = 0x007FFFFF;
    /** 2^23 as bits: or-ed with an integer below 2^23, gives the float 2^23 + that integer. */
    static final int MAGIC_BITS = 0x4B000000;
    /** Subtracted from 2^23 + (k + 127) to give k. */
    static final float EXPONENT_BIAS = 8388608f + 127f;
    /** The same for a subnormal x, scaled by 2^23 before the split. */
    static final float SUBNORMAL_EXPONENT_BIAS = EXPONENT_BIAS + 23f;
    static final float TWO_23 = 8388608f;
    /**
     * (log(1 + f) - f + f^2/2) / f^3 ~ L0 + L1 f + ... + L8 f^8 on [sqrt(1/2) - 1, sqrt(2) - 1]: a
     * weighted minimax fit (our own, Lawson's algorithm in 60-digit arithmetic) of the relative error
     * of log(1 + f), which it keeps below 2^-30.3 before the float roundings.
     */
    static final float L0 = 0.33333313f;
    static final float L1 = -0.2500001f;
    static final float L2 = 0.20002119f;
    static final float L3 = -0.16667996f;
    static final float L4 = 0.14219551f;
    static final float L5 = -0.124055915f;
    static final float L6 = 0.11888175f;
    static final float L7 = -0.11675641f;
    static final float L8 = 0.06746601f;

    /** Lane permutations of the butterfly lane sum: lane i takes lane i ^ 1, i ^ 2, i ^ 4, i ^ 8. */
    static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(S, i -> (i ^ 1) & (L - 1));
    static final VectorShuffle<Float> XOR2 = VectorShuffle.fromOp(S, i -> (i ^ 2) & (L - 1));
    static final VectorShuffle<Float> XOR4 = VectorShuffle.fromOp(S, i -> (i ^ 4) & (L - 1));
    static final VectorShuffle<Float> XOR8 = VectorShuffle.fromOp(S, i -> (i ^ 8) & (L - 1));

    /**
     * The first two butterfly levels (lane i takes lane i ^ L/2, then i ^ L/4) and the lanes they
     * set apart, for summing four vectors at once: after the first level one vector holds two rows'
     * partial sums (lanes with bit L/2 clear and set), after the second four rows'. Each row's sum
     * is then the butterfly's bit for bit, since every butterfly level leaves equal values in the
     * lanes it pairs (a + b == b + a), so the value can be read from any of them.
     */
    static final VectorShuffle<Float> XOR_HALF = VectorShuffle.fromOp(S, i -> i ^ (L / 2));
    static final VectorShuffle<Float> XOR_QUARTER = VectorShuffle.fromOp(S, i -> i ^ (L / 4));
    static final VectorMask<Float> HALF_BIT = VectorMask.fromLong(S, lanesWithBit(L / 2));
    static final VectorMask<Float> QUARTER_BIT = VectorMask.fromLong(S, lanesWithBit(L / 4));

    private static long lanesWithBit(int bit) {
        long lanes = 0;
        for (int i = 0; i < L; i++) {
            if ((i & bit) != 0) {
                lanes |= 1L << i;
            }
        }
        return lanes;
    }

    private FloatMath() {
    }
}
