package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.internal.Checks;
import dev.vectorgrad.kernels.quant.QuantKernels;
import jdk.incubator.vector.VectorShape;

/**
 * The Vector API kernels. Created reflectively by {@link dev.vectorgrad.kernels.Kernels} only after
 * it has checked the module is present and C2 is on.
 */
public final class VectorProvider implements KernelProvider {

    private final int threads;
    private final FloatKernels f32;
    private final DoubleKernels f64;
    private final QuantKernels quant;

    /**
     * @param threads how many threads one GEMM may use
     * @throws UnsupportedOperationException if the preferred vector is narrower than 128 bits and no width is
     *                                       set by {@value dev.vectorgrad.kernels.Kernels#VECTOR_BITS_PROPERTY}
     */
    public VectorProvider(int threads) {
        Checks.threads(threads);
        int bits = Species.SHAPE.vectorBitSize();
        if (bits < 128) {
            throw new UnsupportedOperationException("the preferred vector size is " + bits
                    + " bits; the SIMD kernels need at least 128");
        }
        this.threads = threads;
        f32 = new VectorFloatKernels(threads);
        f64 = new VectorDoubleKernels(threads);
        quant = new VectorQuantKernels();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        return "Vector API, float x " + Species.FLOAT.length() + " and double x " + Species.DOUBLE.length()
                + " (" + Species.FLOAT.vectorBitSize() + "-bit" + (Species.emulated() ? ", emulated: wider than this CPU's "
                + VectorShape.preferredShape().vectorBitSize() + "-bit vectors" : "") + "), GEMM threads " + threads;
    }

    @Override
    public FloatKernels f32() {
        return f32;
    }

    @Override
    public DoubleKernels f64() {
        return f64;
    }

    @Override
    public QuantKernels quant() {
        return quant;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public KernelProvider withThreads(int threads) {
        return threads == this.threads ? this : new VectorProvider(threads);
    }

    @Override
    public String toString() {
        return name() + ": " + description();
    }
}
