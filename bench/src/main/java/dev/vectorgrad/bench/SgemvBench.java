package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Float GEMV y = A * x on one thread, {@code MxN} with A m x n: 1024x384 is the recurrent matrix of an
 * LSTM with hidden 256 and input 128; 4096x1024 is 16 MB, past the per-core caches.
 */
@State(Scope.Thread)
public class SgemvBench {

    @Param({"1024x384", "4096x1024"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private float[] a;
    private float[] x;
    private float[] y;
    private final FloatKernels ours = Kernels.vector().f32();
    private final FloatKernels scalar = Kernels.scalar().f32();

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        a = Data.floats(m * n, 1);
        x = Data.floats(n, 2);
        y = new float[m];
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
        }
    }

    @Benchmark
    public float[] sgemv_vectorgrad() {
        ours.gemv(false, m, n, 1f, a, 0, n, x, 0, 0f, y, 0);
        return y;
    }

    @Benchmark
    public float[] sgemv_openblas() {
        OpenBlas.sgemv(false, m, n, 1f, a, n, x, 0f, y);
        return y;
    }

    @Benchmark
    public float[] sgemv_scalar() {
        scalar.gemv(false, m, n, 1f, a, 0, n, x, 0, 0f, y, 0);
        return y;
    }
}
