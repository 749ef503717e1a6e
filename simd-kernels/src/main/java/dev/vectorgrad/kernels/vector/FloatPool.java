package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float max and average pooling on checked arguments. Channels-last storage makes the channels of
 * a pixel contiguous, so each window position is one vector load per {@code L} channels and the
 * window is reduced lane-wise; channels past the last full vector take the same steps one at a time.
 * The window is clipped to the image once per output pixel ({@code ky0 .. ky1}, {@code kx0 .. kx1};
 * never empty, see {@link Window2d}). Every element sees the same operations in the same order as
 * in the scalar kernels, so the results are the same bits.
 */
final class FloatPool {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();

    private FloatPool() {
    }

    /** The kernels' {@code maxPool2d}. */
    static void maxPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        int c = g.channels();
        int bound = S.loopBound(c);
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int iy0 = oy * g.strideHeight() - g.padTop();
                int ky0 = Math.max(0, -iy0);
                int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
                for (int ox = 0; ox < g.outWidth(); ox++, yi += c) {
                    int ix0 = ox * g.strideWidth() - g.padLeft();
                    int kx0 = Math.max(0, -ix0);
                    int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
                    // the window's top-left pixel inside the image, and the distance between image rows
                    int first = xOff + ((n * g.height() + iy0 + ky0) * g.width() + ix0 + kx0) * c;
                    int rowStep = g.width() * c;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector best = FloatVector.fromArray(S, x, first + ch);
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                FloatVector v = FloatVector.fromArray(S, x, at);
                                VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                                best = best.blend(v, take);
                            }
                        }
                        best.intoArray(y, yi + ch);
                    }
                    for (; ch < c; ch++) {
                        y[yi + ch] = x[argmax(x, first + ch, ky1 - ky0, kx1 - kx0, rowStep, c)];
                    }
                }
            }
        }
    }

    /**
     * Index of the first largest element (NaN larger than any number) of a window of
     * {@code rows x cols} elements from {@code first}, rows {@code rowStep} apart, columns {@code c} apart.
     */
    private static int argmax(float[] x, int first, int rows, int cols, int rowStep, int c) {
        int best = first;
        for (int ky = 0, row = first; ky < rows; ky++, row += rowStep) {
            for (int kx = 0, at = row; kx < cols; kx++, at += c) {
                float v = x[at];
                if (!Float.isNaN(x[best]) && (v > x[best] || Float.isNaN(v))) {
                    best = at;
                }
            }
        }
        return best;
    }

    /**
     * The kernels' {@code maxPool2dBackward}: per output pixel and L channels, the maximum is found
     * again as in {@link #maxPool2d}, then a second pass over the window adds dy at the first element
     * equal to it (NaN matching NaN), lanes already served masked off.
     */
    static void maxPool2dBackward(Window2d g, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int c = g.channels();
        int bound = S.loopBound(c);
        int toDx = dxOff - xOff;
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int iy0 = oy * g.strideHeight() - g.padTop();
                int ky0 = Math.max(0, -iy0);
                int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
                for (int ox = 0; ox < g.outWidth(); ox++, dyi += c) {
                    int ix0 = ox * g.strideWidth() - g.padLeft();
                    int kx0 = Math.max(0, -ix0);
                    int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
                    int first = xOff + ((n * g.height() + iy0 + ky0) * g.width() + ix0 + kx0) * c;
                    int rowStep = g.width() * c;
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector best = FloatVector.fromArray(S, x, first + ch);
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                FloatVector v = FloatVector.fromArray(S, x, at);
                                VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                                best = best.blend(v, take);
                            }
                        }
                        VectorMask<Float> bestIsNaN = best.test(VectorOperators.IS_NAN);
                        FloatVector d = FloatVector.fromArray(S, dy, dyi + ch);
                        VectorMask<Float> done = S.maskAll(false);
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                FloatVector v = FloatVector.fromArray(S, x, at);
                                VectorMask<Float> hit = v.compare(VectorOperators.EQ, best)
                                        .or(v.test(VectorOperators.IS_NAN).and(bestIsNaN)).andNot(done);
                                FloatVector.fromArray(S, dx, at + toDx).add(d, hit).intoArray(dx, at + toDx);
                                done = done.or(hit);
                            }
                        }
                    }
                    for (; ch < c; ch++) {
                        dx[argmax(x, first + ch, ky1 - ky0, kx1 - kx0, rowStep, c) + toDx] += dy[dyi + ch];
                    }
                }
            }
        }
    }

    /** The kernels' {@code avgPool2d}: the window's in-image pixels summed in row-major order, divided by their count. */
    static void avgPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) {
        int c = g.channels();
        int bound = S.loopBound(c);
        int yi = yOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int iy0 = oy * g.strideHeight() - g.padTop();
                int ky0 = Math.max(0, -iy0);
                int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
                for (int ox = 0; ox < g.outWidth(); ox++, yi += c) {
                    int ix0 = ox * g.strideWidth() - g.padLeft();
                    int kx0 = Math.max(0, -ix0);
                    int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
                    int first = xOff + ((n * g.height() + iy0 + ky0) * g.width() + ix0 + kx0) * c;
                    int rowStep = g.width() * c;
                    float count = (float) ((ky1 - ky0) * (kx1 - kx0));
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector sum = FloatVector.zero(S);
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                sum = sum.add(FloatVector.fromArray(S, x, at));
                            }
                        }
                        sum.div(count).intoArray(y, yi + ch);
                    }
                    for (; ch < c; ch++) {
                        float sum = 0f;
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                sum += x[at];
                            }
                        }
                        y[yi + ch] = sum / count;
                    }
                }
            }
        }
    }

    /** The kernels' {@code avgPool2dBackward}: {@code dy / count} added to each in-image pixel of the window. */
    static void avgPool2dBackward(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff) {
        int c = g.channels();
        int bound = S.loopBound(c);
        int dyi = dyOff;
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int iy0 = oy * g.strideHeight() - g.padTop();
                int ky0 = Math.max(0, -iy0);
                int ky1 = Math.min(g.windowHeight(), g.height() - iy0);
                for (int ox = 0; ox < g.outWidth(); ox++, dyi += c) {
                    int ix0 = ox * g.strideWidth() - g.padLeft();
                    int kx0 = Math.max(0, -ix0);
                    int kx1 = Math.min(g.windowWidth(), g.width() - ix0);
                    int first = dxOff + ((n * g.height() + iy0 + ky0) * g.width() + ix0 + kx0) * c;
                    int rowStep = g.width() * c;
                    float count = (float) ((ky1 - ky0) * (kx1 - kx0));
                    int ch = 0;
                    for (; ch < bound; ch += L) {
                        FloatVector share = FloatVector.fromArray(S, dy, dyi + ch).div(count);
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                FloatVector.fromArray(S, dx, at).add(share).intoArray(dx, at);
                            }
                        }
                    }
                    for (; ch < c; ch++) {
                        float share = dy[dyi + ch] / count;
                        for (int ky = ky0, row = first + ch; ky < ky1; ky++, row += rowStep) {
                            for (int kx = kx0, at = row; kx < kx1; kx++, at += c) {
                                dx[at] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
