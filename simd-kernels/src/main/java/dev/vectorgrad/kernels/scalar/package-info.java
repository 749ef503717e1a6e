/** Scalar kernels: the reference implementation and the fallback without the Vector API. */
package dev.vectorgrad.kernels.scalar;
