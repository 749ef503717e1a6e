package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The recurrent product of an RNN step, {@code C[m, n] = X[m, k] * W^T} with the weights W stored
 * n x k (PyTorch's layout, so B is transposed: {@code trans = NT}), on one thread. Shapes are
 * {@code MxNxK}. Ours with W packed once ({@code packed}), ours on W as it is stored
 * ({@code vectorgrad}, which packs W at every call), ours on a transposed copy of W
 * ({@code transposed}: B not transposed, read in place), and OpenBLAS on W as stored, in the same run.
 */
@State(Scope.Thread)
public class SgemmPackedBench {

    @Param({"1x1024x256", "8x1024x256", "32x1024x256", "64x1024x256",
            "1x1024x384", "8x1024x384", "32x1024x384", "64x1024x384"})
    public String shape;

    @Param({"1"})
    public int threads;

    /** Always {@code NT}: W is stored n x k; names the transposes for the report. */
    @Param({"NT"})
    public String trans;

    private int m;
    private int n;
    private int k;
    private float[] x;
    private float[] w;
    private float[] wTransposed;
    private PackedFloatMatrix packed;
    private float[] c;
    private FloatKernels ours;

    @Setup
    public void setup() {
        if (!"NT".equals(trans)) {
            throw new IllegalArgumentException("SgemmPackedBench measures trans = NT only, not " + trans);
        }
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        x = Data.floats(m * k, 1);
        w = Data.floats(n * k, 2);
        wTransposed = new float[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                wTransposed[p * n + j] = w[j * k + p];
            }
        }
        c = new float[m * n];
        ours = Kernels.vector().withThreads(threads).f32();
        packed = ours.pack(true, k, n, w, 0, k);
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
        }
    }

    @Benchmark
    public float[] sgemm_packed() {
        ours.gemm(false, m, n, k, 1f, x, 0, k, packed, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm_vectorgrad() {
        ours.gemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm_transposed() {
        ours.gemm(false, false, m, n, k, 1f, x, 0, k, wTransposed, 0, n, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] sgemm_openblas() {
        OpenBlas.sgemm(false, true, m, n, k, 1f, x, k, w, k, 0f, c, n);
        return c;
    }
}
