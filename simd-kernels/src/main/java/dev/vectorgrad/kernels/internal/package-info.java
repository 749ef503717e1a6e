/**
 * Helpers of the kernels, not part of the API: the argument checks of the public kernel methods
 * ({@link Checks}) and the thread pool that splits large products ({@link KernelPool}). Exported
 * only to autograd, whose {@code internal.Compute.forEachPart} lends the pool to the fused
 * recurrent layers of cells.
 */
package dev.vectorgrad.kernels.internal;
