package dev.vectorgrad.autograd.check;

import static dev.vectorgrad.autograd.check.GradCheckCorrectOpsTest.var;
import static dev.vectorgrad.autograd.check.GradCheckCorrectOpsTest.varIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.Report.Check;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deliberately wrong backwards: the checker must fail them, in both modes, and name what is wrong. */
class GradCheckMutantsTest {

    static List<Check> kinds(Report r) {
        return r.failures().stream().map(Report.Failure::check).distinct().toList();
    }

    static List<Integer> inputsFailing(Report r, Check check) {
        return r.failures(check).stream().map(Report.Failure::input).toList();
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void gradientOffByTenPercentAtOneElementIsNamed(boolean fast) {
        Tensor a = varIn(1, 0.5, 1.5, 2, 3);
        Tensor b = varIn(2, 0.5, 1.5, 2, 3);
        Report r = GradCheck.defaults().fast(fast)
                .check(in -> Ops.tanh(CustomOps.mul(in[0], in[1], 4, 1.1)), a, b);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(1), inputsFailing(r, Check.JACOBIAN), r::toString);
        if (fast) {
            assertEquals(List.of(1), inputsFailing(r, Check.PROJECTION), r::toString);
        }
        // the Jacobian is diagonal: exactly one entry is wrong, d out[4] / d b[4] = d out[1, 1] / d b[1, 1]
        assertEquals(1, r.mismatchCount(), r::toString);
        Report.Mismatch m = r.mismatches().get(0);
        assertEquals(1, m.input());
        assertArrayEquals(new int[] {2, 3}, m.inputShape());
        assertEquals(4, m.element());
        assertArrayEquals(new int[] {1, 1}, m.index());
        assertEquals(4, m.outputElement());
        assertArrayEquals(new int[] {1, 1}, m.outputIndex());
        assertEquals(1.1, m.analytical() / m.numerical(), 1e-6, r::toString);
        assertEquals(0.1, m.relError(), 1e-6);
        assertEquals(Math.abs(m.analytical() - m.numerical()), m.absError());
        assertTrue(r.failures(Check.JACOBIAN).get(0).message().contains("element 4 [1, 1]"), r::toString);
        assertTrue(r.toString().contains("#1     4 [1, 1]"), r::toString);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void matmulWithTheWrongTransposeFailsForTheWrongInputOnly(boolean fast) {
        Tensor a = var(3, 3, 3);
        Tensor b = var(4, 3, 3); // square, so the wrong product has the right shape
        Report r = GradCheck.defaults().fast(fast).check(in -> CustomOps.matmulWrongTranspose(in[0], in[1]), a, b);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(0), inputsFailing(r, Check.JACOBIAN), r::toString);
        assertEquals(fast ? List.of(0) : List.of(), inputsFailing(r, Check.PROJECTION), r::toString);
        assertEquals(fast ? List.of(Check.PROJECTION, Check.JACOBIAN) : List.of(Check.JACOBIAN), kinds(r));
        assertTrue(r.mismatches().stream().allMatch(m -> m.input() == 0), r::toString);
        // d C[i, j] / d A[p, q] = [i == p] B[q, j]; the mutant gives [i == p] B[j, q]: off-diagonal B entries differ
        assertEquals(3 * 3 * 2, r.mismatchCount(), r::toString); // rows i == p (3), j (3), q != j (2)
        for (Report.Mismatch m : r.mismatches()) {
            assertEquals(m.index()[0], m.outputIndex()[0], "only rows i == p depend on A[p, q]");
            assertTrue(m.index()[1] != m.outputIndex()[1], "diagonal entries of B are symmetric, so right");
            assertEquals(b.get(m.index()[1] * 3 + m.outputIndex()[1]), m.numerical(), 1e-8, m::toString);
            assertEquals(b.get(m.outputIndex()[1] * 3 + m.index()[1]), m.analytical(), 1e-12, m::toString);
        }
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void backwardIgnoringItsUpstreamGradientFailsTheZeroUpstreamCheck(boolean fast) {
        Tensor x = var(5, 2, 2);
        Report r = GradCheck.defaults().fast(fast).check(in -> CustomOps.sumOfSquaresIgnoringUpstream(in[0]), x);

        // the output is a scalar, so the Jacobian (upstream 1) is right: only the zero-upstream check can see it
        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(Check.ZERO_UPSTREAM), kinds(r), r::toString);
        assertEquals(List.of(0), inputsFailing(r, Check.ZERO_UPSTREAM));
        String message = r.failures().get(0).message();
        assertTrue(message.contains("4 of 4") && message.contains("first at element 0 [0, 0]"), message);
        assertEquals(0, r.mismatchCount());
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void backwardThatDiffersBetweenCallsFailsTheDeterminismCheck(boolean fast) {
        Tensor x = var(6, 3);
        Tensor y = var(7, 3);
        Report r = GradCheck.defaults().fast(fast)
                .check(in -> Ops.add(in[0], CustomOps.squareWithDriftingBackward(in[1], 1)), x, y);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(Check.DETERMINISM), kinds(r), r::toString); // the drift is far inside the tolerance
        assertEquals(List.of(1), inputsFailing(r, Check.DETERMINISM));
        assertTrue(r.failures().get(0).message().contains("gradients at element 1 [1]"), r::toString);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void nanInTheAnalyticalGradientFails(boolean fast) {
        Tensor x = var(8, 4);
        Report r = GradCheck.defaults().fast(fast).check(in -> CustomOps.squareWithNaNGradient(in[0], 2), x);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(0), inputsFailing(r, Check.JACOBIAN), r::toString);
        // the backward writes NaN into element 2 whatever the upstream gradient: a whole Jacobian column
        assertEquals(4, r.mismatchCount(), r::toString);
        for (Report.Mismatch m : r.mismatches()) {
            assertEquals(2, m.element());
            assertTrue(Double.isNaN(m.analytical()) && Double.isFinite(m.numerical()), m::toString);
        }
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void nanInTheNumericalGradientFails(boolean fast) {
        // log of a negative number is NaN on both sides of the difference, while the analytical 1/x is finite
        Tensor x = Tensor.of(new double[] {0.5, -0.5, 2}, 3).requiresGrad(true);
        Report r = GradCheck.defaults().fast(fast).check(in -> Ops.log(in[0]), x);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(0), inputsFailing(r, Check.JACOBIAN), r::toString);
        // output 1 is NaN at every point, so its whole Jacobian row is NaN numerically
        assertEquals(3, r.mismatchCount(), r::toString);
        for (Report.Mismatch m : r.mismatches()) {
            assertEquals(1, m.outputElement());
            assertTrue(Double.isNaN(m.numerical()), m::toString);
            assertEquals(m.element() == 1 ? -2 : 0, m.analytical(), m::toString);
        }
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void anOutputComputedOutsideTheTapeFailsWithANote(boolean fast) {
        Tensor x = var(9, 3);
        Report r = GradCheck.defaults().fast(fast).check(in -> {
            double[] y = in[0].toDoubleArray();
            for (int k = 0; k < y.length; k++) {
                y[k] = Math.sin(y[k]); // an op with no Tape.record: backward cannot see it
            }
            return Tensor.of(y, 3);
        }, x);

        assertFalse(r.passed(), r::toString);
        assertEquals(3, r.mismatchCount(), r::toString);
        assertTrue(r.mismatches().stream().allMatch(m -> m.analytical() == 0), r::toString);
        assertTrue(r.notes().get(0).contains("not recorded on the tape"), r::toString);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void aFunctionWritingIntoItsInputFails(boolean fast) {
        Tensor x = var(10, 3);
        Tensor c = GradCheckCorrectOpsTest.constant(11, 3);
        Report r = GradCheck.defaults().fast(fast).check(in -> {
            in[1].set(0, in[1].get(0) + 1); // corrupts the constant
            return Ops.mul(in[0], in[1]);
        }, x, c);

        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(1), inputsFailing(r, Check.INPUT_MODIFIED), r::toString);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void manyMismatchesAreCountedButOnlyTheFirstTenListed(boolean fast) {
        Tensor a = varIn(12, 0.5, 1.5, 8, 8);
        Tensor b = varIn(13, 0.5, 1.5, 8, 8);
        Report r = GradCheck.defaults().fast(fast).check(in -> CustomOps.mul(in[0], in[1], -1, 1.1), a, b);

        assertEquals(64, r.mismatchCount(), r::toString);
        assertEquals(Report.LISTED_MISMATCHES, r.mismatches().size());
        for (int k = 0; k < 10; k++) {
            assertEquals(k, r.mismatches().get(k).element(), "listed in element order");
        }
        String text = r.toString();
        assertTrue(text.contains("mismatches (first 10 of 64)"), text);
        assertTrue(r.failures(Check.JACOBIAN).get(0).message().contains("64 of 4096 Jacobian entries"), text);
        assertTrue(text.lines().count() < 30, text);
    }
}
