package dev.vectorgrad.kernels.scalar;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.Window2d;

import java.util.Arrays;

/**
 * Float kernels in plain Java loops: the reference the vector kernels are tested against, and the
 * fallback when the Vector API is unavailable. Summation is strictly sequential.
 */
public final class ScalarFloatKernels extends FloatKernels {

    ScalarFloatKernels() {
        super("scalar", Packed.class);
    }

    @Override
    protected void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        // Reference BLAS order: scale the row of C by beta, then add alpha * a_ip * b_pj for p = 0..k-1.
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            scaleByBeta(n, beta, c, ci);
            if (alpha == 0f) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                float t = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
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
    private static final class Packed implements PackedFloatMatrix {
        private final int k;
        private final int n;
        private final float[] data;

        Packed(int k, int n, float[] data) {
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
            return "PackedFloatMatrix[" + k + "x" + n + ", scalar, row-major]";
        }
    }

    @Override
    protected PackedFloatMatrix packUnchecked(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        long size = (long) k * n;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("pack: op(B) is " + k + "x" + n + ": " + size
                    + " elements, more than an array holds");
        }
        float[] data = new float[(int) size];
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
                                 float alpha, float[] a, int aOff, int lda,
                                 PackedFloatMatrix b,
                                 float beta, float[] c, int cOff, int ldc) {
        gemmUnchecked(transA, false, m, n, k, alpha, a, aOff, lda, ((Packed) b).data, 0, Math.max(1, n),
                beta, c, cOff, ldc);
    }

    //#double
    //#float
    /** The scalar kernels' aligned form: a heap copy, multiplied by the array GEMV. */
    private static final class Aligned extends dev.vectorgrad.kernels.internal.HeapRows {
        Aligned(int m, int n, float[] a, int aOff, int lda) {
            super(m, n, a, aOff, lda);
        }

        @Override
        public String provider() {
            return "scalar";
        }

        /** The GEMV by the block at ({@code row}, {@code col}), m x n: the array GEMV over the copy. */
        void gemv(ScalarFloatKernels k, int row, int m, int col, int n, float alpha, float[] x, int xOff, float beta,
                  float[] y, int yOff) {
            int ld = columns();
            k.gemvUnchecked(false, m, n, alpha, data(), row * ld + col, ld, x, xOff, beta, y, yOff);
        }
    }

    @Override
    protected dev.vectorgrad.kernels.AlignedFloatMatrix alignUnchecked(int m, int n, float[] a, int aOff, int lda) {
        return new Aligned(m, n, a, aOff, lda);
    }

    @Override
    protected Class<? extends dev.vectorgrad.kernels.AlignedFloatMatrix> alignedType() {
        return Aligned.class;
    }

    /** The array GEMV over the copy: the same operations in the same order. */
    @Override
    protected void gemvUnchecked(dev.vectorgrad.kernels.AlignedFloatMatrix a, int row, int m, int col, int n,
                                 float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        ((Aligned) a).gemv(this, row, m, col, n, alpha, x, xOff, beta, y, yOff);
    }

    //#end
    @Override
    protected void gemvUnchecked(boolean transA, int m, int n,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] x, int xOff,
                                 float beta, float[] y, int yOff) {
        if (alpha == 0f) {
            // As in BLAS: A and x are not read, so NaN in them does not reach y.
            scaleByBeta(transA ? n : m, beta, y, yOff);
            return;
        }
        if (!transA) {
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                float s = 0f;
                for (int j = 0; j < n; j++) {
                    s = Math.fma(a[ai + j], x[xOff + j], s);
                }
                y[yOff + i] = beta == 0f ? alpha * s : Math.fma(alpha, s, beta * y[yOff + i]);
            }
        } else {
            scaleByBeta(n, beta, y, yOff);
            for (int i = 0; i < m; i++) {
                float t = alpha * x[xOff + i];
                int ai = aOff + i * lda;
                for (int j = 0; j < n; j++) {
                    y[yOff + j] = Math.fma(t, a[ai + j], y[yOff + j]);
                }
            }
        }
    }

    /** {@code y = beta * y} as BLAS scales an output: beta = 0 overwrites with zeros (NaN does not survive). */
    private static void scaleByBeta(int n, float beta, float[] y, int off) {
        if (beta == 0f) {
            Arrays.fill(y, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < n; i++) {
                y[off + i] *= beta;
            }
        }
    }

    @Override
    protected void addUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override
    protected void subUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override
    protected void mulUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    protected void divUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] / y[yOff + i];
        }
    }

    @Override
    protected void axpyUnchecked(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    protected void scaleUnchecked(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    protected void fillUnchecked(int n, float value, float[] x, int xOff) {
        Arrays.fill(x, xOff, xOff + n, value);
    }

    @Override
    protected void copyUnchecked(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, n);
    }

    @Override
    protected void addProductUnchecked(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
                                       int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(x[xOff + i], y[yOff + i], out[outOff + i]);
        }
    }

    @Override
    protected void productSumUnchecked(int n, float[] a, int aOff, float[] b, int bOff,
                                       float[] c, int cOff, float[] d, int dOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.fma(a[aOff + i], b[bOff + i], c[cOff + i] * d[dOff + i]);
        }
    }

    @Override
    protected void lerpUnchecked(int n, float[] t, int tOff, float[] a, int aOff, float[] b, int bOff,
                                 float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float ai = a[aOff + i];
            out[outOff + i] = Math.fma(t[tOff + i], b[bOff + i] - ai, ai);
        }
    }

    @Override
    protected float sumUnchecked(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    protected float dotUnchecked(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    protected float maxUnchecked(int n, float[] x, int xOff) {
        return rowMax(n, x, xOff);
    }

    @Override
    protected float sumOfSquaresUnchecked(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            s = Math.fma(v, v, s);
        }
        return s;
    }

    @Override
    protected void tanhUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    protected void sigmoidUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            //#double
            //= // exp(-|x|) never overflows, so results in the subnormal range (x < -708) survive.
            //= double v = x[xOff + i];
            //= double e = Math.exp(-Math.abs(v));
            //= out[outOff + i] = (v < 0 ? e : 1.0) / (1.0 + e);
            //#float
            out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
            //#end
        }
    }

    @Override
    protected void expUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    protected void logUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.log(x[xOff + i]);
        }
    }

    @Override
    protected void reluUnchecked(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    protected void tanhBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                         int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    protected void sigmoidBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                            int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (v * (1f - v));
        }
    }

    @Override
    protected void reluBackwardUnchecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
                                         int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    protected void softmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                        int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            float m = rowMax(cols, x, xi);
            float s = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xi + j] - m);
                out[oi + j] = e;
                s += e;
            }
            for (int j = 0; j < cols; j++) {
                out[oi + j] /= s;
            }
        }
    }

    @Override
    protected void logSoftmaxRowsUnchecked(int rows, int cols, float[] x, int xOff, int ldx, float[] out,
                                           int outOff, int ldo) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int oi = outOff + r * ldo;
            float m = rowMax(cols, x, xi);
            float s = 0f;
            for (int j = 0; j < cols; j++) {
                s += (float) Math.exp(x[xi + j] - m);
            }
            float logSum = (float) Math.log(s);
            for (int j = 0; j < cols; j++) {
                out[oi + j] = (x[xi + j] - m) - logSum;
            }
        }
    }

    private static float rowMax(int n, float[] x, int xOff) {
        float m = Float.NEGATIVE_INFINITY;
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
    protected void conv2dUnchecked(Window2d g, int filters, float[] x, int xOff, float[] kernel, int kernelOff,
                                   float[] bias, int biasOff, float[] y, int yOff) {
        int channels = g.channels();
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, yi += filters) {
                    for (int f = 0; f < filters; f++) {
                        y[yi + f] = bias == null ? 0f : bias[biasOff + f];
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
                                float v = x[xi + c];
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
    protected void conv2dBackwardInputUnchecked(Window2d g, int filters, float[] dy, int dyOff, float[] kernel,
                                                int kernelOff, float[] dx, int dxOff) {
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
                                float s = 0f;
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
    protected void conv2dBackwardKernelUnchecked(Window2d g, int filters, float[] x, int xOff, float[] dy,
                                                 int dyOff, float[] dkernel, int dkernelOff) {
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
                                float v = x[xi + c];
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
    private static int argmax(Window2d g, float[] x, int xOff, int n, int oy, int ox, int c) {
        int best = -1;
        for (int ky = 0; ky < g.windowHeight(); ky++) {
            for (int kx = 0; kx < g.windowWidth(); kx++) {
                int xi = pixel(g, xOff, n, oy * g.strideHeight() + ky - g.padTop(),
                        ox * g.strideWidth() + kx - g.padLeft());
                if (xi < 0) {
                    continue;
                }
                float v = x[xi + c];
                if (best < 0 || (!Float.isNaN(x[best]) && (v > x[best] || Float.isNaN(v)))) {
                    best = xi + c;
                }
            }
        }
        return best;
    }

    @Override
    protected void maxPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff) {
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
    protected void maxPool2dBackwardUnchecked(Window2d g, float[] x, int xOff, float[] dy, int dyOff,
                                              float[] dx, int dxOff) {
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
    protected void avgPool2dUnchecked(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int c = 0; c < g.channels(); c++) {
                        float s = 0f;
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
    protected void avgPool2dBackwardUnchecked(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff) {
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
                        float share = dy[dyi++] / count;
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
