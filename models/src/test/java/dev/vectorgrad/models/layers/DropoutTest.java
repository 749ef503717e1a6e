package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dropout: inverted in training, identity in evaluation, seeded, gradient through the same mask. */
class DropoutTest {

    @Test
    void trainingZeroesAboutRateAndScalesTheRest() {
        Dropout dropout = new Dropout(0.2, 42);
        dropout.build(new int[] {1000});
        Tensor x = Tensor.full(DType.F32, 2, 10, 1000);
        Tensor y = dropout.call(x);
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            double v = y.get(i);
            assertTrue(v == 0 || Math.abs(v - 2 / 0.8) < 1e-6, "value " + v);
            zeros += v == 0 ? 1 : 0;
        }
        // 10,000 Bernoulli(0.2) draws: mean 2000, standard deviation 40; 5 sigma is 200.
        assertEquals(2000, zeros, 200);
    }

    @Test
    void evaluationIsIdentity() {
        Dropout dropout = new Dropout(0.5);
        dropout.build(new int[] {4});
        dropout.eval();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4);
        assertSame(x, dropout.call(x));
    }

    @Test
    void seedsReproduceAndDiffer() {
        Tensor x = Tensor.full(DType.F32, 1, 1, 64);
        assertArrayEquals(run(7, x), run(7, x), 0);
        assertNotEquals(List.of(run(7, x)), List.of(run(8, x)));
        assertTrue(!java.util.Arrays.equals(run(7, x), run(8, x)));
    }

    private static double[] run(long seed, Tensor x) {
        Dropout d = new Dropout(0.5, seed);
        d.build(new int[] {64});
        return d.call(x).toDoubleArray();
    }

    @Test
    void gradientGoesThroughTheMask() {
        Dropout dropout = new Dropout(0.5, 3L, null, DType.F64);
        dropout.build(new int[] {16});
        Tensor x = Tensor.full(DType.F64, 1, 1, 16).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = dropout.call(x);
            tape.backward(y, Tensor.full(DType.F64, 1, 1, 16));
            // y = x * m with m in {0, 2}, and x = 1: the gradient of each element is its mask, which is y.
            assertArrayEquals(y.toDoubleArray(), x.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void rateIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertEquals("Dropout: rate must be in [0, 1), got 1.0", e.getMessage());
    }
}
