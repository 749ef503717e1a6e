package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.quant.Int8Matrix;
import dev.vectorgrad.kernels.quant.PackedQuantizedMatrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.WeightFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A batched step's product {@code C = X W^T} on one thread, by weights packed once in fp32, bf16 and int8
 * ({@code MxNxK}: m rows of activations, W n x k): the same matrices as {@link QuantGemvBench}, 8 rows at a time,
 * where the quantised micro-kernel widens each vector of weights once for 4 rows.
 */
@State(Scope.Thread)
public class QuantPackedBench {

    @Param({"8x1024x384", "8x4096x1536"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] c;
    private PackedFloatMatrix fp32;
    private PackedQuantizedMatrix bf16;
    private PackedQuantizedMatrix int8;
    private final FloatKernels f32 = Kernels.vector().withThreads(1).f32();
    private final QuantKernels quant = Kernels.vector().quant();

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        float[] w = Data.floats(n * k, 1);
        a = Data.floats(m * k, 2);
        c = new float[m * n];
        fp32 = f32.pack(true, k, n, w, 0, k);
        Int8Matrix q = Int8Matrix.quantize(n, k, w, 0, k);
        int8 = quant.pack(q, 0, n, 0, k);
        bf16 = quant.pack(WeightFormat.BF16.quantize(n, k, w, 0, k), 0, n, 0, k);
    }

    @Benchmark
    public float[] gemm_fp32() {
        f32.gemm(false, m, n, k, 1f, a, 0, k, fp32, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] gemm_bf16() {
        quant.gemm(m, n, k, 1f, a, 0, k, bf16, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] gemm_int8() {
        quant.gemm(m, n, k, 1f, a, 0, k, int8, 0f, c, 0, n);
        return c;
    }
}
