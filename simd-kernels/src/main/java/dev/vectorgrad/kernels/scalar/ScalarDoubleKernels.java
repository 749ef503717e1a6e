// Generated from ScalarFloatKernels.java by tools/Twins.java: do not edit (edit ScalarFloatKernels.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.scalar;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.internal.Checks;

import java.util.Arrays;

/**
 * Double kernels in plain Java loops: the reference the vector kernels are tested against, and the
 * fallback when the Vector API is unavailable. Summation is strictly sequential.
 */
public final class ScalarDoubleKernels implements DoubleKernels {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        Checks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        // Reference BLAS order: scale the row of C by beta, then add alpha * a_ip * b_pj for p = 0..k-1.
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            scaleByBeta(n, beta, c, ci);
            if (alpha == 0.0) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                double t = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(t, b[bOff + j * ldb + p], c[ci + j]);
                    }
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(t, b[bp + j], c[ci + j]);
                    }
                }
            }
        }
    }

    /** op(B) copied row-major (k x n, leading dimension n): the scalar kernels' packed form. */
    private static final class Packed implements PackedDoubleMatrix {
        private final int k;
        private final int n;
        private final double[] data;

        Packed(int k, int n, double[] data) {
            this.k = k;
            this.n = n;
            this.data = data;
        }

        @Override
        public int rows() {
            return k;
        }

        @Override
        public int columns() {
            return n;
        }

        @Override
        public String provider() {
            return "scalar";
        }

        @Override
        public String toString() {
            return "PackedDoubleMatrix[" + k + "x" + n + ", scalar, row-major]";
        }
    }

    @Override
    public PackedDoubleMatrix pack(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        Checks.pack(transB, k, n, b, bOff, ldb);
        long size = (long) k * n;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("pack: op(B) is " + k + "x" + n + ": " + size
                    + " elements, more than an array holds");
        }
        double[] data = new double[(int) size];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                data[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return new Packed(k, n, data);
    }

    /** The same operations in the same order as {@link #gemm} with B not transposed. */
    @Override
    public void gemm(boolean transA, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     PackedDoubleMatrix b,
                     double beta, double[] c, int cOff, int ldc) {
        Packed packed = Checks.packed(b, Packed.class, "scalar");
        Checks.packedGemm(transA, m, n, k, a, aOff, lda, packed.rows(), packed.columns(), c, cOff, ldc);
        gemm(transA, false, m, n, k, alpha, a, aOff, lda, packed.data, 0, Math.max(1, n), beta, c, cOff, ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n,
                     double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff,
                     double beta, double[] y, int yOff) {
        Checks.gemv(transA, m, n, a, aOff, lda, x, xOff, y, yOff);
        if (alpha == 0.0) {
            // As in BLAS: A and x are not read, so NaN in them does not reach y.
            scaleByBeta(transA ? n : m, beta, y, yOff);
            return;
        }
        if (!transA) {
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s = Math.fma(a[ai + j], x[xOff + j], s);
                }
                y[yOff + i] = beta == 0.0 ? alpha * s : Math.fma(alpha, s, beta * y[yOff + i]);
            }
        } else {
            scaleByBeta(n, beta, y, yOff);
            for (int i = 0; i < m; i++) {
                double t = alpha * x[xOff + i];
                int ai = aOff + i * lda;
                for (int j = 0; j < n; j++) {
                    y[yOff + j] = Math.fma(t, a[ai + j], y[yOff + j]);
                }
            }
        }
    }

    /** {@code y = beta * y} as BLAS scales an output: beta = 0 overwrites with zeros (NaN does not survive). */
    private static void scaleByBeta(int n, double beta, double[] y, int off) {
        if (beta == 0.0) {
            Arrays.fill(y, off, off + n, 0.0);
        } else if (beta != 1.0) {
            for (int i = 0; i < n; i++) {
                y[off + i] *= beta;
            }
        }
    }

    @Override
    public void add(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        Checks.binary("add", n, x, xOff, y, yOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    public void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        Checks.binary("sub", n, x, xOff, y, yOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    public void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        Checks.binary("mul", n, x, xOff, y, yOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public void div(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        Checks.binary("div", n, x, xOff, y, yOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        Checks.unary("axpy", n, x, xOff, y, yOff);
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void scale(int n, double alpha, double[] x, int xOff) {
        Checks.single("scale", n, x, xOff);
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void fill(int n, double value, double[] x, int xOff) {
        Checks.single("fill", n, x, xOff);
        Arrays.fill(x, xOff, xOff + n, value);
    }

    @Override
    public void copy(int n, double[] src, int srcOff, double[] dst, int dstOff) {
        Checks.unary("copy", n, src, srcOff, dst, dstOff);
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    public void addProduct(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        Checks.binary("addProduct", n, x, xOff, y, yOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], out[outOff + i]);
        }
    }

    @Override
    public void productSum(int n, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff, double[] d, int dOff, double[] out, int outOff) {
        Checks.quaternary("productSum", n, a, aOff, b, bOff, c, cOff,
                d, dOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i] * d[dOff + i]);
        }
    }

    @Override
    public void lerp(int n, double[] t, int tOff, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        Checks.ternary("lerp", n, t, tOff, a, aOff, b, bOff, out, outOff);
        for (int i = 0; i < n; i++) {
            double ai = a[aOff + i];
            out[outOff + i] = Math.fma(t[tOff + i], b[bOff + i] - ai, ai);
        }
    }

    @Override
    public double sum(int n, double[] x, int xOff) {
        Checks.single("sum", n, x, xOff);
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        Checks.single("dot", n, x, xOff);
        Checks.vector("dot", "y", n, y, yOff);
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public double max(int n, double[] x, int xOff) {
        Checks.single("max", n, x, xOff);
        return rowMax(n, x, xOff);
    }

    @Override
    public double sumOfSquares(int n, double[] x, int xOff) {
        Checks.single("sumOfSquares", n, x, xOff);
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s = Math.fma(v, v, s);
        }
        return s;
    }

    @Override
    public void tanh(int n, double[] x, int xOff, double[] out, int outOff) {
        Checks.unary("tanh", n, x, xOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(int n, double[] x, int xOff, double[] out, int outOff) {
        Checks.unary("sigmoid", n, x, xOff, out, outOff);
        for (int i = 0; i < n; i++) {
            // exp(-|x|) never overflows, so results in the subnormal range (x < -708) survive.
            double v = x[xOff + i];
            double e = Math.exp(-Math.abs(v));
            out[outOff + i] = (v < 0 ? e : 1.0) / (1.0 + e);
        }
    }

    @Override
    public void exp(int n, double[] x, int xOff, double[] out, int outOff) {
        Checks.unary("exp", n, x, xOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void log(int n, double[] x, int xOff, double[] out, int outOff) {
        Checks.unary("log", n, x, xOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.log(x[xOff + i]);
        }
    }

    @Override
    public void relu(int n, double[] x, int xOff, double[] out, int outOff) {
        Checks.unary("relu", n, x, xOff, out, outOff);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0.0);
        }
    }

    @Override
    public void tanhBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        Checks.binary("tanhBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1.0 - v * v);
        }
    }

    @Override
    public void sigmoidBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        Checks.binary("sigmoidBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1.0 - v));
        }
    }

    @Override
    public void reluBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        Checks.binary("reluBackward", n, y, yOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0.0 ? dy[dyOff + i] : 0.0;
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] out, int outOff, int ldo) {
        Checks.rows("softmaxRows", rows, cols, x, xOff, ldx, out, outOff, ldo);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            double m = rowMax(cols, x, xi);
            double s = 0.0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[xi + j] - m);
                out[oi + j] = e;
                s += e;
            }
            for (int j = 0; j < cols; j++) {
                out[oi + j] /= s;
            }
        }
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] out, int outOff, int ldo) {
        Checks.rows("logSoftmaxRows", rows, cols, x, xOff, ldx, out, outOff, ldo);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            double m = rowMax(cols, x, xi);
            double s = 0.0;
            for (int j = 0; j < cols; j++) {
                s += Math.exp(x[xi + j] - m);
            }
            double logSum = Math.log(s);
            for (int j = 0; j < cols; j++) {
                out[oi + j] = (x[xi + j] - m) - logSum;
            }
        }
    }

    private static double rowMax(int n, double[] x, int xOff) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }
}
