package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The roofline of a batch-1 step: one float GEMV over a cell's recurrent weights, {@code W_hh}
 * ({@code gates*H x H}, 1024x256 for an LSTM) or both matrices side by side, {@code [W_ih | W_hh]}
 * ({@code gates*H x (I+H)}, 1024x384: all the weights one step reads), by OpenBLAS and by our
 * kernel, from a heap array and from an {@link AlignedFloatMatrix} (what a step reads). A step cannot be faster
 * than reading its weights once.
 */
@State(Scope.Thread)
public class CellRooflineBench {

    @Param({"rnn", "lstm", "gru"})
    public String cell;

    /** {@code hh} for W_hh alone, {@code ihhh} for [W_ih | W_hh]. */
    @Param({"hh", "ihhh"})
    public String matrix;

    @Param({"1"})
    public int threads;

    private int m;
    private int n;
    private float[] a;
    private float[] x;
    private float[] y;
    private AlignedFloatMatrix aligned;
    private final FloatKernels ours = Kernels.f32();

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        m = Rnns.gateRows(cell);
        n = Rnns.matrixColumns(matrix);
        a = Data.floats(m * n, 1);
        x = Data.floats(n, 2);
        y = new float[m];
        aligned = ours.align(m, n, a, 0, n);
        if (OpenBlas.available()) {
            OpenBlas.setThreads(threads);
        }
    }

    @Benchmark
    public float[] sgemv_openblas() {
        OpenBlas.sgemv(false, m, n, 1f, a, n, x, 0f, y);
        return y;
    }

    @Benchmark
    public float[] sgemv_vectorgrad() {
        ours.gemv(false, m, n, 1f, a, 0, n, x, 0, 0f, y, 0);
        return y;
    }

    /** Our kernel by the same matrix as {@link AlignedFloatMatrix} (off the heap, rows at 64-byte lines). */
    @Benchmark
    public float[] sgemv_vectorgrad_aligned() {
        ours.gemv(aligned, 0, m, 0, n, 1f, x, 0, 0f, y, 0);
        return y;
    }
}
