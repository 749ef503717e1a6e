package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEMV by an {@link AlignedFloatMatrix}: the same bits as the array GEMV of the same provider over the array the
 * matrix was copied from, for blocks of every size around the four-row tile, the vector length and the 16-float
 * row stride, with and without beta; a copy independent of its source; alpha = 0 reads neither A nor x; bad input
 * rejected before anything is written. Run by surefire on the classes (the JDK 21 versions) and, as
 * {@link AlignedGemvIT}, by failsafe on the multi-release jar (the JDK 22 version where the JDK is 22 or later).
 */
class AlignedGemvTest {

    static Stream<KernelProvider> providers() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }

    /** Rows and columns of A, and a block (row, m, col, n) inside it. */
    private static final int[][] BLOCKS = {
        {1, 1, 0, 1, 0, 1}, {4, 16, 0, 4, 0, 16}, {7, 33, 1, 5, 3, 29}, {12, 384, 0, 12, 0, 384},
        {9, 384, 4, 5, 128, 256}, {10, 150, 2, 7, 100, 50}, {768, 384, 512, 256, 128, 256},
        {5, 17, 0, 5, 16, 1}, {8, 64, 3, 0, 0, 64}, {6, 40, 0, 6, 7, 0}, {3, 1030, 0, 3, 5, 1025}};

    @ParameterizedTest
    @MethodSource("providers")
    void sameBitsAsTheArrayGemvOfTheProvider(KernelProvider p) {
        FloatKernels k = p.f32();
        SplittableRandom random = new SplittableRandom(42);
        for (int[] s : BLOCKS) {
            int rows = s[0], cols = s[1], row = s[2], m = s[3], col = s[4], n = s[5];
            int lda = cols + 3;
            float[] a = randoms(random, 2 + rows * lda);
            AlignedFloatMatrix aligned = k.align(rows, cols, a, 2, lda);
            float[] x = randoms(random, n + 1);
            for (float beta : new float[] {0f, 1f, -0.5f}) {
                float[] y0 = randoms(random, m + 2);
                float[] expected = y0.clone();
                float[] actual = y0.clone();
                k.gemv(false, m, n, 0.75f, a, 2 + row * lda + col, lda, x, 1, beta, expected, 1);
                k.gemv(aligned, row, m, col, n, 0.75f, x, 1, beta, actual, 1);
                assertArrayEquals(expected, actual, p.name() + " " + Arrays.toString(s) + " beta " + beta);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void holdsItsOwnCopy(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] a = {1, 2, 3, 4, 5, 6};
        AlignedFloatMatrix aligned = k.align(2, 3, a, 0, 3);
        Arrays.fill(a, 0f);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, aligned.toArray());
        float[] y = new float[2];
        k.gemv(aligned, 0, 2, 0, 3, 1f, new float[] {1, 1, 1}, 0, 0f, y, 0);
        assertArrayEquals(new float[] {6, 15}, y);
        assertEquals(2, aligned.rows());
        assertEquals(3, aligned.columns());
        assertEquals(p.name(), aligned.provider());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void alphaZeroReadsNeitherANorX(KernelProvider p) {
        FloatKernels k = p.f32();
        AlignedFloatMatrix aligned = k.align(2, 2, new float[] {Float.NaN, 1, 2, 3}, 0, 2);
        float[] y = {4, Float.NaN};
        k.gemv(aligned, 0, 2, 0, 2, 0f, new float[] {Float.NaN, 1}, 0, 0.5f, y, 0);
        assertEquals(2f, y[0]);
        assertTrue(Float.isNaN(y[1]), "beta * NaN stays NaN");
        k.gemv(aligned, 0, 2, 0, 2, 0f, new float[] {1, 1}, 0, 0f, y, 0);
        assertArrayEquals(new float[] {0, 0}, y, "beta = 0 overwrites");
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsWritten() {
        FloatKernels k = Kernels.vector().f32();
        AlignedFloatMatrix aligned = k.align(4, 8, new float[32], 0, 8);
        float[] y = {7, 7, 7, 7};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(aligned, 2, 3, 0, 8, 1f, new float[8], 0, 0f, y, 0));
        assertEquals("aligned gemv: block of 3x8 at (2, 0) must lie inside A, which is 4x8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(aligned, 0, 4, 1, 8, 1f, new float[8], 0, 0f, y, 0));
        assertTrue(e.getMessage().contains("block of 4x8 at (0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(aligned, 0, 4, 0, 8, 1f, new float[7], 0, 0f, y, 0));
        assertTrue(e.getMessage().startsWith("aligned gemv:") && e.getMessage().contains("x"), e.getMessage());
        AlignedFloatMatrix scalar = Kernels.scalar().f32().align(4, 8, new float[32], 0, 8);
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(scalar, 0, 4, 0, 8, 1f, new float[8], 0, 0f, y, 0));
        assertTrue(e.getMessage().startsWith("aligned gemv: A (") && e.getMessage().endsWith(", provider 'scalar')"
                + " was not made by align of these 'vector' kernels: align A with the kernels that multiply by it"),
                e.getMessage());
        // an implementation of the interface that names the provider is still not the provider's matrix
        AlignedFloatMatrix impostor = new AlignedFloatMatrix() {
            public int rows() { return 4; }
            public int columns() { return 8; }
            public String provider() { return "vector"; }
            public boolean offHeap() { return false; }
            public float[] toArray() { return new float[32]; }
        };
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(impostor, 0, 4, 0, 8, 1f, new float[8], 0, 0f, y, 0));
        assertTrue(e.getMessage().contains("provider 'vector') was not made by align of these 'vector' kernels"),
                e.getMessage());
        assertThrows(NullPointerException.class, () -> k.gemv(null, 0, 4, 0, 8, 1f, new float[8], 0, 0f, y, 0));
        assertArrayEquals(new float[] {7, 7, 7, 7}, y);
        e = assertThrows(IllegalArgumentException.class, () -> k.align(4, 8, new float[31], 0, 8));
        assertTrue(e.getMessage().startsWith("align:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> k.align(-1, 8, new float[32], 0, 8));
    }

    @Test
    void theScalarProviderKeepsAHeapCopy() {
        assertFalse(Kernels.scalar().f32().align(2, 2, new float[4], 0, 2).offHeap());
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
