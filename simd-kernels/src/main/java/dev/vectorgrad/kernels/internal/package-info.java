/**
 * Helpers of the kernels, not part of the API: the argument checks of the public kernel methods ({@link
 * Checks}) and the thread pool that splits large products ({@link KernelPool}). Exported only to autograd,
 * whose {@code internal.Compute.forEachPart} lends the pool to the fused recurrent layers of cells.
 *
 * <p><b>Not supported API.</b> On the module path this package is exported only to {@code
 * dev.vectorgrad.autograd}. On the class path its public classes can be reached, but they are internal:
 * they may change or disappear in any release, patch releases included, and the published javadoc leaves
 * them out. Use {@link dev.vectorgrad.kernels.Kernels} and the kernel classes of {@code
 * dev.vectorgrad.kernels} instead.
 */
package dev.vectorgrad.kernels.internal;
