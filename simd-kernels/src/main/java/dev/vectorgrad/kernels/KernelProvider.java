package dev.vectorgrad.kernels;

/**
 * One implementation of all kernels, in float and double. {@link Kernels#provider()} returns the
 * one chosen for this JVM; {@link Kernels#scalar()} and {@link Kernels#vector()} return each one
 * explicitly (tests compare them).
 */
public interface KernelProvider {

    /** {@code "vector"} for the Vector API implementation, {@code "scalar"} for the plain Java one. */
    String name();

    /**
     * What the implementation runs on, for logs and demos: for the vector provider the float and
     * double species (for example {@code "float x 8 (256-bit), double x 4 (256-bit)"}).
     */
    String description();

    /** The float kernels. */
    FloatKernels f32();

    /** The double kernels. */
    DoubleKernels f64();

    /** The kernels by quantised weights (int8 and bf16 weights, float activations); they run on the calling thread. */
    dev.vectorgrad.kernels.quant.QuantKernels quant();

    /**
     * How many threads one GEMM call may use for a large product (the caller's thread included).
     * The default is the system property {@value Kernels#THREADS_PROPERTY}, or else the number of
     * available processors. The scalar provider always uses 1.
     */
    int threads();

    /**
     * This provider with GEMM split over {@code threads} threads above a size threshold. The split is
     * fixed (contiguous row or column ranges of C), so results are bitwise identical from run to
     * run, and in fact for every thread count.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    KernelProvider withThreads(int threads);
}
