/**
 * SIMD kernels for vectorgrad: GEMM, GEMV, element-wise ops, reductions, activations, 2-D
 * convolution and pooling in float and double, and products by int8 and bf16 weights, each with a scalar twin, behind one checked front per dtype. This is the only module that reads the incubating
 * {@code jdk.incubator.vector} module, and it reads it optionally: without
 * {@code --add-modules jdk.incubator.vector} the scalar kernels are used.
 */
module dev.vectorgrad.kernels {
    requires static jdk.incubator.vector;

    exports dev.vectorgrad.kernels;
    exports dev.vectorgrad.kernels.quant;
    // The kernel thread pool (KernelPool), for autograd's internal.Compute.forEachPart, which the
    // fused recurrent layers of cells call to split their batch rows over it, and for interop's
    // recurrent ONNX nodes, which split theirs.
    exports dev.vectorgrad.kernels.internal to dev.vectorgrad.autograd, dev.vectorgrad.interop;
}
