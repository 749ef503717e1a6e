package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEMM by a packed B ({@link FloatKernels#pack}, {@link DoubleKernels#pack}): exact small cases for
 * both providers and dtypes, integer matrices across the block and strip boundaries (exact in any
 * summation order), a copy independent of B, the same bits for every thread count and for
 * concurrent callers, and bad input rejected before anything is written.
 */
class PackedGemmTest {

    static Stream<KernelProvider> providers() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }

    // A = [[1,2,3],[4,5,6]] (2x3), B = [[7,8],[9,10],[11,12]] (3x2), A*B = [[58,64],[139,154]].
    private static final float[] A = {1, 2, 3, 4, 5, 6};
    private static final float[] A_T = {1, 4, 2, 5, 3, 6};
    private static final float[] B = {7, 8, 9, 10, 11, 12};
    private static final float[] B_T = {7, 9, 11, 8, 10, 12};
    private static final float[] AB = {58, 64, 139, 154};

    /**
     * Sizes around the micro-tile (4 and 8 rows), the strips (multiples of 8, 16 and 32 columns), the block depths
     * (128, 256), the in-place row limit (64) and the row blocks (240: 241 rows leave a last block of one row), with
     * single rows wide enough for the one-row kernel (four strips), past the first block of depth, then past a block
     * of columns (1024), also as the one-row last block of 241 rows.
     */
    private static final int[][] BLOCK_SHAPES = {{1, 33, 300}, {3, 31, 129}, {5, 65, 257}, {8, 1, 1}, {9, 17, 255},
        {32, 100, 384}, {63, 48, 130}, {64, 32, 256}, {65, 47, 200}, {150, 37, 300}, {250, 9, 513}, {241, 130, 20},
        {1, 300, 40}, {1, 200, 300}, {1, 1100, 20}, {3, 1030, 20}, {241, 1100, 3}};

    @ParameterizedTest
    @MethodSource("providers")
    void everyTransposeCombination(KernelProvider p) {
        FloatKernels k = p.f32();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                PackedFloatMatrix b = k.pack(tb, 3, 2, tb ? B_T : B, 0, tb ? 3 : 2);
                assertEquals(3, b.rows());
                assertEquals(2, b.columns());
                assertEquals(p.name(), b.provider());
                float[] c = new float[4];
                k.gemm(ta, 2, 2, 3, 1f, ta ? A_T : A, 0, ta ? 2 : 3, b, 0f, c, 0, 2);
                assertArrayEquals(AB, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void doubleEveryTransposeCombination(KernelProvider p) {
        DoubleKernels k = p.f64();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                PackedDoubleMatrix b = k.pack(tb, 3, 2, doubles(tb ? B_T : B), 0, tb ? 3 : 2);
                assertEquals(p.name(), b.provider());
                double[] c = {Double.NaN, 1, 2, 3};
                k.gemm(ta, 2, 2, 3, 2, doubles(ta ? A_T : A), 0, ta ? 2 : 3, b, 0, c, 0, 2);
                assertArrayEquals(new double[] {116, 128, 278, 308}, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void alphaBetaAndNaNOverwrittenByBetaZero(KernelProvider p) {
        FloatKernels k = p.f32();
        PackedFloatMatrix b = k.pack(false, 3, 2, B, 0, 2);
        float[] c = {1, 2, 3, 4};
        k.gemm(false, 2, 2, 3, 2f, A, 0, 3, b, 3f, c, 0, 2);
        assertArrayEquals(new float[] {2 * 58 + 3, 2 * 64 + 6, 2 * 139 + 9, 2 * 154 + 12}, c);
        float[] nan = {Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};
        k.gemm(false, 2, 2, 3, 1f, A, 0, 3, b, 0f, nan, 0, 2);
        assertArrayEquals(AB, nan);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void alphaZeroOrKZeroLeavesBetaC(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] nanA = new float[6];
        Arrays.fill(nanA, Float.NaN);
        float[] c = {1, 2, 3, 4};
        k.gemm(false, 2, 2, 3, 0f, nanA, 0, 3, k.pack(false, 3, 2, B, 0, 2), 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c, "alpha = 0 does not read A");
        PackedFloatMatrix empty = k.pack(true, 0, 2, new float[0], 0, 1);
        assertEquals(0, empty.rows());
        float[] c0 = {Float.NaN, 1, 2, 3};
        k.gemm(false, 2, 2, 0, 1f, new float[0], 0, 1, empty, 0f, c0, 0, 2);
        assertArrayEquals(new float[4], c0, "k = 0 with beta = 0 gives zeros");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void emptyAndOneByOne(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] c = {5};
        k.gemm(false, 0, 1, 1, 1f, new float[0], 0, 1, k.pack(false, 1, 1, new float[] {1}, 0, 1), 0f,
                new float[0], 0, 1);
        k.gemm(false, 1, 0, 1, 1f, new float[] {1}, 0, 1, k.pack(false, 1, 0, new float[0], 0, 1), 0f, c, 0, 1);
        assertArrayEquals(new float[] {5}, c, "n = 0 touches nothing");
        k.gemm(true, 1, 1, 1, 2f, new float[] {3}, 0, 1, k.pack(true, 1, 1, new float[] {4}, 0, 1), 1f, c, 0, 1);
        assertArrayEquals(new float[] {29}, c);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void offsetsAndLeadingDimensionsLeavePaddingAlone(KernelProvider p) {
        FloatKernels k = p.f32();
        // A at offset 2 with lda 5, stored B^T (2x3) at offset 1 with ldb 4, C at offset 3 with ldc 3.
        float[] a = new float[2 + 5 + 3];
        float[] bt = new float[1 + 4 + 3 + 2];
        Arrays.fill(a, Float.NaN);
        Arrays.fill(bt, Float.NaN);
        for (int i = 0; i < 2; i++) {
            System.arraycopy(A, i * 3, a, 2 + i * 5, 3);
            System.arraycopy(B_T, i * 3, bt, 1 + i * 4, 3);
        }
        float[] c = {-1, -1, -1, 0, 0, -1, 0, 0, -1};
        k.gemm(false, 2, 2, 3, 1f, a, 2, 5, k.pack(true, 3, 2, bt, 1, 4), 0f, c, 3, 3);
        assertArrayEquals(new float[] {-1, -1, -1, 58, 64, -1, 139, 154, -1}, c);
    }

    /**
     * Small integers: every partial sum is an integer below 2^24, so any summation order gives the
     * exact product, at every size of {@link #BLOCK_SHAPES}; in float and in double, whose packed GEMM
     * has its own blocking code (generated from the float one).
     */
    @ParameterizedTest
    @MethodSource("providers")
    void integerMatricesAcrossBlockBoundariesAreExact(KernelProvider p) {
        SplittableRandom r = new SplittableRandom(7);
        for (int[] shape : BLOCK_SHAPES) {
            int m = shape[0];
            int n = shape[1];
            int kk = shape[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = ints(r, m * kk);
                    float[] b = ints(r, kk * n);
                    int lda = ta ? m : kk;
                    int ldb = tb ? kk : n;
                    float[] c = new float[m * n];
                    p.f32().gemm(ta, m, n, kk, 1f, a, 0, lda, p.f32().pack(tb, kk, n, b, 0, ldb), 0f, c, 0, n);
                    double[] ad = doubles(a);
                    double[] bd = doubles(b);
                    double[] cd = new double[m * n];
                    p.f64().gemm(ta, m, n, kk, 1.0, ad, 0, lda, p.f64().pack(tb, kk, n, bd, 0, ldb), 0.0, cd, 0, n);
                    double[] expected = product(ta, tb, m, n, kk, ad, bd);
                    for (int i = 0; i < m * n; i++) {
                        String where = m + "x" + n + "x" + kk + " C[" + i / n + "," + i % n + "] transA=" + ta
                                + " transB=" + tb;
                        assertEquals(expected[i], c[i], "float " + where);
                        assertEquals(expected[i], cd[i], "double " + where);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void packedMatricesDescribeThemselves(KernelProvider p) {
        String vector = p.name().equals("vector") ? "vector, strips of " : "scalar, row-major";
        String f = p.f32().pack(false, 3, 2, B, 0, 2).toString();
        String d = p.f64().pack(true, 2, 3, doubles(B), 0, 2).toString();
        assertTrue(f.startsWith("PackedFloatMatrix[3x2, " + vector), f);
        assertTrue(d.startsWith("PackedDoubleMatrix[2x3, " + vector), d);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void packedIsACopy(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] b = B.clone();
        PackedFloatMatrix packed = k.pack(false, 3, 2, b, 0, 2);
        Arrays.fill(b, Float.NaN);
        float[] c = new float[4];
        k.gemm(false, 2, 2, 3, 1f, A, 0, 3, packed, 0f, c, 0, 2);
        assertArrayEquals(AB, c, "later changes to B are not seen");
    }

    /** One packed matrix, float and double, split over 1 to 5 threads: the same bits. */
    @Test
    void sameBitsForEveryThreadCount() {
        SplittableRandom r = new SplittableRandom(11);
        // Above the threading threshold (2^24 flops): row splits (m >= n) and column splits (m < n),
        // with a ragged last strip.
        int[][] shapes = {{256, 200, 300}, {40, 1000, 260}, {64, 1024, 256}, {200, 250, 257}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int kk = shape[2];
            float[] a = random(r, m * kk);
            float[] b = random(r, n * kk);
            double[] ad = doubles(a);
            double[] bd = doubles(b);
            PackedFloatMatrix packed = Kernels.vector().f32().pack(true, kk, n, b, 0, kk);
            PackedDoubleMatrix packedD = Kernels.vector().f64().pack(true, kk, n, bd, 0, kk);
            float[] one = new float[m * n];
            double[] oneD = new double[m * n];
            Kernels.vector().withThreads(1).f32().gemm(false, m, n, kk, 1f, a, 0, kk, packed, 0f, one, 0, n);
            Kernels.vector().withThreads(1).f64().gemm(false, m, n, kk, 1, ad, 0, kk, packedD, 0, oneD, 0, n);
            for (int threads = 2; threads <= 5; threads++) {
                float[] c = new float[m * n];
                double[] cd = new double[m * n];
                Kernels.vector().withThreads(threads).f32().gemm(false, m, n, kk, 1f, a, 0, kk, packed, 0f, c, 0, n);
                Kernels.vector().withThreads(threads).f64().gemm(false, m, n, kk, 1, ad, 0, kk, packedD, 0, cd, 0, n);
                assertArrayEquals(one, c, m + "x" + n + "x" + kk + ", " + threads + " threads");
                assertArrayEquals(oneD, cd, m + "x" + n + "x" + kk + ", double, " + threads + " threads");
            }
        }
    }

    /**
     * One row of C is computed by its own kernel (four strips of B at once); each element is summed in
     * the same order as in a product of more rows, so it gives the same bits as that row of one.
     */
    @Test
    void oneRowGivesTheBitsOfThatRowInALargerProduct() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] shape : new int[][] {{1000, 300}, {1024, 256}, {130, 7}, {64, 513}}) {
            int n = shape[0];
            int kk = shape[1];
            float[] a = random(r, 3 * kk);
            float[] b = random(r, n * kk);
            FloatKernels f = Kernels.vector().f32();
            DoubleKernels d = Kernels.vector().f64();
            PackedFloatMatrix packed = f.pack(true, kk, n, b, 0, kk);
            PackedDoubleMatrix packedD = d.pack(true, kk, n, doubles(b), 0, kk);
            float[] three = new float[3 * n];
            float[] one = new float[n];
            double[] threeD = new double[3 * n];
            double[] oneD = new double[n];
            f.gemm(false, 3, n, kk, 0.5f, a, 0, kk, packed, 0f, three, 0, n);
            f.gemm(false, 1, n, kk, 0.5f, a, kk, kk, packed, 0f, one, 0, n);
            d.gemm(false, 3, n, kk, 0.5, doubles(a), 0, kk, packedD, 0, threeD, 0, n);
            d.gemm(false, 1, n, kk, 0.5, doubles(a), kk, kk, packedD, 0, oneD, 0, n);
            assertArrayEquals(Arrays.copyOfRange(three, n, 2 * n), one, n + "x" + kk);
            assertArrayEquals(Arrays.copyOfRange(threeD, n, 2 * n), oneD, n + "x" + kk + ", double");
        }
    }

    @Test
    void concurrentCallersShareOnePackedMatrix() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int m = 32;
        int n = 1024;
        int kk = 256;
        float[] w = random(r, n * kk);
        PackedFloatMatrix packed = Kernels.vector().f32().pack(true, kk, n, w, 0, kk);
        KernelProvider threaded = Kernels.vector().withThreads(2);
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                float[] x = random(new SplittableRandom(100 + t), m * kk);
                results.add(pool.submit(() -> {
                    float[] expected = new float[m * n];
                    Kernels.vector().withThreads(1).f32().gemm(false, m, n, kk, 1f, x, 0, kk, packed, 0f, expected, 0, n);
                    for (int call = 0; call < 5; call++) {
                        float[] c = new float[m * n];
                        threaded.f32().gemm(false, m, n, kk, 1f, x, 0, kk, packed, 0f, c, 0, n);
                        assertArrayEquals(expected, c);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static final float SENTINEL = 42f;

    /** Asserts the call throws {@code type} whose message contains every fragment, and C is untouched. */
    private static void rejects(Class<? extends RuntimeException> type, float[] c, Executable call, String... fragments) {
        float[] before = c.clone();
        RuntimeException e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should name '" + f + "'");
        }
        assertArrayEquals(before, c, "nothing written before the exception");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void badInputIsRejectedBeforeAnythingIsWritten(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] a = new float[6];
        float[] c = new float[4];
        Arrays.fill(c, SENTINEL);
        PackedFloatMatrix b = k.pack(false, 3, 2, B, 0, 2);
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        rejects(iae, c, () -> k.gemm(false, 2, 2, 2, 1f, a, 0, 3, b, 0f, c, 0, 2),
                "packed B is 3x2, but op(B) must be k x n = 2x2");
        rejects(iae, c, () -> k.gemm(false, 2, 1, 3, 1f, a, 0, 3, b, 0f, c, 0, 2),
                "packed B is 3x2, but op(B) must be k x n = 3x1");
        rejects(iae, c, () -> k.gemm(false, -1, 2, 3, 1f, a, 0, 3, b, 0f, c, 0, 2), "m must be >= 0", "-1");
        rejects(iae, c, () -> k.gemm(false, 2, 2, 3, 1f, a, 0, 2, b, 0f, c, 0, 2), "leading dimension of A", "but is 2");
        rejects(iae, c, () -> k.gemm(true, 2, 2, 3, 1f, a, 1, 2, b, 0f, c, 0, 2),
                "A (transposed, stored k x m) is 3x2", "offset 1", "length is 6");
        rejects(iae, c, () -> k.gemm(false, 2, 2, 3, 1f, a, 0, 3, b, 0f, c, 1, 2), "C is 2x2", "offset 1");
        float[] shared = new float[12];
        Arrays.fill(shared, SENTINEL);
        rejects(iae, shared, () -> k.gemm(false, 2, 2, 3, 1f, shared, 0, 3, b, 0f, shared, 4, 2),
                "C [4, 8) overlaps A [0, 6)");
        rejects(NullPointerException.class, c, () -> k.gemm(false, 2, 2, 3, 1f, a, 0, 3, null, 0f, c, 0, 2),
                "gemm: packed B is null");
        rejects(NullPointerException.class, c, () -> k.gemm(false, 2, 2, 3, 1f, null, 0, 3, b, 0f, c, 0, 2),
                "array A is null");

        rejects(iae, c, () -> k.pack(false, -1, 2, B, 0, 2), "pack: k must be >= 0, but is -1");
        rejects(iae, c, () -> k.pack(false, 3, -2, B, 0, 2), "pack: n must be >= 0, but is -2");
        rejects(iae, c, () -> k.pack(false, 3, 2, B, 1, 2), "pack: B is 3x2", "offset 1", "length is 6");
        rejects(iae, c, () -> k.pack(true, 3, 2, B, 0, 2),
                "pack: leading dimension of B (transposed, stored n x k)", "but is 2");
        rejects(NullPointerException.class, c, () -> k.pack(true, 3, 2, null, 0, 3),
                "pack: array B (transposed, stored n x k) is null");
    }

    @Test
    void aMatrixPackedByOneProviderIsRejectedByAnother() {
        float[] c = new float[4];
        Arrays.fill(c, SENTINEL);
        PackedFloatMatrix scalar = Kernels.scalar().f32().pack(false, 3, 2, B, 0, 2);
        PackedFloatMatrix vector = Kernels.vector().f32().pack(false, 3, 2, B, 0, 2);
        rejects(IllegalArgumentException.class, c,
                () -> Kernels.vector().f32().gemm(false, 2, 2, 3, 1f, A, 0, 3, scalar, 0f, c, 0, 2),
                "B was packed by the 'scalar' provider, but these are the 'vector' kernels");
        rejects(IllegalArgumentException.class, c,
                () -> Kernels.scalar().f32().gemm(false, 2, 2, 3, 1f, A, 0, 3, vector, 0f, c, 0, 2),
                "B was packed by the 'vector' provider, but these are the 'scalar' kernels");
        PackedFloatMatrix foreign = new PackedFloatMatrix() {
            public int rows() {
                return 3;
            }

            public int columns() {
                return 2;
            }

            public String provider() {
                return "mine";
            }
        };
        rejects(IllegalArgumentException.class, c,
                () -> Kernels.vector().f32().gemm(false, 2, 2, 3, 1f, A, 0, 3, foreign, 0f, c, 0, 2),
                "B was packed by the 'mine' provider");
        // Another thread count of the same provider shares the layout.
        Kernels.vector().withThreads(3).f32().gemm(false, 2, 2, 3, 1f, A, 0, 3, vector, 0f, c, 0, 2);
        assertArrayEquals(AB, c);
        double[] cd = new double[4];
        PackedDoubleMatrix scalarD = Kernels.scalar().f64().pack(false, 3, 2, doubles(B), 0, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.vector().f64().gemm(false, 2, 2, 3, 1, doubles(A), 0, 3, scalarD, 0, cd, 0, 2));
        assertTrue(e.getMessage().contains("B was packed by the 'scalar' provider"), e.getMessage());
    }

    /** op(A) op(B) in double, row-major m x n: for small integers, every order of the sums gives these values. */
    private static double[] product(boolean ta, boolean tb, int m, int n, int kk, double[] a, double[] b) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < kk; q++) {
                    s += (ta ? a[q * m + i] : a[i * kk + q]) * (tb ? b[j * kk + q] : b[q * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static float[] ints(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(-8, 9);
        }
        return x;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
