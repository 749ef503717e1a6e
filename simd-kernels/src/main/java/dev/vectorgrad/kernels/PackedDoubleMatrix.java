// Generated from PackedFloatMatrix.java by tools/Twins.java: do not edit (edit PackedFloatMatrix.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels;

/**
 * A right-hand GEMM operand op(B), k x n, copied once into the layout the micro-kernel of one
 * provider reads, for products by the same matrix again and again: a recurrent layer multiplies a
 * small batch by the same weights at every time step ({@code C += X * W^T}, W stored n x k).
 *
 * <p>Made by {@link DoubleKernels#pack} and used by
 * {@link DoubleKernels#gemm(boolean, int, int, int, double, double[], int, int, PackedDoubleMatrix, double, double[], int, int)}
 * of the same provider (any of its thread counts); the kernels of another provider reject it, as they
 * do any implementation not made by a provider. The Vector API provider stores op(B) in strips of
 * NR columns (two vectors), each k deep and contiguous, the last one zero-padded: about
 * {@code k * roundUp(n, NR)} elements. The scalar provider stores op(B) row-major.
 *
 * <p>Immutable and thread-safe: it holds its own copy, so later changes to B are not seen (pack
 * again after updating the weights), and any number of threads may multiply by it at once.
 */
public interface PackedDoubleMatrix {

    /** Rows of op(B): the k of a product by this matrix. */
    int rows();

    /** Columns of op(B): the n of a product by this matrix. */
    int columns();

    /** Name of the provider that packed it ({@link KernelProvider#name()}). */
    String provider();
}
