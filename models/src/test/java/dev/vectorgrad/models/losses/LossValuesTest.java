package dev.vectorgrad.models.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Loss values against hand computations (Keras's docstring examples where it has them), Keras's clipping of
 * probabilities, and the gradients at the clip. F64 values to 1e-12 (a handful of roundings of O(1) terms); F32 to
 * 1e-6 (float roundings, log of clipped values near 1e-7 included).
 */
class LossValuesTest {

    static Tensor t(DType dtype, double[] values, int... shape) {
        Tensor x = Tensor.zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            x.set(i, values[i]);
        }
        return x;
    }

    static Tensor t(double[] values, int... shape) {
        return t(DType.F64, values, shape);
    }

    private static double value(Loss loss, Tensor yTrue, Tensor yPred) {
        return loss.call(yTrue, yPred).item();
    }

    @Test
    void meanSquaredAndAbsoluteErrorAverageOverEveryElement() {
        Tensor yTrue = t(new double[] {0, 1, 0, 0}, 2, 2);
        Tensor yPred = t(new double[] {1, 1, 1, 0}, 2, 2);
        // squared errors 1, 0, 1, 0 -> 0.5 (Keras's docstring: 0.5); absolute errors the same
        assertEquals(0.5, value(new MeanSquaredError(), yTrue, yPred), 1e-12);
        assertEquals(0.5, value(new MeanAbsoluteError(), yTrue, yPred), 1e-12);
        Tensor p = t(new double[] {1.5, -1, 3}, 3, 1);
        Tensor y = t(new double[] {1, 1, 1}, 3);
        // [3] targets against [3, 1] predictions (Keras expands the target): errors 0.5, -2, 2
        assertEquals((0.25 + 4 + 4) / 3, value(new MeanSquaredError(), y, p), 1e-12);
        assertEquals((0.5 + 2 + 2) / 3, value(new MeanAbsoluteError(), y, p), 1e-12);
        assertEquals((0.25 + 4 + 4) / 3, value(new MeanSquaredError(), t(new double[] {1, 1, 1}, 3, 1, 1),
                t(new double[] {1.5, -1, 3}, 3, 1)), 1e-12, "a [3, 1, 1] target is squeezed");
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearBeyond() {
        // Keras's docstring: errors 0.6, -0.6, 0.4, 0.6, all inside delta 1: 0.5 (0.36 + 0.36 + 0.16 + 0.36) / 4 = 0.155
        assertEquals(0.155, value(new Huber(), t(new double[] {0, 1, 0, 0}, 2, 2),
                t(new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2)), 1e-12);
        // delta 1: error 3 -> 3 - 0.5 = 2.5; error -0.5 -> 0.125; error 1 (on the boundary) -> 0.5
        assertEquals((2.5 + 0.125 + 0.5) / 3, value(new Huber(), t(new double[] {0, 0, 0}, 3),
                t(new double[] {3, -0.5, 1}, 3)), 1e-12);
        // delta 2: error 3 -> 2 * 3 - 0.5 * 4 = 4
        assertEquals(4, value(new Huber(2), t(new double[] {0}, 1), t(new double[] {3}, 1)), 1e-12);
        // gradient of the mean: e / n inside, delta * sign(e) / n beyond
        Tensor p = t(new double[] {3, -0.5, -4}, 3).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(new Huber().call(t(new double[] {0, 0, 0}, 3), p));
        }
        assertArrayEquals(new double[] {1.0 / 3, -0.5 / 3, -1.0 / 3}, p.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void binaryCrossentropyOnProbabilitiesAndLogits() {
        // Keras's docstring: y = [[0, 1], [0, 0]], p = [[0.6, 0.4], [0.4, 0.6]]:
        // (-ln 0.4 - ln 0.4 - ln 0.6 - ln 0.4) / 4 = (3 * 0.916290731874155 + 0.510825623765991) / 4 = 0.814924454847114
        double expected = (3 * -Math.log(0.4) - Math.log(0.6)) / 4;
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.F64 ? 1e-12 : 1e-6;
            assertEquals(expected, value(new BinaryCrossentropy(), t(dtype, new double[] {0, 1, 0, 0}, 2, 2),
                    t(dtype, new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2)), tol, dtype.toString());
        }
        // Keras's docstring, from logits: y = [0, 1, 0, 0], x = [-18.6, 0.51, 2.94, -12.8] -> 0.865;
        // per element softplus(x) - x y: 8.3e-9, ln(1 + e^-0.51) = 0.4719, 2.94 + ln(1 + e^-2.94) = 2.9926, 2.8e-6
        double logits = (Math.log1p(Math.exp(-18.6)) + Math.log1p(Math.exp(-0.51)) + 2.94 + Math.log1p(Math.exp(-2.94))
                + Math.log1p(Math.exp(-12.8))) / 4;
        assertEquals(logits, value(new BinaryCrossentropy(true), t(new double[] {0, 1, 0, 0}, 4),
                t(new double[] {-18.6, 0.51, 2.94, -12.8}, 4)), 1e-12);
        assertEquals(0.865, logits, 5e-4);
    }

    @Test
    void categoricalAndSparseCrossentropy() {
        // Keras's docstring: y = [[0, 1, 0], [0, 0, 1]], p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]:
        // (-ln 0.95 - ln 0.1) / 2 = (0.0512932943875505 + 2.302585092994046) / 2 = 1.1769392
        double expected = (-Math.log(0.95) - Math.log(0.1)) / 2;
        Tensor p = t(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3);
        assertEquals(expected, value(new CategoricalCrossentropy(), t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3), p), 1e-12);
        assertEquals(expected, value(new SparseCategoricalCrossentropy(), t(new double[] {1, 2}, 2), p), 1e-12);
        assertEquals(expected, value(new SparseCategoricalCrossentropy(), t(new double[] {1, 2}, 2, 1), p), 1e-12);
        // a sequence: [batch 1, time 2, classes 3] with ids [1, 2]: the mean over the two positions
        Tensor seq = t(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 1, 2, 3);
        assertEquals(expected, value(new SparseCategoricalCrossentropy(), t(new double[] {1, 2}, 1, 2), seq), 1e-12);
        assertEquals(expected, value(new CategoricalCrossentropy(), t(new double[] {0, 1, 0, 0, 0, 1}, 1, 2, 3), seq),
                1e-12);
        // logits: -log softmax(x)[id]; x = [1, 2, 3], id 0: ln(e + e^2 + e^3) - 1 = 2.40760596444438
        assertEquals(Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 1,
                value(new SparseCategoricalCrossentropy(true), t(new double[] {0}, 1), t(new double[] {1, 2, 3}, 1, 3)),
                1e-12);
        assertEquals(Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 1,
                value(new CategoricalCrossentropy(true), t(new double[] {1, 0, 0}, 1, 3), t(new double[] {1, 2, 3}, 1, 3)),
                1e-12);
    }

    @Test
    void probabilitiesAreRenormalisedThenClippedToEpsilonAndOneMinusEpsilon() {
        // unnormalised [1, 2, 1] is read as [0.25, 0.5, 0.25]: -ln 0.5
        assertEquals(Math.log(2), value(new SparseCategoricalCrossentropy(), t(new double[] {1}, 1),
                t(new double[] {1, 2, 1}, 1, 3)), 1e-12);
        // probability 0 for the target clips to 1e-7: -ln 1e-7 = 16.11809565095832
        assertEquals(-Math.log(1e-7), value(new SparseCategoricalCrossentropy(), t(new double[] {0}, 1),
                t(new double[] {0, 1, 0}, 1, 3)), 1e-12);
        assertEquals(-Math.log(1e-7), value(new CategoricalCrossentropy(), t(new double[] {1, 0, 0}, 1, 3),
                t(new double[] {0, 1, 0}, 1, 3)), 1e-12);
        // probability 1 clips to 1 - 1e-7: -ln(1 - 1e-7) = 1.00000005e-7, not 0
        assertEquals(-Math.log(1 - 1e-7), value(new SparseCategoricalCrossentropy(), t(new double[] {1}, 1),
                t(new double[] {0, 1, 0}, 1, 3)), 1e-18);
        // binary: p = 0 with y = 1 costs -ln 1e-7; p = 1 with y = 0 costs -ln(1 - (1 - 1e-7)), where 1 - 1e-7 is
        // rounded first, so 1 - it is 1.0000000005838672e-7, not 1e-7 (Keras computes the same)
        assertEquals((-Math.log(1e-7) - Math.log(1 - (1 - 1e-7))) / 2, value(new BinaryCrossentropy(),
                t(new double[] {1, 0}, 2), t(new double[] {0, 1}, 2)), 1e-12);
        // F32: the bounds are floats, 1e-7f and 1 - 2^-23: -ln(1e-7f) = 16.118095 to float precision
        assertEquals(-Math.log((float) 1e-7), value(new SparseCategoricalCrossentropy(),
                t(DType.F32, new double[] {0}, 1), t(DType.F32, new double[] {0, 1, 0}, 1, 3)), 2e-6);
    }

    @Test
    void theClippedSideHasNoGradientAndTheEdgeOfTheClipStillHasOne() {
        // y = 1, p = 0: clipped, so d loss / d p = 0 (Keras: clip's gradient is 0 outside the range)
        Tensor p = t(new double[] {0, 0.5}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(new BinaryCrossentropy().call(t(new double[] {1, 1}, 2), p));
        }
        // second element: d/dp -ln(p) / 2 = -1 / (2 * 0.5) = -1
        assertArrayEquals(new double[] {0, -1}, p.grad().toDoubleArray(), 1e-15);
        Tensor q = t(new double[] {1e-7, 0.5}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(new BinaryCrossentropy().call(t(new double[] {1, 1}, 2), q));
        }
        // exactly on the bound the gradient passes: -1 / (2 * 1e-7)
        assertEquals(-0.5e7, q.grad().get(0), 1e-3);
    }

    @Test
    void labelSmoothingMovesTargetsTowardsUniform() {
        // smoothing 0.2 with 2 classes: targets 1 -> 0.9, 0 -> 0.1; p = 0.6, 0.3:
        // -(0.9 ln 0.6 + 0.1 ln 0.4) and -(0.1 ln 0.3 + 0.9 ln 0.7)
        double bce = (-(0.9 * Math.log(0.6) + 0.1 * Math.log(0.4)) - (0.1 * Math.log(0.3) + 0.9 * Math.log(0.7))) / 2;
        assertEquals(bce, value(new BinaryCrossentropy().withLabelSmoothing(0.2), t(new double[] {1, 0}, 2),
                t(new double[] {0.6, 0.3}, 2)), 1e-12);
        // 3 classes, smoothing 0.3: [0, 1, 0] -> [0.1, 0.8, 0.1]
        double cce = -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.5) + 0.1 * Math.log(0.3));
        assertEquals(cce, value(new CategoricalCrossentropy().withLabelSmoothing(0.3), t(new double[] {0, 1, 0}, 1, 3),
                t(new double[] {0.2, 0.5, 0.3}, 1, 3)), 1e-12);
    }

    @Test
    void resultsAreScalarsInThePredictionsDtypeWhateverTheTargetsDtype() {
        Tensor loss = new MeanSquaredError().call(t(DType.F64, new double[] {1, 2}, 2), t(DType.F32, new double[] {1, 3}, 2));
        assertEquals(DType.F32, loss.dtype());
        assertEquals(0, loss.rank());
        assertEquals(0.5, loss.item(), 0);
        assertTrue(new SparseCategoricalCrossentropy().call(t(DType.F32, new double[] {0}, 1),
                t(DType.F64, new double[] {0.5, 0.5}, 1, 2)).dtype() == DType.F64);
    }
}
