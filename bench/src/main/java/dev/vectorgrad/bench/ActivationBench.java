package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * tanh and sigmoid over a million floats in [-8, 8]: our vector kernels against our scalar ones,
 * which are plain {@code Math.tanh} / {@code Math.exp} loops.
 */
@State(Scope.Thread)
public class ActivationBench {

    @Param({"1048576"})
    public int n;

    @Param({"1"})
    public int threads;

    private float[] x;
    private float[] out;
    private final FloatKernels ours = Kernels.vector().f32();
    private final FloatKernels scalar = Kernels.scalar().f32();

    @Setup
    public void setup() {
        x = Data.floats(n, 3);
        for (int i = 0; i < n; i++) {
            x[i] *= 8f;
        }
        out = new float[n];
    }

    @Benchmark
    public float[] tanh_vectorgrad() {
        ours.tanh(n, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] tanh_scalar() {
        scalar.tanh(n, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] sigmoid_vectorgrad() {
        ours.sigmoid(n, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] sigmoid_scalar() {
        scalar.sigmoid(n, x, 0, out, 0);
        return out;
    }
}
