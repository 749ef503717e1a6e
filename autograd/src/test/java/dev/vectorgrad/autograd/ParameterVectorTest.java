package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterVectorTest {

    /** A [3, 2] weight and a [2] bias: 8 values. */
    private static List<Tensor> params(long seed) {
        Tensor w = Tensor.normal(DType.F32, 0, 0.5, seed, 3, 2).requiresGrad(true);
        Tensor b = Tensor.normal(DType.F32, 0, 0.5, seed + 1, 2).requiresGrad(true);
        return List.of(w, b);
    }

    private static final Tensor X = Tensor.of(new float[] {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, 2, 3);
    private static final Tensor Y = Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f}, 2, 2);

    /** mse(tanh(x w + b), y), recorded on the open tape. */
    private static Tensor loss(List<Tensor> p) {
        return Losses.mse(Ops.tanh(Ops.add(Ops.matmul(X, p.get(0)), p.get(1))), Y);
    }

    @Test
    void valuesRoundTripInOrder() {
        List<Tensor> p = params(1);
        float[] flat = ParameterVector.values(p);
        assertEquals(8, flat.length);
        assertEquals(8, ParameterVector.size(p));
        assertEquals(p.get(0).dataF32()[5], flat[5]);
        assertEquals(p.get(1).dataF32()[0], flat[6]);
        List<Tensor> q = params(99);
        Tensor w = q.get(0);
        ParameterVector.setValues(q, flat);
        assertArrayEquals(flat, ParameterVector.values(q));
        assertTrue(w == q.get(0), "setValues writes in place");
        flat[0] = 42f;
        assertEquals(p.get(0).dataF32()[0], q.get(0).dataF32()[0], "setValues copies");
    }

    @Test
    void gradientsOfAbsentAreZeroAndSetGradientsRoundTrips() {
        List<Tensor> p = params(2);
        assertArrayEquals(new float[8], ParameterVector.gradients(p));
        float[] g = {1, 2, 3, 4, 5, 6, 7, 8};
        ParameterVector.setGradients(p, g);
        assertArrayEquals(g, ParameterVector.gradients(p));
        assertArrayEquals(new float[] {7, 8}, p.get(1).grad().dataF32());
        g[0] = -1;
        assertEquals(1f, p.get(0).grad().dataF32()[0], "setGradients copies");
    }

    /** An injected gradient drives an optimizer exactly as the same gradient from a backward pass does. */
    @Test
    void injectedGradientStepsLikeBackpropagated() {
        List<Tensor> a = params(3);
        List<Tensor> b = params(3);
        Optimizer optA = Adam.builder(0.01).build(a);
        Optimizer optB = Adam.builder(0.01).build(b);
        for (int step = 0; step < 3; step++) {
            optA.zeroGrad();
            try (Tape tape = Tape.open()) {
                tape.backward(loss(a));
            }
            float[] g = ParameterVector.gradients(a);
            optA.step();
            ParameterVector.setGradients(b, g);
            optB.step();
            assertArrayEquals(ParameterVector.values(a), ParameterVector.values(b), "step " + step);
        }
    }

    /**
     * The flat gradient is the derivative of the loss along the flat vector: central differences through
     * {@link ParameterVector#setValues} agree with {@link ParameterVector#gradients}. In F32 with h = 1e-2 the
     * truncation error is O(h^2 |L'''|) ~ 1e-4 and the rounding error ~ ulp(L) / h ~ 1e-6, hence the bound of 2e-3
     * absolute plus 1e-2 relative.
     */
    @Test
    void flatGradientMatchesFiniteDifferences() {
        List<Tensor> p = params(4);
        try (Tape tape = Tape.open()) {
            tape.backward(loss(p));
        }
        float[] analytic = ParameterVector.gradients(p);
        float[] theta = ParameterVector.values(p);
        float h = 1e-2f;
        for (int i = 0; i < theta.length; i++) {
            float[] plus = theta.clone();
            float[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric;
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                ParameterVector.setValues(p, plus);
                double up = loss(p).item();
                ParameterVector.setValues(p, minus);
                double down = loss(p).item();
                numeric = (up - down) / (plus[i] - minus[i]);
            }
            assertEquals(numeric, analytic[i], 2e-3 + 1e-2 * Math.abs(numeric), "element " + i);
        }
    }

    @Test
    void setGradReplacesAndChecks() {
        Tensor w = Tensor.zeros(DType.F32, 2, 2).requiresGrad(true);
        Tensor g = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        w.setGrad(g);
        assertArrayEquals(new float[] {1, 2, 3, 4}, w.grad().dataF32());
        g.dataF32()[0] = 9;
        assertEquals(1f, w.grad().dataF32()[0], "setGrad copies");
        w.zeroGrad();
        assertNull(w.grad());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> w.setGrad(Tensor.zeros(DType.F32, 4)));
        assertEquals("setGrad: expected a gradient F32 [2, 2], got F32 [4]", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.setGrad(Tensor.zeros(DType.F64, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> w.setGrad(null));
        Tensor frozen = Tensor.zeros(DType.F32, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> frozen.setGrad(Tensor.zeros(DType.F32, 2)));
        assertTrue(e.getMessage().contains("does not require gradients"), e.getMessage());
    }

    @Test
    void checksDtypeAndLengthBeforeWriting() {
        List<Tensor> p = params(5);
        float[] before = ParameterVector.values(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterVector.setValues(p, new float[7]));
        assertEquals("ParameterVector.setValues: expected 8 values for 2 parameters, got 7", e.getMessage());
        assertArrayEquals(before, ParameterVector.values(p));
        assertThrows(IllegalArgumentException.class, () -> ParameterVector.setGradients(p, new float[9]));
        IllegalArgumentException f64 = assertThrows(IllegalArgumentException.class,
                () -> ParameterVector.values(List.of(Tensor.zeros(DType.F64, 3))));
        assertEquals("ParameterVector: parameter 0 is F64 [3]; only F32 parameters flatten to a float[]", f64.getMessage());
        List<Tensor> mixed = List.of(Tensor.zeros(DType.F32, 2).requiresGrad(true), Tensor.zeros(DType.F32, 1));
        assertThrows(IllegalStateException.class, () -> ParameterVector.setGradients(mixed, new float[3]));
        assertNull(mixed.get(0).grad(), "nothing written when a later parameter fails");
    }
}
