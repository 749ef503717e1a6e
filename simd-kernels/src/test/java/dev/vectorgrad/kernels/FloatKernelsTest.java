package dev.vectorgrad.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact small cases of every float kernel, run against both the scalar and the vector
 * implementation. Expected values are worked out by hand or with {@code Math} in the test.
 */
class FloatKernelsTest {

    static Stream<FloatKernels> impls() {
        return Stream.of(Kernels.scalar().f32(), Kernels.vector().f32());
    }

    // A = [[1,2,3],[4,5,6]] (2x3), B = [[7,8],[9,10],[11,12]] (3x2), A*B = [[58,64],[139,154]].
    private static final float[] A = {1, 2, 3, 4, 5, 6};
    private static final float[] A_T = {1, 4, 2, 5, 3, 6};
    private static final float[] B = {7, 8, 9, 10, 11, 12};
    private static final float[] B_T = {7, 9, 11, 8, 10, 12};
    private static final float[] AB = {58, 64, 139, 154};

    @ParameterizedTest
    @MethodSource("impls")
    void gemmEveryTransposeCombination(FloatKernels k) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] c = new float[4];
                k.gemm(ta, tb, 2, 2, 3, 1f, ta ? A_T : A, 0, ta ? 2 : 3, tb ? B_T : B, 0, tb ? 3 : 2, 0f, c, 0, 2);
                assertArrayEquals(AB, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmAlphaBeta(FloatKernels k) {
        float[] c = {1, 2, 3, 4};
        k.gemm(false, false, 2, 2, 3, 2f, A, 0, 3, B, 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {2 * 58 + 3, 2 * 64 + 6, 2 * 139 + 9, 2 * 154 + 12}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmBetaZeroOverwritesNaN(FloatKernels k) {
        float[] c = {Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};
        k.gemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(AB, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmAlphaZeroOrKZeroLeavesBetaC(FloatKernels k) {
        float[] nanA = {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1, 2, 3, 4};
        k.gemm(false, false, 2, 2, 3, 0f, nanA, 0, 3, B, 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c, "alpha = 0 does not read A");
        float[] c0 = {Float.NaN, 1, 2, 3};
        k.gemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c0, 0, 2);
        assertArrayEquals(new float[4], c0, "k = 0 with beta = 0 gives zeros");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmEmptyAndOneByOne(FloatKernels k) {
        float[] c = {5};
        k.gemm(false, false, 0, 1, 1, 1f, new float[0], 0, 1, new float[] {1}, 0, 1, 0f, new float[0], 0, 1);
        k.gemm(false, false, 1, 0, 1, 1f, new float[] {1}, 0, 1, new float[0], 0, 1, 0f, c, 0, 1);
        assertArrayEquals(new float[] {5}, c, "n = 0 touches nothing");
        k.gemm(true, true, 1, 1, 1, 2f, new float[] {3}, 0, 1, new float[] {4}, 0, 1, 1f, c, 0, 1);
        assertArrayEquals(new float[] {29}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmOffsetsAndLeadingDimensionsLeavePaddingAlone(FloatKernels k) {
        // A at offset 2 with lda 5, B at offset 1 with ldb 4, C at offset 3 with ldc 3.
        float[] a = new float[2 + 5 + 3];
        float[] b = new float[1 + 2 * 4 + 2];
        Arrays.fill(a, Float.NaN);
        Arrays.fill(b, Float.NaN);
        for (int i = 0; i < 2; i++) {
            System.arraycopy(A, i * 3, a, 2 + i * 5, 3);
        }
        for (int p = 0; p < 3; p++) {
            System.arraycopy(B, p * 2, b, 1 + p * 4, 2);
        }
        float[] c = {-1, -1, -1, 0, 0, -1, 0, 0, -1};
        k.gemm(false, false, 2, 2, 3, 1f, a, 2, 5, b, 1, 4, 0f, c, 3, 3);
        assertArrayEquals(new float[] {-1, -1, -1, 58, 64, -1, 139, 154, -1}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmIntegerMatricesAcrossBlockBoundariesAreExact(FloatKernels k) {
        //#double
        //= // Small integers: every partial sum is an integer below 2^53, so any summation order is exact.
        //#float
        // Small integers: every partial sum is an integer below 2^24, so any summation order is exact.
        //#end
        int m = 150;
        int n = 37;
        int kk = 300;
        SplittableRandom r = new SplittableRandom(7);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = ints(r, m * kk);
                float[] b = ints(r, kk * n);
                float[] c = new float[m * n];
                k.gemm(ta, tb, m, n, kk, 1f, a, 0, ta ? m : kk, b, 0, tb ? kk : n, 0f, c, 0, n);
                assertExactProduct(ta, tb, m, n, kk, a, b, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    /**
     * One product per route of the GEMM (one row, one column, B read in place, B packed), at shapes that cross
     * its blocks (rows not a multiple of the micro-tile's, more than a block of columns or of depth), with
     * arrays of exactly the matrices' size (a read past a matrix throws) and on a fresh thread, whose
     * workspace starts empty (a buffer sized too small throws). Small integers, so the result is exact.
     */
    @ParameterizedTest
    @MethodSource("impls")
    void gemmEveryRouteOnAFreshThreadIsExact(FloatKernels k) throws InterruptedException {
        int[][] shapes = {
            {1, 37, 300},    // one row of C: a GEMV over B
            {37, 1, 300},    // one column of C (ldc = 1): a GEMV over A
            {61, 37, 300},   // few rows: B read in place, 3 blocks of depth, a ragged last strip of B and of A
            {67, 1100, 20},  // many rows: B packed, full strips past the first packed block of columns
            {66, 40, 520},   // B packed, three blocks of depth
        };
        SplittableRandom r = new SplittableRandom(11);
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int kk = shape[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = ints(r, m * kk);
                    float[] b = ints(r, kk * n);
                    float[] c = new float[m * n];
                    Throwable[] failure = new Throwable[1];
                    Thread fresh = new Thread(() -> {
                        try {
                            k.gemm(ta, tb, m, n, kk, 1f, a, 0, ta ? m : kk, b, 0, tb ? kk : n, 0f, c, 0, n);
                        } catch (Throwable e) {
                            failure[0] = e;
                        }
                    });
                    fresh.start();
                    fresh.join();
                    String where = m + "x" + n + "x" + kk + " transA=" + ta + " transB=" + tb;
                    if (failure[0] != null) {
                        throw new AssertionError(where + " threw", failure[0]);
                    }
                    assertExactProduct(ta, tb, m, n, kk, a, b, c, where);
                }
            }
        }
    }

    /**
     * Each public entry not in {@code EveryEntryChecksItsRangesTest}'s table calls its check: an operand one element
     * short is refused with an {@link IllegalArgumentException} naming the kernel and the operand (an unchecked
     * kernel would throw {@link ArrayIndexOutOfBoundsException} or read past the caller's range), and nothing is
     * written. The checks' boundaries themselves are in {@code internal.ChecksTest}.
     */
    @ParameterizedTest
    @MethodSource("impls")
    void entriesOutsideTheTableCheckTheirOperands(FloatKernels k) {
        float[] out = {42, 42, 42, 42, 42, 42};
        float[] untouched = out.clone();
        refused("dot: x needs 4 elements", () -> k.dot(4, new float[3], 0, new float[4], 0));
        refused("gemv: A is 2x3", () -> k.gemv(false, 2, 3, 1f, new float[5], 0, 3, new float[3], 0, 0f, out, 0));
        refused("softmaxRows: x is 2x3", () -> k.softmaxRows(2, 3, new float[5], 0, 3, out, 0, 3));
        refused("logSoftmaxRows: x is 2x3", () -> k.logSoftmaxRows(2, 3, new float[5], 0, 3, out, 0, 3));
        refused("gemm: B is 3x2", () -> k.gemm(false, false, 2, 2, 3, 1f, new float[6], 0, 3, new float[5], 0, 2, 0f,
                out, 0, 2));
        refused("pack: B is 3x2", () -> k.pack(false, 3, 2, new float[5], 0, 2));
        PackedFloatMatrix packed = k.pack(false, 3, 2, new float[6], 0, 2);
        refused("gemm: A is 2x3", () -> k.gemm(false, 2, 2, 3, 1f, new float[5], 0, 3, packed, 0f, out, 0, 2));
        assertArrayEquals(untouched, out, "written before a refusal");
    }

    private static void refused(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    /**
     * One column of C (n = 1) whose B and C rows are padded (ldb, ldc > 1): their elements are strided, so the
     * product must not take the contiguous one-column GEMV route. Small integers: exact.
     */
    @ParameterizedTest
    @MethodSource("impls")
    void gemmOneColumnWithPaddedRowsIsExact(FloatKernels k) {
        int m = 37;
        int kk = 300;
        SplittableRandom r = new SplittableRandom(13);
        for (int[] ld : new int[][] {{1, 2}, {3, 1}, {3, 2}}) {
            int ldb = ld[0];
            int ldc = ld[1];
            float[] a = ints(r, m * kk);
            float[] b = ints(r, (kk - 1) * ldb + 1);
            float[] c = new float[(m - 1) * ldc + 1];
            k.gemm(false, false, m, 1, kk, 1f, a, 0, kk, b, 0, ldb, 0f, c, 0, ldc);
            for (int i = 0; i < m; i++) {
                float s = 0;
                for (int p = 0; p < kk; p++) {
                    s += a[i * kk + p] * b[p * ldb];
                }
                assertEquals(s, c[i * ldc], "ldb=" + ldb + " ldc=" + ldc + " C[" + i + "]");
            }
        }
    }

    /**
     * C (m x n, packed rows) equals op(A) op(B) summed in plain loops, exactly: for small-integer matrices, whose
     * partial sums are exact in any order.
     */
    private static void assertExactProduct(boolean ta, boolean tb, int m, int n, int kk, float[] a, float[] b,
                                           float[] c, String where) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < kk; p++) {
                    s += (ta ? a[p * m + i] : a[i * kk + p]) * (tb ? b[j * kk + p] : b[p * n + j]);
                }
                assertEquals(s, c[i * n + j], where + " C[" + i + "," + j + "]");
            }
        }
    }

    private static float[] ints(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(-3, 4);
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemv(FloatKernels k) {
        float[] y = {Float.NaN, Float.NaN};
        k.gemv(false, 2, 3, 1f, A, 0, 3, new float[] {1, 1, 1}, 0, 0f, y, 0);
        assertArrayEquals(new float[] {6, 15}, y);
        float[] yt = {1, 1, 1};
        k.gemv(true, 2, 3, 2f, A, 0, 3, new float[] {1, 2}, 0, -1f, yt, 0);
        assertArrayEquals(new float[] {17, 23, 29}, yt);
        float[] y5 = {0, 0, 0, 0, 0, 7};
        float[] a5 = new float[5 * 4];
        for (int i = 0; i < 5; i++) {
            a5[i * 4 + 1] = i + 1;
        }
        k.gemv(false, 5, 2, 1f, a5, 0, 4, new float[] {9, 2}, 0, 0f, y5, 0);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 7}, y5, "lda larger than n; y beyond m untouched");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void elementWise(FloatKernels k) {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] y = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        float[] out = new float[12];
        k.add(11, x, 0, y, 0, out, 1);
        assertArrayEquals(new float[] {0, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12}, out);
        k.sub(3, x, 0, y, 0, out, 0);
        assertArrayEquals(new float[] {-10, -8, -6}, Arrays.copyOf(out, 3));
        k.mul(3, x, 8, y, 8, out, 0);
        assertArrayEquals(new float[] {27, 20, 11}, Arrays.copyOf(out, 3));
        float[] z = x.clone();
        k.axpy(11, 2f, y, 0, z, 0);
        for (int i = 0; i < 11; i++) {
            assertEquals(x[i] + 2 * y[i], z[i]);
        }
        k.scale(11, 0.5f, z, 0);
        assertEquals((1 + 22) * 0.5f, z[0]);
        k.fill(4, -3f, z, 7);
        assertArrayEquals(new float[] {-3, -3, -3, -3}, Arrays.copyOfRange(z, 7, 11));
        k.copy(11, x, 0, z, 0);
        assertArrayEquals(x, z);
        k.mul(11, z, 0, z, 0, z, 0);
        assertEquals(121f, z[10], "in place");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void fusedForms(FloatKernels k) {
        float[] acc = {1, 1, 1};
        k.addProduct(3, new float[] {2, 3, 4}, 0, new float[] {5, 6, 7}, 0, acc, 0);
        assertArrayEquals(new float[] {11, 19, 29}, acc);
        float[] out = new float[3];
        // LSTM c' = f*c + i*g
        k.productSum(3, new float[] {0.5f, 1, 0}, 0, new float[] {4, 4, 4}, 0,
                new float[] {1, 0.25f, 1}, 0, new float[] {2, 8, -3}, 0, out, 0);
        assertArrayEquals(new float[] {4, 6, -3}, out);
        // GRU h' = n + z*(h - n)
        k.lerp(3, new float[] {0, 1, 0.25f}, 0, new float[] {10, 10, 10}, 0, new float[] {2, 2, 2}, 0, out, 0);
        assertArrayEquals(new float[] {10, 2, 8}, out);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void reductions(FloatKernels k) {
        float[] x = new float[41];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        assertEquals(0f, k.sum(0, x, 0));
        assertEquals(1f, k.sum(1, x, 0));
        assertEquals(41 * 42 / 2f, k.sum(41, x, 0));
        assertEquals(41 * 42 / 2f - 1, k.sum(40, x, 1), "offset");
        assertEquals(41 * 42 * 83 / 6f, k.dot(41, x, 0, x, 0));
        assertEquals(41 * 42 * 83 / 6f, k.sumOfSquares(41, x, 0));
        assertEquals(0f, k.dot(0, x, 0, x, 0));
        assertEquals(41f, k.max(41, x, 0));
        assertEquals(Float.NEGATIVE_INFINITY, k.max(0, x, 0));
        x[17] = Float.NaN;
        assertTrue(Float.isNaN(k.max(41, x, 0)), "NaN propagates through max");
        assertTrue(Float.isNaN(k.sum(41, x, 0)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void activations(FloatKernels k) {
        float[] x = {0f, -0f, 1e4f, -1e4f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, -2f, 3f};
        float[] out = new float[x.length];
        k.tanh(x.length, x, 0, out, 0);
        assertEquals(0f, out[0]);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(out[1]), "tanh(-0) = -0");
        assertEquals(1f, out[2]);
        assertEquals(-1f, out[3]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(1f, out[5]);
        assertEquals(-1f, out[6]);
        assertEquals((float) Math.tanh(0.5), out[7], Math.ulp((float) Math.tanh(0.5)) * /*double:3*/2);
        k.sigmoid(x.length, x, 0, out, 0);
        assertEquals(0.5f, out[0]);
        assertEquals(1f, out[2]);
        assertEquals(0f, out[3]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(1f, out[5]);
        assertEquals(0f, out[6]);
        //#double
        //= assertEquals(1 / (1 + Math.exp(2)), out[8], Math.ulp(out[8]) * 4);
        //#float
        assertEquals((float) (1 / (1 + Math.exp(2))), out[8], Math.ulp(out[8]) * 3);
        //#end
        k.relu(x.length, x, 0, out, 0);
        assertArrayEquals(new float[] {0, 0, 1e4f, 0, Float.NaN, Float.POSITIVE_INFINITY, 0, 0.5f, 0, 3}, out);
    }

    //#double
    //= /** tanh and sigmoid where the float kernels clamp, and on NaNs of either sign and any payload. */
    //#float
    /**
     * tanh and sigmoid around their clamps (the vector kernels clamp |x| at 9.1 and x to [-104, 40]
     * with integer mins on the bits) and on NaNs of either sign and any payload, which those clamps
     * replace and the kernels must restore.
     */
    //#end
    @ParameterizedTest
    @MethodSource("impls")
    void activationsAtTheirClampsAndOnEveryNaN(FloatKernels k) {
        float[] x = {9f, 9.011f, 9.1f, Math.nextUp(9.1f), -9.2f, 17.5f, 40f, 41f, -87.5f, -103.9f, -104f, -105f,
                Float.MAX_VALUE, -Float.MAX_VALUE, 20f, -20f};
        float[] out = new float[x.length];
        k.tanh(x.length, x, 0, out, 0);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.tanh(x[i]);
            assertEquals(expected, out[i], /*double:3*/2 * Math.ulp(expected), "tanh(" + x[i] + ")");
        }
        assertEquals(1f, out[x.length - 2]);
        assertEquals(-1f, out[x.length - 1]);
        k.sigmoid(x.length, x, 0, out, 0);
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(-Math.abs(x[i]));
            float expected = (float) ((x[i] < 0 ? e : 1) / (1 + e));
            assertEquals(expected, out[i], /*double:4*/3 * Math.ulp(expected), "sigmoid(" + x[i] + ")");
        }
        assertEquals(1f, out[7]);
        float[] nans = {Float.NaN, -Float.NaN, Float.intBitsToFloat(/*double:0x7FF0000000000001L*/0x7F800001),
                Float.intBitsToFloat(/*double:0x7FFFFFFFFFFFFFFFL*/0x7FFFFFFF),
                Float.intBitsToFloat(/*double:0xFFF0000000000001L*/0xFF800001),
                Float.intBitsToFloat(/*double:0xFFFFFFFFFFFFFFFFL*/0xFFFFFFFF)};
        float[] nanOut = new float[nans.length];
        k.tanh(nans.length, nans, 0, nanOut, 0);
        for (float y : nanOut) {
            assertTrue(Float.isNaN(y), "tanh(NaN)");
        }
        k.sigmoid(nans.length, nans, 0, nanOut, 0);
        for (float y : nanOut) {
            assertTrue(Float.isNaN(y), "sigmoid(NaN)");
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void division(FloatKernels k) {
        //#double
        //= // 19 elements: a full vector and a tail at every width up to 512 bits for floats.
        //#float
        // 19 elements: a full vector and a tail at every width up to 512 bits for floats.
        //#end
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {1, -6, 7, 0, -0f, 1, -1, inf, Float.NaN, 3, 1, 0, 9, 2, Float.MIN_VALUE, Float.MAX_VALUE, 5, -5, 1};
        float[] y = {4, 3, -2, 0, 5, 0, -0f, inf, 1, -0f, 3, -1, 3, 8, 2, 0.5f, inf, -inf, Float.NaN};
        float[] out = new float[20];
        out[19] = 7;
        k.div(19, x, 0, y, 0, out, 0);
        assertArrayEquals(new float[] {0.25f, -2, -3.5f, Float.NaN, -0f, inf, inf, Float.NaN, Float.NaN, -inf,
                1f / 3, -0f, 3, 0.25f, 0, inf, 0, 0, Float.NaN, 7}, out, "IEEE division, element past n untouched");
        float[] z = x.clone();
        k.div(19, z, 0, z, 0, z, 0);
        assertEquals(1f, z[0], "in place");
        assertTrue(Float.isNaN(z[3]), "0 / 0");
        k.div(2, x, 9, y, 12, out, 3);
        assertArrayEquals(new float[] {1, 1f / 8}, Arrays.copyOfRange(out, 3, 5), "offsets");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void exp(FloatKernels k) {
        float inf = Float.POSITIVE_INFINITY;
        //#double
        //= double[] x = {0, -0.0, -inf, inf, Double.NaN, 1e4, -1e4, 709.8, -745.2, Double.MAX_VALUE, -Double.MAX_VALUE,
        //=         1, -1, 0.5, 10, -740.0, Double.MIN_VALUE, 2};
        //#float
        float[] x = {0, -0f, -inf, inf, Float.NaN, 1e4f, -1e4f, 88.8f, -104f, Float.MAX_VALUE, -Float.MAX_VALUE,
                1, -1, 0.5f, 10, -100f, Float.MIN_VALUE, 2};
        //#end
        float[] out = new float[x.length];
        k.exp(x.length, x, 0, out, 0);
        assertArrayEquals(new float[] {1, 1, 0, inf, Float.NaN, inf, 0, inf, 0, inf, 0},
                Arrays.copyOf(out, 11), "exact and saturated cases");
        for (int i = 11; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            //#double
            //= assertEquals(expected, out[i], 3 * Math.ulp(expected), "exp(" + x[i] + ")");
            //#float
            assertEquals(expected, out[i], Math.ulp(expected), "exp(" + x[i] + ")");
            //#end
        }
        assertTrue(out[15] > 0 && out[15] < Float.MIN_NORMAL, "subnormal result kept, not flushed: " + out[15]);
        assertEquals(1f, out[16], "exp(MIN_VALUE)");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void log(FloatKernels k) {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {1, 0, -0f, -1, -inf, inf, Float.NaN, -Float.MIN_VALUE,
                (float) Math.E, 2, 0.5f, 10, 0.7f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1e-3f, 3};
        float[] out = new float[x.length];
        k.log(x.length, x, 0, out, 0);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[0]), "log(1) = +0");
        assertArrayEquals(new float[] {-inf, -inf, Float.NaN, Float.NaN, inf, Float.NaN, Float.NaN},
                Arrays.copyOfRange(out, 1, 8), "log of 0, -0, -1, -inf, +inf, NaN, -MIN_VALUE");
        for (int i = 8; i < x.length; i++) {
            float expected = (float) Math.log(x[i]);
            //#double
            //= assertEquals(expected, out[i], 2 * Math.ulp(expected), "log(" + x[i] + ")");
            //#float
            assertEquals(expected, out[i], Math.ulp(expected), "log(" + x[i] + ")");
            //#end
        }
        float[] powers = new float[/*double:2098*/277];
        for (int i = 0; i < powers.length; i++) {
            powers[i] = (float) Math.scalb(1.0, i - /*double:1074*/149);
        }
        float[] logs = powers.clone();
        k.log(powers.length, logs, 0, logs, 0);
        for (int i = 0; i < powers.length; i++) {
            float expected = (float) Math.log(powers[i]);
            //#double
            //= assertEquals(expected, logs[i], 2 * Math.ulp(expected), "in place, log(2^" + (i - 1074) + ")");
            //#float
            assertEquals(expected, logs[i], Math.ulp(expected), "in place, log(2^" + (i - 149) + ")");
            //#end
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void activationBackward(FloatKernels k) {
        float[] y = {0.5f, -0.5f, 0f, 1f, 0.25f, 0.75f, 2f, -1f, 0.5f};
        float[] dy = {2, 2, 2, 2, 4, 4, 3, 3, 8};
        float[] dx = new float[9];
        k.tanhBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new float[] {1.5f, 1.5f, 2, 0, 3.75f, 1.75f, -9, 0, 6}, dx);
        k.sigmoidBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new float[] {0.5f, -1.5f, 0, 0, 0.75f, 0.75f, -6, -6, 2}, dx);
        k.reluBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new float[] {2, 0, 0, 2, 4, 4, 3, 0, 8}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void softmaxAndLogSoftmax(FloatKernels k) {
        // Two rows of 11 with ld 12; the second row has extreme values.
        float[] x = new float[24];
        for (int j = 0; j < 11; j++) {
            x[j] = j;
            x[12 + j] = j == 3 ? 1e4f : -1e4f;
        }
        float[] out = new float[24];
        k.softmaxRows(2, 11, x, 0, 12, out, 0, 12);
        double z = 0;
        for (int j = 0; j < 11; j++) {
            z += Math.exp(j - 10);
        }
        for (int j = 0; j < 11; j++) {
            float expected = (float) (Math.exp(j - 10) / z);
            assertEquals(expected, out[j], 4 * Math.ulp(expected), "row 0 col " + j);
            assertEquals(j == 3 ? 1f : 0f, out[12 + j], "row 1 col " + j);
        }
        k.logSoftmaxRows(2, 11, x, 0, 12, out, 0, 12);
        for (int j = 0; j < 11; j++) {
            float expected = (float) (j - 10 - Math.log(z));
            assertEquals(expected, out[j], 4 * Math.ulp(expected), "row 0 col " + j);
            assertEquals(j == 3 ? 0f : -2e4f, out[12 + j], "row 1 col " + j);
        }
        float[] same = {0, 0};
        k.logSoftmaxRows(1, 2, same, 0, 2, same, 0, 2);
        assertEquals((float) -Math.log(2), same[0], Math.ulp((float) Math.log(2)));
    }
}
