// Generated from FloatConv.java by tools/Twins.java: do not edit (edit FloatConv.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.Window2d;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Double 2-D convolution on checked arguments, as im2col and {@link DoubleGemm}: the output pixels
 * are taken in blocks whose window rows (im2col rows of {@code windowHeight * windowWidth *
 * channels}, copied from the channels-last input with zeros for the padding) fill at most
 * {@link #WORKSPACE} elements of a per-thread buffer, and each block is one GEMM by the kernel,
 * which Keras's {@code [kh, kw, in, out]} layout makes a row-major {@code [kh * kw * in, out]}
 * matrix with no copy. A 1x1 window with strides 1 needs no im2col: the input is the GEMM operand.
 * A forward pass with few taps and many filters is computed directly instead ({@link #DIRECT_TAPS}).
 */
final class DoubleConv {

    /**
     * Most window taps ({@code windowHeight * windowWidth * channels}) of the forward pass done
     * {@link #direct directly} (with at least 4 vectors of filters). Measured with double on AVX2 (8
     * lanes), one thread, 256 images 28x28 (13x13 for 32 and 64 channels), 3x3 windows, against
     * im2col and GEMM: 9 taps, 32 filters 5.0 against 10.5 ms; 9 taps, 64 filters 9.4 against 21.3;
     * 36 taps 10.1 against 17.8; 72 taps 16.7 against 24.2; 144 taps 32.2 against 41.8; 288 taps 12.4
     * against 13.7 with 32 filters, but 39.5 against 23.5 with 64 (on a shared machine, load about
     * 10 on 2 cores: rough numbers, each the best of 20 calls).
     */
    static final int DIRECT_TAPS = 72;

    /** Most elements of one im2col block (a block has at least one row, however long). */
    static final int WORKSPACE = 1 << 17;

    private static final VectorSpecies<Double> S = Species.DOUBLE;
    private static final int L = S.length();
    private static final ThreadLocal<double[]> COLUMNS = ThreadLocal.withInitial(() -> new double[0]);

    private DoubleConv() {
    }

    /** The kernels' {@code conv2d}. */
    static void conv2d(Window2d g, int filters, double[] x, int xOff, double[] w, int wOff,
                       double[] bias, int biasOff, double[] y, int yOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (k <= DIRECT_TAPS && filters >= 4 * L) {
            direct(g, filters, x, xOff, w, wOff, bias, biasOff, y, yOff);
            return;
        }
        if (bias != null) {
            for (int r = 0; r < m; r++) {
                System.arraycopy(bias, biasOff, y, yOff + r * filters, filters);
            }
        }
        double beta = bias == null ? 0.0 : 1.0;
        if (pointwise(g)) {
            DoubleGemm.gemm(false, false, m, filters, k, 1.0, x, xOff, k, w, wOff, filters, beta, y, yOff, filters, threads);
            return;
        }
        int rows = blockRows(m, k);
        double[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            im2col(g, x, xOff, r0, mb, col);
            DoubleGemm.gemm(false, false, mb, filters, k, 1.0, col, 0, k, w, wOff, filters,
                    beta, y, yOff + r0 * filters, filters, threads);
        }
    }

    /** The kernels' {@code conv2dBackwardInput}: per block, the window rows' gradient {@code dy W^T}, added back (col2im). */
    static void backwardInput(Window2d g, int filters, double[] dy, int dyOff, double[] w, int wOff,
                              double[] dx, int dxOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (pointwise(g)) {
            DoubleGemm.gemm(false, true, m, k, filters, 1.0, dy, dyOff, filters, w, wOff, filters, 1.0, dx, dxOff, k, threads);
            return;
        }
        int rows = blockRows(m, k);
        double[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            DoubleGemm.gemm(false, true, mb, k, filters, 1.0, dy, dyOff + r0 * filters, filters, w, wOff, filters,
                    0.0, col, 0, k, threads);
            col2im(g, col, r0, mb, dx, dxOff);
        }
    }

    /** The kernels' {@code conv2dBackwardKernel}: per block, {@code dW += cols^T dy}. */
    static void backwardKernel(Window2d g, int filters, double[] x, int xOff, double[] dy, int dyOff,
                               double[] dw, int dwOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (pointwise(g)) {
            DoubleGemm.gemm(true, false, k, filters, m, 1.0, x, xOff, k, dy, dyOff, filters, 1.0, dw, dwOff, filters, threads);
            return;
        }
        int rows = blockRows(m, k);
        double[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            im2col(g, x, xOff, r0, mb, col);
            DoubleGemm.gemm(true, false, k, filters, mb, 1.0, col, 0, k, dy, dyOff + r0 * filters, filters,
                    1.0, dw, dwOff, filters, threads);
        }
    }

    /**
     * The forward convolution of each output pixel directly, filters in vectors, four at a time: the
     * bias, then one broadcast FMA per window tap in (ky, kx, c) order, the scalar kernels' order (so
     * their bits). For few taps an im2col row is too short for the GEMM to pay for packing it.
     */
    private static void direct(Window2d g, int filters, double[] x, int xOff, double[] w, int wOff,
                               double[] bias, int biasOff, double[] y, int yOff) {
        int c = g.channels();
        int bound = S.loopBound(filters);
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int iy0 = oy * g.strideHeight() - g.padTop();
                int ky0 = Math.max(0, -iy0);
                int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
                for (int ox = 0; ox < g.outWidth(); ox++, yi += filters) {
                    int ix0 = ox * g.strideWidth() - g.padLeft();
                    int kx0 = Math.max(0, -ix0);
                    int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
                    int run = (kx1 - kx0) * c;
                    int f = 0;
                    for (; f + 4 * L <= filters; f += 4 * L) {
                        DoubleVector a0 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, biasOff + f);
                        DoubleVector a1 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, biasOff + f + L);
                        DoubleVector a2 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, biasOff + f + 2 * L);
                        DoubleVector a3 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, biasOff + f + 3 * L);
                        for (int ky = ky0; ky < ky1; ky++) {
                            int xi = xOff + ((n * g.height() + iy0 + ky) * g.width() + ix0 + kx0) * c;
                            int wi = wOff + ((ky * g.windowWidth() + kx0) * c) * filters + f;
                            for (int t = 0; t < run; t++, wi += filters) {
                                DoubleVector v = DoubleVector.broadcast(S, x[xi + t]);
                                a0 = v.fma(DoubleVector.fromArray(S, w, wi), a0);
                                a1 = v.fma(DoubleVector.fromArray(S, w, wi + L), a1);
                                a2 = v.fma(DoubleVector.fromArray(S, w, wi + 2 * L), a2);
                                a3 = v.fma(DoubleVector.fromArray(S, w, wi + 3 * L), a3);
                            }
                        }
                        a0.intoArray(y, yi + f);
                        a1.intoArray(y, yi + f + L);
                        a2.intoArray(y, yi + f + 2 * L);
                        a3.intoArray(y, yi + f + 3 * L);
                    }
                    for (; f < bound; f += L) {
                        DoubleVector acc = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, biasOff + f);
                        for (int ky = ky0; ky < ky1; ky++) {
                            int xi = xOff + ((n * g.height() + iy0 + ky) * g.width() + ix0 + kx0) * c;
                            int wi = wOff + ((ky * g.windowWidth() + kx0) * c) * filters + f;
                            for (int t = 0; t < run; t++, wi += filters) {
                                acc = DoubleVector.broadcast(S, x[xi + t]).fma(DoubleVector.fromArray(S, w, wi), acc);
                            }
                        }
                        acc.intoArray(y, yi + f);
                    }
                    for (; f < filters; f++) {
                        double acc = bias == null ? 0.0 : bias[biasOff + f];
                        for (int ky = ky0; ky < ky1; ky++) {
                            int xi = xOff + ((n * g.height() + iy0 + ky) * g.width() + ix0 + kx0) * c;
                            int wi = wOff + ((ky * g.windowWidth() + kx0) * c) * filters + f;
                            for (int t = 0; t < run; t++, wi += filters) {
                                acc = Math.fma(x[xi + t], w[wi], acc);
                            }
                        }
                        y[yi + f] = acc;
                    }
                }
            }
        }
    }

    /** A 1x1 window with strides 1: no padding, and the input's pixels are the im2col rows. */
    private static boolean pointwise(Window2d g) {
        return g.windowHeight() == 1 && g.windowWidth() == 1 && g.strideHeight() == 1 && g.strideWidth() == 1;
    }

    /** Output pixels per block: as many window rows of k elements as fit the workspace, at least 1. */
    private static int blockRows(int m, int k) {
        return Math.max(1, Math.min(m, WORKSPACE / k));
    }

    /** This thread's im2col buffer, grown to at least {@code size} elements. */
    private static double[] columns(int size) {
        double[] col = COLUMNS.get();
        if (col.length < size) {
            col = new double[size];
            COLUMNS.set(col);
        }
        return col;
    }

    /**
     * Writes the window rows of output pixels {@code r0 .. r0 + mb - 1} (over the whole batch) into
     * {@code col}, one row of {@code windowHeight * windowWidth * channels} per pixel, 0 for padding.
     * Each window row of the image is one contiguous copy of its in-image columns.
     */
    private static void im2col(Window2d g, double[] x, int xOff, int r0, int mb, double[] col) {
        int c = g.channels();
        int kw = g.windowWidth();
        int rowLen = kw * c;
        int perImage = g.outHeight() * g.outWidth();
        int dst = 0;
        for (int r = r0; r < r0 + mb; r++) {
            int n = r / perImage;
            int q = r - n * perImage;
            int oy = q / g.outWidth();
            int ox = q - oy * g.outWidth();
            int iy0 = oy * g.strideHeight() - g.padTop();
            int ix0 = ox * g.strideWidth() - g.padLeft();
            int kx0 = Math.max(0, -ix0);
            int kx1 = Math.min(kw, g.width() - ix0);
            for (int ky = 0; ky < g.windowHeight(); ky++, dst += rowLen) {
                int iy = iy0 + ky;
                if (iy < 0 || iy >= g.height()) {
                    Arrays.fill(col, dst, dst + rowLen, 0.0);
                    continue;
                }
                Arrays.fill(col, dst, dst + kx0 * c, 0.0);
                System.arraycopy(x, xOff + ((n * g.height() + iy) * g.width() + ix0 + kx0) * c,
                        col, dst + kx0 * c, (kx1 - kx0) * c);
                Arrays.fill(col, dst + kx1 * c, dst + rowLen, 0.0);
            }
        }
    }

    /**
     * Adds the window rows' gradients of output pixels {@code r0 .. r0 + mb - 1} back into dx, pixel
     * by pixel and window row by window row, skipping the padding: the adjoint of {@link #im2col}.
     */
    private static void col2im(Window2d g, double[] col, int r0, int mb, double[] dx, int dxOff) {
        int c = g.channels();
        int kw = g.windowWidth();
        int rowLen = kw * c;
        int perImage = g.outHeight() * g.outWidth();
        int src = 0;
        for (int r = r0; r < r0 + mb; r++) {
            int n = r / perImage;
            int q = r - n * perImage;
            int oy = q / g.outWidth();
            int ox = q - oy * g.outWidth();
            int iy0 = oy * g.strideHeight() - g.padTop();
            int ix0 = ox * g.strideWidth() - g.padLeft();
            int kx0 = Math.max(0, -ix0);
            int kx1 = Math.min(kw, g.width() - ix0);
            for (int ky = 0; ky < g.windowHeight(); ky++, src += rowLen) {
                int iy = iy0 + ky;
                if (iy >= 0 && iy < g.height()) {
                    addInto((kx1 - kx0) * c, col, src + kx0 * c, dx, dxOff + ((n * g.height() + iy) * g.width() + ix0 + kx0) * c);
                }
            }
        }
    }

    /** {@code dst[i] += src[i]} for {@code i < n}. */
    private static void addInto(int n, double[] src, int srcOff, double[] dst, int dstOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, dst, dstOff + i).add(DoubleVector.fromArray(S, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
