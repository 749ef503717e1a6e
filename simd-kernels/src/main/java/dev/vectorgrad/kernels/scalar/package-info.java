/**
 * Scalar kernels: the reference implementation and the fallback without the Vector API.
 *
 * <p><b>Not supported API.</b> On the module path this package is not exported. On the class path its
 * public classes can be reached, but they are internal: they may change or disappear in any release, patch
 * releases included, and the published javadoc leaves them out. Use {@link
 * dev.vectorgrad.kernels.Kernels#scalar()} instead.
 */
package dev.vectorgrad.kernels.scalar;
