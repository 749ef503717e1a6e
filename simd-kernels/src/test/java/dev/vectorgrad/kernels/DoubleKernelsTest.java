// Generated from FloatKernelsTest.java by tools/Twins.java: do not edit (edit FloatKernelsTest.java, then run java tools/Twins.java).
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
 * Exact small cases of every double kernel, run against both the scalar and the vector
 * implementation. Expected values are worked out by hand or with {@code Math} in the test.
 */
class DoubleKernelsTest {

    static Stream<DoubleKernels> impls() {
        return Stream.of(Kernels.scalar().f64(), Kernels.vector().f64());
    }

    // A = [[1,2,3],[4,5,6]] (2x3), B = [[7,8],[9,10],[11,12]] (3x2), A*B = [[58,64],[139,154]].
    private static final double[] A = {1, 2, 3, 4, 5, 6};
    private static final double[] A_T = {1, 4, 2, 5, 3, 6};
    private static final double[] B = {7, 8, 9, 10, 11, 12};
    private static final double[] B_T = {7, 9, 11, 8, 10, 12};
    private static final double[] AB = {58, 64, 139, 154};

    @ParameterizedTest
    @MethodSource("impls")
    void gemmEveryTransposeCombination(DoubleKernels k) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] c = new double[4];
                k.gemm(ta, tb, 2, 2, 3, 1.0, ta ? A_T : A, 0, ta ? 2 : 3, tb ? B_T : B, 0, tb ? 3 : 2, 0.0, c, 0, 2);
                assertArrayEquals(AB, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmAlphaBeta(DoubleKernels k) {
        double[] c = {1, 2, 3, 4};
        k.gemm(false, false, 2, 2, 3, 2.0, A, 0, 3, B, 0, 2, 3.0, c, 0, 2);
        assertArrayEquals(new double[] {2 * 58 + 3, 2 * 64 + 6, 2 * 139 + 9, 2 * 154 + 12}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmBetaZeroOverwritesNaN(DoubleKernels k) {
        double[] c = {Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        k.gemm(false, false, 2, 2, 3, 1.0, A, 0, 3, B, 0, 2, 0.0, c, 0, 2);
        assertArrayEquals(AB, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmAlphaZeroOrKZeroLeavesBetaC(DoubleKernels k) {
        double[] nanA = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double[] c = {1, 2, 3, 4};
        k.gemm(false, false, 2, 2, 3, 0.0, nanA, 0, 3, B, 0, 2, 2.0, c, 0, 2);
        assertArrayEquals(new double[] {2, 4, 6, 8}, c, "alpha = 0 does not read A");
        double[] c0 = {Double.NaN, 1, 2, 3};
        k.gemm(false, false, 2, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.0, c0, 0, 2);
        assertArrayEquals(new double[4], c0, "k = 0 with beta = 0 gives zeros");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmEmptyAndOneByOne(DoubleKernels k) {
        double[] c = {5};
        k.gemm(false, false, 0, 1, 1, 1.0, new double[0], 0, 1, new double[] {1}, 0, 1, 0.0, new double[0], 0, 1);
        k.gemm(false, false, 1, 0, 1, 1.0, new double[] {1}, 0, 1, new double[0], 0, 1, 0.0, c, 0, 1);
        assertArrayEquals(new double[] {5}, c, "n = 0 touches nothing");
        k.gemm(true, true, 1, 1, 1, 2.0, new double[] {3}, 0, 1, new double[] {4}, 0, 1, 1.0, c, 0, 1);
        assertArrayEquals(new double[] {29}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmOffsetsAndLeadingDimensionsLeavePaddingAlone(DoubleKernels k) {
        // A at offset 2 with lda 5, B at offset 1 with ldb 4, C at offset 3 with ldc 3.
        double[] a = new double[2 + 5 + 3];
        double[] b = new double[1 + 2 * 4 + 2];
        Arrays.fill(a, Double.NaN);
        Arrays.fill(b, Double.NaN);
        for (int i = 0; i < 2; i++) {
            System.arraycopy(A, i * 3, a, 2 + i * 5, 3);
        }
        for (int p = 0; p < 3; p++) {
            System.arraycopy(B, p * 2, b, 1 + p * 4, 2);
        }
        double[] c = {-1, -1, -1, 0, 0, -1, 0, 0, -1};
        k.gemm(false, false, 2, 2, 3, 1.0, a, 2, 5, b, 1, 4, 0.0, c, 3, 3);
        assertArrayEquals(new double[] {-1, -1, -1, 58, 64, -1, 139, 154, -1}, c);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmIntegerMatricesAcrossBlockBoundariesAreExact(DoubleKernels k) {
        // Small integers: every partial sum is an integer below 2^53, so any summation order is exact.
        int m = 150;
        int n = 37;
        int kk = 300;
        SplittableRandom r = new SplittableRandom(7);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = ints(r, m * kk);
                double[] b = ints(r, kk * n);
                double[] c = new double[m * n];
                k.gemm(ta, tb, m, n, kk, 1.0, a, 0, ta ? m : kk, b, 0, tb ? kk : n, 0.0, c, 0, n);
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
    void gemmEveryRouteOnAFreshThreadIsExact(DoubleKernels k) throws InterruptedException {
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
                    double[] a = ints(r, m * kk);
                    double[] b = ints(r, kk * n);
                    double[] c = new double[m * n];
                    Throwable[] failure = new Throwable[1];
                    Thread fresh = new Thread(() -> {
                        try {
                            k.gemm(ta, tb, m, n, kk, 1.0, a, 0, ta ? m : kk, b, 0, tb ? kk : n, 0.0, c, 0, n);
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
    void entriesOutsideTheTableCheckTheirOperands(DoubleKernels k) {
        double[] out = {42, 42, 42, 42, 42, 42};
        double[] untouched = out.clone();
        refused("dot: x needs 4 elements", () -> k.dot(4, new double[3], 0, new double[4], 0));
        refused("gemv: A is 2x3", () -> k.gemv(false, 2, 3, 1.0, new double[5], 0, 3, new double[3], 0, 0.0, out, 0));
        refused("softmaxRows: x is 2x3", () -> k.softmaxRows(2, 3, new double[5], 0, 3, out, 0, 3));
        refused("logSoftmaxRows: x is 2x3", () -> k.logSoftmaxRows(2, 3, new double[5], 0, 3, out, 0, 3));
        refused("gemm: B is 3x2", () -> k.gemm(false, false, 2, 2, 3, 1.0, new double[6], 0, 3, new double[5], 0, 2, 0.0,
                out, 0, 2));
        refused("pack: B is 3x2", () -> k.pack(false, 3, 2, new double[5], 0, 2));
        PackedDoubleMatrix packed = k.pack(false, 3, 2, new double[6], 0, 2);
        refused("gemm: A is 2x3", () -> k.gemm(false, 2, 2, 3, 1.0, new double[5], 0, 3, packed, 0.0, out, 0, 2));
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
    void gemmOneColumnWithPaddedRowsIsExact(DoubleKernels k) {
        int m = 37;
        int kk = 300;
        SplittableRandom r = new SplittableRandom(13);
        for (int[] ld : new int[][] {{1, 2}, {3, 1}, {3, 2}}) {
            int ldb = ld[0];
            int ldc = ld[1];
            double[] a = ints(r, m * kk);
            double[] b = ints(r, (kk - 1) * ldb + 1);
            double[] c = new double[(m - 1) * ldc + 1];
            k.gemm(false, false, m, 1, kk, 1.0, a, 0, kk, b, 0, ldb, 0.0, c, 0, ldc);
            for (int i = 0; i < m; i++) {
                double s = 0;
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
    private static void assertExactProduct(boolean ta, boolean tb, int m, int n, int kk, double[] a, double[] b,
                                           double[] c, String where) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < kk; p++) {
                    s += (ta ? a[p * m + i] : a[i * kk + p]) * (tb ? b[j * kk + p] : b[p * n + j]);
                }
                assertEquals(s, c[i * n + j], where + " C[" + i + "," + j + "]");
            }
        }
    }

    private static double[] ints(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(-3, 4);
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemv(DoubleKernels k) {
        double[] y = {Double.NaN, Double.NaN};
        k.gemv(false, 2, 3, 1.0, A, 0, 3, new double[] {1, 1, 1}, 0, 0.0, y, 0);
        assertArrayEquals(new double[] {6, 15}, y);
        double[] yt = {1, 1, 1};
        k.gemv(true, 2, 3, 2.0, A, 0, 3, new double[] {1, 2}, 0, -1.0, yt, 0);
        assertArrayEquals(new double[] {17, 23, 29}, yt);
        double[] y5 = {0, 0, 0, 0, 0, 7};
        double[] a5 = new double[5 * 4];
        for (int i = 0; i < 5; i++) {
            a5[i * 4 + 1] = i + 1;
        }
        k.gemv(false, 5, 2, 1.0, a5, 0, 4, new double[] {9, 2}, 0, 0.0, y5, 0);
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 7}, y5, "lda larger than n; y beyond m untouched");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void elementWise(DoubleKernels k) {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] y = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        double[] out = new double[12];
        k.add(11, x, 0, y, 0, out, 1);
        assertArrayEquals(new double[] {0, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12}, out);
        k.sub(3, x, 0, y, 0, out, 0);
        assertArrayEquals(new double[] {-10, -8, -6}, Arrays.copyOf(out, 3));
        k.mul(3, x, 8, y, 8, out, 0);
        assertArrayEquals(new double[] {27, 20, 11}, Arrays.copyOf(out, 3));
        double[] z = x.clone();
        k.axpy(11, 2.0, y, 0, z, 0);
        for (int i = 0; i < 11; i++) {
            assertEquals(x[i] + 2 * y[i], z[i]);
        }
        k.scale(11, 0.5, z, 0);
        assertEquals((1 + 22) * 0.5, z[0]);
        k.fill(4, -3.0, z, 7);
        assertArrayEquals(new double[] {-3, -3, -3, -3}, Arrays.copyOfRange(z, 7, 11));
        k.copy(11, x, 0, z, 0);
        assertArrayEquals(x, z);
        k.mul(11, z, 0, z, 0, z, 0);
        assertEquals(121.0, z[10], "in place");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void fusedForms(DoubleKernels k) {
        double[] acc = {1, 1, 1};
        k.addProduct(3, new double[] {2, 3, 4}, 0, new double[] {5, 6, 7}, 0, acc, 0);
        assertArrayEquals(new double[] {11, 19, 29}, acc);
        double[] out = new double[3];
        // LSTM c' = f*c + i*g
        k.productSum(3, new double[] {0.5, 1, 0}, 0, new double[] {4, 4, 4}, 0,
                new double[] {1, 0.25, 1}, 0, new double[] {2, 8, -3}, 0, out, 0);
        assertArrayEquals(new double[] {4, 6, -3}, out);
        // GRU h' = n + z*(h - n)
        k.lerp(3, new double[] {0, 1, 0.25}, 0, new double[] {10, 10, 10}, 0, new double[] {2, 2, 2}, 0, out, 0);
        assertArrayEquals(new double[] {10, 2, 8}, out);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void reductions(DoubleKernels k) {
        double[] x = new double[41];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        assertEquals(0.0, k.sum(0, x, 0));
        assertEquals(1.0, k.sum(1, x, 0));
        assertEquals(41 * 42 / 2.0, k.sum(41, x, 0));
        assertEquals(41 * 42 / 2.0 - 1, k.sum(40, x, 1), "offset");
        assertEquals(41 * 42 * 83 / 6.0, k.dot(41, x, 0, x, 0));
        assertEquals(41 * 42 * 83 / 6.0, k.sumOfSquares(41, x, 0));
        assertEquals(0.0, k.dot(0, x, 0, x, 0));
        assertEquals(41.0, k.max(41, x, 0));
        assertEquals(Double.NEGATIVE_INFINITY, k.max(0, x, 0));
        x[17] = Double.NaN;
        assertTrue(Double.isNaN(k.max(41, x, 0)), "NaN propagates through max");
        assertTrue(Double.isNaN(k.sum(41, x, 0)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void activations(DoubleKernels k) {
        double[] x = {0.0, -0.0, 1e4, -1e4, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -2.0, 3.0};
        double[] out = new double[x.length];
        k.tanh(x.length, x, 0, out, 0);
        assertEquals(0.0, out[0]);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(out[1]), "tanh(-0) = -0");
        assertEquals(1.0, out[2]);
        assertEquals(-1.0, out[3]);
        assertTrue(Double.isNaN(out[4]));
        assertEquals(1.0, out[5]);
        assertEquals(-1.0, out[6]);
        assertEquals(Math.tanh(0.5), out[7], Math.ulp(Math.tanh(0.5)) * 3);
        k.sigmoid(x.length, x, 0, out, 0);
        assertEquals(0.5, out[0]);
        assertEquals(1.0, out[2]);
        assertEquals(0.0, out[3]);
        assertTrue(Double.isNaN(out[4]));
        assertEquals(1.0, out[5]);
        assertEquals(0.0, out[6]);
        assertEquals(1 / (1 + Math.exp(2)), out[8], Math.ulp(out[8]) * 4);
        k.relu(x.length, x, 0, out, 0);
        assertArrayEquals(new double[] {0, 0, 1e4, 0, Double.NaN, Double.POSITIVE_INFINITY, 0, 0.5, 0, 3}, out);
    }

    /** tanh and sigmoid where the float kernels clamp, and on NaNs of either sign and any payload. */
    @ParameterizedTest
    @MethodSource("impls")
    void activationsAtTheirClampsAndOnEveryNaN(DoubleKernels k) {
        double[] x = {9.0, 9.011, 9.1, Math.nextUp(9.1), -9.2, 17.5, 40.0, 41.0, -87.5, -103.9, -104.0, -105.0,
                Double.MAX_VALUE, -Double.MAX_VALUE, 20.0, -20.0};
        double[] out = new double[x.length];
        k.tanh(x.length, x, 0, out, 0);
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]);
            assertEquals(expected, out[i], 3 * Math.ulp(expected), "tanh(" + x[i] + ")");
        }
        assertEquals(1.0, out[x.length - 2]);
        assertEquals(-1.0, out[x.length - 1]);
        k.sigmoid(x.length, x, 0, out, 0);
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(-Math.abs(x[i]));
            double expected = ((x[i] < 0 ? e : 1) / (1 + e));
            assertEquals(expected, out[i], 4 * Math.ulp(expected), "sigmoid(" + x[i] + ")");
        }
        assertEquals(1.0, out[7]);
        double[] nans = {Double.NaN, -Double.NaN, Double.longBitsToDouble(0x7FF0000000000001L),
                Double.longBitsToDouble(0x7FFFFFFFFFFFFFFFL),
                Double.longBitsToDouble(0xFFF0000000000001L),
                Double.longBitsToDouble(0xFFFFFFFFFFFFFFFFL)};
        double[] nanOut = new double[nans.length];
        k.tanh(nans.length, nans, 0, nanOut, 0);
        for (double y : nanOut) {
            assertTrue(Double.isNaN(y), "tanh(NaN)");
        }
        k.sigmoid(nans.length, nans, 0, nanOut, 0);
        for (double y : nanOut) {
            assertTrue(Double.isNaN(y), "sigmoid(NaN)");
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void division(DoubleKernels k) {
        // 19 elements: a full vector and a tail at every width up to 512 bits for floats.
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {1, -6, 7, 0, -0.0, 1, -1, inf, Double.NaN, 3, 1, 0, 9, 2, Double.MIN_VALUE, Double.MAX_VALUE, 5, -5, 1};
        double[] y = {4, 3, -2, 0, 5, 0, -0.0, inf, 1, -0.0, 3, -1, 3, 8, 2, 0.5, inf, -inf, Double.NaN};
        double[] out = new double[20];
        out[19] = 7;
        k.div(19, x, 0, y, 0, out, 0);
        assertArrayEquals(new double[] {0.25, -2, -3.5, Double.NaN, -0.0, inf, inf, Double.NaN, Double.NaN, -inf,
                1.0 / 3, -0.0, 3, 0.25, 0, inf, 0, 0, Double.NaN, 7}, out, "IEEE division, element past n untouched");
        double[] z = x.clone();
        k.div(19, z, 0, z, 0, z, 0);
        assertEquals(1.0, z[0], "in place");
        assertTrue(Double.isNaN(z[3]), "0 / 0");
        k.div(2, x, 9, y, 12, out, 3);
        assertArrayEquals(new double[] {1, 1.0 / 8}, Arrays.copyOfRange(out, 3, 5), "offsets");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void exp(DoubleKernels k) {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {0, -0.0, -inf, inf, Double.NaN, 1e4, -1e4, 709.8, -745.2, Double.MAX_VALUE, -Double.MAX_VALUE,
                1, -1, 0.5, 10, -740.0, Double.MIN_VALUE, 2};
        double[] out = new double[x.length];
        k.exp(x.length, x, 0, out, 0);
        assertArrayEquals(new double[] {1, 1, 0, inf, Double.NaN, inf, 0, inf, 0, inf, 0},
                Arrays.copyOf(out, 11), "exact and saturated cases");
        for (int i = 11; i < x.length; i++) {
            double expected = Math.exp(x[i]);
            assertEquals(expected, out[i], 3 * Math.ulp(expected), "exp(" + x[i] + ")");
        }
        assertTrue(out[15] > 0 && out[15] < Double.MIN_NORMAL, "subnormal result kept, not flushed: " + out[15]);
        assertEquals(1.0, out[16], "exp(MIN_VALUE)");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void log(DoubleKernels k) {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {1, 0, -0.0, -1, -inf, inf, Double.NaN, -Double.MIN_VALUE,
                Math.E, 2, 0.5, 10, 0.7, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e-3, 3};
        double[] out = new double[x.length];
        k.log(x.length, x, 0, out, 0);
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(out[0]), "log(1) = +0");
        assertArrayEquals(new double[] {-inf, -inf, Double.NaN, Double.NaN, inf, Double.NaN, Double.NaN},
                Arrays.copyOfRange(out, 1, 8), "log of 0, -0, -1, -inf, +inf, NaN, -MIN_VALUE");
        for (int i = 8; i < x.length; i++) {
            double expected = Math.log(x[i]);
            assertEquals(expected, out[i], 2 * Math.ulp(expected), "log(" + x[i] + ")");
        }
        double[] powers = new double[2098];
        for (int i = 0; i < powers.length; i++) {
            powers[i] = Math.scalb(1.0, i - 1074);
        }
        double[] logs = powers.clone();
        k.log(powers.length, logs, 0, logs, 0);
        for (int i = 0; i < powers.length; i++) {
            double expected = Math.log(powers[i]);
            assertEquals(expected, logs[i], 2 * Math.ulp(expected), "in place, log(2^" + (i - 1074) + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void activationBackward(DoubleKernels k) {
        double[] y = {0.5, -0.5, 0.0, 1.0, 0.25, 0.75, 2.0, -1.0, 0.5};
        double[] dy = {2, 2, 2, 2, 4, 4, 3, 3, 8};
        double[] dx = new double[9];
        k.tanhBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new double[] {1.5, 1.5, 2, 0, 3.75, 1.75, -9, 0, 6}, dx);
        k.sigmoidBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new double[] {0.5, -1.5, 0, 0, 0.75, 0.75, -6, -6, 2}, dx);
        k.reluBackward(9, y, 0, dy, 0, dx, 0);
        assertArrayEquals(new double[] {2, 0, 0, 2, 4, 4, 3, 0, 8}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void softmaxAndLogSoftmax(DoubleKernels k) {
        // Two rows of 11 with ld 12; the second row has extreme values.
        double[] x = new double[24];
        for (int j = 0; j < 11; j++) {
            x[j] = j;
            x[12 + j] = j == 3 ? 1e4 : -1e4;
        }
        double[] out = new double[24];
        k.softmaxRows(2, 11, x, 0, 12, out, 0, 12);
        double z = 0;
        for (int j = 0; j < 11; j++) {
            z += Math.exp(j - 10);
        }
        for (int j = 0; j < 11; j++) {
            double expected = (Math.exp(j - 10) / z);
            assertEquals(expected, out[j], 4 * Math.ulp(expected), "row 0 col " + j);
            assertEquals(j == 3 ? 1.0 : 0.0, out[12 + j], "row 1 col " + j);
        }
        k.logSoftmaxRows(2, 11, x, 0, 12, out, 0, 12);
        for (int j = 0; j < 11; j++) {
            double expected = (j - 10 - Math.log(z));
            assertEquals(expected, out[j], 4 * Math.ulp(expected), "row 0 col " + j);
            assertEquals(j == 3 ? 0.0 : -2e4, out[12 + j], "row 1 col " + j);
        }
        double[] same = {0, 0};
        k.logSoftmaxRows(1, 2, same, 0, 2, same, 0, 2);
        assertEquals(-Math.log(2), same[0], Math.ulp(Math.log(2)));
    }
}
