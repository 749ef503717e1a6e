package dev.vectorgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the optimizers' settings as users read them back (every getter returns what the builder
 * was given, and the documented defaults), the exact ends of the ranges the builders accept
 * ({@code [0, 1)} for Adam's betas, {@code [0, 1]} for RMSprop's alpha and SGD's dampening), the
 * parameter descriptions in error messages, and gradient clipping at a limit of exactly zero.
 */
class OptimizerSettingsAndBoundariesTest {

    private static List<Tensor> params() {
        return List.of(Tensor.of(new double[] {1, 2}, 2).requiresGrad(true));
    }

    // ---- settings read back ------------------------------------------------------------------

    @Test
    void adamSettingsReadBack() {
        Adam adam = Adam.builder(0.003).betas(0.8, 0.95).eps(1e-5).weightDecay(0.25).amsgrad(true).build(params());
        assertEquals(0.003, adam.learningRate());
        assertEquals(0.8, adam.beta1());
        assertEquals(0.95, adam.beta2());
        assertEquals(1e-5, adam.eps());
        assertEquals(0.25, adam.weightDecay());
        assertTrue(adam.amsgrad());
        assertFalse(adam.decoupledWeightDecay());
    }

    @Test
    void adamAndAdamWDefaultsArePyTorchs() {
        Adam adam = Adam.builder(1e-3).build(params());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0.0, adam.weightDecay());
        assertFalse(adam.amsgrad());
        assertFalse(adam.decoupledWeightDecay());
        Adam adamW = AdamW.builder(1e-3).build(params());
        assertTrue(adamW.decoupledWeightDecay());
        assertEquals(1e-2, adamW.weightDecay());
        assertFalse(adamW.amsgrad());
    }

    @Test
    void rmsPropSettingsReadBack() {
        RmsProp rms = RmsProp.builder(0.02).alpha(0.7).eps(1e-4).weightDecay(0.125).momentum(0.6).centered(true)
                .build(params());
        assertEquals(0.02, rms.learningRate());
        assertEquals(0.7, rms.alpha());
        assertEquals(1e-4, rms.eps());
        assertEquals(0.125, rms.weightDecay());
        assertEquals(0.6, rms.momentum());
        assertTrue(rms.centered());
        RmsProp plain = RmsProp.builder(0.01).build(params());
        assertEquals(0.99, plain.alpha());
        assertEquals(1e-8, plain.eps());
        assertEquals(0.0, plain.weightDecay());
        assertEquals(0.0, plain.momentum());
        assertFalse(plain.centered());
    }

    @Test
    void sgdSettingsReadBack() {
        Sgd sgd = Sgd.builder(0.5).momentum(0.9).dampening(0.3).weightDecay(0.0625).build(params());
        assertEquals(0.5, sgd.learningRate());
        assertEquals(0.9, sgd.momentum());
        assertEquals(0.3, sgd.dampening());
        assertEquals(0.0625, sgd.weightDecay());
        assertFalse(sgd.nesterov());
        Sgd nesterov = Sgd.builder(0.5).momentum(0.9).nesterov(true).build(params());
        assertTrue(nesterov.nesterov());
        assertEquals(0.0, nesterov.dampening());
        assertEquals(0.0, nesterov.weightDecay());
    }

    // ---- range ends --------------------------------------------------------------------------

    @Test
    void adamBetasAcceptZeroAndJustBelowOneButNotOneOrBelowZero() {
        Adam zero = Adam.builder(0.1).betas(0.0, 0.0).build(params());
        assertEquals(0.0, zero.beta1());
        assertEquals(0.0, zero.beta2());
        double below = Math.nextDown(1.0);
        Adam high = Adam.builder(0.1).betas(below, below).build(params());
        assertEquals(below, high.beta1());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder(0.1).betas(0.9, 1.0));
        assertEquals("Adam: beta2 must be in [0, 1), got 1.0", one.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> AdamW.builder(0.1).betas(-Double.MIN_VALUE, 0.9));
        assertEquals("AdamW: beta1 must be in [0, 1), got -4.9E-324", neg.getMessage());
    }

    @Test
    void closedUnitRangesAcceptBothEnds() {
        assertEquals(0.0, RmsProp.builder(0.1).alpha(0.0).build(params()).alpha());
        assertEquals(1.0, RmsProp.builder(0.1).alpha(1.0).build(params()).alpha());
        assertEquals(0.0, Sgd.builder(0.1).momentum(0.5).dampening(0.0).build(params()).dampening());
        assertEquals(1.0, Sgd.builder(0.1).momentum(0.5).dampening(1.0).build(params()).dampening());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> RmsProp.builder(0.1).alpha(Math.nextUp(1.0)));
        assertEquals("RmsProp: alpha must be in [0, 1], got 1.0000000000000002", above.getMessage());
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder(0.1).dampening(-Double.MIN_VALUE));
        assertEquals("Sgd: dampening must be in [0, 1], got -4.9E-324", below.getMessage());
    }

    // ---- parameter descriptions --------------------------------------------------------------

    @Test
    void parameterErrorsDescribeTheTensorByDtypeAndShape() {
        IllegalArgumentException noGrad = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder(0.1).build(List.of(Tensor.zeros(DType.F32, 2, 3))));
        assertEquals("Sgd: parameter 0 F32 [2, 3] does not require a gradient; call requiresGrad(true) on it",
                noGrad.getMessage());
        Tensor w = Tensor.zeros(DType.F64, 4).requiresGrad(true);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder(0.1).build(List.of(w, w)));
        assertEquals("Adam: parameters 0 and 1 are the same tensor F64 [4]; it would be updated twice per step",
                twice.getMessage());
        try (Tape tape = Tape.open()) {
            Tensor recorded = Ops.tanh(w);
            IllegalArgumentException notLeaf = assertThrows(IllegalArgumentException.class,
                    () -> RmsProp.builder(0.1).build(List.of(w, recorded)));
            assertEquals("RmsProp: parameter 1 F64 [4] is the output of a recorded op; parameters must be leaf tensors",
                    notLeaf.getMessage());
        }
    }

    // ---- clipping at zero --------------------------------------------------------------------

    private static Tensor withGrad(double... grad) {
        Tensor p = Tensor.zeros(DType.F64, grad.length).requiresGrad(true);
        PyTorchReferenceTest.setGrad(p, Tensor.of(grad, grad.length));
        return p;
    }

    @Test
    void clippingByNormToZeroZeroesTheGradientsAndReturnsTheNorm() {
        Tensor p = withGrad(3, -4);
        // PyTorch: coef = 0 / (5 + 1e-6) = 0, so every gradient is multiplied by 0
        assertEquals(5.0, GradClip.byNorm(List.of(p), 0.0));
        assertArrayEquals(new double[] {0, 0}, p.grad().toDoubleArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradClip.byNorm(List.of(p), -Double.MIN_VALUE));
        assertEquals("byNorm: maxNorm must be >= 0, got -4.9E-324", e.getMessage());
    }

    @Test
    void clippingByValueZeroZeroesTheGradients() {
        Tensor p = withGrad(0.5, -2, 0);
        GradClip.byValue(List.of(p), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, p.grad().toDoubleArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradClip.byValue(List.of(p), -Double.MIN_VALUE));
        assertEquals("byValue: clipValue must be >= 0, got -4.9E-324", e.getMessage());
    }
}
