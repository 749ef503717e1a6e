package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.Window2d;
import dev.vectorgrad.kernels.internal.KernelPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Float 2-D convolution on checked arguments, as im2col and {@link FloatGemm}: the output pixels
 * are taken in blocks whose window rows (im2col rows of {@code windowHeight * windowWidth *
 * channels}, copied from the channels-last input with zeros for the padding) fill at most
 * {@link #WORKSPACE} elements of a per-thread buffer, and each block is one GEMM by the kernel,
 * which Keras's {@code [kh, kw, in, out]} layout makes a row-major {@code [kh * kw * in, out]}
 * matrix with no copy. A 1x1 window with strides 1 needs no im2col: the input is the GEMM operand.
 * A forward pass with few taps and many filters is computed directly instead ({@link #DIRECT_TAPS}), and so
 * are the input and kernel gradients with few taps and few filters ({@link #DIRECT_TAPS_BACKWARD}). Past
 * those, the input gradient with channels in whole strips of two vectors, and the kernel gradient of an
 * unpadded window with whole vectors of filters, are computed in place, with no im2col buffer
 * ({@link #backwardInputInPlace}, {@link #backwardKernelInPlace}): measured with float on AVX-512 (16
 * lanes), one thread, 256 images 13x13x32 to 64 filters 3x3 (288 taps), the input gradient 12.1 against
 * 17.0 ms by GEMM and col2im, the kernel gradient 12.2 against 16.7 ms by im2col and GEMM (best of 40 calls,
 * rough numbers on a shared machine). The direct and in-place routes split their work by images or by
 * taps, never by a sum, so each element has the same bits at any thread count.
 */
final class FloatConv {

    /**
     * Most window taps ({@code windowHeight * windowWidth * channels}) of the forward pass done
     * {@link #direct directly} (with at least 2 vectors of filters). The first version (one pixel at a
     * time, four vectors of filters) measured, with float on AVX2 (8 lanes), one thread, 256 images 28x28
     * (13x13 for 32 and 64 channels), 3x3 windows, against im2col and GEMM: 9 taps, 32 filters 5.0
     * against 10.5 ms; 72 taps 16.7 against 24.2; 288 taps, 64 filters 39.5 against 23.5. With four-pixel
     * tiles over a packed kernel: 9 taps, 32 filters 4.6 ms; 288 taps, 64 filters 23.1 against 24.0 by GEMM
     * (on a shared machine, load 4 to 10 on 2 cores: rough numbers, best of 20 to 30 calls or JMH means).
     */
    static final int DIRECT_TAPS = 288;

    /**
     * Most window taps ({@code windowHeight * windowWidth * channels}) of the input and kernel gradients
     * done directly ({@link #backwardInputDirect}, {@link #backwardKernelDirect}; when the filters are 1 to
     * 4 whole vectors): the GEMMs {@code dy W^T} and {@code cols^T dy} then have as few columns or rows as
     * taps, too few to fill their micro-kernel, and col2im adds the columns back one short run at a time.
     * Measured with float on AVX2 (8 lanes), one thread, 256 images 28x28x1, 3x3 window, 32 filters (9
     * taps): input gradient 17.7 ms by GEMM and col2im against 8.5 ms directly; kernel gradient 10.1 ms by
     * GEMM (best of 30 calls on a shared machine, load 2 to 5 on 2 cores: rough numbers).
     */
    static final int DIRECT_TAPS_BACKWARD = 72;

    /** Most elements of one im2col block (a block has at least one row, however long). */
    static final int WORKSPACE = 1 << 17;

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<int[]> CORNERS = ThreadLocal.withInitial(() -> new int[0]);

    private FloatConv() {
    }

    /** The kernels' {@code conv2d}. */
    static void conv2d(Window2d g, int filters, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] y, int yOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (k <= DIRECT_TAPS && filters >= 2 * L) {
            direct(g, filters, x, xOff, w, wOff, bias, biasOff, y, yOff, threads);
            return;
        }
        if (bias != null) {
            for (int r = 0; r < m; r++) {
                System.arraycopy(bias, biasOff, y, yOff + r * filters, filters);
            }
        }
        float beta = bias == null ? 0f : 1f;
        if (pointwise(g)) {
            FloatGemm.gemm(false, false, m, filters, k, 1f, x, xOff, k, w, wOff, filters, beta, y, yOff, filters, threads);
            return;
        }
        int rows = blockRows(m, k);
        float[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            im2col(g, x, xOff, r0, mb, col);
            FloatGemm.gemm(false, false, mb, filters, k, 1f, col, 0, k, w, wOff, filters,
                    beta, y, yOff + r0 * filters, filters, threads);
        }
    }

    /** The kernels' {@code conv2dBackwardInput}: per block, the window rows' gradient {@code dy W^T}, added back (col2im). */
    static void backwardInput(Window2d g, int filters, float[] dy, int dyOff, float[] w, int wOff,
                              float[] dx, int dxOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (pointwise(g)) {
            FloatGemm.gemm(false, true, m, k, filters, 1f, dy, dyOff, filters, w, wOff, filters, 1f, dx, dxOff, k, threads);
            return;
        }
        if (k <= DIRECT_TAPS_BACKWARD && filters % L == 0 && filters <= 4 * L) {
            backwardInputDirect(g, filters, dy, dyOff, w, wOff, dx, dxOff, threads);
            return;
        }
        if (g.channels() % (2 * L) == 0) {
            backwardInputInPlace(g, filters, dy, dyOff, w, wOff, dx, dxOff, threads);
            return;
        }
        int rows = blockRows(m, k);
        float[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            FloatGemm.gemm(false, true, mb, k, filters, 1f, dy, dyOff + r0 * filters, filters, w, wOff, filters,
                    0f, col, 0, k, threads);
            col2im(g, col, r0, mb, dx, dxOff);
        }
    }

    /**
     * The input gradient with the channels in whole strips of {@code 2 L}, added straight into dx (no window
     * rows in between): the kernel transposed by strips ({@link #transposeStrips}), then each image on its own
     * (the images are the parts the threads share, so each element's sum has one order at any thread count),
     * its output pixels in blocks of {@link #blockRows} (their {@code dy} stays in the L2 cache), and per
     * block, per strip of {@code 2 L} taps (one window position, {@code 2 L} channels), {@link #TILE} pixels at
     * a time, 8 accumulators over the filters; the pixels past the last tile one at a time. A tap that falls on
     * the padding is computed and not added.
     */
    private static void backwardInputInPlace(Window2d g, int filters, float[] dy, int dyOff, float[] w, int wOff,
                                             float[] dx, int dxOff, int threads) {
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        float[] wt = columns(k * filters);
        transposeStrips(k, filters, w, wOff, wt);
        int perImage = g.outHeight() * g.outWidth();
        int rows = blockRows(perImage, k);
        KernelPool.run(g.batch(), threads, n -> {
            int[] corners = corners(3 * rows);
            for (int q0 = 0; q0 < perImage; q0 += rows) {
                int mb = Math.min(rows, perImage - q0);
                for (int p = 0; p < mb; p++) {
                    int oy = (q0 + p) / g.outWidth();
                    int iy0 = oy * g.strideHeight() - g.padTop();
                    int ix0 = (q0 + p - oy * g.outWidth()) * g.strideWidth() - g.padLeft();
                    corners[3 * p] = dxOff + ((n * g.height() + iy0) * g.width() + ix0) * g.channels();
                    corners[3 * p + 1] = iy0;
                    corners[3 * p + 2] = ix0;
                }
                windowGradients(g, filters, mb, corners, dy, dyOff + (n * perImage + q0) * filters, wt, dx);
            }
        });
    }

    /**
     * The kernel {@code w[wOff + t * filters + f]} ({@code taps} a multiple of {@code 2 L}) into {@code wt} by
     * strips of {@code 2 L} taps: per strip, per filter, the strip's {@code 2 L} weights.
     */
    private static void transposeStrips(int taps, int filters, float[] w, int wOff, float[] wt) {
        for (int t = 0; t < taps; t++) {
            int strip = (t / (2 * L)) * filters * 2 * L + t % (2 * L);
            for (int f = 0; f < filters; f++) {
                wt[strip + f * 2 * L] = w[wOff + t * filters + f];
            }
        }
    }

    /**
     * One block's part of {@link #backwardInputInPlace}: {@code mb} output pixels from {@code dy[dyOff]}, each
     * with its window corner's index in dx, row and column in {@code corners} (three ints per pixel).
     */
    private static void windowGradients(Window2d g, int filters, int mb, int[] corners, float[] dy, int dyOff,
                                        float[] wt, float[] dx) {
        int c = g.channels();
        int pixelsTiled = mb - mb % TILE;
        for (int ky = 0, strip = 0; ky < g.windowHeight(); ky++) {
            for (int kx = 0; kx < g.windowWidth(); kx++) {
                int o = (ky * g.width() + kx) * c;
                for (int ch = 0; ch < c; ch += 2 * L, strip += 2 * L * filters) {
                    for (int p = 0; p < pixelsTiled; p += TILE) {
                        int d0 = dyOff + p * filters;
                        FloatVector a00 = FloatVector.zero(S);
                        FloatVector a01 = FloatVector.zero(S);
                        FloatVector a10 = FloatVector.zero(S);
                        FloatVector a11 = FloatVector.zero(S);
                        FloatVector a20 = FloatVector.zero(S);
                        FloatVector a21 = FloatVector.zero(S);
                        FloatVector a30 = FloatVector.zero(S);
                        FloatVector a31 = FloatVector.zero(S);
                        for (int f = 0, wi = strip; f < filters; f++, wi += 2 * L) {
                            FloatVector w0 = FloatVector.fromArray(S, wt, wi);
                            FloatVector w1 = FloatVector.fromArray(S, wt, wi + L);
                            FloatVector v = FloatVector.broadcast(S, dy[d0 + f]);
                            a00 = v.fma(w0, a00);
                            a01 = v.fma(w1, a01);
                            v = FloatVector.broadcast(S, dy[d0 + filters + f]);
                            a10 = v.fma(w0, a10);
                            a11 = v.fma(w1, a11);
                            v = FloatVector.broadcast(S, dy[d0 + 2 * filters + f]);
                            a20 = v.fma(w0, a20);
                            a21 = v.fma(w1, a21);
                            v = FloatVector.broadcast(S, dy[d0 + 3 * filters + f]);
                            a30 = v.fma(w0, a30);
                            a31 = v.fma(w1, a31);
                        }
                        addInto(g, corners, p, ky, kx, o + ch, a00, a01, dx);
                        addInto(g, corners, p + 1, ky, kx, o + ch, a10, a11, dx);
                        addInto(g, corners, p + 2, ky, kx, o + ch, a20, a21, dx);
                        addInto(g, corners, p + 3, ky, kx, o + ch, a30, a31, dx);
                    }
                    for (int p = pixelsTiled; p < mb; p++) {
                        int d0 = dyOff + p * filters;
                        FloatVector a0 = FloatVector.zero(S);
                        FloatVector a1 = FloatVector.zero(S);
                        for (int f = 0, wi = strip; f < filters; f++, wi += 2 * L) {
                            FloatVector v = FloatVector.broadcast(S, dy[d0 + f]);
                            a0 = v.fma(FloatVector.fromArray(S, wt, wi), a0);
                            a1 = v.fma(FloatVector.fromArray(S, wt, wi + L), a1);
                        }
                        addInto(g, corners, p, ky, kx, o + ch, a0, a1, dx);
                    }
                }
            }
        }
    }

    /**
     * {@code a0} and {@code a1} added into dx at {@code o} past pixel p's window corner, unless window position
     * {@code (ky, kx)} of that pixel falls on the padding.
     */
    private static void addInto(Window2d g, int[] corners, int p, int ky, int kx, int o, FloatVector a0,
                                FloatVector a1, float[] dx) {
        int iy = corners[3 * p + 1] + ky;
        int ix = corners[3 * p + 2] + kx;
        if (iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width()) {
            int i = corners[3 * p] + o;
            FloatVector.fromArray(S, dx, i).add(a0).intoArray(dx, i);
            FloatVector.fromArray(S, dx, i + L).add(a1).intoArray(dx, i + L);
        }
    }

    /**
     * The input gradient gathered per input element: {@code dx[n, iy, ix, c] +=} the sum over the window
     * taps {@code (ky, kx)} whose output pixel {@code (oy, ox) = ((iy + padTop - ky) / sh, (ix + padLeft
     * - kx) / sw)} exists of {@code dy[n, oy, ox, :] . kernel[ky, kx, c, :]}, the filters in up to four
     * vectors, each summed over the taps on its own, then the vectors added and their lanes reduced.
     */
    private static void backwardInputDirect(Window2d g, int filters, float[] dy, int dyOff, float[] w, int wOff,
                                            float[] dx, int dxOff, int threads) {
        int c = g.channels();
        int kh = g.windowHeight();
        int kw = g.windowWidth();
        int sh = g.strideHeight();
        int sw = g.strideWidth();
        int vectors = filters / L;
        int outW = g.outWidth();
        KernelPool.run(g.batch(), threads, n -> {
            int dyImage = dyOff + n * g.outHeight() * outW * filters;
            int dxi = dxOff + n * g.height() * g.width() * c;
            for (int iy = 0; iy < g.height(); iy++) {
                // the taps ky = kyFirst, kyFirst + sh, ... reach output rows oyFirst, oyFirst - 1, ...
                int ty = iy + g.padTop();
                int kyFirst = ty % sh;
                int oyFirst = ty / sh;
                for (int ix = 0; ix < g.width(); ix++, dxi += c) {
                    int tx = ix + g.padLeft();
                    int kxFirst = tx % sw;
                    int oxFirst = tx / sw;
                    for (int ch = 0; ch < c; ch++) {
                        FloatVector a0 = FloatVector.zero(S);
                        FloatVector a1 = FloatVector.zero(S);
                        FloatVector a2 = FloatVector.zero(S);
                        FloatVector a3 = FloatVector.zero(S);
                        for (int ky = kyFirst, oy = oyFirst; ky < kh && oy >= 0; ky += sh, oy--) {
                            if (oy >= g.outHeight()) {
                                continue;
                            }
                            for (int kx = kxFirst, ox = oxFirst; kx < kw && ox >= 0; kx += sw, ox--) {
                                if (ox >= outW) {
                                    continue;
                                }
                                int di = dyImage + (oy * outW + ox) * filters;
                                int wi = wOff + ((ky * kw + kx) * c + ch) * filters;
                                a0 = FloatVector.fromArray(S, dy, di).fma(FloatVector.fromArray(S, w, wi), a0);
                                if (vectors > 1) {
                                    a1 = FloatVector.fromArray(S, dy, di + L).fma(FloatVector.fromArray(S, w, wi + L), a1);
                                }
                                if (vectors > 2) {
                                    a2 = FloatVector.fromArray(S, dy, di + 2 * L)
                                            .fma(FloatVector.fromArray(S, w, wi + 2 * L), a2);
                                }
                                if (vectors > 3) {
                                    a3 = FloatVector.fromArray(S, dy, di + 3 * L)
                                            .fma(FloatVector.fromArray(S, w, wi + 3 * L), a3);
                                }
                            }
                        }
                        dx[dxi + ch] += a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
                    }
                }
            }
        });
    }

    /** The kernels' {@code conv2dBackwardKernel}: per block, {@code dW += cols^T dy}. */
    static void backwardKernel(Window2d g, int filters, float[] x, int xOff, float[] dy, int dyOff,
                               float[] dw, int dwOff, int threads) {
        int m = (int) g.outputPixels();
        int k = g.windowHeight() * g.windowWidth() * g.channels();
        if (m == 0) {
            return;
        }
        if (pointwise(g)) {
            FloatGemm.gemm(true, false, k, filters, m, 1f, x, xOff, k, dy, dyOff, filters, 1f, dw, dwOff, filters, threads);
            return;
        }
        if (k <= DIRECT_TAPS_BACKWARD && filters % L == 0 && filters <= 4 * L) {
            backwardKernelDirect(g, filters, x, xOff, dy, dyOff, dw, dwOff);
            return;
        }
        if (filters % L == 0 && unpadded(g)) {
            backwardKernelInPlace(g, filters, x, xOff, dy, dyOff, dw, dwOff, threads);
            return;
        }
        int rows = blockRows(m, k);
        float[] col = columns(rows * k);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mb = Math.min(rows, m - r0);
            im2col(g, x, xOff, r0, mb, col);
            FloatGemm.gemm(true, false, k, filters, mb, 1f, col, 0, k, dy, dyOff + r0 * filters, filters,
                    1f, dw, dwOff, filters, threads);
        }
    }

    /**
     * The kernel gradient of a window with no padding (every tap of every output pixel in the image), read
     * from the image in place: the taps in groups of three, shared by the threads in contiguous ranges (each
     * gradient element is one thread's); per range, output rows in blocks of about {@link #WORKSPACE} / taps
     * pixels (their {@code dy} stays in the L2 cache), and per block, filters in chunks of up to four vectors
     * and the range's groups ({@link #kernelTapsInPlace}), the accumulators in registers across the block. An
     * FMA per output pixel in pixel order per element: the scalar kernels' order, so their bits at any thread
     * count.
     */
    private static void backwardKernelInPlace(Window2d g, int filters, float[] x, int xOff, float[] dy, int dyOff,
                                              float[] dw, int dwOff, int threads) {
        int c = g.channels();
        int rowTaps = g.windowWidth() * c;
        int k = g.windowHeight() * rowTaps;
        int rows = g.batch() * g.outHeight();
        int rowsPerBlock = Math.max(1, WORKSPACE / (k * g.outWidth()));
        int groups = (k + 2) / 3;
        int parts = Math.min(threads, groups);
        KernelPool.run(parts, threads, part -> {
            int first = (int) ((long) groups * part / parts);
            int last = (int) ((long) groups * (part + 1) / parts);
            for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
                int r1 = Math.min(rows, r0 + rowsPerBlock);
                for (int f0 = 0; f0 < filters; f0 += 4 * L) {
                    int vectors = Math.min(4, (filters - f0) / L);
                    for (int t0 = 3 * first; t0 < 3 * last; t0 += 3) {
                        int taps = Math.min(3, k - t0);
                        // each tap's offset in the image from its pixel's window corner
                        int o0 = tapOffset(g, rowTaps, t0);
                        int o1 = taps > 1 ? tapOffset(g, rowTaps, t0 + 1) : o0;
                        int o2 = taps > 2 ? tapOffset(g, rowTaps, t0 + 2) : o0;
                        kernelTapsInPlace(g, filters, vectors, taps, o0, o1, o2, r0, r1, x, xOff, dy, dyOff + f0,
                                dw, dwOff + t0 * filters + f0);
                    }
                }
            }
        });
    }

    /** Where window tap {@code t} ({@code (ky, kx, channel)} in that order) lies from its window's corner in the image. */
    private static int tapOffset(Window2d g, int rowTaps, int t) {
        int ky = t / rowTaps;
        return ky * g.width() * g.channels() + (t - ky * rowTaps);
    }

    /**
     * {@code dw[t] += sum over the output pixels of rows r0 .. r1 - 1 (over the batch) of x[corner + o_t] *
     * dy[pixel]} for {@code t < taps} (1 to 3), the {@code vectors} (1 to 4) vectors of filters from
     * {@code dy[dyOff]} held in registers; {@code dw[wi]} is tap t0's row of the kernel gradient at the chunk's
     * first filter.
     */
    private static void kernelTapsInPlace(Window2d g, int filters, int vectors, int taps, int o0, int o1, int o2,
                                          int r0, int r1, float[] x, int xOff, float[] dy, int dyOff, float[] dw,
                                          int wi) {
        boolean has1 = taps > 1;
        boolean has2 = taps > 2;
        FloatVector a00 = FloatVector.fromArray(S, dw, wi);
        FloatVector a01 = vectors > 1 ? FloatVector.fromArray(S, dw, wi + L) : a00;
        FloatVector a02 = vectors > 2 ? FloatVector.fromArray(S, dw, wi + 2 * L) : a00;
        FloatVector a03 = vectors > 3 ? FloatVector.fromArray(S, dw, wi + 3 * L) : a00;
        FloatVector a10 = has1 ? FloatVector.fromArray(S, dw, wi + filters) : a00;
        FloatVector a11 = has1 && vectors > 1 ? FloatVector.fromArray(S, dw, wi + filters + L) : a00;
        FloatVector a12 = has1 && vectors > 2 ? FloatVector.fromArray(S, dw, wi + filters + 2 * L) : a00;
        FloatVector a13 = has1 && vectors > 3 ? FloatVector.fromArray(S, dw, wi + filters + 3 * L) : a00;
        FloatVector a20 = has2 ? FloatVector.fromArray(S, dw, wi + 2 * filters) : a00;
        FloatVector a21 = has2 && vectors > 1 ? FloatVector.fromArray(S, dw, wi + 2 * filters + L) : a00;
        FloatVector a22 = has2 && vectors > 2 ? FloatVector.fromArray(S, dw, wi + 2 * filters + 2 * L) : a00;
        FloatVector a23 = has2 && vectors > 3 ? FloatVector.fromArray(S, dw, wi + 2 * filters + 3 * L) : a00;
        int outH = g.outHeight();
        int outW = g.outWidth();
        int pixelStep = g.strideWidth() * g.channels();
        for (int r = r0; r < r1; r++) {
            int n = r / outH;
            int corner = xOff + (n * g.height() + (r - n * outH) * g.strideHeight()) * g.width() * g.channels();
            for (int ox = 0, di = dyOff + r * outW * filters; ox < outW; ox++, corner += pixelStep, di += filters) {
                FloatVector d0 = FloatVector.fromArray(S, dy, di);
                FloatVector d1 = vectors > 1 ? FloatVector.fromArray(S, dy, di + L) : d0;
                FloatVector d2 = vectors > 2 ? FloatVector.fromArray(S, dy, di + 2 * L) : d0;
                FloatVector d3 = vectors > 3 ? FloatVector.fromArray(S, dy, di + 3 * L) : d0;
                FloatVector v = FloatVector.broadcast(S, x[corner + o0]);
                a00 = v.fma(d0, a00);
                a01 = v.fma(d1, a01);
                a02 = v.fma(d2, a02);
                a03 = v.fma(d3, a03);
                v = FloatVector.broadcast(S, x[corner + o1]);
                a10 = v.fma(d0, a10);
                a11 = v.fma(d1, a11);
                a12 = v.fma(d2, a12);
                a13 = v.fma(d3, a13);
                v = FloatVector.broadcast(S, x[corner + o2]);
                a20 = v.fma(d0, a20);
                a21 = v.fma(d1, a21);
                a22 = v.fma(d2, a22);
                a23 = v.fma(d3, a23);
            }
        }
        a00.intoArray(dw, wi);
        if (vectors > 1) {
            a01.intoArray(dw, wi + L);
        }
        if (vectors > 2) {
            a02.intoArray(dw, wi + 2 * L);
        }
        if (vectors > 3) {
            a03.intoArray(dw, wi + 3 * L);
        }
        if (has1) {
            a10.intoArray(dw, wi + filters);
            if (vectors > 1) {
                a11.intoArray(dw, wi + filters + L);
            }
            if (vectors > 2) {
                a12.intoArray(dw, wi + filters + 2 * L);
            }
            if (vectors > 3) {
                a13.intoArray(dw, wi + filters + 3 * L);
            }
        }
        if (has2) {
            a20.intoArray(dw, wi + 2 * filters);
            if (vectors > 1) {
                a21.intoArray(dw, wi + 2 * filters + L);
            }
            if (vectors > 2) {
                a22.intoArray(dw, wi + 2 * filters + 2 * L);
            }
            if (vectors > 3) {
                a23.intoArray(dw, wi + 2 * filters + 3 * L);
            }
        }
    }

    /**
     * The kernel gradient summed directly, in the scalar kernels' order per element (an FMA per output
     * pixel in pixel order, so their bits): for each output row and window row, the taps of that window
     * row ({@code windowWidth * channels} of them) three at a time, their (up to four) vectors of filters
     * held in registers across the row's pixels, each pixel's {@code dy} loaded once for the three; taps
     * that fall on the padding are skipped. With few taps the GEMM {@code cols^T dy} has too few rows to
     * fill its micro-kernel.
     */
    private static void backwardKernelDirect(Window2d g, int filters, float[] x, int xOff, float[] dy, int dyOff,
                                             float[] dw, int dwOff) {
        int c = g.channels();
        int kw = g.windowWidth();
        int sw = g.strideWidth();
        int rowTaps = kw * c;
        int outW = g.outWidth();
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int dyRow = dyOff + ((n * g.outHeight() + oy) * outW) * filters;
                for (int ky = 0; ky < g.windowHeight(); ky++) {
                    int iy = oy * g.strideHeight() + ky - g.padTop();
                    if (iy < 0 || iy >= g.height()) {
                        continue;
                    }
                    int xRow = xOff + (n * g.height() + iy) * g.width() * c;
                    for (int t0 = 0; t0 < rowTaps; t0 += 3) {
                        kernelTaps(g, filters, Math.min(3, rowTaps - t0), t0, x, xRow, dy, dyRow, dw,
                                dwOff + (ky * rowTaps + t0) * filters, sw, outW);
                    }
                }
            }
        }
    }

    /**
     * {@code dw[t] += sum over the row's output pixels of x[pixel, tap t0 + t] * dy[pixel]} for {@code t <
     * taps} (1 to 3) of one window row, filters in {@code filters / L} (1 to 4) vectors; {@code dw[wi]} is
     * tap t0's row of the kernel gradient.
     */
    private static void kernelTaps(Window2d g, int filters, int taps, int t0, float[] x, int xRow, float[] dy,
                                   int dyRow, float[] dw, int wi, int sw, int outW) {
        int c = g.channels();
        int width = g.width();
        int vectors = filters / L;
        // tap t0 + t sits at column kx = (t0 + t) / c of the window row, element t0 + t of the window row's run
        int kx0 = t0 / c;
        int kx1 = (t0 + 1) / c;
        int kx2 = (t0 + 2) / c;
        boolean has1 = taps > 1;
        boolean has2 = taps > 2;
        FloatVector a00 = FloatVector.fromArray(S, dw, wi);
        FloatVector a01 = vectors > 1 ? FloatVector.fromArray(S, dw, wi + L) : a00;
        FloatVector a02 = vectors > 2 ? FloatVector.fromArray(S, dw, wi + 2 * L) : a00;
        FloatVector a03 = vectors > 3 ? FloatVector.fromArray(S, dw, wi + 3 * L) : a00;
        FloatVector a10 = has1 ? FloatVector.fromArray(S, dw, wi + filters) : a00;
        FloatVector a11 = has1 && vectors > 1 ? FloatVector.fromArray(S, dw, wi + filters + L) : a00;
        FloatVector a12 = has1 && vectors > 2 ? FloatVector.fromArray(S, dw, wi + filters + 2 * L) : a00;
        FloatVector a13 = has1 && vectors > 3 ? FloatVector.fromArray(S, dw, wi + filters + 3 * L) : a00;
        FloatVector a20 = has2 ? FloatVector.fromArray(S, dw, wi + 2 * filters) : a00;
        FloatVector a21 = has2 && vectors > 1 ? FloatVector.fromArray(S, dw, wi + 2 * filters + L) : a00;
        FloatVector a22 = has2 && vectors > 2 ? FloatVector.fromArray(S, dw, wi + 2 * filters + 2 * L) : a00;
        FloatVector a23 = has2 && vectors > 3 ? FloatVector.fromArray(S, dw, wi + 2 * filters + 3 * L) : a00;
        for (int ox = 0, di = dyRow; ox < outW; ox++, di += filters) {
            int ix0 = ox * sw - g.padLeft();
            FloatVector d0 = FloatVector.fromArray(S, dy, di);
            FloatVector d1 = vectors > 1 ? FloatVector.fromArray(S, dy, di + L) : d0;
            FloatVector d2 = vectors > 2 ? FloatVector.fromArray(S, dy, di + 2 * L) : d0;
            FloatVector d3 = vectors > 3 ? FloatVector.fromArray(S, dy, di + 3 * L) : d0;
            int ix = ix0 + kx0;
            if (ix >= 0 && ix < width) {
                FloatVector v = FloatVector.broadcast(S, x[xRow + ix0 * c + t0]);
                a00 = v.fma(d0, a00);
                a01 = v.fma(d1, a01);
                a02 = v.fma(d2, a02);
                a03 = v.fma(d3, a03);
            }
            ix = ix0 + kx1;
            if (has1 && ix >= 0 && ix < width) {
                FloatVector v = FloatVector.broadcast(S, x[xRow + ix0 * c + t0 + 1]);
                a10 = v.fma(d0, a10);
                a11 = v.fma(d1, a11);
                a12 = v.fma(d2, a12);
                a13 = v.fma(d3, a13);
            }
            ix = ix0 + kx2;
            if (has2 && ix >= 0 && ix < width) {
                FloatVector v = FloatVector.broadcast(S, x[xRow + ix0 * c + t0 + 2]);
                a20 = v.fma(d0, a20);
                a21 = v.fma(d1, a21);
                a22 = v.fma(d2, a22);
                a23 = v.fma(d3, a23);
            }
        }
        a00.intoArray(dw, wi);
        if (vectors > 1) {
            a01.intoArray(dw, wi + L);
        }
        if (vectors > 2) {
            a02.intoArray(dw, wi + 2 * L);
        }
        if (vectors > 3) {
            a03.intoArray(dw, wi + 3 * L);
        }
        if (has1) {
            a10.intoArray(dw, wi + filters);
            if (vectors > 1) {
                a11.intoArray(dw, wi + filters + L);
            }
            if (vectors > 2) {
                a12.intoArray(dw, wi + filters + 2 * L);
            }
            if (vectors > 3) {
                a13.intoArray(dw, wi + filters + 3 * L);
            }
        }
        if (has2) {
            a20.intoArray(dw, wi + 2 * filters);
            if (vectors > 1) {
                a21.intoArray(dw, wi + 2 * filters + L);
            }
            if (vectors > 2) {
                a22.intoArray(dw, wi + 2 * filters + 2 * L);
            }
            if (vectors > 3) {
                a23.intoArray(dw, wi + 2 * filters + 3 * L);
            }
        }
    }

    /**
     * The forward convolution computed directly, in the scalar kernels' order per element (the bias,
     * then one FMA per window tap in (ky, kx, c) order, so their bits): for few taps an im2col row is too
     * short for the GEMM to pay for packing it, and for more the copies cost what the products do. Output
     * pixels whose window lies wholly inside the image go {@link #TILE} at a time in row-major order (a tile
     * may span rows, so no pixel is computed twice), filters {@code 2 L} at a time ({@link #tile}): each tap
     * is two vector loads of the kernel, four broadcasts
     * and eight FMAs, the GEMM micro-kernel's shape with the image read in place. The kernel is packed
     * first, {@code 2 L} filters per strip and contiguous per tap, and each image is swept strip by strip,
     * so a strip stays in the L1 cache while its image is read. The other pixels, and the filters past the
     * last {@code 2 L} or the last whole tile, go one pixel at a time ({@link #pixel}). The images are the
     * threads' parts.
     */
    private static void direct(Window2d g, int filters, float[] x, int xOff, float[] w, int wOff,
                               float[] bias, int biasOff, float[] y, int yOff, int threads) {
        int c = g.channels();
        int kh = g.windowHeight();
        int kw = g.windowWidth();
        int sw = g.strideWidth();
        int taps = kh * kw * c;
        int rowStep = g.width() * c;
        // the output pixels whose window lies wholly inside the image, rows oyLo .. oyHi and columns oxLo .. oxHi,
        // taken TILE at a time in row-major order (a tile may span rows); the last count % TILE go one at a time
        int oyLo = (g.padTop() + g.strideHeight() - 1) / g.strideHeight();
        int oyHi = Math.floorDiv(g.height() - kh + g.padTop(), g.strideHeight());
        int oxLo = (g.padLeft() + sw - 1) / sw;
        int oxHi = Math.floorDiv(g.width() - kw + g.padLeft(), sw);
        int across = Math.max(0, oxHi - oxLo + 1);
        int inside = Math.max(0, oyHi - oyLo + 1) * across;
        int tiledPixels = inside - inside % TILE;
        int strips = filters / (2 * L);
        int tiled = strips * 2 * L;
        // the kernel's first strips * 2L filters, strip by strip: 2L contiguous floats per tap
        float[] packed = columns(strips * taps * 2 * L);
        for (int s = 0, at = 0; s < strips; s++) {
            for (int t = 0; t < taps; t++, at += 2 * L) {
                System.arraycopy(w, wOff + t * filters + s * 2 * L, packed, at, 2 * L);
            }
        }
        int perImage = g.outHeight() * g.outWidth() * filters;
        KernelPool.run(g.batch(), threads, n -> {
            int yn = yOff + n * perImage;
            int xn = xOff + n * g.height() * rowStep;
            for (int s = 0; s < strips; s++) {
                // the tile's four pixels walk the inside pixels in row-major order: (oy, ox) is the next one
                for (int i = 0, oy = oyLo, ox = oxLo; i < tiledPixels; i += TILE) {
                    int q0 = oy * g.outWidth() + ox;
                    int x0 = xn + corner(g, oy, ox);
                    if (++ox > oxHi) {
                        ox = oxLo;
                        oy++;
                    }
                    int q1 = oy * g.outWidth() + ox;
                    int x1 = xn + corner(g, oy, ox);
                    if (++ox > oxHi) {
                        ox = oxLo;
                        oy++;
                    }
                    int q2 = oy * g.outWidth() + ox;
                    int x2 = xn + corner(g, oy, ox);
                    if (++ox > oxHi) {
                        ox = oxLo;
                        oy++;
                    }
                    int q3 = oy * g.outWidth() + ox;
                    int x3 = xn + corner(g, oy, ox);
                    if (++ox > oxHi) {
                        ox = oxLo;
                        oy++;
                    }
                    int f = yn + s * 2 * L;
                    tile(kh, kw * c, rowStep, x, x0, x1, x2, x3, packed, s * taps * 2 * L, bias,
                            bias == null ? 0 : biasOff + s * 2 * L, y, f + q0 * filters, f + q1 * filters,
                            f + q2 * filters, f + q3 * filters);
                }
            }
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int i = (oy - oyLo) * across + ox - oxLo;
                    boolean inTile = oy >= oyLo && oy <= oyHi && ox >= oxLo && ox <= oxHi && i < tiledPixels;
                    if (!inTile || tiled < filters) {
                        pixel(g, filters, inTile ? tiled : 0, x, xOff, w, wOff, bias, biasOff, y,
                                yn + (oy * g.outWidth() + ox) * filters, n, oy, ox);
                    }
                }
            }
        });
    }

    /** Where the window of output pixel {@code (oy, ox)} has its first tap, from its image's start. */
    private static int corner(Window2d g, int oy, int ox) {
        return ((oy * g.strideHeight() - g.padTop()) * g.width() + ox * g.strideWidth() - g.padLeft()) * g.channels();
    }

    /**
     * Output pixels a {@link #tile} computes at once: with two vectors of filters, 8 accumulators. Six
     * pixels (12 accumulators) measured 33.0 against 15.6 ms for 256 images 13x13x32 to 64 filters, with
     * float on AVX2, one thread (the accumulators no longer stay in registers).
     */
    static final int TILE = 4;

    /**
     * {@link #TILE} output pixels, {@code 2 L} filters of a packed kernel strip from {@code w[wi]} ({@code 2 L}
     * floats per tap): each window row is a contiguous run of {@code run = windowWidth * channels} taps of the
     * image, the pixels' first rows from {@code x[x0]} to {@code x[x3]}, rows {@code rowStep} apart; the
     * results go to {@code y[y0]} to {@code y[y3]}.
     */
    private static void tile(int kh, int run, int rowStep, float[] x, int x0, int x1, int x2, int x3, float[] w,
                             int wi, float[] bias, int bi, float[] y, int y0, int y1, int y2, int y3) {
        FloatVector b0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bi);
        FloatVector b1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bi + L);
        FloatVector a00 = b0;
        FloatVector a01 = b1;
        FloatVector a10 = b0;
        FloatVector a11 = b1;
        FloatVector a20 = b0;
        FloatVector a21 = b1;
        FloatVector a30 = b0;
        FloatVector a31 = b1;
        for (int ky = 0; ky < kh; ky++) {
            int r0 = x0 + ky * rowStep;
            int r1 = x1 + ky * rowStep;
            int r2 = x2 + ky * rowStep;
            int r3 = x3 + ky * rowStep;
            int wr = wi + ky * run * 2 * L;
            for (int t = 0; t < run; t++, wr += 2 * L) {
                FloatVector w0 = FloatVector.fromArray(S, w, wr);
                FloatVector w1 = FloatVector.fromArray(S, w, wr + L);
                FloatVector v = FloatVector.broadcast(S, x[r0 + t]);
                a00 = v.fma(w0, a00);
                a01 = v.fma(w1, a01);
                v = FloatVector.broadcast(S, x[r1 + t]);
                a10 = v.fma(w0, a10);
                a11 = v.fma(w1, a11);
                v = FloatVector.broadcast(S, x[r2 + t]);
                a20 = v.fma(w0, a20);
                a21 = v.fma(w1, a21);
                v = FloatVector.broadcast(S, x[r3 + t]);
                a30 = v.fma(w0, a30);
                a31 = v.fma(w1, a31);
            }
        }
        a00.intoArray(y, y0);
        a01.intoArray(y, y0 + L);
        a10.intoArray(y, y1);
        a11.intoArray(y, y1 + L);
        a20.intoArray(y, y2);
        a21.intoArray(y, y2 + L);
        a30.intoArray(y, y3);
        a31.intoArray(y, y3 + L);
    }

    /**
     * Filters {@code f0 ..} of output pixel {@code (n, oy, ox)} into {@code y[yi ..]}: four vectors of
     * filters at a time, then one, then one filter at a time, over the window clipped to the image.
     */
    private static void pixel(Window2d g, int filters, int f0, float[] x, int xOff, float[] w, int wOff,
                              float[] bias, int biasOff, float[] y, int yi, int n, int oy, int ox) {
        int c = g.channels();
        int bound = S.loopBound(filters);
        int iy0 = oy * g.strideHeight() - g.padTop();
        int ky0 = Math.max(0, -iy0);
        int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
        int ix0 = ox * g.strideWidth() - g.padLeft();
        int kx0 = Math.max(0, -ix0);
        int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
        int run = (kx1 - kx0) * c;
        int f = f0;
        for (; f + 4 * L <= filters; f += 4 * L) {
            FloatVector a0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + f);
            FloatVector a1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + f + L);
            FloatVector a2 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + f + 2 * L);
            FloatVector a3 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + f + 3 * L);
            for (int ky = ky0; ky < ky1; ky++) {
                int xi = xOff + ((n * g.height() + iy0 + ky) * g.width() + ix0 + kx0) * c;
                int wi = wOff + ((ky * g.windowWidth() + kx0) * c) * filters + f;
                for (int t = 0; t < run; t++, wi += filters) {
                    FloatVector v = FloatVector.broadcast(S, x[xi + t]);
                    a0 = v.fma(FloatVector.fromArray(S, w, wi), a0);
                    a1 = v.fma(FloatVector.fromArray(S, w, wi + L), a1);
                    a2 = v.fma(FloatVector.fromArray(S, w, wi + 2 * L), a2);
                    a3 = v.fma(FloatVector.fromArray(S, w, wi + 3 * L), a3);
                }
            }
            a0.intoArray(y, yi + f);
            a1.intoArray(y, yi + f + L);
            a2.intoArray(y, yi + f + 2 * L);
            a3.intoArray(y, yi + f + 3 * L);
        }
        for (; f < bound; f += L) {
            FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, biasOff + f);
            for (int ky = ky0; ky < ky1; ky++) {
                int xi = xOff + ((n * g.height() + iy0 + ky) * g.width() + ix0 + kx0) * c;
                int wi = wOff + ((ky * g.windowWidth() + kx0) * c) * filters + f;
                for (int t = 0; t < run; t++, wi += filters) {
                    acc = FloatVector.broadcast(S, x[xi + t]).fma(FloatVector.fromArray(S, w, wi), acc);
                }
            }
            acc.intoArray(y, yi + f);
        }
        for (; f < filters; f++) {
            float acc = bias == null ? 0f : bias[biasOff + f];
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

    /** No padding on any side: every tap of every output pixel's window lies in the image. */
    private static boolean unpadded(Window2d g) {
        return g.padTop() == 0 && g.padBottom() == 0 && g.padLeft() == 0 && g.padRight() == 0;
    }

    /** A 1x1 window with strides 1: no padding, and the input's pixels are the im2col rows. */
    private static boolean pointwise(Window2d g) {
        return g.windowHeight() == 1 && g.windowWidth() == 1 && g.strideHeight() == 1 && g.strideWidth() == 1;
    }

    /** Output pixels per block: as many window rows of k elements as fit the workspace, at least 1. */
    private static int blockRows(int m, int k) {
        return Math.max(1, Math.min(m, WORKSPACE / k));
    }

    /** This thread's buffer of window corners, grown to at least {@code size} elements. */
    private static int[] corners(int size) {
        int[] corners = CORNERS.get();
        if (corners.length < size) {
            corners = new int[size];
            CORNERS.set(corners);
        }
        return corners;
    }

    /** This thread's im2col buffer, grown to at least {@code size} elements. */
    private static float[] columns(int size) {
        float[] col = COLUMNS.get();
        if (col.length < size) {
            col = new float[size];
            COLUMNS.set(col);
        }
        return col;
    }

    /**
     * Writes the window rows of output pixels {@code r0 .. r0 + mb - 1} (over the whole batch) into
     * {@code col}, one row of {@code windowHeight * windowWidth * channels} per pixel, 0 for padding.
     * Each window row of the image is one contiguous copy of its in-image columns.
     */
    private static void im2col(Window2d g, float[] x, int xOff, int r0, int mb, float[] col) {
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
                    Arrays.fill(col, dst, dst + rowLen, 0f);
                    continue;
                }
                Arrays.fill(col, dst, dst + kx0 * c, 0f);
                System.arraycopy(x, xOff + ((n * g.height() + iy) * g.width() + ix0 + kx0) * c,
                        col, dst + kx0 * c, (kx1 - kx0) * c);
                Arrays.fill(col, dst + kx1 * c, dst + rowLen, 0f);
            }
        }
    }

    /**
     * Adds the window rows' gradients of output pixels {@code r0 .. r0 + mb - 1} back into dx, pixel
     * by pixel and window row by window row, skipping the padding: the adjoint of {@link #im2col}.
     */
    private static void col2im(Window2d g, float[] col, int r0, int mb, float[] dx, int dxOff) {
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
    private static void addInto(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
