package dev.vectorgrad.kernels.quant;

import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quantised formats and kernels: exact int8 and bf16 rounding on chosen values, exact products on small integer
 * matrices (exact in any summation order), GEMV and packed GEMM within the error bounds of {@link QuantKernels#gemv}
 * against a double reference over the original float weights, packed GEMM of the vector kernels equal to the scalar
 * kernels bit for bit, and bad arguments rejected with messages naming what was expected and what was given.
 */
class QuantKernelsTest {

    private static final double U = 0x1p-24;

    static Stream<KernelProvider> providers() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }

    static Stream<WeightFormat> formats() {
        return Stream.of(WeightFormat.INT8, WeightFormat.BF16);
    }

    // ---- formats ---------------------------------------------------------------------------------

    @Test
    void int8ScaleIsRowMaxOver127AndValuesRoundToNearestEven() {
        // Row 0: max 254, scale 2: 254 -> 127, -127 -> -63.5 -> -64 (tie to even), 1 -> 0.5 -> 0 (tie), 0.9 -> 0.
        // Row 1: all zero: scale 0.
        float[] w = {254f, -127f, 1f, 0.9f, 0f, 0f, 0f, 0f};
        Int8Matrix m = Int8Matrix.quantize(2, 4, w, 0, 4);
        assertEquals(2f, m.scale(0));
        assertEquals(0f, m.scale(1));
        assertEquals(127, m.quantized(0, 0));
        assertEquals(-64, m.quantized(0, 1));
        assertEquals(0, m.quantized(0, 2));
        assertEquals(0, m.quantized(0, 3));
        assertEquals(-128.0, m.value(0, 1));
        assertEquals(0.0, m.value(1, 3));
        assertEquals(2 * (0.5 + 0x1p-46), m.maxError(0));
        assertEquals(8 + 8, m.storageBytes());
    }

    @Test
    void int8RowWithSubnormalScaleIsStoredAsZeros() {
        float tiny = 1e-37f; // below 127 * 2^-126 = 1.49e-36
        Int8Matrix m = Int8Matrix.quantize(1, 2, new float[] {tiny, -tiny}, 0, 2);
        assertEquals(0f, m.scale(0));
        assertEquals(0.0, m.value(0, 0));
        assertTrue(m.maxError(0) >= tiny);
    }

    @Test
    void bf16RoundsToNearestEven() {
        float[] w = {
            1f + 0x1p-8f,                 // halfway between 1 and 1 + 2^-7: to 1 (even)
            1f + 3 * 0x1p-8f,             // halfway between 1 + 2^-7 and 1 + 2^-6: to 1 + 2^-6 (even)
            1f + 0x1p-8f + 0x1p-20f,      // above halfway: up
            -3.140625f,                   // exact in bf16
            0x1p-130f,                    // a bf16 subnormal (a multiple of 2^-133): exact
            0x1p-140f,                    // below half of bf16's smallest subnormal: to 0 (error 2^-140 <= 2^-134)
        };
        Bf16Matrix m = Bf16Matrix.round(1, w.length, w, 0, w.length);
        assertEquals(1f, m.get(0, 0));
        assertEquals(1f + 0x1p-6f, m.get(0, 1));
        assertEquals(1f + 0x1p-7f, m.get(0, 2));
        assertEquals(-3.140625f, m.get(0, 3));
        assertEquals(0x1p-130f, m.get(0, 4));
        assertEquals(0f, m.get(0, 5));
    }

    @Test
    void bf16LayoutHoldsEveryColumnAcrossBlocks() {
        int cols = 77; // two whole blocks of 32 and a partial one
        float[] w = new float[2 * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = i - 60; // small integers: exact in bf16
        }
        Bf16Matrix m = Bf16Matrix.round(2, cols, w, 0, cols);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(w[r * cols + c], m.get(r, c), "(" + r + ", " + c + ")");
            }
        }
        assertEquals(2L * 2 * 96, m.storageBytes());
    }

    @Test
    void nonFiniteWeightsAreRejectedByPosition() {
        float[] w = {1f, 2f, Float.NaN, 4f};
        var e = assertThrows(IllegalArgumentException.class, () -> Int8Matrix.quantize(2, 2, w, 0, 2));
        assertEquals("Int8Matrix.quantize: weight (1, 0) is NaN; expected a finite float", e.getMessage());
        float[] big = {Float.MAX_VALUE};
        e = assertThrows(IllegalArgumentException.class, () -> Bf16Matrix.round(1, 1, big, 0, 1));
        assertTrue(e.getMessage().startsWith("Bf16Matrix.round: weight (0, 0) is 3.4028235E38"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightFormat.FP32.quantize(1, 1, big, 0, 1));
        assertTrue(e.getMessage().contains("expected BF16 or INT8"), e.getMessage());
    }

    @Test
    void shapeErrorsNameExpectedAndActual() {
        var e = assertThrows(IllegalArgumentException.class, () -> Int8Matrix.quantize(3, 4, new float[11], 0, 4));
        assertEquals("Int8Matrix.quantize: w is 3x4 with leading dimension 4 and needs 12 elements from offset 0, but"
                + " its length is 11", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bf16Matrix.round(2, 4, new float[8], 0, 3));
        assertTrue(e.getMessage().contains("leading dimension of w must be >= max(1, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Int8Matrix.quantize(-1, 4, new float[8], 0, 4));
        assertEquals("Int8Matrix.quantize: rows must be >= 0, but is -1", e.getMessage());
        Int8Matrix m = Int8Matrix.quantize(2, 2, new float[4], 0, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> m.value(2, 0));
    }

    // ---- exact products --------------------------------------------------------------------------

    /** Rows whose largest magnitude is 127, so the int8 scale is 1 and both formats hold the integers exactly. */
    private static final float[] W = {127, -3, 5, 2, 127, -1};

    @ParameterizedTest
    @MethodSource("providers")
    void gemvOnSmallIntegersIsExact(KernelProvider p) {
        for (WeightFormat f : new WeightFormat[] {WeightFormat.INT8, WeightFormat.BF16}) {
            QuantizedMatrix w = f.quantize(2, 3, W, 0, 3);
            float[] x = {1, 2, 3};
            float[] y = {Float.NaN, Float.NaN};
            p.quant().gemv(w, 1f, x, 0, 0f, y, 0);
            assertArrayEquals(new float[] {136, 253}, y, f + " beta 0");
            y = new float[] {4, 8};
            p.quant().gemv(w, 2f, x, 0, 0.5f, y, 0);
            assertArrayEquals(new float[] {274, 510}, y, f + " alpha 2, beta 0.5");
            y = new float[] {9, 7, 4};
            p.quant().gemv(w, 1, 1, 1, 2, 1f, x, 1, 1f, y, 1); // W[1, 1..3) . x[1..3) = 127*2 - 3 = 251, + 7
            assertArrayEquals(new float[] {9, 258, 4}, y, f + " block");
            y = new float[] {3, 5};
            p.quant().gemv(w, 0f, new float[] {Float.NaN, 1, 1}, 0, 2f, y, 0);
            assertArrayEquals(new float[] {6, 10}, y, f + " alpha 0 reads neither W nor x");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void packedGemmOnSmallIntegersIsExact(KernelProvider p) {
        for (WeightFormat f : new WeightFormat[] {WeightFormat.INT8, WeightFormat.BF16}) {
            QuantizedMatrix w = f.quantize(2, 3, W, 0, 3);
            PackedQuantizedMatrix b = p.quant().pack(w, 0, 2, 0, 3);
            assertEquals(3, b.rows());
            assertEquals(2, b.columns());
            assertEquals(f, b.format());
            assertEquals(p.name(), b.provider());
            // A = [[1,2,3],[0,1,-1]]: A W^T = [[136, 253], [-8, 128]]
            float[] a = {1, 2, 3, 0, 1, -1};
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            p.quant().gemm(2, 2, 3, 1f, a, 0, 3, b, 0f, c, 0, 2);
            assertArrayEquals(new float[] {136, 253, -8, 128}, c, f.toString());
            PackedQuantizedMatrix block = p.quant().pack(w, 1, 1, 1, 2); // W[1, 1..3) as a 2x1 op(B)
            c = new float[] {1, 1};
            p.quant().gemm(2, 1, 2, 1f, a, 1, 3, block, 1f, c, 0, 1); // rows (2, 3) and (1, -1)
            assertArrayEquals(new float[] {1 + 254 - 3, 1 + 127 + 1}, c, f + " block");
        }
    }

    // ---- error bounds against the float32 weights ------------------------------------------------

    /** Shapes across the four-row groups, the 32-column blocks of bf16, and the strips of the packed kernels. */
    private static final int[][] SHAPES = {{1, 1}, {3, 5}, {4, 31}, {5, 33}, {7, 64}, {9, 100}, {33, 257}, {67, 384},
        {130, 517}};

    @ParameterizedTest
    @MethodSource("providers")
    void gemvIsWithinTheStatedBoundOfTheFloatProduct(KernelProvider p) {
        SplittableRandom rnd = new SplittableRandom(21);
        for (WeightFormat f : new WeightFormat[] {WeightFormat.INT8, WeightFormat.BF16}) {
            for (int[] shape : SHAPES) {
                int rows = shape[0];
                int cols = shape[1];
                float[] w = random(rnd, rows * cols, 0.5);
                QuantizedMatrix q = f.quantize(rows, cols, w, 0, cols);
                // A block away from the edges when there is room, so offsets are exercised too.
                int row = rows > 4 ? 1 : 0;
                int col = cols > 40 ? 3 : 0;
                int m = rows - row;
                int n = cols - col;
                float[] x = random(rnd, n + 2, 2.0);
                float[] y = random(rnd, m + 1, 1.0);
                float[] y0 = y.clone();
                float alpha = 1.5f;
                float beta = 0.75f;
                p.quant().gemv(q, row, m, col, n, alpha, x, 2, beta, y, 1);
                for (int i = 0; i < m; i++) {
                    int r = row + i;
                    double exact = 0;
                    double absX = 0;
                    double absWx = 0;
                    double absVx = 0;
                    for (int j = 0; j < n; j++) {
                        double xj = x[2 + j];
                        exact += (double) w[r * cols + col + j] * xj;
                        absX += Math.abs(xj);
                        absWx += Math.abs(w[r * cols + col + j] * xj);
                        absVx += Math.abs(q.value(r, col + j) * xj);
                    }
                    exact = alpha * exact + beta * (double) y0[1 + i];
                    double betaTerm = Math.abs(beta * (double) y0[1 + i]);
                    double bound = f == WeightFormat.INT8
                            ? alpha * ((Int8Matrix) q).maxError(r) * absX + gamma(n + 3) * (alpha * absVx + betaTerm)
                            : alpha * (Bf16Matrix.RELATIVE_ERROR * absWx + Bf16Matrix.ABSOLUTE_ERROR * absX)
                                    + gamma(n + 2) * (alpha * absVx + betaTerm);
                    double err = Math.abs(y[1 + i] - exact);
                    assertTrue(err <= bound, f + " " + rows + "x" + cols + " row " + r + ": error " + err
                            + " > bound " + bound);
                }
                assertTrue(Float.isNaN(0f * y[0]) || y[0] == y0[0], "y before the block is untouched");
                assertEquals(y0[0], y[0]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void packedGemmOfTheVectorKernelsEqualsTheScalarKernelsBitForBit(WeightFormat f) {
        SplittableRandom rnd = new SplittableRandom(7);
        QuantKernels scalar = Kernels.scalar().quant();
        QuantKernels vector = Kernels.vector().quant();
        int[] ms = {1, 2, 4, 5, 9};
        int[][] nk = {{1, 1}, {31, 17}, {33, 300}, {64, 64}, {100, 129}, {130, 40}};
        for (int m : ms) {
            for (int[] s : nk) {
                int n = s[0];
                int k = s[1];
                float[] w = random(rnd, (n + 1) * (k + 3), 1.0);
                QuantizedMatrix q = f.quantize(n + 1, k + 3, w, 0, k + 3);
                float[] a = random(rnd, m * (k + 1), 1.0);
                float[] c0 = random(rnd, m * (n + 2), 1.0);
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    float[] cs = c0.clone();
                    float[] cv = c0.clone();
                    scalar.gemm(m, n, k, 0.75f, a, 1, k + 1, scalar.pack(q, 1, n, 2, k), beta, cs, 2, n + 2);
                    vector.gemm(m, n, k, 0.75f, a, 1, k + 1, vector.pack(q, 1, n, 2, k), beta, cv, 2, n + 2);
                    for (int i = 0; i < cs.length; i++) {
                        assertEquals(Float.floatToRawIntBits(cs[i]), Float.floatToRawIntBits(cv[i]),
                                f + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta + " at " + i + ": " + cs[i]
                                        + " vs " + cv[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void packedGemmRowsEqualTheGemvOfTheScalarOrderWithinTheBound(KernelProvider p) {
        // One row of a packed product is the same sum as a GEMV row, in order: within twice the rounding bound.
        SplittableRandom rnd = new SplittableRandom(3);
        for (WeightFormat f : new WeightFormat[] {WeightFormat.INT8, WeightFormat.BF16}) {
            int n = 70;
            int k = 90;
            float[] w = random(rnd, n * k, 1.0);
            QuantizedMatrix q = f.quantize(n, k, w, 0, k);
            float[] x = random(rnd, k, 1.0);
            float[] viaGemm = new float[n];
            float[] viaGemv = new float[n];
            p.quant().gemm(1, n, k, 1f, x, 0, k, p.quant().pack(q, 0, n, 0, k), 0f, viaGemm, 0, n);
            p.quant().gemv(q, 1f, x, 0, 0f, viaGemv, 0);
            for (int r = 0; r < n; r++) {
                double abs = 0;
                for (int j = 0; j < k; j++) {
                    abs += Math.abs(q.value(r, j) * x[j]);
                }
                assertTrue(Math.abs(viaGemm[r] - viaGemv[r]) <= 2 * gamma(k + 3) * abs, f + " row " + r);
            }
        }
    }

    // ---- bad arguments ---------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("providers")
    void badArgumentsAreRejectedBeforeAnythingIsWritten(KernelProvider p) {
        QuantKernels k = p.quant();
        QuantizedMatrix w = WeightFormat.INT8.quantize(4, 6, new float[24], 0, 6);
        float[] y = {1, 2, 3, 4};
        var e = assertThrows(IllegalArgumentException.class, () -> k.gemv(w, 1f, new float[5], 0, 0f, y, 0));
        assertEquals("quant gemv: x needs 6 elements from offset 0, but its length is 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.gemv(w, 1f, new float[6], 0, 0f, new float[4], 1));
        assertEquals("quant gemv: y needs 4 elements from offset 1, but its length is 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(w, 2, 3, 0, 6, 1f, new float[6], 0, 0f, y, 0));
        assertEquals("quant gemv: block of 3x6 at (2, 0) must lie inside W, which is 4x6", e.getMessage());
        float[] shared = new float[10];
        e = assertThrows(IllegalArgumentException.class, () -> k.gemv(w, 1f, shared, 0, 0f, shared, 5));
        assertEquals("quant gemv: y [5, 9) overlaps x [0, 6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.pack(w, 0, 4, 1, 6));
        assertEquals("quant pack: block of 4x6 at (0, 1) must lie inside W, which is 4x6", e.getMessage());
        PackedQuantizedMatrix b = k.pack(w, 0, 4, 0, 6);
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm(1, 4, 5, 1f, new float[6], 0, 6, b, 0f, new float[4], 0, 4));
        assertEquals("quant gemm: packed B is 6x4, but op(B) must be k x n = 5x4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm(2, 4, 6, 1f, new float[11], 0, 6, b, 0f, new float[8], 0, 4));
        assertEquals("quant gemm: A is 2x6 with leading dimension 6 and needs 12 elements from offset 0, but its length"
                + " is 11", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm(2, 4, 6, 1f, new float[12], 0, 6, b, 0f, new float[8], 0, 3));
        assertEquals("quant gemm: leading dimension of C must be >= max(1, 4) (its row length), but is 3", e.getMessage());
        KernelProvider other = p == Kernels.scalar() ? Kernels.vector() : Kernels.scalar();
        PackedQuantizedMatrix foreign = other.quant().pack(w, 0, 4, 0, 6);
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm(1, 4, 6, 1f, new float[6], 0, 6, foreign, 0f, new float[4], 0, 4));
        assertEquals("quant gemm: B was packed by the '" + other.name() + "' provider, but these are the '" + p.name()
                + "' kernels: pack B with the kernels that multiply by it", e.getMessage());
        assertThrows(NullPointerException.class, () -> k.gemv(null, 1f, new float[6], 0, 0f, y, 0));
        assertArrayEquals(new float[] {1, 2, 3, 4}, y, "nothing written");
    }

    private static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    private static float[] random(SplittableRandom rnd, int n, double range) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * range);
        }
        return v;
    }

    @Test
    void randomHelperIsNotConstant() {
        float[] v = random(new SplittableRandom(1), 8, 1.0);
        assertTrue(Arrays.stream(new int[] {0, 1, 2, 3}).anyMatch(i -> v[i] != v[i + 4]));
    }
}
