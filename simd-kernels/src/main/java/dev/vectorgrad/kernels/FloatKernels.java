package dev.vectorgrad.kernels;

import dev.vectorgrad.kernels.internal.Checks;

/**
 * The float kernels: BLAS-like GEMM and GEMV, element-wise ops, reductions and activations over
 * flat arrays with offsets and leading dimensions, and 2-D convolution and pooling over
 * channels-last image batches (their geometry in a {@link Window2d}).
 *
 * <p>Conventions, shared with {@link DoubleKernels}:
 * <ul>
 *   <li>Matrices are row-major. A matrix with {@code rows} rows starts at {@code off} and row
 *       {@code i} starts at {@code off + i * ld}; {@code ld} (the leading dimension) is at least
 *       {@code max(1, cols)}.
 *   <li>Vectors are contiguous: {@code n} elements from the offset.
 *   <li>Every argument is checked before anything is written. A negative size, an offset or a
 *       leading dimension that would reach outside an array, or an output that partly overlaps an
 *       input throws {@link IllegalArgumentException} naming the argument and its value. An output
 *       may be exactly the same range as an input of an element-wise op (in place). The checks are
 *       made here, once: each public method is final, checks all its arguments, then calls the
 *       implementation's {@code ...Unchecked} method, so every implementation rejects exactly the
 *       same calls and none checks again.
 *   <li>No call allocates on the Java heap, except that GEMM grows a per-thread packing buffer the
 *       first time a thread needs a larger one, and {@code pack} returns a new packed copy of B
 *       ({@link PackedFloatMatrix}), made once for many products by the same matrix.
 *   <li>A scalar implementation and a Vector API implementation exist ({@link Kernels}); they agree
 *       exactly where the summation order is the same and within the bounds stated per method
 *       otherwise. Implementations subclass this class and implement its protected methods.
 * </ul>
 */
public abstract class FloatKernels {

    private final String provider;
    private final Class<? extends PackedFloatMatrix> packedType;

    /**
     * For an implementation named {@code provider} ({@link KernelProvider#name()}) whose
     * {@link #pack} returns instances of {@code packedType}: a packed B of another type is rejected
     * with a message naming both providers.
     */
    protected FloatKernels(String provider, Class<? extends PackedFloatMatrix> packedType) {
        this.provider = provider;
        this.packedType = packedType;
    }

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
    public final void gemm(boolean transA, boolean transB, int m, int n, int k,
                           float alpha, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc) {
        Checks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        gemmUnchecked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Packs op(B), k x n, for {@link #gemm(boolean, int, int, int, float, float[], int, int,
     * PackedFloatMatrix, float, float[], int, int) gemm} by the same matrix many times: stored B is
     * k x n, or n x k when {@code transB} (PyTorch's [out, in] weights). Allocates the packed copy
     * (about k x n elements); B is read once and not kept.
     *
     * @throws IllegalArgumentException for a negative size or a B outside its array, as for {@link #gemm}
     */
    public final PackedFloatMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        Checks.pack(transB, k, n, b, bOff, ldb);
        return packUnchecked(transB, k, n, b, bOff, ldb);
    }

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
    public final void gemm(boolean transA, int m, int n, int k,
                           float alpha, float[] a, int aOff, int lda,
                           PackedFloatMatrix b,
                           float beta, float[] c, int cOff, int ldc) {
        Checks.packed(b, packedType, provider);
        Checks.packedGemm(transA, m, n, k, a, aOff, lda, b.rows(), b.columns(), c, cOff, ldc);
        gemmUnchecked(transA, m, n, k, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    /**
     * Matrix-vector multiply: {@code y = alpha * op(A) * x + beta * y}. Stored A is m x n; op(A) is
     * A (x has n elements, y has m) or, when {@code transA}, its transpose (x has m, y has n).
     * {@code beta == 0} overwrites y without reading it. y must not overlap A or x.
     */
    public final void gemv(boolean transA, int m, int n,
                           float alpha, float[] a, int aOff, int lda,
                           float[] x, int xOff,
                           float beta, float[] y, int yOff) {
        Checks.gemv(transA, m, n, a, aOff, lda, x, xOff, y, yOff);
        gemvUnchecked(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    //#double
    //#float
    /**
     * Copies A (m x n, row-major from {@code aOff} with leading dimension {@code lda}) into the storage this
     * provider's GEMV reads fastest (see {@link AlignedFloatMatrix}), for
     * {@link #gemv(AlignedFloatMatrix, int, int, int, int, float, float[], int, float, float[], int) gemv} by it
     * many times. Float only. Allocates the copy; A is read once and not kept.
     *
     * @throws IllegalArgumentException for a negative size or an A outside its array, naming the sizes
     */
    public final AlignedFloatMatrix align(int m, int n, float[] a, int aOff, int lda) {
        Checks.size("align", "m", m);
        Checks.size("align", "n", n);
        Checks.matrix("align", "A", m, n, a, aOff, lda);
        return alignUnchecked(m, n, a, aOff, lda);
    }

    /**
     * GEMV by a block of an aligned matrix: {@code y[i] = alpha * sum_j A[row + i, col + j] x[j] + beta * y[i]} for
     * {@code i < m}, {@code j < n}; x holds n floats from {@code xOff}, y m floats from {@code yOff}. The same
     * products, order and bits as {@link #gemv(boolean, int, int, float, float[], int, int, float[], int, float,
     * float[], int) gemv} over the array A was copied from (not transposed), and the same conventions.
     *
     * @throws IllegalArgumentException if the block is outside A, A was made by another provider, x or y is too
     *                                  short for its offset, naming the expected and given sizes
     * @throws NullPointerException     if a, x or y is null
     */
    public final void gemv(AlignedFloatMatrix a, int row, int m, int col, int n,
                           float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        String op = "aligned gemv";
        if (a == null) {
            throw new NullPointerException(op + ": A is null");
        }
        if (!alignedType().isInstance(a)) {
            throw new IllegalArgumentException(op + ": A (" + a.getClass().getName() + ", provider '" + a.provider()
                    + "') was not made by align of these '" + provider + "' kernels: align A with the kernels that"
                    + " multiply by it");
        }
        if (row < 0 || m < 0 || (long) row + m > a.rows() || col < 0 || n < 0 || (long) col + n > a.columns()) {
            throw new IllegalArgumentException(op + ": block of " + m + "x" + n + " at (" + row + ", " + col
                    + ") must lie inside A, which is " + a.rows() + "x" + a.columns());
        }
        Checks.vector(op, "x", n, x, xOff);
        Checks.vector(op, "y", m, y, yOff);
        Checks.disjoint(op, "y", y, yOff, m, "x", x, xOff, n);
        gemvUnchecked(a, row, m, col, n, alpha, x, xOff, beta, y, yOff);
    }

    //#end
    /** {@code out[i] = x[i] + y[i]} for {@code i < n}. */
    public final void add(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        Checks.binary("add", n, x, xOff, y, yOff, out, outOff);
        addUnchecked(n, x, xOff, y, yOff, out, outOff);
    }

    /** {@code out[i] = x[i] - y[i]} for {@code i < n}. */
    public final void sub(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        Checks.binary("sub", n, x, xOff, y, yOff, out, outOff);
        subUnchecked(n, x, xOff, y, yOff, out, outOff);
    }

    /** {@code out[i] = x[i] * y[i]} for {@code i < n}. */
    public final void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        Checks.binary("mul", n, x, xOff, y, yOff, out, outOff);
        mulUnchecked(n, x, xOff, y, yOff, out, outOff);
    }

    /**
     * {@code out[i] = x[i] / y[i]} for {@code i < n}: IEEE division (x / 0 is +-inf, 0 / 0 and
     * inf / inf are NaN), so both implementations give the same bits.
     */
    public final void div(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        Checks.binary("div", n, x, xOff, y, yOff, out, outOff);
        divUnchecked(n, x, xOff, y, yOff, out, outOff);
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])} for {@code i < n}: one rounding per element. */
    public final void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Checks.unary("axpy", n, x, xOff, y, yOff);
        axpyUnchecked(n, alpha, x, xOff, y, yOff);
    }

    /** {@code x[i] = alpha * x[i]} for {@code i < n}. */
    public final void scale(int n, float alpha, float[] x, int xOff) {
        Checks.single("scale", n, x, xOff);
        scaleUnchecked(n, alpha, x, xOff);
    }

    /** {@code x[i] = value} for {@code i < n}. */
    public final void fill(int n, float value, float[] x, int xOff) {
        Checks.single("fill", n, x, xOff);
        fillUnchecked(n, value, x, xOff);
    }

    /** {@code dst[i] = src[i]} for {@code i < n}; the ranges must not partly overlap. */
    public final void copy(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        Checks.unary("copy", n, src, srcOff, dst, dstOff);
        copyUnchecked(n, src, srcOff, dst, dstOff);
    }

    /**
     * {@code out[i] = fma(x[i], y[i], out[i])} for {@code i < n}: accumulates a Hadamard
     * product, one rounding per element (gradients of gated cells).
     */
    public final void addProduct(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        Checks.binary("addProduct", n, x, xOff, y, yOff, out, outOff);
        addProductUnchecked(n, x, xOff, y, yOff, out, outOff);
    }

    /**
     * {@code out[i] = fma(a[i], b[i], c[i] * d[i])} for {@code i < n}: the LSTM cell update
     * {@code c' = f * c + i * g}.
     */
    public final void productSum(int n, float[] a, int aOff, float[] b, int bOff,
                                 float[] c, int cOff, float[] d, int dOff, float[] out, int outOff) {
        Checks.quaternary("productSum", n, a, aOff, b, bOff, c, cOff, d, dOff, out, outOff);
        productSumUnchecked(n, a, aOff, b, bOff, c, cOff, d, dOff, out, outOff);
    }

    /**
     * {@code out[i] = fma(t[i], b[i] - a[i], a[i])} for {@code i < n}: interpolation from a to b,
     * the GRU update {@code h' = (1 - z) * n + z * h = n + z * (h - n)}.
     */
    public final void lerp(int n, float[] t, int tOff, float[] a, int aOff, float[] b, int bOff,
                           float[] out, int outOff) {
        Checks.ternary("lerp", n, t, tOff, a, aOff, b, bOff, out, outOff);
        lerpUnchecked(n, t, tOff, a, aOff, b, bOff, out, outOff);
    }

    /** Sum of {@code x[xOff .. xOff+n)}; 0 for n = 0. Error at most {@code n * eps * sum |x_i|}. */
    public final float sum(int n, float[] x, int xOff) {
        Checks.single("sum", n, x, xOff);
        return sumUnchecked(n, x, xOff);
    }

    /** Dot product; 0 for n = 0. Error at most {@code n * eps * sum |x_i * y_i|}. */
    public final float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.single("dot", n, x, xOff);
        Checks.vector("dot", "y", n, y, yOff);
        return dotUnchecked(n, x, xOff, y, yOff);
    }

    /** Largest element; NaN if any element is NaN; negative infinity for n = 0. Exact. */
    public final float max(int n, float[] x, int xOff) {
        Checks.single("max", n, x, xOff);
        return maxUnchecked(n, x, xOff);
    }

    /** Sum of squares; 0 for n = 0. Error at most {@code (n + 1) * eps * sum x_i^2}. */
    public final float sumOfSquares(int n, float[] x, int xOff) {
        Checks.single("sumOfSquares", n, x, xOff);
        return sumOfSquaresUnchecked(n, x, xOff);
    }

    //#double
    //= /**
    //=  * {@code out[i] = tanh(x[i])}. Saturates to +/-1 for large |x|, keeps -0 and NaN. Within
    //=  * 3 ulps of {@code Math.tanh} (which is itself within 2.5 ulps of the exact value); the vector
    //=  * kernel measured at most 2 ulps from {@code Math.tanh} over 50 million random inputs.
    //=  */
    //#float
    /**
     * {@code out[i] = tanh(x[i])}. Saturates to +/-1 for large |x|, keeps -0 and NaN. Within
     * 2 ulps of {@code Math.tanh} computed in double and rounded (both implementations). The vector
     * kernel is an expm1-based approximation (see {@code FloatMath}); over every float in [-20, 20]
     * its maximum error is 2.00 ulps of that rounded reference and 2.42 ulps of the exact value (the
     * rounding of h + 1 near 1 for small |x|); beyond 9.1 it returns +/-1.
     */
    //#end
    public final void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        Checks.unary("tanh", n, x, xOff, out, outOff);
        tanhUnchecked(n, x, xOff, out, outOff);
    }

    //#double
    //= /**
    //=  * {@code out[i] = 1 / (1 + exp(-x[i]))}. Saturates to 0 and 1 without NaN; NaN stays NaN.
    //=  * Keeps subnormal results for x down to -745. Within 4 ulps of the logistic
    //=  * function computed with {@code Math.exp(-|x|)}; the vector kernel measured at most 2 ulps over
    //=  * 50 million random inputs in [-760, 40] and near 0.
    //=  */
    //#float
    /**
     * {@code out[i] = 1 / (1 + exp(-x[i]))}. Saturates to 0 and 1 without NaN, keeps subnormal
     * results for x down to -103.9; NaN stays NaN. Within 3 ulps of the logistic function computed
     * in double and rounded; over every float in [-110, 20] the vector kernel's maximum error is
     * 2.00 ulps of that rounded reference and 2.48 ulps of the exact value.
     */
    //#end
    public final void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        Checks.unary("sigmoid", n, x, xOff, out, outOff);
        sigmoidUnchecked(n, x, xOff, out, outOff);
    }

    //#double
    //= /**
    //=  * {@code out[i] = e^x[i]}. Overflows to +inf for x above 709.78 (ln of
    //=  * {@code Double.MAX_VALUE}); results are subnormal below -708.40 (gradual underflow, not flushed
    //=  * to zero) and 0 below -745.13; -inf gives 0, +inf gives +inf, NaN stays NaN. Within 3 ulps of
    //=  * {@code Math.exp} (itself within 1 ulp of the exact value). The vector kernel (IEEE operations
    //=  * only; see {@code DoubleMath}) measured at most 2 ulps from {@code Math.exp} over 1.05e9 random
    //=  * inputs (uniform in [-746, 710] and [-1, 1], the subnormal and near-overflow ranges, |x| down to
    //=  * subnormal), at most 1.79 ulps of the exact value on 20,000 of them (the worst and a sample)
    //=  * checked in 50-digit arithmetic, and the same infinities, zeros and NaN as {@code Math.exp}.
    //=  */
    //#float
    /**
     * {@code out[i] = e^x[i]}. Overflows to +inf for x above 88.72 (ln of {@code Float.MAX_VALUE});
     * results are subnormal below -87.34 (gradual underflow, not flushed to zero) and 0 below
     * -103.97; -inf gives 0, +inf gives +inf, NaN stays NaN. Within 1 ulp of {@code Math.exp}
     * computed in double and rounded, for both implementations. The vector kernel (built from IEEE
     * operations only, so it gives the same bits interpreted and compiled; see {@code FloatMath}) was
     * compared on all 2^32 floats: its maximum error is 1.01 ulps of the exact value (0.75 where the
     * result is subnormal), and it overflows and underflows to 0 at exactly the same inputs as the
     * rounded {@code Math.exp}.
     */
    //#end
    public final void exp(int n, float[] x, int xOff, float[] out, int outOff) {
        Checks.unary("exp", n, x, xOff, out, outOff);
        expUnchecked(n, x, xOff, out, outOff);
    }

    //#double
    //= /**
    //=  * {@code out[i] = log(x[i])}, the natural logarithm: -inf for +-0, NaN for {@code x < 0} (-inf
    //=  * included), +inf for +inf, NaN stays NaN; subnormal x keeps its full precision
    //=  * ({@code log(Double.MIN_VALUE) = -744.44}). Within 2 ulps of {@code Math.log} (itself within
    //=  * 1 ulp of the exact value). The vector kernel (IEEE operations only; see {@code DoubleMath})
    //=  * measured at most 1 ulp from {@code Math.log} over 1.05e9 random inputs (random bits over all
    //=  * positive doubles, subnormals, [0.5, 2), 1 +- 2^-e and around sqrt(1/2)), and at most 0.83 ulps
    //=  * of the exact value on 20,000 of them (the worst and a sample) checked in 50-digit arithmetic.
    //=  */
    //#float
    /**
     * {@code out[i] = log(x[i])}, the natural logarithm: -inf for +-0, NaN for {@code x < 0} (-inf
     * included), +inf for +inf, NaN stays NaN; subnormal x keeps its full precision
     * ({@code log(Float.MIN_VALUE) = -103.28}). Within 1 ulp of {@code Math.log} computed in double
     * and rounded, for both implementations. The vector kernel (IEEE operations only; see
     * {@code FloatMath}) was compared on all 2^32 floats: its maximum error is 0.832 ulps of the
     * exact value, and it gives the same infinities and NaN as the rounded {@code Math.log}.
     */
    //#end
    public final void log(int n, float[] x, int xOff, float[] out, int outOff) {
        Checks.unary("log", n, x, xOff, out, outOff);
        logUnchecked(n, x, xOff, out, outOff);
    }

    /** {@code out[i] = max(x[i], 0)}; NaN stays NaN. Exact. */
    public final void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        Checks.unary("relu", n, x, xOff, out, outOff);
        reluUnchecked(n, x, xOff, out, outOff);
    }

    /** Given {@code y = tanh(x)} and upstream {@code dy}: {@code dx[i] = dy[i] * (1 - y[i]^2)}. */
    public final void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.binary("tanhBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        tanhBackwardUnchecked(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /** Given {@code y = sigmoid(x)} and {@code dy}: {@code dx[i] = dy[i] * (y[i] * (1 - y[i]))}. */
    public final void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                      int dxOff) {
        Checks.binary("sigmoidBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        sigmoidBackwardUnchecked(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /** Given {@code y = relu(x)} and {@code dy}: {@code dx[i] = y[i] > 0 ? dy[i] : 0}. */
    public final void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.binary("reluBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        reluBackwardUnchecked(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Softmax of each row of a rows x cols matrix: {@code out_ij = exp(x_ij - m_i) / sum_j
     * exp(x_ij - m_i)} with {@code m_i} the row maximum, so inputs up to +/-1e4 stay finite. The
     * output may be the same range as the input. A row containing NaN gives NaN.
     */
    public final void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                  int outOff, int ldo) {
        Checks.rows("softmaxRows", rows, cols, x, xOff, ldx, out, outOff, ldo);
        softmaxRowsUnchecked(rows, cols, x, xOff, ldx, out, outOff, ldo);
    }

    /**
     * Log-softmax of each row: {@code out_ij = x_ij - m_i - log(sum_j exp(x_ij - m_i))}, stable for
     * inputs up to +/-1e4. The output may be the same range as the input.
     */
    public final void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                     int outOff, int ldo) {
        Checks.rows("logSoftmaxRows", rows, cols, x, xOff, ldx, out, outOff, ldo);
        logSoftmaxRowsUnchecked(rows, cols, x, xOff, ldx, out, outOff, ldo);
    }

    /**
     * 2-D convolution (cross-correlation, as Keras and PyTorch compute it) of channels-last images:
     * {@code y[n, oy, ox, f] = bias[f] + sum over ky, kx, c of x[n, oy * sh + ky - padTop,
     * ox * sw + kx - padLeft, c] * kernel[ky, kx, c, f]}, where positions outside the image count as
     * 0. x is {@code [batch, height, width, channels]}, kernel is Keras's {@code [windowHeight,
     * windowWidth, channels, filters]}, bias is {@code [filters]} or {@code null} (no bias), y is
     * {@code [batch, outHeight, outWidth, filters]}, all contiguous from their offsets; y is
     * overwritten and must not overlap the inputs.
     *
     * <p>Accuracy: each element is within {@code (K + 2) * eps * (|bias[f]| + sum |x * kernel|)} of
     * the exact value, {@code K = windowHeight * windowWidth * channels}: the scalar kernels sum in
     * the order (ky, kx, c) after the bias; the vector kernels multiply im2col blocks of at most
     * {@code 2^17} elements by the kernel with {@link #gemm} (using its threads), except for at most
     * 288 taps and at least two vectors of filters, which they sum directly in the scalar order
     * (giving the scalar kernels' bits).
     *
     * @throws IllegalArgumentException if filters is below 1, an array is too short for its shape
     *                                  from its offset, or y overlaps an input
     * @throws NullPointerException     if the geometry or an array other than bias is null
     */
    public final void conv2d(Window2d g, int filters, float[] x, int xOff, float[] kernel, int kernelOff,
                             float[] bias, int biasOff, float[] y, int yOff) {
        Checks.conv2d(g, filters, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff);
        conv2dUnchecked(g, filters, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff);
    }

    /**
     * The gradient of {@link #conv2d} for its input, <em>added</em> into dx: {@code dx[n, iy, ix, c]
     * += sum of dy[n, oy, ox, f] * kernel[ky, kx, c, f]} over every output pixel whose window covers
     * {@code (iy, ix)} at {@code (ky, kx)} and every filter. dy is {@code [batch, outHeight, outWidth,
     * filters]}, dx {@code [batch, height, width, channels]}; dx must not overlap dy or the kernel.
     * Zero dx first for the gradient alone.
     *
     * <p>Accuracy: each element is within {@code (filters + windowHeight * windowWidth + 2) * eps *
     * (|dx| + sum |dy * kernel|)} of the exact value: both implementations add the contributions of
     * the windows covering it in output-pixel order, each a dot product over the filters (by
     * {@link #gemm} in the vector kernels; for at most 72 taps and one to four whole vectors of filters
     * they sum each vector of filters over the covering windows, then add the vectors and reduce their
     * lanes, which is within the same bound).
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public final void conv2dBackwardInput(Window2d g, int filters, float[] dy, int dyOff, float[] kernel,
                                          int kernelOff, float[] dx, int dxOff) {
        Checks.conv2dBackwardInput(g, filters, dy, dyOff, kernel, kernelOff, dx, dxOff);
        conv2dBackwardInputUnchecked(g, filters, dy, dyOff, kernel, kernelOff, dx, dxOff);
    }

    /**
     * The gradient of {@link #conv2d} for its kernel, <em>added</em> into dkernel:
     * {@code dkernel[ky, kx, c, f] += sum over n, oy, ox of x[n, oy * sh + ky - padTop, ox * sw + kx
     * - padLeft, c] * dy[n, oy, ox, f]} (padding counts as 0). dkernel is {@code [windowHeight,
     * windowWidth, channels, filters]} and must not overlap x or dy. The bias gradient, the sum of dy
     * over its pixels, is not computed here.
     *
     * <p>Accuracy: each element is within {@code (3M + 2) * eps * (|dkernel| + sum |x * dy|)} of the
     * exact value, {@code M = batch * outHeight * outWidth}: the scalar kernels add the M products in
     * pixel order (M roundings); the vector kernels add one {@link #gemm} per im2col block of pixels
     * ({@code beta = 1}), at most M roundings for the products and 2 per block, except for at most 72 taps
     * and one to four whole vectors of filters, which they add directly in pixel order (the scalar
     * kernels' bits).
     *
     * @throws IllegalArgumentException as for {@link #conv2d}
     */
    public final void conv2dBackwardKernel(Window2d g, int filters, float[] x, int xOff, float[] dy, int dyOff,
                                           float[] dkernel, int dkernelOff) {
        Checks.conv2dBackwardKernel(g, filters, x, xOff, dy, dyOff, dkernel, dkernelOff);
        conv2dBackwardKernelUnchecked(g, filters, x, xOff, dy, dyOff, dkernel, dkernelOff);
    }

    /**
     * Max pooling of channels-last images, each channel on its own: {@code y[n, oy, ox, c]} is the
     * largest {@code x[n, iy, ix, c]} in the window of {@code (oy, ox)}, padding ignored (a window
     * clipped by {@link Padding#SAME} takes the maximum of its pixels inside the image). x is
     * {@code [batch, height, width, channels]}, y {@code [batch, outHeight, outWidth, channels]}
     * (overwritten, not overlapping x). The maximum is the <em>first</em> largest element in
     * row-major window order (rows, then columns), NaN counting as larger than any number, so a
     * window holding NaN gives NaN, and of {@code -0} and {@code +0} the first wins. Exact: both
     * implementations give the same bits.
     *
     * @throws IllegalArgumentException if an array is too short from its offset, or y overlaps x
     */
    public final void maxPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        Checks.pool2d("maxPool2d", g, x, xOff, y, yOff);
        maxPool2dUnchecked(g, x, xOff, y, yOff);
    }

    /**
     * The gradient of {@link #maxPool2d}, <em>added</em> into dx: each {@code dy[n, oy, ox, c]} goes
     * to the element its window's maximum came from (the first largest in row-major window order,
     * as {@link #maxPool2d} chooses it, recomputed here from x), so overlapping windows add up at a
     * shared maximum. dx must not overlap x or dy. Exact: both implementations give the same bits.
     *
     * @throws IllegalArgumentException as for {@link #maxPool2d}
     */
    public final void maxPool2dBackward(Window2d g, float[] x, int xOff, float[] dy, int dyOff,
                                        float[] dx, int dxOff) {
        Checks.pool2dBackward("maxPool2dBackward", g, x, xOff, dy, dyOff, dx, dxOff);
        maxPool2dBackwardUnchecked(g, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Average pooling of channels-last images, each channel on its own: {@code y[n, oy, ox, c]} is
     * the sum of {@code x[n, iy, ix, c]} over the window's pixels inside the image, in row-major
     * window order, divided by their count (so a window clipped by {@link Padding#SAME} divides by
     * fewer, as TensorFlow does). Shapes as for {@link #maxPool2d}. Exact: both implementations sum in
     * the same order and give the same bits.
     *
     * @throws IllegalArgumentException as for {@link #maxPool2d}
     */
    public final void avgPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        Checks.pool2d("avgPool2d", g, x, xOff, y, yOff);
        avgPool2dUnchecked(g, x, xOff, y, yOff);
    }

    /**
     * The gradient of {@link #avgPool2d}, <em>added</em> into dx: {@code dy[n, oy, ox, c] / count}
     * goes to each pixel inside the window of {@code (oy, ox)}, count being those pixels' number.
     * dx ({@code [batch, height, width, channels]}) must not overlap dy. Exact: both implementations
     * give the same bits.
     *
     * @throws IllegalArgumentException as for {@link #maxPool2d}
     */
    public final void avgPool2dBackward(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.pool2dBackward("avgPool2dBackward", g, null, 0, dy, dyOff, dx, dxOff);
        avgPool2dBackwardUnchecked(g, dy, dyOff, dx, dxOff);
    }

    // The implementation's side: each method below is called only by the public method of the same
    // name above, after that has checked every argument.

    /** Does the {@code gemm} with B in an array; its arguments are already checked. */
    protected abstract void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k,
                                          float alpha, float[] a, int aOff, int lda,
                                          float[] b, int bOff, int ldb,
                                          float beta, float[] c, int cOff, int ldc);

    /** Does {@link #pack}; its arguments are already checked. */
    protected abstract PackedFloatMatrix packUnchecked(boolean transB, int k, int n, float[] b,
                                                       int bOff, int ldb);

    /**
     * Does the {@code gemm} with B packed; its arguments are already checked, and B is of the packed
     * type given to the constructor.
     */
    protected abstract void gemmUnchecked(boolean transA, int m, int n, int k,
                                          float alpha, float[] a, int aOff, int lda,
                                          PackedFloatMatrix b,
                                          float beta, float[] c, int cOff, int ldc);

    /** Does {@link #gemv}; its arguments are already checked. */
    protected abstract void gemvUnchecked(boolean transA, int m, int n,
                                          float alpha, float[] a, int aOff, int lda,
                                          float[] x, int xOff,
                                          float beta, float[] y, int yOff);
    //#double
    //#float

    /** Does {@link #align}; its arguments are already checked. */
    protected abstract AlignedFloatMatrix alignUnchecked(int m, int n, float[] a, int aOff, int lda);

    /** The class of the matrices {@link #alignUnchecked} makes, the only one the aligned {@code gemv} accepts. */
    protected abstract Class<? extends AlignedFloatMatrix> alignedType();

    /** Does the aligned {@code gemv}; its arguments are already checked and A is this provider's. */
    protected abstract void gemvUnchecked(AlignedFloatMatrix a, int row, int m, int col, int n,
                                          float alpha, float[] x, int xOff, float beta, float[] y, int yOff);
    //#end

    /** Does {@link #add}; its arguments are already checked. */
    protected abstract void addUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                         int outOff);

    /** Does {@link #sub}; its arguments are already checked. */
    protected abstract void subUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                         int outOff);

    /** Does {@link #mul}; its arguments are already checked. */
    protected abstract void mulUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                         int outOff);

    /** Does {@link #div}; its arguments are already checked. */
    protected abstract void divUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                         int outOff);

    /** Does {@link #axpy}; its arguments are already checked. */
    protected abstract void axpyUnchecked(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** Does {@link #scale}; its arguments are already checked. */
    protected abstract void scaleUnchecked(int n, float alpha, float[] x, int xOff);

    /** Does {@link #fill}; its arguments are already checked. */
    protected abstract void fillUnchecked(int n, float value, float[] x, int xOff);

    /** Does {@link #copy}; its arguments are already checked. */
    protected abstract void copyUnchecked(int n, float[] src, int srcOff, float[] dst, int dstOff);

    /** Does {@link #addProduct}; its arguments are already checked. */
    protected abstract void addProductUnchecked(int n, float[] x, int xOff, float[] y, int yOff,
                                                float[] out, int outOff);

    /** Does {@link #productSum}; its arguments are already checked. */
    protected abstract void productSumUnchecked(int n, float[] a, int aOff, float[] b, int bOff,
                                                float[] c, int cOff, float[] d, int dOff,
                                                float[] out, int outOff);

    /** Does {@link #lerp}; its arguments are already checked. */
    protected abstract void lerpUnchecked(int n, float[] t, int tOff, float[] a, int aOff,
                                          float[] b, int bOff, float[] out, int outOff);

    /** Does {@link #sum}; its arguments are already checked. */
    protected abstract float sumUnchecked(int n, float[] x, int xOff);

    /** Does {@link #dot}; its arguments are already checked. */
    protected abstract float dotUnchecked(int n, float[] x, int xOff, float[] y, int yOff);

    /** Does {@link #max}; its arguments are already checked. */
    protected abstract float maxUnchecked(int n, float[] x, int xOff);

    /** Does {@link #sumOfSquares}; its arguments are already checked. */
    protected abstract float sumOfSquaresUnchecked(int n, float[] x, int xOff);

    /** Does {@link #tanh}; its arguments are already checked. */
    protected abstract void tanhUnchecked(int n, float[] x, int xOff, float[] out, int outOff);

    /** Does {@link #sigmoid}; its arguments are already checked. */
    protected abstract void sigmoidUnchecked(int n, float[] x, int xOff, float[] out, int outOff);

    /** Does {@link #exp}; its arguments are already checked. */
    protected abstract void expUnchecked(int n, float[] x, int xOff, float[] out, int outOff);

    /** Does {@link #log}; its arguments are already checked. */
    protected abstract void logUnchecked(int n, float[] x, int xOff, float[] out, int outOff);

    /** Does {@link #relu}; its arguments are already checked. */
    protected abstract void reluUnchecked(int n, float[] x, int xOff, float[] out, int outOff);

    /** Does {@link #tanhBackward}; its arguments are already checked. */
    protected abstract void tanhBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff,
                                                  float[] dx, int dxOff);

    /** Does {@link #sigmoidBackward}; its arguments are already checked. */
    protected abstract void sigmoidBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff,
                                                     float[] dx, int dxOff);

    /** Does {@link #reluBackward}; its arguments are already checked. */
    protected abstract void reluBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff,
                                                  float[] dx, int dxOff);

    /** Does {@link #softmaxRows}; its arguments are already checked. */
    protected abstract void softmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx,
                                                 float[] out, int outOff, int ldo);

    /** Does {@link #logSoftmaxRows}; its arguments are already checked. */
    protected abstract void logSoftmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx,
                                                    float[] out, int outOff, int ldo);

    /** Does {@link #conv2d}; its arguments are already checked. */
    protected abstract void conv2dUnchecked(Window2d g, int filters, float[] x, int xOff, float[] kernel,
                                            int kernelOff, float[] bias, int biasOff, float[] y, int yOff);

    /** Does {@link #conv2dBackwardInput}; its arguments are already checked. */
    protected abstract void conv2dBackwardInputUnchecked(Window2d g, int filters, float[] dy, int dyOff,
                                                         float[] kernel, int kernelOff, float[] dx, int dxOff);

    /** Does {@link #conv2dBackwardKernel}; its arguments are already checked. */
    protected abstract void conv2dBackwardKernelUnchecked(Window2d g, int filters, float[] x, int xOff,
                                                          float[] dy, int dyOff, float[] dkernel, int dkernelOff);

    /** Does {@link #maxPool2d}; its arguments are already checked. */
    protected abstract void maxPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff);

    /** Does {@link #maxPool2dBackward}; its arguments are already checked. */
    protected abstract void maxPool2dBackwardUnchecked(Window2d g, float[] x, int xOff, float[] dy, int dyOff,
                                                       float[] dx, int dxOff);

    /** Does {@link #avgPool2d}; its arguments are already checked. */
    protected abstract void avgPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff);

    /** Does {@link #avgPool2dBackward}; its arguments are already checked. */
    protected abstract void avgPool2dBackwardUnchecked(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff);
}
