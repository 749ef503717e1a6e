package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import org.junit.jupiter.api.Test;

/** {@link Dropout}: inverted scaling in training, the identity in evaluation, seeded masks, its gradient. */
class DropoutTest {

    @Test
    void trainingZeroesOrScalesEachElementByOneOverKeep() {
        Dropout drop = new Dropout(0.25, 11);
        Tensor x = Tensor.uniform(DType.F64, 1, 2, 3, 4000);
        Tensor y = drop.forward(x);
        int dropped = 0;
        for (int i = 0; i < x.size(); i++) {
            if (y.get(i) == 0) {
                dropped++;
            } else {
                assertEquals(x.get(i) / 0.75, y.get(i), 1e-15 * y.get(i), "element " + i);
            }
        }
        // Binomial(4000, 0.25): mean 1000, standard deviation 27.4; 120 is over four of them.
        assertEquals(1000, dropped, 120);
    }

    @Test
    void evaluationModeAndZeroProbabilityReturnTheInput() {
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 4, 10);
        Dropout drop = new Dropout(0.5, 1);
        drop.eval();
        assertSame(x, drop.forward(x));
        assertSame(x, new Dropout(0).forward(x));
    }

    @Test
    void theSameSeedGivesTheSameMasksAndTheStreamAdvances() {
        Tensor x = Tensor.ones(DType.F32, 64);
        Dropout a = new Dropout(0.5, 7);
        Dropout b = new Dropout(0.5, 7);
        float[] first = a.forward(x).dataF32().clone();
        assertArrayEquals(first, b.forward(x).dataF32());
        float[] second = a.forward(x).dataF32();
        boolean differs = false;
        for (int i = 0; i < first.length; i++) {
            differs |= first[i] != second[i];
        }
        assertTrue(differs, "the second call draws a new mask");
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOneNamingThem() {
        assertEquals("Dropout: p must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0)).getMessage());
        assertEquals("Dropout: p must be in [0, 1), got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1)).getMessage());
        assertEquals("Dropout: p must be in [0, 1), got NaN",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN)).getMessage());
        assertEquals(0.3, new Dropout(0.3).p());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 5, 3, 7).requiresGrad(true);
        // A fresh layer per evaluation draws the same mask each time, as GradCheck requires.
        GradCheck.verify(in -> Ops.mul(new Dropout(0.4, 3).forward(in[0]), in[0]), x);
    }
}
