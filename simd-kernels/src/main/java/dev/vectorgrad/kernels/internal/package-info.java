/**
 * Helpers shared by the kernel implementations. Not part of the API: exported only to autograd,
 * whose fused recurrent layers split their rows over the kernels' {@link KernelPool}.
 */
package dev.vectorgrad.kernels.internal;
