package dev.vectorgrad.kernels.quant;

import dev.vectorgrad.kernels.internal.Checks;

import java.util.Arrays;

/**
 * Products by quantised weights, float activations in and out: GEMV {@code y = alpha * W x + beta * y} and GEMM by a
 * packed {@code W^T}, with W an {@link Int8Matrix} or a {@link Bf16Matrix}. The weights are widened to float in
 * registers and multiplied with FMA; sums are float32. For int8 each row's dot product is over the int8 values and
 * the row's scale is applied once, to the sum.
 *
 * <p>Conventions as {@link dev.vectorgrad.kernels.FloatKernels}: every argument is checked here, once, before
 * anything is written (a bad size, offset or block throws {@link IllegalArgumentException} naming what was expected
 * and what was given); {@code beta == 0} overwrites the output without reading it; {@code alpha == 0} reads neither
 * the weights nor the input and leaves {@code beta * y}; the output must not overlap the input. No call allocates.
 * One implementation per provider ({@link dev.vectorgrad.kernels.KernelProvider#quant()}): the scalar one is plain
 * Java, the reference; the Vector API one sums GEMV rows in another order (within the bound below) and gives the
 * same bits as the scalar one for GEMM (each output is summed over k in order in both, from zero, with FMA).
 */
public abstract class QuantKernels {

    private final String provider;
    private final Class<? extends PackedQuantizedMatrix> packedType;

    /** For an implementation named {@code provider} whose {@link #pack} returns instances of {@code packedType}. */
    protected QuantKernels(String provider, Class<? extends PackedQuantizedMatrix> packedType) {
        this.provider = provider;
        this.packedType = packedType;
    }

    /**
     * {@link #gemv(QuantizedMatrix, int, int, int, int, float, float[], int, float, float[], int) gemv} over the
     * whole matrix: {@code y[0..rows) = alpha * W x + beta * y}, x has {@code columns} floats.
     */
    public final void gemv(QuantizedMatrix w, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        requireNonNull(w);
        gemv(w, 0, w.rows(), 0, w.columns(), alpha, x, xOff, beta, y, yOff);
    }

    /**
     * GEMV by a block of W: {@code y[i] = alpha * sum_j W[row + i, col + j] x[j] + beta * y[i]} for {@code i < m},
     * {@code j < n}; x holds n floats from {@code xOff}, y m floats from {@code yOff}.
     *
     * <p><b>Error against the float32 weights.</b> Let {@code w} be the float32 weights the matrix was made from,
     * {@code v} the stored weights as the kernel multiplies them ({@link QuantizedMatrix#value}), {@code u = 2^-24}
     * and {@code gamma_k = k u / (1 - k u)}. Each output is within these bounds of the exact
     * {@code alpha * sum_j w_ij x_j + beta * y_i}:
     * <ul>
     *   <li>int8 (row r, scale {@code s_r}, {@code d_r = }{@link Int8Matrix#maxError(int) maxError(r)}
     *       {@code = s_r (1/2 + 2^-46)}): {@code |alpha| d_r sum_j |x_j| + gamma_(n+3) (|alpha| s_r sum_j |q_rj x_j|
     *       + |beta y_i|)}. The first term is quantisation (each weight within half a step), the second float
     *       rounding: the dot product of n terms, the scale, alpha and the beta term.
     *   <li>bf16: {@code |alpha| sum_j (2^-8 |w_ij| + 2^-134) |x_j| + gamma_(n+2) (|alpha| sum_j |v_ij x_j| +
     *       |beta y_i|)}: relative rounding of each weight to 8 significant bits, then float rounding as for the
     *       float GEMV.
     * </ul>
     * The rounding terms hold for either implementation, whatever order it sums in, so the two implementations are
     * within twice the rounding term of each other. Tests check both bounds on random matrices against a double
     * reference.
     *
     * @throws IllegalArgumentException if the block is outside W, x or y is too short for its offset, or y overlaps
     *                                  x, naming the expected and given sizes
     * @throws NullPointerException     if w, x or y is null
     */
    public final void gemv(QuantizedMatrix w, int row, int m, int col, int n,
                           float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        String op = "quant gemv";
        requireNonNull(w);
        block(op, w, row, m, col, n);
        Checks.vector(op, "x", n, x, xOff);
        Checks.vector(op, "y", m, y, yOff);
        Checks.disjoint(op, "y", y, yOff, m, "x", x, xOff, n);
        if (alpha == 0f) {
            scaleByBeta(m, beta, y, yOff);
            return;
        }
        if (w instanceof Int8Matrix q) {
            gemvInt8Unchecked(q.q, q.columns(), q.scales, row, m, col, n, alpha, x, xOff, beta, y, yOff);
        } else {
            Bf16Matrix b = (Bf16Matrix) w;
            gemvBf16Unchecked(b.pairs, b.ld, row, m, col, n, alpha, x, xOff, beta, y, yOff);
        }
    }

    /**
     * Packs {@code W[row..row+n, col..col+k]} transposed, as op(B) (k x n), for {@link #gemm}. Allocates the packed
     * copy (about as many bytes as the block holds); W is not changed.
     *
     * @throws IllegalArgumentException if the block is outside W, naming both
     */
    public final PackedQuantizedMatrix pack(QuantizedMatrix w, int row, int n, int col, int k) {
        requireNonNull(w);
        block("quant pack", w, row, n, col, k);
        if (w instanceof Int8Matrix q) {
            return packInt8Unchecked(q.q, q.columns(), q.scales, row, n, col, k);
        }
        Bf16Matrix b = (Bf16Matrix) w;
        return packBf16Unchecked(b.pairs, b.ld, row, n, col, k);
    }

    /**
     * GEMM by packed quantised weights: {@code C = alpha * A * B + beta * C}, A m x k row-major from {@code aOff}
     * (leading dimension {@code lda}), B = op(B) k x n packed by {@link #pack} of this provider, C m x n from
     * {@code cOff} (leading dimension {@code ldc}). Each output is summed over p = 0..k-1 in order from zero, with
     * FMA, in both implementations (so they agree bit for bit), and each row's result does not depend on m; the error
     * against the float32 weights is as for {@link #gemv(QuantizedMatrix, int, int, int, int, float, float[], int,
     * float, float[], int) gemv}, per element. Runs on the calling thread.
     *
     * @throws IllegalArgumentException if B is not k x n, was packed by another provider, or A or C is outside its
     *                                  array, or C overlaps A
     */
    public final void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                           PackedQuantizedMatrix b, float beta, float[] c, int cOff, int ldc) {
        String op = "quant gemm";
        if (b == null) {
            throw new NullPointerException(op + ": packed B is null");
        }
        if (!packedType.isInstance(b)) {
            throw new IllegalArgumentException(op + ": B was packed by the '" + b.provider() + "' provider, but these"
                    + " are the '" + provider + "' kernels: pack B with the kernels that multiply by it");
        }
        Checks.size(op, "m", m);
        Checks.size(op, "n", n);
        Checks.size(op, "k", k);
        if (b.rows() != k || b.columns() != n) {
            throw new IllegalArgumentException(op + ": packed B is " + b.rows() + "x" + b.columns()
                    + ", but op(B) must be k x n = " + k + "x" + n);
        }
        Checks.matrix(op, "A", m, k, a, aOff, lda);
        Checks.matrix(op, "C", m, n, c, cOff, ldc);
        Checks.disjoint(op, "C", c, cOff, Checks.extent(m, n, ldc), "A", a, aOff, Checks.extent(m, k, lda));
        if (alpha == 0f) {
            for (int i = 0; i < m; i++) {
                scaleByBeta(n, beta, c, cOff + i * ldc);
            }
            return;
        }
        gemmUnchecked(m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    private static void requireNonNull(QuantizedMatrix w) {
        if (w == null) {
            throw new NullPointerException("quantised matrix W is null");
        }
    }

    private static void block(String op, QuantizedMatrix w, int row, int rows, int col, int cols) {
        if (row < 0 || rows < 0 || (long) row + rows > w.rows() || col < 0 || cols < 0
                || (long) col + cols > w.columns()) {
            throw new IllegalArgumentException(op + ": block of " + rows + "x" + cols + " at (" + row + ", " + col
                    + ") must lie inside W, which is " + w.rows() + "x" + w.columns());
        }
    }

    private static void scaleByBeta(int n, float beta, float[] y, int off) {
        if (beta == 0f) {
            Arrays.fill(y, off, off + n, 0f);
        } else {
            for (int i = off; i < off + n; i++) {
                y[i] *= beta;
            }
        }
    }

    // The implementation's side, called only after every argument is checked and alpha != 0.

    /**
     * Int8 GEMV: {@code q} row-major with leading dimension {@code ldq}, scale of row r in {@code scales[r]}; the
     * result of row {@code row + i} is {@code beta == 0 ? alpha * (scale * dot) : fma(alpha, scale * dot, beta * y)}.
     */
    protected abstract void gemvInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int m, int col, int n,
                                              float alpha, float[] x, int xOff, float beta, float[] y, int yOff);

    /** Bf16 GEMV over the layout of {@link Bf16Matrix} ({@code ld} ints per row). */
    protected abstract void gemvBf16Unchecked(int[] pairs, int ld, int row, int m, int col, int n,
                                              float alpha, float[] x, int xOff, float beta, float[] y, int yOff);

    /** Packs an int8 block (n rows of W, k columns). */
    protected abstract PackedQuantizedMatrix packInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int n,
                                                               int col, int k);

    /** Packs a bf16 block (n rows of W, k columns). */
    protected abstract PackedQuantizedMatrix packBf16Unchecked(int[] pairs, int ld, int row, int n, int col, int k);

    /** The GEMM; b is of this provider's packed type. */
    protected abstract void gemmUnchecked(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                          PackedQuantizedMatrix b, float beta, float[] c, int cOff, int ldc);

    /** Reads a bf16 from the layout of {@link Bf16Matrix}: for implementations. */
    protected static float bf16At(int[] pairs, int rowStart, int col) {
        return Bf16Matrix.get(pairs, rowStart, col);
    }
}
