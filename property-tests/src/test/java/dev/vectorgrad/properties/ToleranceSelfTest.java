package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.properties.Cases.Args;
import dev.vectorgrad.properties.Cases.Fill;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The properties can fail: the comparison helpers reject values perturbed just beyond their bound
 * (and accept values just inside it), and a falsified property reports its seed and its shrunk,
 * readable case.
 */
class ToleranceSelfTest {

    @Test
    void exactComparisonRejectsOneUlp() {
        float[] expected = {1.5f, Float.NaN, -0f};
        assertAll(
                () -> assertDoesNotThrow(() -> Tolerances.assertSameBits(Precision.F32, "x", expected,
                        new float[] {1.5f, Float.intBitsToFloat(0x7fc00001), -0f})),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertSameBits(Precision.F32, "x", expected,
                        new float[] {Math.nextUp(1.5f), Float.NaN, -0f})),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertSameBits(Precision.F32, "x", expected,
                        new float[] {1.5f, Float.NaN, 0f})),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertSameBits("max", 1.0, Math.nextDown(1.0))));
    }

    @Test
    void boundedComparisonRejectsAFewUlpsBeyondTheBound() {
        for (Precision<?> p : new Precision<?>[] {Precision.F32, Precision.F64}) {
            double expected = p.round(0.75);
            double bound = Tolerances.sumBound(p, 100, 40.0);
            double edge = p.round(expected + bound);
            while (edge - expected > bound) {
                edge = Math.nextDown(p == Precision.F32 ? (float) edge : edge);
            }
            double beyond = edge + 3 * p.ulp(edge);
            double at = edge;
            assertAll(p.toString(),
                    () -> assertDoesNotThrow(() -> Tolerances.assertWithin("sum", expected, at, bound)),
                    () -> assertThrows(AssertionError.class, () -> Tolerances.assertWithin("sum", expected, beyond, bound)),
                    () -> assertThrows(AssertionError.class, () -> Tolerances.assertWithin("sum", expected, Double.NaN, bound)),
                    () -> assertDoesNotThrow(() -> Tolerances.assertWithin("sum", Double.NaN, Double.NaN, bound)));
        }
    }

    @Test
    void ulpComparisonRejectsOneUlpBeyondTheLimit() {
        float reference = (float) Math.tanh(0.3);
        float twoUp = Math.nextUp(Math.nextUp(reference));
        float threeUp = Math.nextUp(twoUp);
        double dReference = Math.tanh(0.3);
        double dFourDown = dReference - 4 * Math.ulp(dReference);
        assertAll(
                () -> assertDoesNotThrow(() -> Tolerances.assertUlps(Precision.F32, "tanh", reference, twoUp, 2)),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertUlps(Precision.F32, "tanh", reference, threeUp, 2)),
                () -> assertDoesNotThrow(() -> Tolerances.assertUlps(Precision.F64, "tanh", dReference, dFourDown, 4)),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertUlps(Precision.F64, "tanh", dReference,
                        Math.nextDown(dFourDown), 4)),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertUlps(Precision.F32, "sigmoid", 1.0, Double.NaN, 3)),
                () -> assertThrows(AssertionError.class, () -> Tolerances.assertUlps(Precision.F32, "tanh", Double.NaN, 0.0, 2)));
    }

    /** A sum property whose vector result is pushed 4 ulps past the bound: QuickTheories must falsify it. */
    @Test
    void falsifiedPropertyReportsSeedAndCase() {
        Ops<float[]> scalar = Precision.F32.ops(Kernels.scalar());
        Ops<float[]> vector = Precision.F32.ops(Kernels.vector());
        AssertionError error = assertThrows(AssertionError.class, () -> qt().withExamples(50)
                .forAll(Cases.vectors(Precision.F32, Fill.FINITE)).checkAssert(c -> {
                    Args<float[]> x = c.args(Precision.F32, 1);
                    double absSum = 0;
                    for (int i = 0; i < x.n(); i++) {
                        absSum += Math.abs(x.get(0, i));
                    }
                    double bound = Tolerances.sumBound(Precision.F32, x.n(), absSum);
                    double expected = scalar.sum(x.n(), x.a(0), x.off(0));
                    float pushed = (float) (vector.sum(x.n(), x.a(0), x.off(0)) + bound);
                    for (int i = 0; i < 4; i++) {
                        pushed = Math.nextUp(pushed);
                    }
                    Tolerances.assertWithin("sum", expected, pushed, bound);
                }));
        String report = error.getMessage();
        assertTrue(report.contains("Seed") && report.contains("VecCase[n="), report);
    }
}
