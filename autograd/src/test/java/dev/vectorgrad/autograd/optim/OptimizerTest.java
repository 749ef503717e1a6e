package dev.vectorgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OptimizerTest {

    private static Tensor param(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static Tensor paramF32(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static void setGrad(Tensor p, double... values) {
        Tensor g = Tensor.zeros(p.dtype(), p.shape());
        for (int i = 0; i < values.length; i++) {
            g.set(i, values[i]);
        }
        PyTorchReferenceTest.setGrad(p, g);
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable t = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(t.getMessage().contains(part), "message '" + t.getMessage() + "' should contain '" + part + "'");
        }
    }

    /** One factory per optimizer, with non-default settings, for tests that apply to all of them. */
    private static final List<Function<List<Tensor>, Optimizer>> ALL = List.of(
            ps -> Sgd.builder(0.1).momentum(0.9).weightDecay(0.01).build(ps),
            ps -> Sgd.builder(0.1).momentum(0.9).nesterov(true).build(ps),
            ps -> Adam.builder(0.01).weightDecay(0.01).amsgrad(true).build(ps),
            ps -> AdamW.builder(0.01).amsgrad(true).build(ps),
            ps -> RmsProp.builder(0.01).momentum(0.5).centered(true).weightDecay(0.01).build(ps));

    // ---- validation --------------------------------------------------------------------------

    @Test
    void hyperparametersAreValidatedWithTheValueInTheMessage() {
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(-0.1), "Sgd", "lr", "-0.1");
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(Double.NaN), "lr", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(Double.POSITIVE_INFINITY), "lr", "Infinity");
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(0.1).momentum(-0.5), "momentum", "-0.5");
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(0.1).dampening(1.5), "dampening", "1.5");
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(0.1).weightDecay(-1e-4), "weightDecay", "-1.0E-4");
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(0.1).betas(1.0, 0.999), "Adam", "beta1", "1.0");
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(0.1).betas(0.9, -0.1), "beta2", "-0.1");
        assertMessage(IllegalArgumentException.class, () -> AdamW.builder(0.1).betas(0.9, Double.NaN), "AdamW", "beta2", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(0.1).eps(-1e-8), "eps", "-1.0E-8");
        assertMessage(IllegalArgumentException.class, () -> AdamW.builder(0.1).weightDecay(-0.01), "weightDecay", "-0.01");
        assertMessage(IllegalArgumentException.class, () -> RmsProp.builder(0.1).alpha(1.01), "RmsProp", "alpha", "1.01");
        assertMessage(IllegalArgumentException.class, () -> RmsProp.builder(0.1).momentum(-1), "momentum", "-1.0");
        assertMessage(IllegalArgumentException.class, () -> RmsProp.builder(0.1).eps(Double.NaN), "eps", "NaN");
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        List<Tensor> ps = List.of(param(1));
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(0.1).nesterov(true).build(ps),
                "Nesterov", "momentum=0.0");
        assertMessage(IllegalArgumentException.class,
                () -> Sgd.builder(0.1).momentum(0.9).dampening(0.1).nesterov(true).build(ps), "dampening=0.1");
        // the order of the setters does not matter: the combination is checked by build
        Sgd sgd = Sgd.builder(0.1).nesterov(true).momentum(0.9).build(ps);
        assertTrue(sgd.nesterov());
        assertEquals(0.9, sgd.momentum());
    }

    @Test
    void parametersMustBeDistinctLeavesThatRequireGradients() {
        Tensor ok = param(1, 2);
        Tensor frozen = Tensor.of(new double[] {1}, 1);
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(0.1).build(List.of()), "empty");
        assertMessage(IllegalArgumentException.class, () -> Adam.builder(0.1).build(List.of(ok, frozen)),
                "parameter 1", "does not require a gradient");
        assertMessage(IllegalArgumentException.class, () -> Sgd.builder(0.1).build(List.of(ok, ok)),
                "parameters 0 and 1", "same tensor");
        assertMessage(NullPointerException.class, () -> RmsProp.builder(0.1).build(Arrays.asList(ok, null)),
                "parameter 1 is null");
        Tensor recorded;
        try (Tape tape = Tape.open()) {
            recorded = Ops.scale(ok, 2.0);
            assertMessage(IllegalArgumentException.class, () -> AdamW.builder(0.1).build(List.of(recorded)),
                    "parameter 0", "recorded op", "leaf");
        }
    }

    @Test
    void learningRateCanBeChangedAndIsValidated() {
        Tensor p = param(1);
        for (Function<List<Tensor>, Optimizer> make : ALL) {
            Optimizer opt = make.apply(List.of(p));
            opt.setLearningRate(0.5);
            assertEquals(0.5, opt.learningRate());
            assertMessage(IllegalArgumentException.class, () -> opt.setLearningRate(-1), "lr", "-1.0");
            assertEquals(0.5, opt.learningRate());
        }
        Sgd sgd = Sgd.builder(0.1).build(List.of(p));
        setGrad(p, 2);
        sgd.setLearningRate(0.25);
        sgd.step();
        assertEquals(0.5, p.item());
    }

    // ---- behaviour ---------------------------------------------------------------------------

    @Test
    void sgdStepIsHandComputable() {
        Tensor p = param(1.0, -2.0);
        Sgd sgd = Sgd.builder(0.5).momentum(0.5).build(List.of(p));
        setGrad(p, 1.0, 2.0);
        sgd.step(); // buffer = g
        assertArrayEquals(new double[] {0.5, -3.0}, p.toDoubleArray());
        setGrad(p, 1.0, 2.0);
        sgd.step(); // buffer = 0.5 * g + g = 1.5 g
        assertArrayEquals(new double[] {-0.25, -4.5}, p.toDoubleArray());
    }

    @Test
    void parametersWithoutGradientAreSkippedAndKeepTheirState() {
        for (Function<List<Tensor>, Optimizer> make : ALL) {
            Tensor a = param(0.5, -1.5);
            Tensor b = param(2.0, 3.0, -4.0);
            Optimizer opt = make.apply(List.of(a, b));
            setGrad(a, 0.3, -0.7);
            b.zeroGrad();
            opt.step();
            assertArrayEquals(new double[] {2.0, 3.0, -4.0}, b.toDoubleArray(), "no gradient: untouched, weight decay too");
            // b's first update must be a first update (fresh state, step 1), whatever a has been through
            Tensor alone = param(2.0, 3.0, -4.0);
            Optimizer fresh = make.apply(List.of(alone));
            a.zeroGrad();
            setGrad(b, 0.1, 0.2, -0.3);
            setGrad(alone, 0.1, 0.2, -0.3);
            double[] aBefore = a.toDoubleArray();
            opt.step();
            fresh.step();
            assertArrayEquals(alone.toDoubleArray(), b.toDoubleArray(), opt.getClass().getSimpleName());
            assertArrayEquals(aBefore, a.toDoubleArray());
        }
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Tensor a = param(1, 2);
        Tensor b = paramF32(3f);
        Optimizer opt = Adam.builder(0.1).build(List.of(a, b));
        setGrad(a, 1, 1);
        setGrad(b, 1);
        assertNotNull(a.grad());
        opt.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
        opt.step(); // nothing to do, nothing changes
        assertArrayEquals(new double[] {1, 2}, a.toDoubleArray());
        assertEquals(3.0, b.item());
        assertEquals(List.of(a, b), opt.parameters());
        assertThrows(UnsupportedOperationException.class, () -> opt.parameters().add(a));
    }

    @Test
    void f32ParametersAreUpdatedInFloatAndMayMixWithF64() {
        Tensor f = paramF32(1.0f, -1.0f);
        Tensor d = param(1.0, -1.0);
        for (Function<List<Tensor>, Optimizer> make : ALL) {
            Optimizer opt = make.apply(List.of(f, d));
            for (int step = 0; step < 3; step++) {
                setGrad(f, 0.25, -0.5);
                setGrad(d, 0.25, -0.5);
                opt.step();
            }
            assertEquals(DType.F32, f.dtype());
            for (int i = 0; i < 2; i++) {
                assertEquals(d.get(i), f.get(i), 1e-6, opt.getClass().getSimpleName() + " element " + i);
            }
            assertTrue(f.get(0) < 1.0 && f.get(1) > -1.0, "moved against the gradient: " + f);
        }
        // exact F32 case: 1 - 0.5 * 0.5
        Tensor p = paramF32(1.0f);
        Sgd sgd = Sgd.builder(0.5).build(List.of(p));
        setGrad(p, 0.5);
        sgd.step();
        assertEquals(0.75f, p.dataF32()[0]);
    }

    @Test
    void adamFirstStepMovesEachElementByAboutTheLearningRate() {
        Tensor p = param(0.0, 0.0, 0.0);
        Adam adam = Adam.builder(0.01).build(List.of(p));
        setGrad(p, 3.0, -1e-3, 40.0);
        adam.step(); // m / sqrt(v) after bias correction is sign(g)
        assertArrayEquals(new double[] {-0.01, 0.01, -0.01}, p.toDoubleArray(), 1e-7);
    }

    @Test
    void trainingThroughTheTapeConverges() {
        Tensor w = param(0.0, 0.0);
        Tensor target = Tensor.of(new double[] {3.0, -2.0}, 2);
        for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                ps -> Sgd.builder(0.1).momentum(0.9).nesterov(true).build(ps),
                ps -> Adam.builder(0.1).build(ps),
                ps -> AdamW.builder(0.1).weightDecay(0).build(ps),
                ps -> RmsProp.builder(0.01).centered(true).build(ps))) {
            Arrays.fill(w.dataF64(), 0.0);
            Optimizer opt = make.apply(List.of(w));
            for (int step = 0; step < 2000; step++) {
                opt.zeroGrad();
                try (Tape tape = Tape.open()) {
                    tape.backward(Losses.mse(w, target));
                }
                opt.step();
            }
            assertArrayEquals(target.toDoubleArray(), w.toDoubleArray(), 1e-2, opt.getClass().getSimpleName());
        }
    }

    // ---- clipping ----------------------------------------------------------------------------

    @Test
    void clipByNormReturnsTheTotalNormAndScalesAboveTheMaximum() {
        Tensor a = param(3.0, 0.0);
        Tensor b = param(0.0, 4.0, 0.0);
        Tensor none = param(7.0);
        setGrad(a, 3.0, 0.0);
        setGrad(b, 0.0, 4.0, 0.0);
        List<Tensor> ps = List.of(a, b, none);
        assertEquals(5.0, GradClip.byNorm(ps, 10.0));
        assertArrayEquals(new double[] {3.0, 0.0}, a.grad().toDoubleArray(), "under the maximum: unchanged");
        assertEquals(5.0, GradClip.byNorm(ps, 1.0));
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3.0 * coef, 0.0}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.0, 4.0 * coef, 0.0}, b.grad().toDoubleArray());
        assertNull(none.grad());
        assertEquals(1.0, GradClip.byNorm(ps, 1.0), 1e-6);
        assertEquals(0.0, GradClip.byNorm(List.of(none), 1.0), "no gradients: norm 0");
    }

    @Test
    void clipByNormWorksOnF32() {
        Tensor f = paramF32(0f, 0f);
        Tensor d = param(0.0);
        setGrad(f, 6.0, 8.0);
        setGrad(d, 0.0);
        assertEquals(10.0, GradClip.byNorm(List.of(f, d), 5.0));
        assertEquals((float) (6.0 * (float) (5.0 / (10.0 + 1e-6))), f.grad().dataF32()[0]);
        assertEquals(5.0, Math.hypot(f.grad().get(0), f.grad().get(1)), 1e-5);
    }

    @Test
    void clipByNormThrowsOnANonFiniteNormAndLeavesGradientsAlone() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Tensor a = param(0.0, 0.0);
            Tensor b = param(0.0);
            setGrad(a, 1.0, 2.0);
            setGrad(b, bad);
            List<Tensor> ps = List.of(a, b);
            String shown = Double.isNaN(bad) ? "NaN" : "Infinity";
            assertMessage(ArithmeticException.class, () -> GradClip.byNorm(ps, 1.0), "norm", shown);
            assertArrayEquals(new double[] {1.0, 2.0}, a.grad().toDoubleArray());
            double norm = GradClip.byNorm(ps, 1.0, false);
            assertTrue(Double.isNaN(bad) ? Double.isNaN(norm) : norm == Double.POSITIVE_INFINITY, "norm " + norm);
            assertArrayEquals(new double[] {1.0, 2.0}, a.grad().toDoubleArray());
            assertEquals(bad, b.grad().item());
        }
        Tensor big = param(0.0, 0.0);
        setGrad(big, 1e200, 1e200);
        assertMessage(IllegalArgumentException.class, () -> GradClip.byNorm(List.of(big), -1.0), "maxNorm", "-1.0");
        assertMessage(IllegalArgumentException.class, () -> GradClip.byNorm(List.of(big), Double.NaN), "maxNorm", "NaN");
    }

    @Test
    void clipByNormCopesWithFiniteGradientsWhoseNormOverflows() {
        // Squares overflow double, the elements do not: the norm is computed scaled, exactly.
        Tensor big = param(0.0, 0.0, 0.0);
        Tensor small = param(0.0);
        setGrad(big, 3e200, -4e200, 0.0);
        setGrad(small, 1.0);
        assertEquals(5e200, GradClip.byNorm(List.of(big, small), 1.0), 1e186);
        assertArrayEquals(new double[] {0.6, -0.8, 0.0}, big.grad().toDoubleArray(), 1e-15);
        assertEquals(2e-201, small.grad().item(), 1e-215);
        // Even a norm beyond Double.MAX_VALUE: reported as infinite, and still clipped without NaN.
        setGrad(big, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE);
        setGrad(small, 0.0);
        assertEquals(Double.POSITIVE_INFINITY, GradClip.byNorm(List.of(big, small), 3.0));
        double third = Math.sqrt(3.0);
        assertArrayEquals(new double[] {third, third, -third}, big.grad().toDoubleArray(), 1e-12);
        assertEquals(0.0, small.grad().item());
    }

    @Test
    void clipByNormNamesTheFirstNonFiniteGradient() {
        Tensor a = param(0.0, 0.0);
        Tensor b = param(0.0, 0.0, 0.0);
        setGrad(a, 1.0, 2.0);
        setGrad(b, 0.0, Double.POSITIVE_INFINITY, Double.NaN);
        assertMessage(ArithmeticException.class, () -> GradClip.byNorm(List.of(a, b), 1.0),
                "norm of the gradients is NaN", "parameter 1 [3]", "Infinity at element 1", "left unchanged");
    }

    @Test
    void clipByValueClampsEachElement() {
        Tensor a = param(0, 0, 0, 0);
        Tensor f = paramF32(0f, 0f);
        Tensor none = param(1);
        setGrad(a, -3.0, 0.2, 0.5, Double.NaN);
        setGrad(f, 7.0, -0.1);
        GradClip.byValue(new ArrayList<>(List.of(a, f, none)), 0.5);
        double[] g = a.grad().toDoubleArray();
        assertArrayEquals(new double[] {-0.5, 0.2, 0.5}, Arrays.copyOf(g, 3));
        assertTrue(Double.isNaN(g[3]), "NaN stays NaN, as torch.clamp");
        assertArrayEquals(new float[] {0.5f, -0.1f}, f.grad().dataF32());
        assertNull(none.grad());
        assertMessage(IllegalArgumentException.class, () -> GradClip.byValue(List.of(a), -0.5), "clipValue", "-0.5");
    }
}
