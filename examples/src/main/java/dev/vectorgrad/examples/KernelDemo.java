package dev.vectorgrad.examples;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;

import java.util.SplittableRandom;

/**
 * First contact with the kernels: prints the provider chosen for this JVM and its vector species,
 * then times float GEMM on square matrices for the chosen and the scalar provider. This is a quick
 * look, not a benchmark: the JMH suites in {@code bench} give the measured numbers.
 */
public final class KernelDemo {

    private KernelDemo() {
    }

    public static void main(String[] args) {
        KernelProvider chosen = Kernels.provider();
        System.out.println("vectorgrad kernel provider: " + chosen.name());
        System.out.println("  " + chosen.description());
        System.out.println("  java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors");
        for (int n : new int[] {256, 512}) {
            double gflops = gemmGflops(chosen.f32(), n);
            double scalar = gemmGflops(Kernels.scalar().f32(), n);
            System.out.printf("  sgemm %dx%dx%d: %s %.1f GFLOP/s, scalar %.1f GFLOP/s (%.1fx)%n",
                    n, n, n, chosen.name(), gflops, scalar, gflops / scalar);
        }
    }

    /** Best of several timed runs after a warm-up long enough for C2 to compile the kernel. */
    private static double gemmGflops(FloatKernels k, int n) {
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
            b[i] = (float) random.nextDouble(-1, 1);
        }
        double flops = 2.0 * n * n * n;
        long warmupUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmupUntil) {
            k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            best = Math.min(best, System.nanoTime() - t0);
        }
        if (!Float.isFinite(c[n * n - 1])) {
            throw new IllegalStateException("GEMM produced a non-finite value: " + c[n * n - 1]);
        }
        return flops / best;
    }
}
