// Generated from FloatKernels.java by tools/Twins.java: do not edit (edit FloatKernels.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels;

/**
 * The double kernels: BLAS-like GEMM and GEMV, element-wise ops, reductions and activations over
 * flat arrays with offsets and leading dimensions.
 *
 * <p>Conventions, shared with {@link FloatKernels}:
 * <ul>
 *   <li>Matrices are row-major. A matrix with {@code rows} rows starts at {@code off} and row
 *       {@code i} starts at {@code off + i * ld}; {@code ld} (the leading dimension) is at least
 *       {@code max(1, cols)}.
 *   <li>Vectors are contiguous: {@code n} elements from the offset.
 *   <li>Every argument is checked before anything is written. A negative size, an offset or a
 *       leading dimension that would reach outside an array, or an output that partly overlaps an
 *       input throws {@link IllegalArgumentException} naming the argument and its value. An output
 *       may be exactly the same range as an input of an element-wise op (in place).
 *   <li>No call allocates on the Java heap, except that GEMM grows a per-thread packing buffer the
 *       first time a thread needs a larger one, and {@code pack} returns a new packed copy of B
 *       ({@link PackedDoubleMatrix}), made once for many products by the same matrix.
 *   <li>A scalar implementation and a Vector API implementation exist; they agree exactly where
 *       the summation order is the same and within the bounds stated per method otherwise.
 * </ul>
 */
public interface DoubleKernels {

    /**
     * General matrix multiply: {@code C = alpha * op(A) * op(B) + beta * C}, where op(X) is X or
     * its transpose. op(A) is m x k, op(B) is k x n and C is m x n. Stored A is m x k, or k x m when
     * {@code transA}; stored B is k x n, or n x k when {@code transB}.
     *
     * <p>As in BLAS, {@code beta == 0} overwrites C without reading it (NaN in C does not leak
     * through), and {@code alpha == 0} or {@code k == 0} leaves {@code beta * C}. C must not
     * overlap A or B.
     *
     * <p>Accuracy: each element is within {@code (k + 2) * eps * (|alpha| * sum_p |a_ip * b_pj| +
     * |beta * c_ij|)} of the exact result, for either implementation.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Packs op(B), k x n, for {@link #gemm(boolean, int, int, int, double, double[], int, int,
     * PackedDoubleMatrix, double, double[], int, int) gemm} by the same matrix many times: stored B is
     * k x n, or n x k when {@code transB} (PyTorch's [out, in] weights). Allocates the packed copy
     * (about k x n elements); B is read once and not kept.
     *
     * @throws IllegalArgumentException for a negative size or a B outside its array, as for {@link #gemm}
     */
    PackedDoubleMatrix pack(boolean transB, int k, int n, double[] b, int bOff, int ldb);

    /**
     * {@link #gemm} with B packed: {@code C = alpha * op(A) * B + beta * C}, where B (k x n) was packed
     * by {@link #pack} of this provider. Same conventions, checks and accuracy bound as {@link #gemm}
     * (the same products, in a summation order that may differ), and the same bits for every thread
     * count; no heap allocation once a thread's packing buffer for A has grown. Made for the few rows
     * of a recurrent step, though any m works (measured in single precision on AVX-512, one thread,
     * n = 1024, k = 256: 147 GFLOP/s at m = 8 and 154 at m = 32, against 44 and 94 for the unpacked
     * {@code transB} product). For a single row (m = 1) prefer {@link #gemv} over the unpacked matrix:
     * it needs no copy and was about 10 % faster (45 against 41 GFLOP/s).
     *
     * @throws IllegalArgumentException if b is not k x n, was packed by another provider, or another
     *                                  argument is bad as for {@link #gemm}
     * @throws NullPointerException     if b or an array is null
     */
    void gemm(boolean transA, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda,
              PackedDoubleMatrix b,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Matrix-vector multiply: {@code y = alpha * op(A) * x + beta * y}. Stored A is m x n; op(A) is
     * A (x has n elements, y has m) or, when {@code transA}, its transpose (x has m, y has n).
     * {@code beta == 0} overwrites y without reading it. y must not overlap A or x.
     */
    void gemv(boolean transA, int m, int n,
              double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff,
              double beta, double[] y, int yOff);

    /** {@code out[i] = x[i] + y[i]} for {@code i < n}. */
    void add(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff);

    /** {@code out[i] = x[i] - y[i]} for {@code i < n}. */
    void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff);

    /** {@code out[i] = x[i] * y[i]} for {@code i < n}. */
    void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff);

    /**
     * {@code out[i] = x[i] / y[i]} for {@code i < n}: IEEE division (x / 0 is +-inf, 0 / 0 and
     * inf / inf are NaN), so both implementations give the same bits.
     */
    void div(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff);

    /** {@code y[i] = fma(alpha, x[i], y[i])} for {@code i < n}: one rounding per element. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /** {@code x[i] = alpha * x[i]} for {@code i < n}. */
    void scale(int n, double alpha, double[] x, int xOff);

    /** {@code x[i] = value} for {@code i < n}. */
    void fill(int n, double value, double[] x, int xOff);

    /** {@code dst[i] = src[i]} for {@code i < n}; the ranges must not partly overlap. */
    void copy(int n, double[] src, int srcOff, double[] dst, int dstOff);

    /**
     * {@code out[i] = fma(x[i], y[i], out[i])} for {@code i < n}: accumulates a Hadamard
     * product, one rounding per element (gradients of gated cells).
     */
    void addProduct(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff);

    /**
     * {@code out[i] = fma(a[i], b[i], c[i] * d[i])} for {@code i < n}: the LSTM cell update
     * {@code c' = f * c + i * g}.
     */
    void productSum(int n, double[] a, int aOff, double[] b, int bOff,
                    double[] c, int cOff, double[] d, int dOff, double[] out, int outOff);

    /**
     * {@code out[i] = fma(t[i], b[i] - a[i], a[i])} for {@code i < n}: interpolation from a to b,
     * the GRU update {@code h' = (1 - z) * n + z * h = n + z * (h - n)}.
     */
    void lerp(int n, double[] t, int tOff, double[] a, int aOff, double[] b, int bOff,
              double[] out, int outOff);

    /** Sum of {@code x[xOff .. xOff+n)}; 0 for n = 0. Error at most {@code n * eps * sum |x_i|}. */
    double sum(int n, double[] x, int xOff);

    /** Dot product; 0 for n = 0. Error at most {@code n * eps * sum |x_i * y_i|}. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** Largest element; NaN if any element is NaN; negative infinity for n = 0. Exact. */
    double max(int n, double[] x, int xOff);

    /** Sum of squares; 0 for n = 0. Error at most {@code (n + 1) * eps * sum x_i^2}. */
    double sumOfSquares(int n, double[] x, int xOff);

    /**
     * {@code out[i] = tanh(x[i])}. Saturates to +/-1 for large |x|, keeps -0 and NaN. Within
     * 3 ulps of {@code Math.tanh} (which is itself within 2.5 ulps of the exact value); the vector
     * kernel measured at most 2 ulps from {@code Math.tanh} over 50 million random inputs.
     */
    void tanh(int n, double[] x, int xOff, double[] out, int outOff);

    /**
     * {@code out[i] = 1 / (1 + exp(-x[i]))}. Saturates to 0 and 1 without NaN; NaN stays NaN.
     * Keeps subnormal results for x down to -745. Within 4 ulps of the logistic
     * function computed with {@code Math.exp(-|x|)}; the vector kernel measured at most 2 ulps over
     * 50 million random inputs in [-760, 40] and near 0.
     */
    void sigmoid(int n, double[] x, int xOff, double[] out, int outOff);

    /**
     * {@code out[i] = e^x[i]}. Overflows to +inf for x above 709.78 (ln of
     * {@code Double.MAX_VALUE}); results are subnormal below -708.40 (gradual underflow, not flushed
     * to zero) and 0 below -745.13; -inf gives 0, +inf gives +inf, NaN stays NaN. Within 3 ulps of
     * {@code Math.exp} (itself within 1 ulp of the exact value). The vector kernel (IEEE operations
     * only; see {@code DoubleMath}) measured at most 2 ulps from {@code Math.exp} over 1.05e9 random
     * inputs (uniform in [-746, 710] and [-1, 1], the subnormal and near-overflow ranges, |x| down to
     * subnormal), at most 1.79 ulps of the exact value on 20,000 of them (the worst and a sample)
     * checked in 50-digit arithmetic, and the same infinities, zeros and NaN as {@code Math.exp}.
     */
    void exp(int n, double[] x, int xOff, double[] out, int outOff);

    /**
     * {@code out[i] = log(x[i])}, the natural logarithm: -inf for +-0, NaN for x < 0 (-inf
     * included), +inf for +inf, NaN stays NaN; subnormal x keeps its full precision
     * ({@code log(Double.MIN_VALUE) = -744.44}). Within 2 ulps of {@code Math.log} (itself within
     * 1 ulp of the exact value). The vector kernel (IEEE operations only; see {@code DoubleMath})
     * measured at most 1 ulp from {@code Math.log} over 1.05e9 random inputs (random bits over all
     * positive doubles, subnormals, [0.5, 2), 1 +- 2^-e and around sqrt(1/2)), and at most 0.83 ulps
     * of the exact value on 20,000 of them (the worst and a sample) checked in 50-digit arithmetic.
     */
    void log(int n, double[] x, int xOff, double[] out, int outOff);

    /** {@code out[i] = max(x[i], 0)}; NaN stays NaN. Exact. */
    void relu(int n, double[] x, int xOff, double[] out, int outOff);

    /** Given {@code y = tanh(x)} and upstream {@code dy}: {@code dx[i] = dy[i] * (1 - y[i]^2)}. */
    void tanhBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff);

    /** Given {@code y = sigmoid(x)} and {@code dy}: {@code dx[i] = dy[i] * (y[i] * (1 - y[i]))}. */
    void sigmoidBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff);

    /** Given {@code y = relu(x)} and {@code dy}: {@code dx[i] = y[i] > 0 ? dy[i] : 0}. */
    void reluBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff);

    /**
     * Softmax of each row of a rows x cols matrix: {@code out_ij = exp(x_ij - m_i) / sum_j
     * exp(x_ij - m_i)} with {@code m_i} the row maximum, so inputs up to +/-1e4 stay finite. The
     * output may be the same range as the input. A row containing NaN gives NaN.
     */
    void softmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] out, int outOff, int ldo);

    /**
     * Log-softmax of each row: {@code out_ij = x_ij - m_i - log(sum_j exp(x_ij - m_i))}, stable for
     * inputs up to +/-1e4. The output may be the same range as the input.
     */
    void logSoftmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] out, int outOff, int ldo);
}
