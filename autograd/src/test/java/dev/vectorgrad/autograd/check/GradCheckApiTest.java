package dev.vectorgrad.autograd.check;

import static dev.vectorgrad.autograd.check.GradCheckCorrectOpsTest.constant;
import static dev.vectorgrad.autograd.check.GradCheckCorrectOpsTest.var;
import static dev.vectorgrad.autograd.check.GradCheckCorrectOpsTest.varIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.Report.Check;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration, argument checking, F32 handling, the caller's tensors and the report's text. */
class GradCheckApiTest {

    private static final Function<Tensor[], Tensor> LAYER =
            in -> Ops.softmax(Ops.add(Ops.matmul(in[0], in[1]), in[2]));

    private static Tensor f32(long seed, boolean checked, int... shape) {
        return Tensor.uniform(DType.F32, -1, 1, seed, shape).requiresGrad(checked);
    }

    // ---- the F32 refusal and numericalInDouble ------------------------------------------------

    @Test
    void f32InputsAreRefusedWithTheReasonAndTheFix() {
        Tensor x = var(1, 2, 3);
        Tensor w = f32(2, true, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().check(in -> Ops.matmul(Ops.to(in[0], DType.F32), in[1]), x, w));
        String m = e.getMessage();
        assertTrue(m.contains("input #1 is F32 [3, 4]"), m);
        assertTrue(m.contains("float64") && m.contains("2*eps"), m);   // why
        assertTrue(m.contains("pass F64 inputs") && m.contains("numericalInDouble(true)"), m);   // how to fix
    }

    @Test
    void anF32ResultFromF64InputsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.verify(in -> Ops.tanh(Ops.to(in[0], DType.F32)), var(3, 4)));
        assertTrue(e.getMessage().contains("F32 result [4] from F64 inputs"), e.getMessage());
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void numericalInDoublePassesACorrectF32Function(boolean fast) {
        Tensor x = f32(4, false, 4, 3);
        Tensor w = f32(5, true, 3, 5);
        Tensor b = f32(6, true, 5);
        Report r = GradCheck.defaults().numericalInDouble(true).fast(fast)
                .check(in -> Losses.crossEntropy(Ops.tanh(Ops.add(Ops.matmul(in[0], in[1]), in[2])),
                        new int[] {0, 4, 2, 1}), x, w, b);
        assertTrue(r.passed(), r::toString);
        assertEquals(GradCheck.F32_TOLERANCE, r.atol());
        assertEquals(GradCheck.F32_TOLERANCE, r.rtol());
        assertTrue(r.numericalInDouble() && r.toString().contains("numerical side in F64"), r::toString);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {false, true})
    void numericalInDoubleFailsAnF32Mutant(boolean fast) {
        Tensor a = Tensor.uniform(DType.F32, 0.5, 1.5, 7, 3, 2).requiresGrad(true);
        Tensor b = Tensor.uniform(DType.F32, 0.5, 1.5, 8, 3, 2).requiresGrad(true);
        // b's gradient is 10% too large everywhere (fast mode's scaled F32 atol can hide an error in one small entry)
        Report r = GradCheck.defaults().numericalInDouble(true).fast(fast)
                .check(in -> CustomOps.mul(in[0], in[1], -1, 1.1), a, b);
        assertFalse(r.passed(), r::toString);
        assertEquals(6, r.mismatchCount(), r::toString);
        for (int k = 0; k < 6; k++) {
            Report.Mismatch m = r.mismatches().get(k);
            assertEquals(1, m.input());
            assertEquals(k, m.element());
            assertEquals(k, m.outputElement());
            assertEquals(0.1, m.relError(), 1e-5, m::toString);
        }
        assertEquals(List.of(1), r.failures(Check.JACOBIAN).stream().map(Report.Failure::input).toList());

        Report single = GradCheck.defaults().numericalInDouble(true)
                .check(in -> Ops.sigmoid(CustomOps.mul(in[0], in[1], 3, 1.1)), a, b);
        assertEquals(1, single.mismatchCount(), "full mode finds an error in one entry: " + single);
        assertEquals(3, single.mismatches().get(0).element());
    }

    @Test
    void explicitTolerancesOverrideTheF32Defaults() {
        Report r = GradCheck.defaults().numericalInDouble(true).atol(1e-7)
                .check(in -> Ops.tanh(in[0]), f32(9, true, 3));
        assertEquals(1e-7, r.atol());
        assertEquals(GradCheck.F32_TOLERANCE, r.rtol());
        Report f64 = GradCheck.defaults().numericalInDouble(true).check(in -> Ops.tanh(in[0]), var(10, 3));
        assertEquals(GradCheck.DEFAULT_ATOL, f64.atol(), "F64 inputs keep PyTorch's defaults");
        assertEquals(GradCheck.DEFAULT_RTOL, f64.rtol());
    }

    @Test
    void numericalInDoubleNeedsAFunctionThatFollowsItsInputsDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().numericalInDouble(true)
                        .check(in -> Ops.tanh(Ops.to(in[0], DType.F32)), f32(11, true, 3)));
        assertTrue(e.getMessage().contains("returned F32 from F64 copies"), e.getMessage());
    }

    // ---- the caller's tensors ------------------------------------------------------------------

    @ParameterizedTest(name = "numericalInDouble={0}")
    @ValueSource(booleans = {false, true})
    void callersTensorsValuesAndGradientsAreUnchanged(boolean f32) {
        DType dtype = f32 ? DType.F32 : DType.F64;
        Tensor a = Tensor.uniform(dtype, 0.5, 1.5, 12, 2, 3).requiresGrad(true);
        Tensor b = Tensor.uniform(dtype, 0.5, 1.5, 13, 2, 3).requiresGrad(true);
        Tensor c = Tensor.uniform(dtype, 0.5, 1.5, 14, 2, 3);
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.sum(Ops.mul(a, b))); // the caller's own gradients, to be left alone
        }
        Tensor gradA = a.grad();
        double[] gradAValues = gradA.toDoubleArray();
        double[] aValues = a.toDoubleArray();
        double[] bValues = b.toDoubleArray();
        double[] cValues = c.toDoubleArray();
        GradCheck check = GradCheck.defaults().numericalInDouble(f32);
        for (boolean fast : new boolean[] {false, true}) {
            Report ok = check.fast(fast).check(in -> Ops.mul(Ops.mul(in[0], in[1]), in[2]), a, b, c);
            assertTrue(ok.passed(), ok::toString);
            Report bad = check.fast(fast).check(in -> Ops.mul(CustomOps.mul(in[0], in[1], -1, 1.1), in[2]), a, b, c);
            assertFalse(bad.passed(), bad::toString);
        }
        assertArrayEquals(aValues, a.toDoubleArray());
        assertArrayEquals(bValues, b.toDoubleArray());
        assertArrayEquals(cValues, c.toDoubleArray());
        assertSame(gradA, a.grad());
        assertArrayEquals(gradAValues, a.grad().toDoubleArray());
        assertArrayEquals(a.toDoubleArray(), b.grad().toDoubleArray());
        assertNull(c.grad());
        assertTrue(a.requiresGrad() && b.requiresGrad() && !c.requiresGrad() && a.isLeaf());
        assertEquals(dtype, a.dtype());
    }

    // ---- argument checking ----------------------------------------------------------------------

    @Test
    void noInputRequiringAGradientIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.verify(in -> Ops.tanh(in[0]), constant(15, 3)));
        assertTrue(e.getMessage().contains("none of the 1 inputs requires a gradient")
                && e.getMessage().contains("requiresGrad(true)"), e.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        GradCheck d = GradCheck.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.eps(0));
        assertThrows(IllegalArgumentException.class, () -> d.eps(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.atol(-1e-5));
        assertThrows(IllegalArgumentException.class, () -> d.rtol(Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> d.check(in -> in[0], var(16, 2), null));
    }

    @Test
    void insideANoGradScopeIsAnError() {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GradCheck.verify(in -> Ops.tanh(in[0]), var(17, 3)));
            assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        }
        assertNull(Tape.recording(), "the checker's tape is closed after the failure");
    }

    @Test
    void aResultWhoseShapeDependsOnTheValuesIsAnError() {
        Tensor x = Tensor.of(new double[] {0.5, 1}, 2).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.verify(in -> Shapes.slice(in[0], 0, 0, in[0].get(0) > 0.5 ? 2 : 1), x));
        assertTrue(e.getMessage().contains("returned [2] at a perturbed point but [1]"), e.getMessage());
    }

    @Test
    void theCheckerRunsInsideTheCallersOpenTapeWithoutTouchingIt() {
        Tensor w = var(18, 3);
        try (Tape outer = Tape.open()) {
            Ops.tanh(w);
            GradCheck.verify(in -> Ops.sigmoid(in[0]), var(19, 3));
            assertEquals(1, outer.size());
            assertSame(outer, Tape.recording());
        }
    }

    // ---- fast mode specifics ---------------------------------------------------------------------

    @Test
    void fastModeIsReproducibleForASeedAndTheSeedMatters() {
        Function<Tensor[], Tensor> mutant = in -> CustomOps.matmulWrongTranspose(in[0], in[1]);
        GradCheck fast = GradCheck.defaults().fast(true);
        String first = fast.check(mutant, var(20, 3, 3), var(21, 3, 3)).toString();
        assertEquals(first, fast.check(mutant, var(20, 3, 3), var(21, 3, 3)).toString());
        Report other = fast.seed(99).check(mutant, var(20, 3, 3), var(21, 3, 3));
        assertEquals(99, other.seed());
        assertNotEquals(first, other.toString(), "the projection uses the seed's vectors");
    }

    @Test
    void fastModeSaysWhenOnlyTheProjectionFailed() {
        // each entry is off by 5e-4 (inside rtol 1e-3), but the entries +1 and -1 cancel in v^T J u and their errors add
        Report r = GradCheck.defaults().fast(true).check(in -> CustomOps.differenceWithBiasedBackward(in[0], 5e-4),
                Tensor.of(new double[] {0.3, -0.2}, 2).requiresGrad(true));
        assertFalse(r.passed(), r::toString);
        assertEquals(List.of(Check.PROJECTION), r.failures().stream().map(Report.Failure::check).toList());
        assertEquals(0, r.mismatchCount());
        assertTrue(r.notes().get(0).contains("every Jacobian entry is within tolerance in full mode"), r::toString);
        assertTrue(GradCheck.defaults().check(in -> CustomOps.differenceWithBiasedBackward(in[0], 5e-4),
                Tensor.of(new double[] {0.3, -0.2}, 2).requiresGrad(true)).passed(), "full mode passes it");
    }

    // ---- gradient shape and dtype ----------------------------------------------------------------

    @Test
    void aGradientOfTheWrongShapeOrDtypeIsNamed() {
        Tensor x = Tensor.zeros(DType.F64, 2, 3);
        assertNull(Checker.gradientProblem(x, Tensor.zeros(DType.F64, 2, 3)));
        assertEquals("the analytical gradient is F64 [3, 2] but the input is F64 [2, 3]",
                Checker.gradientProblem(x, Tensor.zeros(DType.F64, 3, 2)));
        assertEquals("the analytical gradient is F32 [2, 3] but the input is F64 [2, 3]",
                Checker.gradientProblem(x, Tensor.zeros(DType.F32, 2, 3)));
    }

    // ---- the report ------------------------------------------------------------------------------

    @Test
    void aPassingReportStatesItsSettings() {
        Report r = GradCheck.defaults().check(LAYER, constant(22, 2, 3), var(23, 3, 4), var(24, 4));
        assertTrue(r.passed());
        assertTrue(r.failures().isEmpty() && r.mismatches().isEmpty() && r.notes().isEmpty());
        assertEquals(1e-6, r.eps());
        assertEquals(1e-5, r.atol());
        assertEquals(1e-3, r.rtol());
        assertEquals(GradCheck.DEFAULT_SEED, r.seed());
        assertFalse(r.fast());
        String text = r.toString();
        assertTrue(text.startsWith("GradCheck PASSED: full mode (every Jacobian entry), eps 1.0E-6, atol 1.0E-5,"
                + " rtol 0.001, seed 0"), text);
        assertTrue(text.contains("inputs: #0 F64 [2, 3] (constant), #1 F64 [3, 4] (checked), #2 F64 [4] (checked)"), text);
        assertTrue(text.contains("output: F64 [2, 4]\n"), text);
        assertTrue(GradCheck.defaults().check(in -> Ops.sum(in[0]), var(31, 2)).toString()
                .contains("output: F64 [] (scalar)"));
    }

    @Test
    void assertGradientsThrowsTheReportAndVerifyUsesTheDefaults() {
        Tensor a = varIn(25, 0.5, 1.5, 2, 2);
        Tensor b = varIn(26, 0.5, 1.5, 2, 2);
        Function<Tensor[], Tensor> mutant = in -> CustomOps.mul(in[0], in[1], 1, 1.1);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.defaults().assertGradients(mutant, a, b));
        assertEquals(GradCheck.defaults().check(mutant, a, b).toString(), e.getMessage());
        assertTrue(e.getMessage().startsWith("GradCheck FAILED"), e.getMessage());
        assertThrows(AssertionError.class, () -> GradCheck.verify(mutant, a, b));
        GradCheck.verify(in -> CustomOps.mul(in[0], in[1], 1, 1.0), a, b);
        GradCheck.defaults().fast(true).assertGradients(LAYER, constant(27, 2, 3), var(28, 3, 4), var(29, 4));
    }

    @Test
    void settingsAreImmutableAndPrintable() {
        GradCheck d = GradCheck.defaults();
        GradCheck custom = d.eps(1e-5).atol(1e-6).rtol(1e-4).fast(true).seed(7).numericalInDouble(true);
        assertEquals("GradCheck[eps=1.0E-6, atol=default, rtol=default, full, seed=0]", d.toString());
        assertEquals("GradCheck[eps=1.0E-5, atol=1.0E-6, rtol=1.0E-4, fast, seed=7, numericalInDouble]",
                custom.toString());
        Report r = custom.check(in -> Ops.tanh(in[0]), var(30, 3));
        assertEquals(1e-5, r.eps());
        assertEquals(1e-6, r.atol());
        assertEquals(1e-4, r.rtol());
        assertEquals(7, r.seed());
        assertTrue(r.fast());
    }
}
