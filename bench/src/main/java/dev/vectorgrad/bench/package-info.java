/**
 * JMH benchmarks of the kernels and cells, side by side with OpenBLAS and PyTorch.
 * Not built yet: this package is a placeholder until its issue is taken.
 */
package dev.vectorgrad.bench;
