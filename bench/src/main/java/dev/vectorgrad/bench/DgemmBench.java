package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Double GEMM on one thread, ours against OpenBLAS {@code cblas_dgemm}. */
@State(Scope.Thread)
public class DgemmBench {

    @Param({"256x256x256", "512x512x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;
    private DoubleKernels ours;

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        a = Data.doubles(m * k, 1);
        b = Data.doubles(k * n, 2);
        c = new double[m * n];
        ours = Kernels.vector().withThreads(threads).f64();
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
        }
    }

    @Benchmark
    public double[] dgemm_vectorgrad() {
        ours.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
        return c;
    }

    @Benchmark
    public double[] dgemm_openblas() {
        OpenBlas.dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n);
        return c;
    }
}
