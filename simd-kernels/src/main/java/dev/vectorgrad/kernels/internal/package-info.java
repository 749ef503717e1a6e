/**
 * Helpers of the kernels, not part of the API: the argument checks of the public kernel methods ({@link
 * Checks}), the thread pool that splits large products ({@link KernelPool}) and the heap copy behind two
 * providers' aligned matrices ({@link HeapRows}). Exported only to autograd, whose {@code
 * internal.Compute.forEachPart} lends the pool to the fused recurrent layers of cells, and to interop, whose
 * recurrent ONNX nodes split a sequence's batch rows over it.
 *
 * <p><b>Not supported API.</b> On the module path this package is exported only to {@code
 * dev.vectorgrad.autograd} and {@code dev.vectorgrad.interop}. On the class path its public classes can be reached, but they are internal:
 * they may change or disappear in any release, patch releases included, and the published javadoc leaves
 * them out. Use {@link dev.vectorgrad.kernels.Kernels} and the kernel classes of {@code
 * dev.vectorgrad.kernels} instead.
 */
package dev.vectorgrad.kernels.internal;
