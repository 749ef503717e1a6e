package dev.vectorgrad.kernels.quant;

import dev.vectorgrad.kernels.internal.Checks;

/**
 * A weight matrix in bfloat16: each float32 weight rounded to nearest even at its top 16 bits (8 significant bits,
 * the float32 exponent range).
 *
 * <p><b>Error.</b> For every weight, {@code |w - b| <= 2^-8 |w| + 2^-134} ({@link #RELATIVE_ERROR},
 * {@link #ABSOLUTE_ERROR}): half a unit in the last of 8 significant bits, relative, and half the spacing of bf16's
 * subnormals for weights below {@code 2^-126}. A finite weight that rounds to infinity (above about
 * {@code 3.39e38}) is rejected.
 *
 * <p><b>Layout.</b> Row-major in blocks of 32 columns: each block is 16 ints, and int {@code t} of block
 * {@code k} holds column {@code 32k + t} in its low 16 bits and column {@code 32k + 16 + t} in its high 16 bits (the
 * last block zero-padded). A bf16 in the high half of an int is already that float's bits once the low half is
 * masked off, and one in the low half is a 16-bit left shift away, so a kernel turns a vector of ints into two
 * vectors of floats with one AND and one shift, and those floats are the weights of two runs of consecutive columns:
 * no widening and no shuffle of x. This holds for any vector of 4, 8 or 16 ints (it reads ints {@code t0..t0+L-1}
 * of a block against columns {@code 32k + t0..} and {@code 32k + 16 + t0..}).
 *
 * <p>Immutable and thread-safe; storage is {@code 2 * rows * roundUp(cols, 32)} bytes.
 */
public final class Bf16Matrix implements QuantizedMatrix {

    /** The relative bound of the rounding of a normal weight: {@code 2^-8}. */
    public static final double RELATIVE_ERROR = 0x1p-8;
    /** The absolute bound of the rounding of a weight below {@code 2^-126}: {@code 2^-134}. */
    public static final double ABSOLUTE_ERROR = 0x1p-134;

    /** Columns per block of the layout. */
    static final int BLOCK = 32;

    private final int rows;
    private final int cols;
    /** Ints per row: 16 per block of 32 columns. */
    final int ld;
    final int[] pairs;

    private Bf16Matrix(int rows, int cols, int ld, int[] pairs) {
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.pairs = pairs;
    }

    /**
     * Rounds {@code w} to bf16: rows x cols, row-major from {@code off}, row {@code r} at {@code off + r * ld}. The
     * matrix keeps its own copy; {@code w} is not kept.
     *
     * @throws IllegalArgumentException for a negative size, a matrix outside {@code w}, or a weight that is NaN,
     *                                  infinite or rounds to infinity (naming its row, column and value)
     */
    public static Bf16Matrix round(int rows, int cols, float[] w, int off, int ld) {
        String op = "Bf16Matrix.round";
        Checks.size(op, "rows", rows);
        Checks.size(op, "cols", cols);
        Checks.matrix(op, "w", rows, cols, w, off, ld);
        int ints = (cols + BLOCK - 1) / BLOCK * (BLOCK / 2);
        int[] pairs = new int[Math.multiplyExact(rows, ints)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float v = w[off + r * ld + j];
                int b = toBf16(v);
                if (!Float.isFinite(v) || (b & 0x7F80) == 0x7F80) {
                    throw new IllegalArgumentException(op + ": weight (" + r + ", " + j + ") is " + v
                            + "; expected a finite float below 3.39e38 in magnitude (bf16's largest)");
                }
                pairs[index(r * ints, j)] |= high(j) ? b << 16 : b;
            }
        }
        return new Bf16Matrix(rows, cols, ints, pairs);
    }

    /** The bf16 bits of {@code v} rounded to nearest, ties to even (for a finite v). */
    static int toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        return ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) & 0xFFFF;
    }

    /** The int of column {@code col} in a row of the layout starting at {@code rowStart}. */
    static int index(int rowStart, int col) {
        return rowStart + col / BLOCK * (BLOCK / 2) + col % (BLOCK / 2);
    }

    /** Whether column {@code col} is in the high half of its int. */
    static boolean high(int col) {
        return col % BLOCK >= BLOCK / 2;
    }

    /** The float at column {@code col} of the row starting at int {@code rowStart} of {@code pairs}. */
    static float get(int[] pairs, int rowStart, int col) {
        int v = pairs[index(rowStart, col)];
        return Float.intBitsToFloat(high(col) ? v & 0xFFFF0000 : v << 16);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return cols;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.BF16;
    }

    /** The bf16 weight at ({@code row}, {@code col}) as a float (exact). */
    public float get(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("Bf16Matrix: (" + row + ", " + col + ") is outside the " + rows + "x"
                    + cols + " matrix");
        }
        return get(pairs, row * ld, col);
    }

    @Override
    public double value(int row, int col) {
        return get(row, col);
    }

    @Override
    public long storageBytes() {
        return 4L * pairs.length;
    }

    @Override
    public String toString() {
        return "Bf16Matrix[" + rows + "x" + cols + "]";
    }
}
