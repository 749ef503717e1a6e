package dev.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sixteen callers at once share the kernel pool with GEMMs big enough to be split over it, float
 * and double, with thread counts from 2 to 5 and also the default provider: every result has the
 * same bits as the same product on one thread (no cross-talk), and everything finishes within a
 * deadline (no deadlock), although the callers together ask for far more threads than the pool has.
 */
class ConcurrentGemmTest {

    private static final int CALLERS = 16;
    private static final int CALLS = 2;

    @Test
    void sixteenCallersShareThePoolWithNoDeadlockAndNoCrossTalk() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                int caller = t;
                results.add(callers.submit(() -> {
                    // Shapes differ per caller (rows, columns and depth), so parts of different
                    // calls have different sizes and interleave in the pool's queue.
                    int m = 256 + 8 * caller;
                    int n = 256 + 4 * caller;
                    int k = 256 + caller;
                    boolean transA = caller % 2 == 1;
                    boolean transB = caller % 4 >= 2;
                    KernelProvider threaded = caller % 5 == 0 ? Kernels.provider()
                            : Kernels.vector().withThreads(2 + caller % 4);
                    float[] a = floats(caller, m * k);
                    float[] b = floats(1000 + caller, k * n);
                    double[] ad = doubles(2000 + caller, m * k);
                    double[] bd = doubles(3000 + caller, k * n);
                    float[] expected = new float[m * n];
                    gemm(Kernels.vector().withThreads(1).f32(), transA, transB, m, n, k, a, b, expected);
                    double[] expectedD = new double[m * n];
                    gemm(Kernels.vector().withThreads(1).f64(), transA, transB, m, n, k, ad, bd, expectedD);
                    start.await(60, TimeUnit.SECONDS);
                    for (int call = 0; call < CALLS; call++) {
                        float[] c = new float[m * n];
                        gemm(threaded.f32(), transA, transB, m, n, k, a, b, c);
                        assertArrayEquals(expected, c, "caller " + caller + " float call " + call);
                        double[] cd = new double[m * n];
                        gemm(threaded.f64(), transA, transB, m, n, k, ad, bd, cd);
                        assertArrayEquals(expectedD, cd, "caller " + caller + " double call " + call);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(180, TimeUnit.SECONDS); // a deadlock fails here with a TimeoutException
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static void gemm(FloatKernels k, boolean transA, boolean transB, int m, int n, int kk,
                             float[] a, float[] b, float[] c) {
        k.gemm(transA, transB, m, n, kk, 1f, a, 0, transA ? m : kk, b, 0, transB ? kk : n, 0f, c, 0, n);
    }

    private static void gemm(DoubleKernels k, boolean transA, boolean transB, int m, int n, int kk,
                             double[] a, double[] b, double[] c) {
        k.gemm(transA, transB, m, n, kk, 1, a, 0, transA ? m : kk, b, 0, transB ? kk : n, 0, c, 0, n);
    }

    private static float[] floats(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static double[] doubles(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }
}
