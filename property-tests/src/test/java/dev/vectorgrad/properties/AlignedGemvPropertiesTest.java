package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.properties.Cases.GemvArrays;
import dev.vectorgrad.properties.Cases.GemvCase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;

/**
 * GEMV by an {@link AlignedFloatMatrix} (float only): for every provider, the same bits as that provider's GEMV
 * over the array the matrix was copied from, so the vector kernel inherits the bound {@link GemmPropertiesTest}
 * checks against the scalar reference. This module tests against simd-kernels' jar, so on JDK 22 and later these
 * cases run the off-heap version of the vector provider's matrix ({@code META-INF/versions/22}). Cases: the
 * GEMV cases of {@link Cases#gemvs} (sizes 0..300, offsets, padded rows, alpha and beta with 0 and 1, NaN in y
 * when beta is 0), as the whole matrix and as its lower-right block from (m/3, n/4).
 */
class AlignedGemvPropertiesTest {

    @Test
    void sameBitsAsTheArrayGemv() {
        FloatKernels vector = Kernels.vector().f32();
        FloatKernels scalar = Kernels.scalar().f32();
        KernelProperties.warmUp(KernelProperties.WARMUP_CALLS, Cases.gemvs(Precision.F32, false),
                g -> check(vector, g));
        qt().withExamples(300).forAll(Cases.gemvs(Precision.F32, false)).checkAssert(g -> {
            check(vector, g);
            check(scalar, g);
        });
    }

    private static void check(FloatKernels k, GemvCase g) {
        GemvArrays<float[]> arrays = g.arrays(Precision.F32);
        float[] a = arrays.a();
        float[] x = arrays.x();
        AlignedFloatMatrix aligned = k.align(g.m(), g.n(), a, g.aOff(), g.lda());
        int row = g.m() / 3;
        int col = g.n() / 4;
        // (the sub-block only where A has a row: the array GEMV checks its offset even for an empty A)
        int[][] blocks = g.m() == 0 ? new int[][] {{0, 0, 0, g.n()}}
                : new int[][] {{0, g.m(), 0, g.n()}, {row, g.m() - row, col, g.n() - col}};
        for (int[] block : blocks) {
            int r = block[0], m = block[1], c = block[2], n = block[3];
            float[] expected = arrays.y().clone();
            float[] actual = arrays.y().clone();
            k.gemv(false, m, n, (float) g.alpha(), a, g.aOff() + r * g.lda() + c, g.lda(), x, g.xOff(),
                    (float) g.beta(), expected, g.yOff());
            k.gemv(aligned, r, m, c, n, (float) g.alpha(), x, g.xOff(), (float) g.beta(), actual, g.yOff());
            assertArrayEquals(expected, actual, () -> aligned.provider() + " kernels, aligned vs array GEMV, block " + m + "x" + n + " at ("
                    + r + ", " + c + ") of " + g);
        }
    }
}
