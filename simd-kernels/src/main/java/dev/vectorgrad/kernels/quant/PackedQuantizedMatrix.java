package dev.vectorgrad.kernels.quant;

/**
 * A block of a {@link QuantizedMatrix}, transposed and laid out for one provider's GEMM micro-kernel: made by
 * {@link QuantKernels#pack} for products {@code C = alpha * A * W^T + beta * C} of many activation rows by the same
 * weights (a recurrent layer's batched step). op(B) = {@code W^T} is k x n: k inputs (columns of W), n outputs (rows
 * of W). The Vector API provider stores it in strips of two vectors of outputs, each k deep, in the same format as
 * the matrix (int8 with the rows' scales, or bf16 pairs); the scalar provider refers to the matrix itself.
 *
 * <p>Immutable and thread-safe.
 */
public interface PackedQuantizedMatrix {

    /** Rows of op(B): the k (inputs) of a product by this matrix. */
    int rows();

    /** Columns of op(B): the n (outputs) of a product by this matrix. */
    int columns();

    /** The format of the weights. */
    WeightFormat format();

    /** Name of the provider that packed it. */
    String provider();
}
