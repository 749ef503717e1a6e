package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEMM split over threads: the same bits as one thread whatever the thread count, also while many
 * callers share the kernel pool at once, and the pool's threads are daemons with the documented
 * names.
 */
class ThreadedGemmTest {

    private static final int N = 256;

    private static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static float[] product(KernelProvider provider, float[] a, float[] b, boolean transB) {
        float[] c = new float[N * N];
        provider.f32().gemm(false, transB, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
        return c;
    }

    @Test
    void anyThreadCountGivesTheSameBits() {
        float[] a = random(1, N * N);
        float[] b = random(2, N * N);
        for (boolean transB : new boolean[] {false, true}) {
            float[] one = product(Kernels.vector().withThreads(1), a, b, transB);
            for (int threads = 2; threads <= 5; threads++) {
                assertArrayEquals(one, product(Kernels.vector().withThreads(threads), a, b, transB),
                        threads + " threads, transB=" + transB);
            }
        }
    }

    @Test
    void concurrentCallersShareThePoolWithoutCrossTalk() throws Exception {
        KernelProvider threaded = Kernels.vector().withThreads(2);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                long seed = 100 + t;
                results.add(pool.submit(() -> {
                    float[] a = random(seed, N * N);
                    float[] b = random(seed + 1000, N * N);
                    float[] expected = product(Kernels.vector().withThreads(1), a, b, false);
                    for (int call = 0; call < 5; call++) {
                        assertArrayEquals(expected, product(threaded, a, b, false), "caller seed " + seed);
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
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vectorgrad-kernel-"))
                .allMatch(Thread::isDaemon), "kernel threads are daemons");
    }

    @Test
    void threadCountMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.vector().withThreads(0));
        assertEquals("threads must be >= 1, but is 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.scalar().withThreads(-1));
    }
}
