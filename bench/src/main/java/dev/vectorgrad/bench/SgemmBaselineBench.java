package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The slow baselines for float GEMM, on one thread: our scalar provider and a naive i-j-p triple
 * loop. Kept to n <= 512, where one call still takes well under a second.
 */
@State(Scope.Thread)
public class SgemmBaselineBench {

    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "32x1024x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private final FloatKernels scalar = Kernels.scalar().f32();

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        a = Data.floats(m * k, 1);
        b = Data.floats(k * n, 2);
        c = new float[m * n];
    }

    @Benchmark
    public float[] sgemm_scalar() {
        scalar.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm_naive() {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
