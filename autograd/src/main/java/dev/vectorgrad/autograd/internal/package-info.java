/**
 * Implementation details of the autograd ops (the dtype-dispatching view of the kernels); exported only to
 * the cells module (fused cells use it).
 *
 * <p><b>Not supported API.</b> On the module path this package is exported only to {@code
 * dev.vectorgrad.cells}. On the class path its public classes can be reached, but they are internal: they
 * may change or disappear in any release, patch releases included, and the published javadoc leaves them
 * out. Use the ops of {@code dev.vectorgrad.autograd} ({@code Ops}, {@code Shapes}, {@code Losses}) and
 * {@code Tape.record} instead.
 */
package dev.vectorgrad.autograd.internal;
