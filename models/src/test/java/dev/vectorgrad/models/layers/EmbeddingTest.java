package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embedding: lookup, gradient, id validation naming id and position, initialiser, mask. */
class EmbeddingTest {

    private static Embedding built(int in, int out, DType dtype) {
        Embedding e = Embedding.builder(in, out).dtype(dtype).seed(1).build();
        e.assignName("embedding");
        e.build(new int[] {-1});
        return e;
    }

    @Test
    void looksUpRows() {
        Embedding e = built(3, 2, DType.F64);
        e.setWeights(List.of(Tensor.of(new double[] {0, 1, 10, 11, 20, 21}, 3, 2)));
        Tensor y = e.call(Tensor.of(new float[] {2, 0, 1, 1}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {20, 21, 0, 1, 10, 11, 10, 11}, y.toDoubleArray(), 0);
        assertArrayEquals(new int[] {7, 2}, e.outputShape(new int[] {7}));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Embedding e = built(4, 3, DType.F64);
        Tensor ids = Tensor.of(new double[] {3, 1, 1, 0, 2, 3}, 2, 3);
        GradCheck.defaults().assertGradients(in -> e.statelessCall(List.of(in[0]), ids),
                e.getWeights().get(0).detach().requiresGrad(true));
    }

    @Test
    void idsAreValidatedWithIdAndPosition() {
        Embedding e = built(10, 2, DType.F32);
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new float[] {1, 2, 3, 2.5f}, 2, 2)));
        assertEquals("Embedding 'embedding': id 2.5 at [1, 1] is not an integer (ids are token indices)",
                frac.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new float[] {1, 10, 3, 2}, 2, 2)));
        assertEquals("Embedding 'embedding': id 10 at [0, 1] is outside [0, 10)", range.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> e.call(Tensor.of(new float[] {-1}, 1, 1)));
        assertEquals("Embedding 'embedding': id -1 at [0, 0] is outside [0, 10)", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new float[] {Float.NaN}, 1, 1)));
    }

    @Test
    void initialiserIsUniformPlusMinus005AndSeeded() {
        Embedding e = built(100, 50, DType.F32);
        double max = 0;
        double sum = 0;
        Tensor w = e.getWeights().get(0);
        for (int i = 0; i < w.size(); i++) {
            max = Math.max(max, Math.abs(w.get(i)));
            sum += w.get(i);
        }
        assertTrue(max <= 0.05 && max > 0.049, "max |w| " + max);
        // Mean of 5000 U(-0.05, 0.05): standard deviation 0.05 / sqrt(3 * 5000) = 4.1e-4; 5 sigma.
        assertEquals(0, sum / w.size(), 2.1e-3);
        assertArrayEquals(w.toDoubleArray(), built(100, 50, DType.F32).getWeights().get(0).toDoubleArray(), 0);
    }

    @Test
    void maskZeroMarksPadding() {
        Embedding masked = Embedding.builder(5, 2).maskZero(true).build();
        assertArrayEquals(new double[] {0, 1, 1, 0}, masked.computeMask(Tensor.of(new float[] {0, 3, 1, 0}, 2, 2))
                .toDoubleArray(), 0);
        assertNull(new Embedding(5, 2).computeMask(Tensor.of(new float[] {0}, 1, 1)));
    }
}
