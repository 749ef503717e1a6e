package dev.vectorgrad.kernels.quant;

import dev.vectorgrad.kernels.internal.Checks;

/**
 * A weight matrix in int8 with one float scale per row (symmetric, per output row). Row {@code r} is stored as
 * {@code s_r = max_j |w_rj| / 127} (rounded to float) and {@code q_rj = rint(w_rj / s_r)} (the quotient in double,
 * rounded to nearest, ties to even), so {@code q_rj} is in {@code [-127, 127]} and the weight the kernels multiply is
 * {@code s_r q_rj}.
 *
 * <p><b>Error.</b> For every weight, {@code |w_rj - s_r q_rj| <= }{@link #maxError(int) maxError(r)}
 * {@code = s_r (1/2 + 2^-46)}: half a step, plus the double rounding of the quotient (at most {@code 2^-53 * 127}).
 * A row whose largest magnitude is below {@code 127 * 2^-126} (its scale would be subnormal, where float division
 * loses the bound) is stored as zeros with scale 0; its error is then below {@code 127 * 2^-126}, which
 * {@code maxError} returns.
 *
 * <p>Immutable and thread-safe; storage is {@code rows * cols} bytes plus {@code 4 * rows} for the scales. Row-major,
 * no padding.
 */
public final class Int8Matrix implements QuantizedMatrix {

    /** Below this largest magnitude a row's scale would be subnormal: the row is stored as zeros. */
    static final float SMALLEST_ROW_MAX = 127f * Float.MIN_NORMAL;
    private static final double STEP_ERROR = 0.5 + 0x1p-46;

    private final int rows;
    private final int cols;
    /** {@code q[r * cols + j]}: the quantised weights, row-major. */
    final byte[] q;
    /** One scale per row. */
    final float[] scales;

    private Int8Matrix(int rows, int cols, byte[] q, float[] scales) {
        this.rows = rows;
        this.cols = cols;
        this.q = q;
        this.scales = scales;
    }

    /**
     * Quantises {@code w}: rows x cols, row-major from {@code off}, row {@code r} at {@code off + r * ld}. The matrix
     * keeps its own copy; {@code w} is not kept.
     *
     * @throws IllegalArgumentException for a negative size, a matrix outside {@code w}, or a weight that is NaN or
     *                                  infinite (naming its row, column and value)
     */
    public static Int8Matrix quantize(int rows, int cols, float[] w, int off, int ld) {
        String op = "Int8Matrix.quantize";
        Checks.size(op, "rows", rows);
        Checks.size(op, "cols", cols);
        Checks.matrix(op, "w", rows, cols, w, off, ld);
        byte[] q = new byte[Math.multiplyExact(rows, cols)];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            int base = off + r * ld;
            float max = 0f;
            for (int j = 0; j < cols; j++) {
                float v = w[base + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(op + ": weight (" + r + ", " + j + ") is " + v
                            + "; expected a finite float");
                }
                max = Math.max(max, Math.abs(v));
            }
            if (max < SMALLEST_ROW_MAX) {
                continue; // zeros, scale 0 (see the class comment)
            }
            float s = max / 127f;
            scales[r] = s;
            for (int j = 0; j < cols; j++) {
                q[r * cols + j] = (byte) Math.rint(w[base + j] / (double) s);
            }
        }
        return new Int8Matrix(rows, cols, q, scales);
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
        return WeightFormat.INT8;
    }

    /** The scale of row {@code row}: {@code max|row| / 127} rounded to float, or 0 for a row stored as zeros. */
    public float scale(int row) {
        checkRow(row);
        return scales[row];
    }

    /** The stored int8 value at ({@code row}, {@code col}), in {@code [-127, 127]}. */
    public byte quantized(int row, int col) {
        check(row, col);
        return q[row * cols + col];
    }

    @Override
    public double value(int row, int col) {
        check(row, col);
        return (double) scales[row] * q[row * cols + col];
    }

    /**
     * The largest possible {@code |w - value(row, j)|} over the row's original weights {@code w}: see the class
     * comment.
     */
    public double maxError(int row) {
        checkRow(row);
        return scales[row] == 0f ? SMALLEST_ROW_MAX : scales[row] * STEP_ERROR;
    }

    @Override
    public long storageBytes() {
        return (long) q.length + 4L * scales.length;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("Int8Matrix: row " + row + " is outside [0, " + rows + ")");
        }
    }

    private void check(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("Int8Matrix: (" + row + ", " + col + ") is outside the " + rows + "x"
                    + cols + " matrix");
        }
    }

    @Override
    public String toString() {
        return "Int8Matrix[" + rows + "x" + cols + ", per-row scales]";
    }
}
