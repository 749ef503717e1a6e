/**
 * Kernels written with the incubating Vector API ({@code jdk.incubator.vector}); the only package that
 * refers to it. Loaded reflectively by {@link dev.vectorgrad.kernels.Kernels}.
 *
 * <p><b>Not supported API.</b> On the module path this package is not exported. On the class path its
 * public classes can be reached, but they are internal: they may change or disappear in any release, patch
 * releases included, and the published javadoc leaves them out. Use {@link
 * dev.vectorgrad.kernels.Kernels#vector()} and {@link dev.vectorgrad.kernels.Kernels#f32()} instead.
 */
package dev.vectorgrad.kernels.vector;
