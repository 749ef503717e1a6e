/**
 * SIMD kernels for vectorgrad: GEMM, GEMV, element-wise ops, reductions and activations in
 * float and double, each with a scalar twin. This is the only module that reads the incubating
 * {@code jdk.incubator.vector} module, and it reads it optionally: without
 * {@code --add-modules jdk.incubator.vector} the scalar kernels are used.
 */
module dev.vectorgrad.kernels {
    requires static jdk.incubator.vector;

    exports dev.vectorgrad.kernels;
    // The shared thread pool, for autograd's row-parallel recurrent layers.
    exports dev.vectorgrad.kernels.internal to dev.vectorgrad.autograd;
}
