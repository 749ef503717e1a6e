package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Values and gradients of {@link Ops#abs}, {@link Ops#clamp} and {@link Ops#softplus} at points worked out by
 * hand, in both dtypes: the kinks (0 for abs, both bounds for clamp, which pass the gradient), NaN, infinities,
 * and softplus's saturation. The finite-difference, F32-vs-F64 and accumulation checks are in {@link OpCases}.
 */
class AbsClampSoftplusTest {

    /** Runs {@code op} on a leaf holding {@code x} and backpropagates {@code g}; returns {output, gradient}. */
    private static double[][] run(DType dtype, java.util.function.UnaryOperator<Tensor> op, double[] x, double[] g) {
        Tensor in = OpCases.tensor(dtype, x, x.length).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = op.apply(in);
            tape.backward(y, OpCases.tensor(dtype, g, g.length));
            return new double[][] {y.toDoubleArray(), in.grad().toDoubleArray()};
        }
    }

    @Test
    void absIsTheMagnitudeAndItsGradientTheSignTimesUpstreamWithZeroAtZero() {
        double[] x = {-2.5, -0.0, 0.0, 0.75, Double.NaN, Double.NEGATIVE_INFINITY};
        double[] g = {3, 5, 7, -2, 1, 0.5};
        for (DType dtype : DType.values()) {
            double[][] r = run(dtype, Ops::abs, x, g);
            assertArrayEquals(new double[] {2.5, 0, 0, 0.75, Double.NaN, Double.POSITIVE_INFINITY}, r[0], 0, dtype + " value");
            // sign(x) * g: -1*3, 0 at both zeros (PyTorch's choice), +1*-2, NaN at NaN, -1*0.5 at -inf
            assertArrayEquals(new double[] {-3, 0, 0, -2, Double.NaN, -0.5}, r[1], 0, dtype + " gradient");
        }
    }

    @Test
    void clampLimitsBothSidesAndPassesTheGradientOnTheBoundsButNotBeyondOrAtNaN() {
        double[] x = {-3, -1, -0.25, 0.5, 0.75, 2, Double.NaN};
        double[] g = {2, 3, 5, 7, 11, 13, 17};
        for (DType dtype : DType.values()) {
            double[][] r = run(dtype, t -> Ops.clamp(t, -1, 0.5), x, g);
            assertArrayEquals(new double[] {-1, -1, -0.25, 0.5, 0.5, 0.5, Double.NaN}, r[0], 0, dtype + " value");
            assertArrayEquals(new double[] {0, 3, 5, 7, 0, 0, 0}, r[1], 0, dtype + " gradient");
        }
    }

    @Test
    void clampRoundsItsBoundsToTheDtypeAsKerasClipDoesForCrossEntropy() {
        // 1 - 1e-7 is not a float: it rounds to 1 - 2^-23 = 0.99999988079071044921875 (floats near 1 are 2^-24 apart
        // below it, so the neighbours are 1 - 2^-24 (off by 4.0e-8) and 1 - 2^-23 (off by 1.9e-8)).
        double[][] f32 = run(DType.F32, t -> Ops.clamp(t, 1e-7, 1 - 1e-7), new double[] {1, 0}, new double[] {1, 1});
        assertEquals(1 - 0x1p-23, f32[0][0], 0);
        assertEquals((float) 1e-7, f32[0][1], 0);
        double[][] f64 = run(DType.F64, t -> Ops.clamp(t, 1e-7, 1 - 1e-7), new double[] {1, 0}, new double[] {1, 1});
        assertEquals(1 - 1e-7, f64[0][0], 0);
        assertEquals(1e-7, f64[0][1], 0);
    }

    @Test
    void clampNeedsOrderedBounds() {
        Tensor x = Tensor.zeros(DType.F64, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.clamp(x, 1, 0));
        assertEquals("clamp: needs min <= max, got min=1.0, max=0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.clamp(x, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.clamp(x, 0, Double.NaN));
        assertEquals(0.5, Ops.clamp(Tensor.full(DType.F64, 3, 1), 0.5, 0.5).get(0), 0, "min == max is allowed");
    }

    @Test
    void softplusValuesAndGradientByHand() {
        // softplus(0) = ln 2, gradient sigmoid(0) = 1/2; softplus(1) = ln(1 + e), gradient e/(1+e);
        // softplus(-2) = ln(1 + e^-2), gradient 1/(1+e^2); saturation: softplus(1e4) = 1e4 with gradient 1,
        // softplus(-1e4) = 0 (e^-1e4 underflows) with gradient 0; +inf -> +inf with gradient 1; NaN stays NaN.
        double[] x = {0, 1, -2, 1e4, -1e4, Double.POSITIVE_INFINITY, Double.NaN};
        double[] g = {2, 3, 5, 7, 11, 13, 17};
        double e = Math.E;
        double[] value = {Math.log(2), Math.log(1 + e), Math.log(1 + Math.exp(-2)), 1e4, 0, Double.POSITIVE_INFINITY,
            Double.NaN};
        double[] grad = {1.0, 3 * e / (1 + e), 5 / (1 + Math.exp(2)), 7, 0, 13, Double.NaN};
        double[][] r64 = run(DType.F64, Ops::softplus, x, g);
        assertArrayEquals(value, r64[0], 1e-15, "F64 value (log1p form: within a few ulps)");
        assertArrayEquals(grad, r64[1], 1e-15, "F64 gradient");
        double[][] r32 = run(DType.F32, Ops::softplus, x, g);
        for (int i = 0; i < x.length; i++) {
            // F32: computed in double and rounded once, so within half a float ulp (2^-24 relative)
            // (two roundings for the gradient: sigmoid, then the product); NaN and infinities exactly
            assertEquals(value[i], r32[0][i], Double.isFinite(value[i]) ? Math.abs(value[i]) * 0x1p-23 : 0, "F32 value " + i);
            assertEquals(grad[i], r32[1][i], Double.isFinite(grad[i]) ? Math.abs(grad[i]) * 0x1p-22 : 0, "F32 gradient " + i);
        }
        assertTrue(r32[0][4] == 0 && r32[1][4] == 0);
    }
}
