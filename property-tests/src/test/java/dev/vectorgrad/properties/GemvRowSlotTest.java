package dev.vectorgrad.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector GEMV sums the lanes of four rows together, each row read from its own lanes (see
 * {@code FloatMath.XOR_HALF}); a row's result must then not depend on which of the four it is:
 * rotating the rows of A rotates y, bit for bit. Runs at every vector width this module tests.
 */
class GemvRowSlotTest {

    @Test
    void aRowGivesTheSameBitsInEverySlot() {
        FloatKernels k = Kernels.vector().f32();
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {1, 5, 16, 37, 128, 384}) {
            float[] a = new float[4 * n];
            float[] x = new float[n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextDouble(-1, 1);
            }
            for (int j = 0; j < n; j++) {
                x[j] = (float) random.nextDouble(-1, 1);
            }
            float[] y = new float[4];
            k.gemv(false, 4, n, 1f, a, 0, n, x, 0, 0f, y, 0);
            for (int shift = 1; shift < 4; shift++) {
                float[] rotated = new float[4 * n];
                for (int row = 0; row < 4; row++) {
                    System.arraycopy(a, row * n, rotated, ((row + shift) % 4) * n, n);
                }
                float[] z = new float[4];
                k.gemv(false, 4, n, 1f, rotated, 0, n, x, 0, 0f, z, 0);
                for (int row = 0; row < 4; row++) {
                    assertEquals(Float.floatToRawIntBits(y[row]), Float.floatToRawIntBits(z[(row + shift) % 4]),
                            "n=" + n + " row " + row + " moved by " + shift + ": " + y[row] + " vs " + z[(row + shift) % 4]);
                }
            }
        }
    }
}
