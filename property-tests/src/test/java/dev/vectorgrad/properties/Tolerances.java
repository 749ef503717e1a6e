package dev.vectorgrad.properties;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The comparisons the properties make and the error bounds they allow, each derived below from the
 * accuracy the kernel javadoc states. {@code eps} is the unit roundoff of the precision (2^-24 for
 * float, 2^-53 for double). Where both implementations are within a bound B of the exact result,
 * they are within 2B of each other, so the vector-vs-scalar bounds carry a factor 2.
 *
 * <p>Relative bounds fail in the subnormal range, where a rounding may be off by half of the
 * smallest subnormal whatever the operands; the bounds that cover products (whose exact value may
 * be subnormal) therefore add one {@code minValue} per rounding. Additions need no such floor:
 * a sum that lands in the subnormal range is exact.
 */
final class Tolerances {

    private Tolerances() {
    }

    /**
     * Sum, dot and sum of squares over n terms: each implementation, in any summation order, is
     * within {@code n * eps * sum |term_i|} of the exact sum (one rounding per term, each at most
     * eps relative to a partial sum bounded by {@code sum |term_i|}).
     */
    static double sumBound(Precision<?> p, int n, double absTermSum) {
        return 2 * n * p.eps() * absTermSum + n * p.minValue();
    }

    /**
     * GEMM and GEMV element: the javadoc bound {@code (k + 2) * eps * (|alpha| * sum_p |a_ip b_pj|
     * + |beta c_ij|)} per implementation; {@code absTerms} is that parenthesis, computed in double.
     */
    static double gemmBound(Precision<?> p, int k, double absTerms) {
        return 2 * (k + 2) * p.eps() * absTerms + (k + 2) * p.minValue();
    }

    /**
     * Softmax element {@code e_j / s}, relative to the value. Both implementations subtract the
     * same row maximum exactly the same way; then each exp is within 1 ulp (2 eps relative:
     * {@code Math.exp}, and the Vector API's EXP, which follows {@code Math.exp}'s accuracy), the
     * sum of n such terms is within {@code (n - 1) * eps} of their exact sum plus {@code 2 eps} for
     * their exp errors, and the division rounds once: {@code (n + 4) * eps} per implementation to
     * first order, {@code 2 * (n + 5) * eps} between them with room for second-order terms. A
     * result of exp below the normal range loses its relative accuracy: it is off by at most
     * {@code minNormal}, and dividing by {@code s >= 1} (the maximum's term is exp(0) = 1) does not
     * enlarge that, hence the floor of 2 * minNormal.
     */
    static double softmaxBound(Precision<?> p, int n, double value) {
        return 2 * (n + 5) * p.eps() * Math.abs(value) + 2 * p.minNormal();
    }

    /**
     * Log-softmax element {@code (x_j - m) - log(s)}, absolute. {@code x_j - m} is computed the same
     * way by both. Each s is within {@code (n + 1) * eps} relative of the exact sum (as in
     * {@link #softmaxBound}), which moves {@code log(s)} by at most that much absolutely; rounding
     * {@code log(s)} is at most 1 ulp, {@code 2 eps |log s|} with {@code |log s| <= log n} (as
     * {@code 1 <= s <= n}); the final subtraction rounds once, {@code eps |value|}. Between the two:
     * {@code 2 (n + 1) eps + 4 eps log n + 2 eps |value|}, taken as
     * {@code eps * (2n + 4 + 4 (log n + 1) + 3 |value|)} for second-order room.
     */
    static double logSoftmaxBound(Precision<?> p, int n, double value) {
        return p.eps() * (2 * n + 4 + 4 * (Math.log(Math.max(n, 1)) + 1) + 3 * Math.abs(value));
    }

    /**
     * How far a softmax row may sum from 1, for each implementation on its own: its {@code s} is
     * the sum of exactly the terms it divides, so only the summation ({@code (n - 1) * eps}), the
     * n divisions (eps each, relative to outputs summing to about 1) and our own summation of the
     * outputs in double ({@code (n - 1) * eps} at most, for double rows) count:
     * {@code 2 * (n + 1) * eps}.
     */
    static double rowSumTolerance(Precision<?> p, int n) {
        return 2 * (n + 1) * p.eps();
    }

    /** Distance from {@code actual} to {@code reference}, in ulps of the reference. */
    static double ulps(Precision<?> p, double reference, double actual) {
        return Math.abs(actual - reference) / p.ulp(reference);
    }

    /** Fails unless both arrays are identical bit for bit (any NaN equals any NaN). */
    static <A> void assertSameBits(Precision<A> p, String what, A expected, A actual) {
        for (int i = 0; i < p.length(expected); i++) {
            if (p.bits(expected, i) != p.bits(actual, i)) {
                fail(what + "[" + i + "]: vector " + describe(p.get(actual, i)) + " but scalar "
                        + describe(p.get(expected, i)) + " (exact equality expected)");
            }
        }
    }

    /** Fails unless the two values are identical bit for bit (any NaN equals any NaN). */
    static void assertSameBits(String what, double expected, double actual) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
            fail(what + ": " + describe(actual) + " but expected exactly " + describe(expected));
        }
    }

    /** Passes when the values have the same bits (NaN, infinities) or differ by at most {@code bound}. */
    static void assertWithin(String what, double expected, double actual, double bound) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)
                && !(Math.abs(actual - expected) <= bound)) {
            fail(what + ": vector " + describe(actual) + " but scalar " + describe(expected)
                    + ", |difference| " + Math.abs(actual - expected) + " > bound " + bound);
        }
    }

    /**
     * Passes when {@code actual} is within {@code maxUlps} ulps (of the reference) of
     * {@code reference}; NaN must meet NaN, an infinity itself.
     */
    static void assertUlps(Precision<?> p, String what, double reference, double actual, double maxUlps) {
        boolean ok = Double.isNaN(reference) || Double.isInfinite(reference)
                ? Double.doubleToLongBits(reference) == Double.doubleToLongBits(actual)
                : ulps(p, reference, actual) <= maxUlps;
        if (!ok) {
            fail(what + ": " + describe(actual) + " but reference " + describe(reference) + ", "
                    + ulps(p, reference, actual) + " ulps > " + maxUlps);
        }
    }

    private static String describe(double value) {
        return value + " (" + Double.toHexString(value) + ")";
    }
}
