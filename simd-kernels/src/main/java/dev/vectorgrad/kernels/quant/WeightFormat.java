package dev.vectorgrad.kernels.quant;

/**
 * How inference stores a model's weight matrices. Activations, biases and state stay float32 in every format; only
 * the matrices multiplied at each step are stored in the format, and the products accumulate in float32.
 */
public enum WeightFormat {

    /** float32, as trained: the reference. */
    FP32,

    /**
     * bfloat16: the top 16 bits of a float32, rounded to nearest even ({@link Bf16Matrix}); half the memory, each
     * weight within a relative 2^-8 of its float32 value.
     */
    BF16,

    /**
     * int8 with one float32 scale per output row, {@code scale = max|row| / 127}, each weight rounded to the nearest
     * multiple of the scale ({@link Int8Matrix}); a quarter of the memory, each weight within half its row's scale.
     */
    INT8;

    /**
     * The matrix {@code w} (rows x cols, row-major from {@code off} with leading dimension {@code ld}) in this
     * format.
     *
     * @throws IllegalArgumentException for {@link #FP32} (nothing to quantise: use the float matrix), or as
     *                                  {@link Int8Matrix#quantize} and {@link Bf16Matrix#round} throw
     */
    public QuantizedMatrix quantize(int rows, int cols, float[] w, int off, int ld) {
        return switch (this) {
            case INT8 -> Int8Matrix.quantize(rows, cols, w, off, ld);
            case BF16 -> Bf16Matrix.round(rows, cols, w, off, ld);
            case FP32 -> throw new IllegalArgumentException("WeightFormat.quantize: FP32 weights are used as floats;"
                    + " expected BF16 or INT8");
        };
    }
}
