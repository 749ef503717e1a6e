package dev.vectorgrad.properties;

import dev.vectorgrad.properties.Cases.Args;
import dev.vectorgrad.properties.Cases.Fill;
import dev.vectorgrad.properties.Cases.VecCase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.function.DoubleUnaryOperator;

import static org.quicktheories.QuickTheory.qt;

/**
 * exp and log: the scalar kernels are {@code Math.exp} and {@code Math.log} computed in double and
 * rounded to the precision (the reference), and the vector kernels must stay within the ulps their
 * javadoc states of that reference, measured in ulps of the reference:
 * <ul>
 *   <li>float exp and log, 1 ulp: the vector kernels were compared with the rounded {@code Math}
 *       result on every one of the 2^32 floats, and were never further than 1 ulp from it (and
 *       gave the same infinities, zeros and NaN everywhere), so this bound is exhaustive;
 *   <li>double exp, 3 ulps, and double log, 2 ulps: 1.05e9 random inputs each gave at most 2 and 1
 *       ulps; as for tanh and sigmoid, one ulp more is stated, since sampling cannot be exhaustive.
 * </ul>
 * Inputs cover the ranges where the result is subnormal, overflows or cancels, tiny and subnormal
 * inputs and the special values: infinities, zeros and NaN must match the reference exactly (log of
 * a negative number is NaN, log of +-0 is -inf). Elements outside the output range must be left
 * alone by both; a quarter of the cases are in place.
 */
class ExpLogPropertiesTest {

    @Nested
    class Float32 extends Properties<float[]> {
        Float32() {
            super(Precision.F32, 1, 1);
        }
    }

    @Nested
    class Float64 extends Properties<double[]> {
        Float64() {
            super(Precision.F64, 3, 2);
        }
    }

    abstract static class Properties<A> extends KernelProperties<A> {

        private static final int EXAMPLES = 200;
        private final double expUlps;
        private final double logUlps;

        Properties(Precision<A> p, double expUlps, double logUlps) {
            super(p);
            this.expUlps = expUlps;
            this.logUlps = logUlps;
        }

        @Test
        void expIsCloseToMath() {
            assertCloseToReference("exp", Fill.EXP_INPUTS, expUlps, Math::exp,
                    (k, x) -> k.exp(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        @Test
        void logIsCloseToMath() {
            assertCloseToReference("log", Fill.LOG_INPUTS, logUlps, Math::log,
                    (k, x) -> k.log(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        private void assertCloseToReference(String what, Fill fill, double maxUlps, DoubleUnaryOperator reference,
                                            Kernel<A> kernel) {
            Gen<VecCase> cases = Cases.vectors(p, fill);
            warmUp(WARMUP_CALLS, cases, c -> kernel.run(vector, c.args(p, 2)));
            qt().withExamples(EXAMPLES).forAll(cases).checkAssert(c -> {
                Args<A> input = c.args(p, 2);
                Args<A> expected = c.args(p, 2);
                Args<A> actual = c.args(p, 2);
                kernel.run(scalar, expected);
                kernel.run(vector, actual);
                for (int i = 0; i < c.n(); i++) {
                    double x = input.get(0, i);
                    double ref = p.round(reference.applyAsDouble(x));
                    String at = what + "(" + x + ") at " + i;
                    Tolerances.assertSameBits("scalar " + at + " is the reference", ref, expected.get(1, i));
                    Tolerances.assertUlps(p, "vector " + at, ref, actual.get(1, i), maxUlps);
                }
                assertSameOutside(what, expected.a(1), actual.a(1), inMatrix(actual.off(1), 1, c.n(), Math.max(1, c.n())));
            });
        }
    }
}
