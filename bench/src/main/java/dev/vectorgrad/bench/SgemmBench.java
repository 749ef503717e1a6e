package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Float GEMM, C = A * B (no transposes unless the {@code trans} parameter says otherwise), ours against
 * OpenBLAS at the same thread count. Shapes are {@code MxNxK}: the square sizes and the RNN batch
 * step m = 32, n = 1024, k = 512. Each method returns C so the work cannot be eliminated.
 */
@State(Scope.Thread)
public class SgemmBench {

    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "32x1024x512"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** Transposes as {@code NN}, {@code NT}, {@code TN} or {@code TT} (A then B). */
    @Param({"NN"})
    public String trans;

    private int m;
    private int n;
    private int k;
    private boolean transA;
    private boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;
    private FloatKernels ours;

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        transA = trans.charAt(0) == 'T';
        transB = trans.charAt(1) == 'T';
        a = Data.floats(m * k, 1);
        b = Data.floats(k * n, 2);
        c = new float[m * n];
        ours = Kernels.vector().withThreads(threads).f32();
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
        }
    }

    @Benchmark
    public float[] sgemm_vectorgrad() {
        ours.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm_openblas() {
        OpenBlas.sgemm(transA, transB, m, n, k, 1f, a, transA ? m : k, b, transB ? k : n, 0f, c, n);
        return c;
    }
}
