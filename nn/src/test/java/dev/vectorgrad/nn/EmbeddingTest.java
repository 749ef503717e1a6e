package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Embedding}'s validation, its N(0, 1) table and the lookup. */
class EmbeddingTest {

    @Test
    void embeddingRejectsNonPositiveSizesNamingThem() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new Embedding(0, 4, EmbeddingOptions.defaults().withSeed(1)));
        assertEquals("Embedding: sizes must be positive, got count=0, dim=4", count.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> new Embedding(4, 0, EmbeddingOptions.defaults().withSeed(1)));
        assertEquals("Embedding: sizes must be positive, got count=4, dim=0", dim.getMessage());
        Embedding one = new Embedding(1, 1, EmbeddingOptions.defaults().withSeed(1));
        assertArrayEquals(new int[] {1, 1}, one.weight().shape());
    }

    @Test
    void embeddingIsAStandardNormalTableLookedUpByIndex() {
        Embedding e = new Embedding(100, 50, EmbeddingOptions.defaults().withDType(DType.F64).withSeed(4));
        Tensor w = e.weight();
        assertArrayEquals(new int[] {100, 50}, w.shape());
        assertTrue(w.requiresGrad());
        double sum = 0;
        double sumSq = 0;
        for (double v : w.dataF64()) {
            sum += v;
            sumSq += v * v;
        }
        int n = w.size();
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        // N(0, 1) over 5,000 draws: the mean's standard error is 0.014, the variance's 0.02;
        // 0.06 and 0.1 are more than four standard errors.
        assertEquals(0, mean, 0.06);
        assertEquals(1, var, 0.1);
        Tensor rows = e.forward(new int[] {7, 0, 7, 99});
        assertArrayEquals(new int[] {4, 50}, rows.shape());
        int[] idx = {7, 0, 7, 99};
        for (int r = 0; r < 4; r++) {
            for (int d = 0; d < 50; d++) {
                assertEquals(w.get(idx[r] * 50 + d), rows.get(r * 50 + d));
            }
        }
        Map<String, Tensor> named = e.namedParameters();
        assertEquals(1, named.size());
        assertSame(w, named.get("weight"));
    }
}
