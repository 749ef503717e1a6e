package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packed product split by rows over threads with B packed once and shared (at least as many rows as
 * columns, above the parallel threshold): shapes over several column and depth blocks of B (NC = 1024,
 * KC = 256 columns and rows), row counts that are no multiple of the micro-tile or of the thread count,
 * ragged last strips of B, every transpose, alpha and beta, offsets and padded leading dimensions. On 2 to 4
 * threads every result has the bits of one thread, float and double, and one thread agrees with a product
 * summed in double (below 10^8 multiply-adds, to keep the test short).
 */
class SharedBGemmTest {

    /** m, n, k: two column blocks and three depth blocks; one block; a ragged strip; rows not a multiple of 8. */
    private static final int[][] SHAPES = {
        {1100, 1040, 520}, {300, 290, 260}, {257, 129, 513}, {1001, 50, 600}, {611, 611, 77},
    };

    private static final float[][] ALPHA_BETA = {{1f, 0f}, {-1.5f, 1f}, {0.5f, 0.25f}};

    @Test
    void floatOnAnyThreadCountHasTheBitsOfOneThread() {
        int shape = 0;
        for (int[] s : SHAPES) {
            for (int trans = 0; trans < 4; trans++) {
                float[] ab = ALPHA_BETA[(shape + trans) % ALPHA_BETA.length];
                Case c = new Case(s[0], s[1], s[2], trans >= 2, trans % 2 == 1, 3 * shape + trans);
                float[] one = c.floats(Kernels.vector().withThreads(1), ab[0], ab[1]);
                if ((long) s[0] * s[1] * s[2] < 100_000_000L) {
                    c.assertClose(one, ab[0], ab[1]);
                }
                for (int threads = 2; threads <= 4; threads++) {
                    assertArrayEquals(one, c.floats(Kernels.vector().withThreads(threads), ab[0], ab[1]),
                            c + ", alpha " + ab[0] + ", beta " + ab[1] + ", " + threads + " threads");
                }
            }
            shape++;
        }
    }

    @Test
    void doubleOnAnyThreadCountHasTheBitsOfOneThread() {
        for (int trans = 0; trans < 4; trans++) {
            Case c = new Case(1100, 1040, 520, trans >= 2, trans % 2 == 1, 100 + trans);
            double[] one = c.doubles(Kernels.vector().withThreads(1), -0.75, 0.5);
            for (int threads = 2; threads <= 3; threads++) {
                assertArrayEquals(one, c.doubles(Kernels.vector().withThreads(threads), -0.75, 0.5),
                        c + ", " + threads + " threads");
            }
        }
    }

    /** One product: op(A) m x k and op(B) k x n stored with offsets and padded leading dimensions. */
    private record Case(int m, int n, int k, boolean transA, boolean transB, long seed) {
        private static final int OFF = 3;
        private static final int PAD = 5;

        int lda() {
            return (transA ? m : k) + PAD;
        }

        int ldb() {
            return (transB ? k : n) + PAD;
        }

        int ldc() {
            return n + PAD;
        }

        double[] values(long salt, int size) {
            SplittableRandom r = new SplittableRandom(seed * 31 + salt);
            double[] x = new double[size];
            for (int i = 0; i < size; i++) {
                x[i] = r.nextDouble(-1, 1);
            }
            return x;
        }

        double[] a() {
            return values(1, OFF + (transA ? k : m) * lda());
        }

        double[] b() {
            return values(2, OFF + (transB ? n : k) * ldb());
        }

        double[] c() {
            return values(3, OFF + m * ldc());
        }

        float[] floats(KernelProvider provider, float alpha, float beta) {
            float[] c = toFloats(c());
            provider.f32().gemm(transA, transB, m, n, k, alpha, toFloats(a()), OFF, lda(), toFloats(b()), OFF, ldb(),
                    beta, c, OFF, ldc());
            return c;
        }

        double[] doubles(KernelProvider provider, double alpha, double beta) {
            double[] c = c();
            provider.f64().gemm(transA, transB, m, n, k, alpha, a(), OFF, lda(), b(), OFF, ldb(), beta, c, OFF, ldc());
            return c;
        }

        /** Every element of C within 1e-4 * (k + 1) of the product summed in double; padding untouched. */
        void assertClose(float[] actual, float alpha, float beta) {
            float[] a = toFloats(a());
            float[] b = toFloats(b());
            float[] c0 = toFloats(c());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[OFF + (transA ? p * lda() + i : i * lda() + p)];
                        double y = b[OFF + (transB ? j * ldb() + p : p * ldb() + j)];
                        sum += x * y;
                    }
                    int at = OFF + i * ldc() + j;
                    double expected = alpha * sum + (beta == 0f ? 0 : beta * c0[at]);
                    assertEquals(expected, actual[at], 1e-4 * (k + 1), this + " at (" + i + ", " + j + ")");
                }
                for (int j = n; j < ldc() && OFF + i * ldc() + j < actual.length; j++) {
                    assertEquals(c0[OFF + i * ldc() + j], actual[OFF + i * ldc() + j], this + " wrote padding");
                }
            }
        }

        private static float[] toFloats(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }
    }
}
