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
}
