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
 * once. tanh: h = expm1(2|x|)/2 = 2^k P + (2^k - 1)/2 with 2|x| = k ln2 + r and P = expm1(r)/2 (the
 * exp polynomial, scaled), then h/(h + 1), which has no cancellation at any x; the sign is copied
 * from x. sigmoid: C/(C + C e^-x) with C = 2^-64, so C e^-x stays a normal float from x = -104 to 40
 * and a subnormal result rounds once, in the division. Clamps are integer mins on the bits (a float
 * min is several instructions), and a NaN that a clamp replaced is or-ed back in at the end. log:
 * x = 2^k m with m in [sqrt(1/2), sqrt(2))
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

    /** A float's bits without, and with only, the sign. */
    static final int ABS_MASK = 0x7FFFFFFF;
    static final int SIGN_MASK = 0x80000000;
    /**
     * Added to the bits of |x|, sets the sign bit exactly when x is NaN (bits above 0x7F800000), so an
     * arithmetic shift by 31 gives all ones (a NaN) there and 0 elsewhere: or-ed into a result, it
     * restores the NaN that an integer clamp replaced.
     */
    static final int NAN_CARRY = 0x007FFFFF;

    /**
     * tanh clamps |x| here: tanh(x) rounds to 1 from 9.011 on, and 2^k (k = 26 at most) stays normal.
     * As a float, the clamp is an integer min on the bits of |x| (a float min costs several
     * instructions, measured 5 times an FMA on AVX-512).
     */
    static final int TANH_CLAMP_BITS = Float.floatToRawIntBits(9.1f);
    /**
     * ln2/2 rounded to float, one constant (no Cody-Waite split): its rounding error, 9.5e-10, times
     * k = 2.885|x| (rounded) acts as an error in |x| and moves tanh by sech^2(x) times that, at most
     * 0.45 * 2.885 * 9.5e-10 = 1.2e-9 (at |x| = 0.77, where an ulp is 6e-8). The errors stated on the
     * kernel are measured with it, over every float.
     */
    static final float LN2_HALF = 0.34657359028f;
    /**
     * tanh's Q: expm1(2 rh) / 2 = rh + rh^2 Q(rh), Q(rh) = 2 E(2 rh) with E the exp polynomial above
     * (E5 + E4 r + ... + E0 r^5), so each coefficient is an E scaled by a power of two, exactly.
     */
    static final float TQ0 = 64 * E0;
    static final float TQ1 = 32 * E1;
    static final float TQ2 = 16 * E2;
    static final float TQ3 = 8 * E3;
    static final float TQ4 = 4 * E4;
    static final float TQ5 = 2 * E5;

    /**
     * sigmoid clamps x to at most 40 and -x to at most 104 (sigmoid rounds to 1 above x = 17.4 and to
     * 0 below x = -103.98): each a signed integer min on the bits, which clamps positive floats and
     * leaves negative ones (negative integers) alone; -x is x with the sign bit flipped in between.
     */
    static final int SIGMOID_X_MAX_BITS = Float.floatToRawIntBits(40f);
    static final int SIGMOID_NEG_X_MAX_BITS = Float.floatToRawIntBits(104f);
    /** C = 2^-64 of sigmoid(x) = C / (C + C e^-x): C e^-x = 2^(k - 64) e^r stays normal for -x in [-40, 104]. */
    static final float SIGMOID_C = 0x1p-64f;
    static final int SIGMOID_SCALE_BIAS = IEEE_BIAS - 64;
    /**
     * sigmoid's Q: e^r - 1 ~ r + r^2 Q(r), Q of degree 4 on |r| <= ln2/2: our own fit (weighted least
     * squares iterated to minimax, Lawson's algorithm, in double) of the error relative to e^r, which it
     * keeps below 3.7e-9 with these float coefficients (0.06 ulp).
     */
    static final float SQ0 = 1.3814539416e-3f;
    static final float SQ1 = 8.3687454462e-3f;
    static final float SQ2 = 4.1668388993e-2f;
    static final float SQ3 = 1.6666521132e-1f;
    static final float SQ4 = 4.9999994040e-1f;

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
