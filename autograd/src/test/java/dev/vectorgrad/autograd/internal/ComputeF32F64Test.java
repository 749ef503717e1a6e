package dev.vectorgrad.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the {@link Compute} methods that no autograd op calls (they serve the fused cells):
 * {@code pack} with the packed {@code gemm}, {@code addProduct}, {@code productSum} and
 * {@code lerp}, for the F32 and F64 implementations, pooled ({@link Compute#of}) and serial
 * ({@link Compute#serial}). Each is compared with a plain loop over its definition in double, on
 * float-valued inputs at non-zero offsets (and leading dimensions wider than the rows), and must
 * leave everything outside its output range untouched. The other methods are reached through the
 * ops in {@code F32AgreesWithF64Test}.
 *
 * <p>Tolerances are the standard rounding-error bounds with {@code u = 2^-24} (F32) or
 * {@code 2^-53} (F64): a {@code k}-term product sum with alpha and beta is within
 * {@code (k + 2) u * (|alpha| sum|a b| + |beta c|)} of the exact value, and the element-wise
 * operations, with at most two roundings, within {@code 2 u * sum|terms|}; each bound is doubled
 * for margin.
 */
class ComputeF32F64Test {

    static Stream<Arguments> computes() {
        return Stream.of(
                Arguments.of("F32 pooled", DType.F32, Compute.of(DType.F32)),
                Arguments.of("F32 serial", DType.F32, Compute.serial(DType.F32)),
                Arguments.of("F64 pooled", DType.F64, Compute.of(DType.F64)),
                Arguments.of("F64 serial", DType.F64, Compute.serial(DType.F64)));
    }

    private static double unitRoundoff(DType dtype) {
        return dtype == DType.F32 ? 0x1p-24 : 0x1p-53;
    }

    /** A tensor of {@code n} float values in [-1, 1), the same values for either dtype. */
    private static Tensor random(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.set(i, (float) r.nextDouble(-1, 1));
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("computes")
    void packedGemmMatchesItsDefinitionForEveryTransposeAndBeta(String name, DType dtype, Compute c) {
        int m = 5;
        int n = 19;
        int k = 7;
        double alpha = 0.75;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (double beta : new double[] {0, 1, -0.5}) {
                    int aOff = 3;
                    int lda = ta ? m + 2 : k + 3;
                    int bOff = 2;
                    int ldb = tb ? k + 1 : n + 2;
                    int cOff = 1;
                    int ldc = n + 3;
                    Tensor a = random(dtype, aOff + (ta ? k : m) * lda, 1);
                    Tensor b = random(dtype, bOff + (tb ? n : k) * ldb, 2);
                    Tensor out = random(dtype, cOff + m * ldc + 4, 3);
                    double[] before = out.toDoubleArray();
                    Compute.Packed packed = c.pack(tb, k, n, b, bOff, ldb);
                    c.gemm(ta, m, n, k, alpha, a, aOff, lda, packed, beta, out, cOff, ldc);
                    String what = name + " ta=" + ta + " tb=" + tb + " beta=" + beta;
                    boolean[] written = new boolean[out.size()];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            double abs = 0;
                            for (int p = 0; p < k; p++) {
                                double av = a.get(aOff + (ta ? p * lda + i : i * lda + p));
                                double bv = b.get(bOff + (tb ? j * ldb + p : p * ldb + j));
                                s += av * bv;
                                abs += Math.abs(av * bv);
                            }
                            int at = cOff + i * ldc + j;
                            written[at] = true;
                            double expected = alpha * s + beta * before[at];
                            double bound = 2 * (k + 2) * unitRoundoff(dtype) * (Math.abs(alpha) * abs + Math.abs(beta * before[at]));
                            assertEquals(expected, out.get(at), bound, what + " C[" + i + "][" + j + "]");
                        }
                    }
                    for (int e = 0; e < out.size(); e++) {
                        if (!written[e]) {
                            assertEquals(before[e], out.get(e), 0, what + ": element " + e + " outside C was changed");
                        }
                    }
                }
            }
        }
    }

    /** The three fused element-wise kernels, at offsets, over 37 elements (vector loop and scalar tail). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("computes")
    void addProductProductSumAndLerpMatchTheirDefinitions(String name, DType dtype, Compute c) {
        int n = 37;
        Tensor x = random(dtype, n + 3, 10);
        Tensor y = random(dtype, n + 5, 11);
        Tensor z = random(dtype, n + 1, 12);
        Tensor w = random(dtype, n + 2, 13);
        double u = unitRoundoff(dtype);

        // addProduct: out[i] += x[i] * y[i]
        Tensor out = random(dtype, n + 4, 14);
        double[] before = out.toDoubleArray();
        c.addProduct(n, x, 3, y, 5, out, 2);
        for (int e = 0; e < out.size(); e++) {
            int i = e - 2;
            if (i < 0 || i >= n) {
                assertEquals(before[e], out.get(e), 0, name + " addProduct wrote outside its range at " + e);
                continue;
            }
            double p = x.get(3 + i) * y.get(5 + i);
            assertEquals(before[e] + p, out.get(e), 4 * u * (Math.abs(p) + Math.abs(before[e])), name + " addProduct " + i);
        }

        // productSum: out[i] = a[i] * b[i] + c[i] * d[i]
        out = random(dtype, n + 4, 15);
        before = out.toDoubleArray();
        c.productSum(n, x, 1, y, 4, z, 0, w, 2, out, 3);
        for (int e = 0; e < out.size(); e++) {
            int i = e - 3;
            if (i < 0 || i >= n) {
                assertEquals(before[e], out.get(e), 0, name + " productSum wrote outside its range at " + e);
                continue;
            }
            double p = x.get(1 + i) * y.get(4 + i);
            double q = z.get(i) * w.get(2 + i);
            assertEquals(p + q, out.get(e), 4 * u * (Math.abs(p) + Math.abs(q)), name + " productSum " + i);
        }

        // lerp: out[i] = a[i] + t[i] * (b[i] - a[i])
        out = random(dtype, n + 4, 16);
        before = out.toDoubleArray();
        c.lerp(n, x, 2, y, 1, z, 0, out, 4);
        for (int e = 0; e < out.size(); e++) {
            int i = e - 4;
            if (i < 0 || i >= n) {
                assertEquals(before[e], out.get(e), 0, name + " lerp wrote outside its range at " + e);
                continue;
            }
            double t = x.get(2 + i);
            double a = y.get(1 + i);
            double b = z.get(i);
            double expected = a + t * (b - a);
            assertEquals(expected, out.get(e), 4 * u * (Math.abs(a) + Math.abs(t * (b - a)) + Math.abs(t) * (Math.abs(a) + Math.abs(b))),
                    name + " lerp " + i);
        }
    }
}
