/**
 * JMH benchmarks of the kernels and cells, side by side with OpenBLAS (through the FFM API) and
 * PyTorch ({@code bench/torch_peer.py}). {@link dev.vectorgrad.bench.Suites} runs them by suite:
 * {@code gemm}, {@code gemv}, {@code activations}, and for the recurrent cells {@code cells}
 * (inference steps and their GEMV roofline, with the gc profiler) and {@code train} (sequence
 * forward and training step, on 1 and 2 kernel threads).
 */
package dev.vectorgrad.bench;
