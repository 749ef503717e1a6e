// Generated from ScalarFloatKernels.java by tools/Twins.java: do not edit (edit ScalarFloatKernels.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.scalar;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.Window2d;

import java.util.Arrays;

/**
 * Double kernels in plain Java loops: the reference the vector kernels are tested against, and the
 * fallback when the Vector API is unavailable. Summation is strictly sequential.
 */
public final class ScalarDoubleKernels extends DoubleKernels {

    ScalarDoubleKernels() {
        super("scalar", Packed.class);
    }

    @Override
    protected void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc) {
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
    protected PackedDoubleMatrix packUnchecked(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
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
    protected void gemmUnchecked(boolean transA, int m, int n, int k,
                                 double alpha, double[] a, int aOff, int lda,
                                 PackedDoubleMatrix b,
                                 double beta, double[] c, int cOff, int ldc) {
        gemmUnchecked(transA, false, m, n, k, alpha, a, aOff, lda, ((Packed) b).data, 0, Math.max(1, n),
                beta, c, cOff, ldc);
    }

    @Override
    protected void gemvUnchecked(boolean transA, int m, int n,
                                 double alpha, double[] a, int aOff, int lda,
                                 double[] x, int xOff,
                                 double beta, double[] y, int yOff) {
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
    protected void addUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    protected void subUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    protected void mulUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    protected void divUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    protected void axpyUnchecked(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    protected void scaleUnchecked(int n, double alpha, double[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    protected void fillUnchecked(int n, double value, double[] x, int xOff) {
        Arrays.fill(x, xOff, xOff + n, value);
    }

    @Override
    protected void copyUnchecked(int n, double[] src, int srcOff, double[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    protected void addProductUnchecked(int n, double[] x, int xOff, double[] y, int yOff, double[] out,
                                       int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], out[outOff + i]);
        }
    }

    @Override
    protected void productSumUnchecked(int n, double[] a, int aOff, double[] b, int bOff,
                                       double[] c, int cOff, double[] d, int dOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i] * d[dOff + i]);
        }
    }

    @Override
    protected void lerpUnchecked(int n, double[] t, int tOff, double[] a, int aOff, double[] b, int bOff,
                                 double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            double ai = a[aOff + i];
            out[outOff + i] = Math.fma(t[tOff + i], b[bOff + i] - ai, ai);
        }
    }

    @Override
    protected double sumUnchecked(int n, double[] x, int xOff) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    protected double dotUnchecked(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    protected double maxUnchecked(int n, double[] x, int xOff) {
        return rowMax(n, x, xOff);
    }

    @Override
    protected double sumOfSquaresUnchecked(int n, double[] x, int xOff) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s = Math.fma(v, v, s);
        }
        return s;
    }

    @Override
    protected void tanhUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.tanh(x[xOff + i]);
        }
    }

    @Override
    protected void sigmoidUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            // exp(-|x|) never overflows, so results in the subnormal range (x < -708) survive.
            double v = x[xOff + i];
            double e = Math.exp(-Math.abs(v));
            out[outOff + i] = (v < 0 ? e : 1.0) / (1.0 + e);
        }
    }

    @Override
    protected void expUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.exp(x[xOff + i]);
        }
    }

    @Override
    protected void logUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.log(x[xOff + i]);
        }
    }

    @Override
    protected void reluUnchecked(int n, double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0.0);
        }
    }

    @Override
    protected void tanhBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                         int dxOff) {
        for (int i = 0; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1.0 - v * v);
        }
    }

    @Override
    protected void sigmoidBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                            int dxOff) {
        for (int i = 0; i < n; i++) {
            double v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1.0 - v));
        }
    }

    @Override
    protected void reluBackwardUnchecked(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx,
                                         int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0.0 ? dy[dyOff + i] : 0.0;
        }
    }

    @Override
    protected void softmaxRowsUnchecked(int rows, int cols, double[] x, int xOff, int ldx, double[] out,
                                        int outOff, int ldo) {
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
    protected void logSoftmaxRowsUnchecked(int rows, int cols, double[] x, int xOff, int ldx, double[] out,
                                           int outOff, int ldo) {
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

    // ---- convolution and pooling: direct loops over the definitions, every window position
    // tested against the image bounds (no clipping arithmetic shared with the vector kernels) ----

    /** Index of pixel (n, iy, ix) of an NHWC array from {@code off}, or -1 where (iy, ix) is padding. */
    private static int pixel(Window2d g, int off, int n, int iy, int ix) {
        if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) {
            return -1;
        }
        return off + ((n * g.height() + iy) * g.width() + ix) * g.channels();
    }

    @Override
    protected void conv2dUnchecked(Window2d g, int filters, double[] x, int xOff, double[] kernel, int kernelOff,
                                   double[] bias, int biasOff, double[] y, int yOff) {
        int channels = g.channels();
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, yi += filters) {
                    for (int f = 0; f < filters; f++) {
                        y[yi + f] = bias == null ? 0.0 : bias[biasOff + f];
                    }
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            int xi = pixel(g, xOff, n, oy * g.strideHeight() + ky - g.padTop(),
                                    ox * g.strideWidth() + kx - g.padLeft());
                            if (xi < 0) {
                                continue;
                            }
                            int wi = kernelOff + (ky * g.windowWidth() + kx) * channels * filters;
                            for (int c = 0; c < channels; c++) {
                                double v = x[xi + c];
                                int wc = wi + c * filters;
                                for (int f = 0; f < filters; f++) {
                                    y[yi + f] = Math.fma(v, kernel[wc + f], y[yi + f]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    protected void conv2dBackwardInputUnchecked(Window2d g, int filters, double[] dy, int dyOff, double[] kernel,
                                                int kernelOff, double[] dx, int dxOff) {
        int channels = g.channels();
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, dyi += filters) {
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            int xi = pixel(g, dxOff, n, oy * g.strideHeight() + ky - g.padTop(),
                                    ox * g.strideWidth() + kx - g.padLeft());
                            if (xi < 0) {
                                continue;
                            }
                            int wi = kernelOff + (ky * g.windowWidth() + kx) * channels * filters;
                            for (int c = 0; c < channels; c++) {
                                int wc = wi + c * filters;
                                double s = 0.0;
                                for (int f = 0; f < filters; f++) {
                                    s = Math.fma(dy[dyi + f], kernel[wc + f], s);
                                }
                                dx[xi + c] += s;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    protected void conv2dBackwardKernelUnchecked(Window2d g, int filters, double[] x, int xOff, double[] dy,
                                                 int dyOff, double[] dkernel, int dkernelOff) {
        int channels = g.channels();
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, dyi += filters) {
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            int xi = pixel(g, xOff, n, oy * g.strideHeight() + ky - g.padTop(),
                                    ox * g.strideWidth() + kx - g.padLeft());
                            if (xi < 0) {
                                continue;
                            }
                            int wi = dkernelOff + (ky * g.windowWidth() + kx) * channels * filters;
                            for (int c = 0; c < channels; c++) {
                                double v = x[xi + c];
                                int wc = wi + c * filters;
                                for (int f = 0; f < filters; f++) {
                                    dkernel[wc + f] = Math.fma(v, dy[dyi + f], dkernel[wc + f]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Index in x of the maximum of channel c in the window of (n, oy, ox): the first largest in
     * row-major window order, NaN larger than any number (the first NaN wins).
     */
    private static int argmax(Window2d g, double[] x, int xOff, int n, int oy, int ox, int c) {
        int best = -1;
        for (int ky = 0; ky < g.windowHeight(); ky++) {
            for (int kx = 0; kx < g.windowWidth(); kx++) {
                int xi = pixel(g, xOff, n, oy * g.strideHeight() + ky - g.padTop(),
                        ox * g.strideWidth() + kx - g.padLeft());
                if (xi < 0) {
                    continue;
                }
                double v = x[xi + c];
                if (best < 0 || (!Double.isNaN(x[best]) && (v > x[best] || Double.isNaN(v)))) {
                    best = xi + c;
                }
            }
        }
        return best;
    }

    @Override
    protected void maxPool2dUnchecked(Window2d g, double[] x, int xOff, double[] y, int yOff) {
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int c = 0; c < g.channels(); c++) {
                        y[yi++] = x[argmax(g, x, xOff, n, oy, ox, c)];
                    }
                }
            }
        }
    }

    @Override
    protected void maxPool2dBackwardUnchecked(Window2d g, double[] x, int xOff, double[] dy, int dyOff,
                                              double[] dx, int dxOff) {
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int c = 0; c < g.channels(); c++) {
                        dx[dxOff + argmax(g, x, xOff, n, oy, ox, c) - xOff] += dy[dyi++];
                    }
                }
            }
        }
    }

    @Override
    protected void avgPool2dUnchecked(Window2d g, double[] x, int xOff, double[] y, int yOff) {
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int c = 0; c < g.channels(); c++) {
                        double s = 0.0;
                        int count = 0;
                        for (int ky = 0; ky < g.windowHeight(); ky++) {
                            for (int kx = 0; kx < g.windowWidth(); kx++) {
                                int xi = pixel(g, xOff, n, oy * g.strideHeight() + ky - g.padTop(),
                                        ox * g.strideWidth() + kx - g.padLeft());
                                if (xi >= 0) {
                                    s += x[xi + c];
                                    count++;
                                }
                            }
                        }
                        y[yi++] = s / count;
                    }
                }
            }
        }
    }

    @Override
    protected void avgPool2dBackwardUnchecked(Window2d g, double[] dy, int dyOff, double[] dx, int dxOff) {
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int count = 0;
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            if (pixel(g, 0, n, oy * g.strideHeight() + ky - g.padTop(),
                                    ox * g.strideWidth() + kx - g.padLeft()) >= 0) {
                                count++;
                            }
                        }
                    }
                    for (int c = 0; c < g.channels(); c++) {
                        double share = dy[dyi++] / count;
                        for (int ky = 0; ky < g.windowHeight(); ky++) {
                            for (int kx = 0; kx < g.windowWidth(); kx++) {
                                int xi = pixel(g, dxOff, n, oy * g.strideHeight() + ky - g.padTop(),
                                        ox * g.strideWidth() + kx - g.padLeft());
                                if (xi >= 0) {
                                    dx[xi + c] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
