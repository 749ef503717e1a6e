package dev.vectorgrad.kernels.scalar;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.internal.Checks;
import dev.vectorgrad.kernels.quant.QuantKernels;

/** The plain-Java kernels: reference and fallback. Needs nothing beyond {@code java.base}. */
public final class ScalarProvider implements KernelProvider {

    private final FloatKernels f32 = new ScalarFloatKernels();
    private final DoubleKernels f64 = new ScalarDoubleKernels();
    private final QuantKernels quant = new ScalarQuantKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "plain Java loops (no Vector API)";
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
        return 1;
    }

    /** The scalar kernels are single-threaded: returns this provider for any valid count. */
    @Override
    public KernelProvider withThreads(int threads) {
        Checks.threads(threads);
        return this;
    }

    @Override
    public String toString() {
        return name() + ": " + description();
    }
}
