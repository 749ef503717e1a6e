/**
 * Quantised weights for inference: {@link dev.vectorgrad.kernels.quant.WeightFormat} (fp32, bf16, int8), the
 * immutable matrices {@link dev.vectorgrad.kernels.quant.Int8Matrix} and
 * {@link dev.vectorgrad.kernels.quant.Bf16Matrix}, and {@link dev.vectorgrad.kernels.quant.QuantKernels}: GEMV by a
 * quantised matrix and GEMM by a packed quantised matrix, with float activations and float accumulation. Each
 * provider has them ({@link dev.vectorgrad.kernels.KernelProvider#quant()}); the error bounds against the fp32
 * product are stated on {@link dev.vectorgrad.kernels.quant.QuantKernels#gemv}.
 */
package dev.vectorgrad.kernels.quant;
