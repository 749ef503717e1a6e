package dev.vectorgrad.kernels.quant;

/**
 * An immutable weight matrix stored in a reduced format, made once from float32 weights and multiplied by float
 * activations with {@link QuantKernels}. Rows are outputs (PyTorch's {@code [out, in]} weight layout): row {@code r}
 * times a vector {@code x} of {@link #columns()} floats is output {@code r}.
 */
public sealed interface QuantizedMatrix permits Int8Matrix, Bf16Matrix {

    /** The number of rows (outputs). */
    int rows();

    /** The number of columns (inputs). */
    int columns();

    /** {@link WeightFormat#INT8} or {@link WeightFormat#BF16}. */
    WeightFormat format();

    /**
     * The weight at ({@code row}, {@code col}) as the kernels multiply it, in double: exact (an int8 value times its
     * row's scale, or a bf16 value).
     *
     * @throws IndexOutOfBoundsException outside the matrix, naming the index and the shape
     */
    double value(int row, int col);

    /** Bytes of weight storage (the quantised values and, for int8, the scales). */
    long storageBytes();
}
