package dev.vectorgrad.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.Report.Check;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the checker reports and where its pass rule sits: the worst Jacobian entry and the count per
 * input in the failure message, the exact tolerance boundary, the zero-upstream count, fast mode's
 * scaled atol and its threshold in the message, fast mode's exactness with F32 outputs, which input
 * gets the "only the projection failed" note, and the seeded projection vectors.
 *
 * <p>Most tests use ops whose output does not depend on the input while the backward claims a chosen
 * gradient: the central difference {@code (f(x + eps) - f(x - eps)) / 2 eps} is then exactly 0 (the
 * same value minus itself), so each Jacobian entry's absolute error is exactly the claimed value and
 * the expected diagnostics are exact, with no floating-point tolerance.
 */
class GradCheckDiagnosticsTest {

    /**
     * A constant output of {@code inputs[0]}'s size (all inputs have that size) whose backward claims
     * {@code d out[k] / d inputs[i][k] = claimed[i][k]} (a diagonal Jacobian); the true Jacobian is 0.
     */
    private static Tensor constantClaiming(Tensor[] inputs, double[][] claimed) {
        Tensor out = inputs[0].zerosLike();
        for (int k = 0; k < out.size(); k++) {
            out.set(k, 0.25 * k + 1);
        }
        return Tape.record("constantClaiming", inputs.clone(), out, (g, gi) -> {
            for (int i = 0; i < gi.length; i++) {
                if (gi[i] != null) {
                    for (int k = 0; k < out.size(); k++) {
                        gi[i].set(k, gi[i].get(k) + g[0].get(k) * claimed[i][k]);
                    }
                }
            }
        });
    }

    /** {@code x} element-wise, whose backward adds {@code g[k] + delta * sum(g)}: every Jacobian entry is off by {@code delta}. */
    private static Tensor identityOffBy(Tensor x, double delta) {
        Tensor out = x.zerosLike();
        for (int k = 0; k < x.size(); k++) {
            out.set(k, x.get(k));
        }
        return Tape.record("identityOffBy", new Tensor[] {x}, out, (g, gi) -> {
            double sumG = 0;
            for (int k = 0; k < out.size(); k++) {
                sumG += g[0].get(k);
            }
            for (int k = 0; k < out.size(); k++) {
                gi[0].set(k, gi[0].get(k) + g[0].get(k) + delta * sumG);
            }
        });
    }

    /** {@code scale * x} element-wise whose backward uses {@code claimedScale} instead of {@code scale}. */
    private static Tensor scaled(Tensor x, double scale, double claimedScale) {
        Tensor out = x.zerosLike();
        for (int k = 0; k < x.size(); k++) {
            out.set(k, scale * x.get(k));
        }
        return Tape.record("scaled", new Tensor[] {x}, out, (g, gi) -> {
            for (int k = 0; k < out.size(); k++) {
                gi[0].set(k, gi[0].get(k) + g[0].get(k) * claimedScale);
            }
        });
    }

    private static Tensor vector(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static String jacobianMessage(Report r, int input) {
        List<Report.Failure> f = r.failures(Check.JACOBIAN).stream().filter(x -> x.input() == input).toList();
        assertEquals(1, f.size(), r::toString);
        return f.get(0).message();
    }

    // ---- the worst entry and the count in the JACOBIAN message ---------------------------------

    @Test
    void theJacobianFailureNamesTheLargestErrorAndCountsEachInputSeparately() {
        Tensor x = vector(0.1, 0.2, 0.3);
        Tensor y = vector(0.4, 0.5, 0.6);
        // numerical Jacobians are 0; analytical diagonals {1, 3, 2} and {2, 2, 0}: 3 + 2 entries outside tolerance
        Report r = GradCheck.defaults().check(in -> constantClaiming(in, new double[][] {{1, 3, 2}, {2, 2, 0}}), x, y);

        assertEquals(5, r.mismatchCount(), r::toString);
        assertEquals("input #0 [3]: 3 of 9 Jacobian entries outside tolerance; worst at element 1 [1], output 1 [1]:"
                + " numerical 0.00000000, analytical 3.00000000 (abs error 3.00e+00, rel error Infinity)",
                jacobianMessage(r, 0));
        // a tie keeps the first entry found (element 0); the count is this input's own (2, not 5)
        assertEquals("input #1 [3]: 2 of 9 Jacobian entries outside tolerance; worst at element 0 [0], output 0 [0]:"
                + " numerical 0.00000000, analytical 2.00000000 (abs error 2.00e+00, rel error Infinity)",
                jacobianMessage(r, 1));
    }

    @Test
    void aNaNErrorIsWorseThanAnyFiniteOneAndTheFirstNaNIsNamed() {
        // claimed diagonal {2, NaN, 5, NaN, 1}: the NaN claims give NaN for every upstream (0 * NaN is NaN), so
        // columns 1 and 3 are NaN in full (10 entries) plus the three finite diagonal entries: 13 mismatches,
        // found in the order element 0 (error 2), element 1 output 0 (NaN), ..., element 2 (error 5), ...
        Tensor x = vector(0.1, 0.2, 0.3, 0.4, 0.5);
        Report r = GradCheck.defaults().check(
                in -> constantClaiming(in, new double[][] {{2, Double.NaN, 5, Double.NaN, 1}}), x);

        assertEquals(13, r.mismatchCount(), r::toString);
        assertEquals("input #0 [5]: 13 of 25 Jacobian entries outside tolerance; worst at element 1 [1], output 0 [0]:"
                + " numerical 0.00000000, analytical NaN (abs error NaN, rel error NaN)", jacobianMessage(r, 0));
    }

    @Test
    void equalErrorsKeepTheFirstEntryAsTheWorst() {
        Tensor x = vector(0.1, 0.2, 0.3);
        Report r = GradCheck.defaults().check(in -> constantClaiming(in, new double[][] {{4, 4, 4}}), x);

        assertEquals(3, r.mismatchCount(), r::toString);
        assertTrue(jacobianMessage(r, 0).contains("3 of 9 Jacobian entries outside tolerance; worst at element 0 [0],"
                + " output 0 [0]: numerical 0.00000000, analytical 4.00000000"), r::toString);
    }

    // ---- the pass rule's boundary ---------------------------------------------------------------

    @Test
    void anErrorEqualToTheToleranceExactlyPassesAndOneUlpMoreFails() {
        // numerical 0, so the rule is |analytical| <= atol + rtol * 0 = 0.5, and 0.5 is exactly representable
        Tensor x = vector(0.1, 0.2);
        Report r = GradCheck.defaults().atol(0.5)
                .check(in -> constantClaiming(in, new double[][] {{0.5, Math.nextUp(0.5)}}), x);

        assertEquals(1, r.mismatchCount(), r::toString);
        Report.Mismatch m = r.mismatches().get(0);
        assertEquals(1, m.element());
        assertEquals(0, m.numerical());
        assertEquals(Math.nextUp(0.5), m.analytical());
        assertEquals(Math.nextUp(0.5), m.absError());
        assertEquals(Double.POSITIVE_INFINITY, m.relError());
    }

    @Test
    void theRelativeToleranceMultipliesTheNumericalValue() {
        // d (3x) / dx = 3 numerically; the backward claims 3.002: error 2e-3 against atol 0 + rtol 1e-3 * 3 = 3e-3
        Report pass = GradCheck.defaults().atol(0).check(in -> scaled(in[0], 3, 3.002), vector(0.5));
        assertTrue(pass.passed(), pass::toString);
        // claiming 3.004: error 4e-3 > 3e-3 fails (rtol / |numerical| would allow only 3.3e-4 and fail 3.002 too)
        Report fail = GradCheck.defaults().atol(0).check(in -> scaled(in[0], 3, 3.004), vector(0.5));
        assertEquals(1, fail.mismatchCount(), fail::toString);
        // d (x / 4) / dx = 0.25: the allowance is rtol * 0.25 = 2.5e-4 (rtol / 0.25 would be 4e-3)
        Report small = GradCheck.defaults().atol(0).check(in -> scaled(in[0], 0.25, 0.2502), vector(0.5));
        assertTrue(small.passed(), small::toString);   // error 2e-4
        Report smallFail = GradCheck.defaults().atol(0).check(in -> scaled(in[0], 0.25, 0.2503), vector(0.5));
        assertEquals(1, smallFail.mismatchCount(), smallFail::toString);   // error 3e-4
    }

    // ---- the zero-upstream check ------------------------------------------------------------------

    @Test
    void theZeroUpstreamFailureCountsTheNonZeroElements() {
        Tensor x = vector(0.1, 0.2, 0.3);
        Report r = GradCheck.defaults().check(in -> {
            Tensor out = in[0].zerosLike();
            for (int k = 0; k < 3; k++) {
                out.set(k, 2 * in[0].get(k));
            }
            return Tape.record("leaky", new Tensor[] {in[0]}, out, (g, gi) -> {
                for (int k = 0; k < 3; k++) {
                    // elements 1 and 2 add 0.5 whatever the upstream gradient is
                    gi[0].set(k, gi[0].get(k) + 2 * g[0].get(k) + (k == 0 ? 0 : 0.5));
                }
            });
        }, x);

        List<Report.Failure> zero = r.failures(Check.ZERO_UPSTREAM);
        assertEquals(1, zero.size(), r::toString);
        assertTrue(zero.get(0).message().startsWith("input #0 [3]: a zero upstream gradient gave 2 of 3 gradient"
                + " elements non-zero, first at element 1 [1]: 0.5;"), zero.get(0).message());
    }

    // ---- fast mode --------------------------------------------------------------------------------

    @Test
    void fastModeUsesTheSameFloat32VectorOnBothSidesSoAnExactFunctionPassesWithZeroTolerance() {
        // identity on F32 zeros, eps a power of two: x +- eps*u is exact, the difference quotient is exactly u,
        // and the F32 gradient is exactly the upstream v; the two projections agree bit for bit only if the
        // numerical side uses v rounded to float as the F32 upstream gradient does
        Tensor x = Tensor.zeros(DType.F32, 7).requiresGrad(true);
        Report r = GradCheck.defaults().fast(true).numericalInDouble(true).eps(0x1p-10).atol(0).rtol(0)
                .check(in -> scaled(in[0], 1, 1), x);
        assertTrue(r.passed(), r::toString);
        assertEquals(0, r.atol());
        assertEquals(0, r.rtol());
    }

    @ParameterizedTest(name = "off by {0}")
    @ValueSource(doubles = {0.9e-3, 1.1e-3})
    void fastModeScalesAtolSoThatEveryEntryOffByLessThanAtolPasses(double delta) {
        // every Jacobian entry is off by delta; v^T J u is then off by delta * sum(u) * sum(v) exactly (the
        // difference quotient of the identity is accurate to ~1e-10), and the scaled atol is atol * sum(u) * sum(v),
        // so fast mode agrees with full mode: pass for delta < atol, fail for delta > atol, whatever u and v are
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 3, 40).requiresGrad(true);
        GradCheck check = GradCheck.defaults().atol(1e-3).rtol(0);
        Report fast = check.fast(true).check(in -> identityOffBy(in[0], delta), x);
        Report full = check.check(in -> identityOffBy(in[0], delta), x);
        boolean within = delta < 1e-3;
        assertEquals(within, full.passed(), full::toString);
        assertEquals(within, fast.passed(), fast::toString);
        assertEquals(within ? List.of() : List.of(Check.PROJECTION, Check.JACOBIAN),
                fast.failures().stream().map(Report.Failure::check).toList(), fast::toString);
    }

    @Test
    void theProjectionFailureStatesBothValuesAndTheThreshold() {
        // one input and one output element: u = v = [1], so v^T J u is the derivative itself: 4 numerically,
        // 4.4 analytically; threshold atol * 1 * 1 + rtol * 4 = 1e-5 + 4e-3 = 4.01e-3
        Report r = GradCheck.defaults().fast(true).check(in -> scaled(in[0], 4, 4.4), vector(0.5));
        List<Report.Failure> p = r.failures(Check.PROJECTION);
        assertEquals(1, p.size(), r::toString);
        assertEquals("input #0 [1]: v^T J u: numerical 4.00000000, analytical 4.40000000, abs error 4.00e-01"
                + " > atol * sum(u) * sum(v) + rtol * |numerical| = 4.01e-03; full mode was re-run for this input",
                p.get(0).message());
        assertEquals("PROJECTION: " + p.get(0).message(), p.get(0).toString());
    }

    @Test
    void theFullModeNoteNamesOnlyTheInputWhoseEntriesAllPassed() {
        // input 0: x[0] - x[1] with both entries off by 9e-4, inside rtol 1e-3 each, but adding up in the
        // projection while the values cancel (see CustomOps); input 1: every entry 10% off (fails both modes)
        Tensor a = Tensor.of(new double[] {0.3, -0.2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.7, 1.3}, 2).requiresGrad(true);
        Report r = GradCheck.defaults().fast(true).check(
                in -> Ops.add(CustomOps.differenceWithBiasedBackward(in[0], 9e-4), Ops.sum(scaled(in[1], 2, 2.2))),
                a, b);

        assertEquals(List.of(0, 1), r.failures(Check.PROJECTION).stream().map(Report.Failure::input).toList(),
                r::toString);
        assertEquals(List.of(1), r.failures(Check.JACOBIAN).stream().map(Report.Failure::input).toList(), r::toString);
        assertEquals(1, r.notes().size(), r::toString);
        assertTrue(r.notes().get(0).startsWith("Input #0: fast mode failed but every Jacobian entry is within"
                + " tolerance in full mode"), r::toString);
    }

    @Test
    void fastModeProjectsOnPositiveUnitVectorsDrawnFromTheSeed() {
        // the documented vectors: v (output-sized) then u (input-sized) from SplittableRandom(seed), entries
        // uniform in (0, 1] (1 - nextDouble), each normalised to unit Euclidean norm
        double[] a = {0.5, -1.5, 2.0};
        Tensor x = vector(0.3, -0.6, 0.9);
        long seed = 42;
        Report r = GradCheck.defaults().fast(true).seed(seed).check(in -> {
            Tensor out = in[0].zerosLike();
            for (int k = 0; k < 3; k++) {
                out.set(k, a[k] * in[0].get(k));
            }
            return Tape.record("diag", new Tensor[] {in[0]}, out, (g, gi) -> {
                for (int k = 0; k < 3; k++) {
                    gi[0].set(k, gi[0].get(k) + g[0].get(k) * a[k] * 1.1);
                }
            });
        }, x);

        SplittableRandom random = new SplittableRandom(seed);
        double[] v = unitPositive(random, 3);
        double[] u = unitPositive(random, 3);
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            expected += v[k] * a[k] * u[k];
        }
        String message = r.failures(Check.PROJECTION).get(0).message();
        Matcher m = Pattern.compile("numerical (\\S+), analytical (\\S+),").matcher(message);
        assertTrue(m.find(), message);
        // printed to 9 significant digits; the difference quotient of a linear function is accurate to ~1e-10
        assertEquals(expected, Double.parseDouble(m.group(1)), 1e-8 * Math.abs(expected), message);
        assertEquals(1.1 * expected, Double.parseDouble(m.group(2)), 1e-8 * Math.abs(expected), message);
    }

    private static double[] unitPositive(SplittableRandom random, int n) {
        double[] x = new double[n];
        double norm = 0;
        for (int k = 0; k < n; k++) {
            x[k] = 1 - random.nextDouble();
            norm += x[k] * x[k];
        }
        for (int k = 0; k < n; k++) {
            x[k] /= Math.sqrt(norm);
        }
        return x;
    }

    // ---- settings ---------------------------------------------------------------------------------

    @Test
    void zeroTolerancesAreAcceptedAndNegativeOnesRejectedWithTheValue() {
        GradCheck zero = GradCheck.defaults().atol(0).rtol(0);
        assertEquals("GradCheck[eps=1.0E-6, atol=0.0, rtol=0.0, full, seed=0]", zero.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().atol(-Double.MIN_VALUE));
        assertEquals("GradCheck.atol: need a finite tolerance >= 0, got -4.9E-324", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().rtol(Double.NaN));
        assertEquals("GradCheck.rtol: need a finite tolerance >= 0, got NaN", e.getMessage());
    }

    @Test
    void f64ChecksReportThatTheNumericalSideRanInTheInputsDtype() {
        Report r = GradCheck.defaults().check(in -> scaled(in[0], 2, 2), vector(0.5));
        assertTrue(r.passed(), r::toString);
        assertFalse(r.numericalInDouble());
        assertFalse(r.toString().contains("numerical side in F64"), r::toString);
    }
}
