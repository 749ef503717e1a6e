/**
 * The kernel API: {@link dev.vectorgrad.kernels.FloatKernels} and
 * {@link dev.vectorgrad.kernels.DoubleKernels}, and {@link dev.vectorgrad.kernels.Kernels}, which
 * picks the Vector API or the scalar implementation once per JVM.
 */
package dev.vectorgrad.kernels;
