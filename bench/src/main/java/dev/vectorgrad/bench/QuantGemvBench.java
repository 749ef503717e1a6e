package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.quant.Bf16Matrix;
import dev.vectorgrad.kernels.quant.Int8Matrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_S2I;

/**
 * GEMV {@code y = W x} on one thread with W in fp32, bf16 and int8 ({@code MxN}, W m x n): 1024x384 (1.5 MB in
 * fp32) is an LSTM's {@code [W_ih | W_hh]} at hidden 256, input 128, and sits in L2; 4096x1536 (25 MB in fp32) is the
 * same at hidden 1024, input 512, and streams from L3 or memory. {@code gemv_bf16_widen} is the obvious bf16 kernel
 * (row-major shorts, widened to ints and shifted, as in the prototype of issue 21), against which the pair layout of
 * {@link Bf16Matrix} (one AND or one shift per vector of weights, no widening) is measured.
 */
@State(Scope.Thread)
public class QuantGemvBench {

    @Param({"1024x384", "4096x1536"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private float[] w;
    private float[] x;
    private float[] y;
    private short[] bf16RowMajor;
    private Int8Matrix int8;
    private Bf16Matrix bf16;
    private final FloatKernels f32 = Kernels.vector().withThreads(1).f32();
    private final QuantKernels quant = Kernels.vector().quant();

    @Setup
    public void setup() {
        int[] d = Data.shape(shape);
        m = d[0];
        n = d[1];
        w = Data.floats(m * n, 1);
        x = Data.floats(n, 2);
        y = new float[m];
        int8 = Int8Matrix.quantize(m, n, w, 0, n);
        bf16 = Bf16Matrix.round(m, n, w, 0, n);
        bf16RowMajor = new short[m * n];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                bf16RowMajor[r * n + c] = (short) (Float.floatToRawIntBits(bf16.get(r, c)) >>> 16);
            }
        }
    }

    @Benchmark
    public float[] gemv_fp32() {
        f32.gemv(false, m, n, 1f, w, 0, n, x, 0, 0f, y, 0);
        return y;
    }

    @Benchmark
    public float[] gemv_bf16() {
        quant.gemv(bf16, 1f, x, 0, 0f, y, 0);
        return y;
    }

    @Benchmark
    public float[] gemv_int8() {
        quant.gemv(int8, 1f, x, 0, 0f, y, 0);
        return y;
    }

    @Benchmark
    public float[] gemv_bf16_widen() {
        WidenBf16.gemv(m, n, bf16RowMajor, x, y);
        return y;
    }

    /** The baseline bf16 GEMV: four rows of row-major shorts, each vector widened (S2I) and shifted into floats. */
    static final class WidenBf16 {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
        private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());

        static void gemv(int m, int n, short[] w, float[] x, float[] y) {
            for (int i = 0; i < m; i += 4) {
                int a0 = i * n;
                int a1 = a0 + n;
                int a2 = a1 + n;
                int a3 = a2 + n;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int j = 0; j < n; j += L) { // the benchmark's n and m are multiples of L and 4
                    FloatVector xv = FloatVector.fromArray(S, x, j);
                    s0 = ((IntVector) ShortVector.fromArray(SS, w, a0 + j).convertShape(ZERO_EXTEND_S2I, IS, 0))
                            .lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, s0);
                    s1 = ((IntVector) ShortVector.fromArray(SS, w, a1 + j).convertShape(ZERO_EXTEND_S2I, IS, 0))
                            .lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, s1);
                    s2 = ((IntVector) ShortVector.fromArray(SS, w, a2 + j).convertShape(ZERO_EXTEND_S2I, IS, 0))
                            .lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, s2);
                    s3 = ((IntVector) ShortVector.fromArray(SS, w, a3 + j).convertShape(ZERO_EXTEND_S2I, IS, 0))
                            .lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, s3);
                }
                y[i] = s0.reduceLanes(VectorOperators.ADD);
                y[i + 1] = s1.reduceLanes(VectorOperators.ADD);
                y[i + 2] = s2.reduceLanes(VectorOperators.ADD);
                y[i + 3] = s3.reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
