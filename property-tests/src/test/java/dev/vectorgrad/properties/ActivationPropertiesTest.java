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
 * tanh and sigmoid: both implementations against {@code Math} computed in double and rounded to
 * the precision, within the ulps their javadoc states (float: tanh 2, sigmoid 3; double: tanh 3,
 * sigmoid 4), measured in ulps of the reference. Inputs are mostly uniform in [-20, 20], with the
 * range where sigmoid is subnormal, tiny values down to subnormal and +-1e4, +-0, NaN, +-Inf, +-MAX: the saturated results must be the
 * reference's 0 or +-1 (within the same ulps), never NaN, NaN must stay NaN, and tanh must keep
 * the sign of zero. Elements outside the output range must be left alone by both.
 */
class ActivationPropertiesTest {

    @Nested
    class Float32 extends Properties<float[]> {
        Float32() {
            super(Precision.F32, 2, 3);
        }
    }

    @Nested
    class Float64 extends Properties<double[]> {
        Float64() {
            super(Precision.F64, 3, 4);
        }
    }

    abstract static class Properties<A> extends KernelProperties<A> {

        private static final int EXAMPLES = 200;
        private final double tanhUlps;
        private final double sigmoidUlps;

        Properties(Precision<A> p, double tanhUlps, double sigmoidUlps) {
            super(p);
            this.tanhUlps = tanhUlps;
            this.sigmoidUlps = sigmoidUlps;
        }

        @Test
        void tanhIsCloseToMath() {
            assertCloseToReference("tanh", tanhUlps, true, Math::tanh,
                    (k, x) -> k.tanh(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        @Test
        void sigmoidIsCloseToMath() {
            // exp(-|x|) never overflows, so the reference is right also where sigmoid is subnormal.
            assertCloseToReference("sigmoid", sigmoidUlps, false, x -> {
                        double e = Math.exp(-Math.abs(x));
                        return (x < 0 ? e : 1) / (1 + e);
                    },
                    (k, x) -> k.sigmoid(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        private void assertCloseToReference(String what, double maxUlps, boolean keepsSignOfZero,
                                            DoubleUnaryOperator reference, Kernel<A> kernel) {
            Gen<VecCase> cases = Cases.vectors(p, Fill.ACTIVATION_INPUTS);
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
                    Tolerances.assertUlps(p, "scalar " + at, ref, expected.get(1, i), maxUlps);
                    Tolerances.assertUlps(p, "vector " + at, ref, actual.get(1, i), maxUlps);
                    if (keepsSignOfZero && x == 0) {
                        Tolerances.assertSameBits("scalar " + at + " keeps the sign of zero", x, expected.get(1, i));
                        Tolerances.assertSameBits("vector " + at + " keeps the sign of zero", x, actual.get(1, i));
                    }
                }
                assertSameOutside(what, expected.a(1), actual.a(1), inMatrix(actual.off(1), 1, c.n(), Math.max(1, c.n())));
            });
        }
    }
}
