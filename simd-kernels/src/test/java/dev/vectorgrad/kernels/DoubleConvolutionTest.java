// Generated from FloatConvolutionTest.java by tools/Twins.java: do not edit (edit FloatConvolutionTest.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact small cases of the double convolution and pooling kernels, run against both the scalar and
 * the vector implementation. Every expected value is worked out by hand in the comments (small
 * integers, so every summation order is exact), or, for the one large case, by a plain loop over the
 * definition written here. Covers valid and same padding (an odd same pad, whose extra row and
 * column go at the end), strides 1 and 2 and unequal strides, several channels and filters (19
 * channels: a full vector and a tail at every width), bias and no bias, the 1x1 window, the
 * accumulating backward kernels, ties and NaN in max pooling, and the argument checks.
 */
class DoubleConvolutionTest {

    static Stream<DoubleKernels> impls() {
        return Stream.of(Kernels.scalar().f64(), Kernels.vector().f64());
    }

    /** x = 1..9 as a 3x3 image of one channel; K = [[1, 2], [3, 4]] as a 2x2 kernel of one filter. */
    private static final double[] X9 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final double[] K4 = {1, 2, 3, 4};

    private static double[] conv(DoubleKernels k, Window2d g, int filters, double[] x, double[] w, double[] bias) {
        double[] y = new double[(int) g.outputPixels() * filters];
        k.conv2d(g, filters, x, 0, w, 0, bias, 0, y, 0);
        return y;
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convValidStrideOneWithAndWithoutBias(DoubleKernels k) {
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID);
        assertEquals(2, g.outHeight());
        assertEquals(2, g.outWidth());
        // y[0,0] = 1*1 + 2*2 + 4*3 + 5*4 = 37; y[0,1] = 2 + 6 + 15 + 24 = 47; y[1,0] = 4 + 10 + 21 + 32 = 67; y[1,1] = 77
        assertArrayEquals(new double[] {37, 47, 67, 77}, conv(k, g, 1, X9, K4, null));
        assertArrayEquals(new double[] {47, 57, 77, 87}, conv(k, g, 1, X9, K4, new double[] {10}));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convSameWithAnOddPadPutsTheExtraRowAndColumnAtTheEnd(DoubleKernels k) {
        // 3x3 input, 2x2 kernel, stride 1: out 3x3, total pad (3 - 1) + 2 - 3 = 1, all of it at the bottom and right.
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.SAME);
        assertEquals(0, g.padTop());
        assertEquals(0, g.padLeft());
        // right column: y[0,2] = 3*1 + 6*3 = 21, y[1,2] = 6*1 + 9*3 = 33; bottom row: y[2,0] = 7*1 + 8*2 = 23,
        // y[2,1] = 8 + 18 = 26; corner y[2,2] = 9*1. (A pad at the top-left would give y[0,0] = 1*4 = 4.)
        assertArrayEquals(new double[] {37, 47, 21, 67, 77, 33, 23, 26, 9}, conv(k, g, 1, X9, K4, null));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convSameStrideTwoWithAnOddPad(DoubleKernels k) {
        // 4x4 input 1..16, 3x3 kernel of ones, stride 2: out ceil(4 / 2) = 2, total pad (2 - 1) * 2 + 3 - 4 = 1, at the end.
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        Window2d g = Window2d.of(1, 4, 4, 1, 3, 3, 2, 2, Padding.SAME);
        assertEquals(2, g.outHeight());
        assertEquals(0, g.padTop());
        // y[0,0] = rows 0-2, cols 0-2: 6 + 18 + 30 = 54; y[0,1] = cols 2-3: 7 + 15 + 23 = 45;
        // y[1,0] = rows 2-3, cols 0-2: 30 + 42 = 72; y[1,1] = 11 + 12 + 15 + 16 = 54.
        assertArrayEquals(new double[] {54, 45, 72, 54}, conv(k, g, 1, x, ones, null));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convValidStrideTwoAndUnequalStrides(DoubleKernels k) {
        double[] x = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i] = i + 1;
        }
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        // 5x5 input 1..25, 3x3 ones, stride 2: out (5 - 3) / 2 + 1 = 2. y[0,0] = 6 + 21 + 36 = 63,
        // y[0,1] = 12 + 27 + 42 = 81, y[1,0] = 36 + 51 + 66 = 153, y[1,1] = 42 + 57 + 72 = 171.
        assertArrayEquals(new double[] {63, 81, 153, 171}, conv(k, Window2d.of(1, 5, 5, 1, 3, 3, 2, 2, Padding.VALID), 1, x, ones, null));
        // 3x3 input, 2x2 K4, strides 1 down and 2 across: out 2x1, the first column of the stride-1 result.
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 2, Padding.VALID);
        assertEquals(1, g.outWidth());
        assertArrayEquals(new double[] {37, 67}, conv(k, g, 1, X9, K4, null));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convChannelsFiltersAndTheOneByOneWindow(DoubleKernels k) {
        // 2 images of 1x2 pixels, 2 channels: (1,2) (3,4) | (5,6) (7,8). Kernel [1,1,2,3] = [[1,0,2],[0,1,-1]],
        // so each pixel (a, b) gives (a, b, 2a - b), plus the bias (0.5, 0, -1).
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] w = {1, 0, 2, 0, 1, -1};
        Window2d g = Window2d.of(2, 1, 2, 2, 1, 1, 1, 1, Padding.VALID);
        assertArrayEquals(new double[] {1.5, 2, -1, 3.5, 4, 1, 5.5, 6, 3, 7.5, 8, 5},
                conv(k, g, 3, x, w, new double[] {0.5, 0, -1}));
        // The same kernel as a 1x1 window with stride 2 across (not the plain product): only pixels 0 of each image.
        Window2d strided = Window2d.of(2, 1, 2, 2, 1, 1, 1, 2, Padding.VALID);
        assertArrayEquals(new double[] {1, 2, 0, 5, 6, 4}, conv(k, strided, 3, x, w, null));
        // 2x2 window over 2 channels and 2 filters: filter 0 sums channel 0, filter 1 is channel 1 of the
        // bottom-right pixel minus channel 0 of the top-left. One 2x2 image: (1,2) (3,4) / (5,6) (7,8).
        double[] w2 = new double[2 * 2 * 2 * 2];
        for (int p = 0; p < 4; p++) {
            w2[(p * 2) * 2] = 1;            // [ky, kx, c=0, f=0]
        }
        w2[(0 * 2) * 2 + 1] = -1;           // [0, 0, c=0, f=1]
        w2[(3 * 2 + 1) * 2 + 1] = 1;        // [1, 1, c=1, f=1]
        // f0 = 1 + 3 + 5 + 7 = 16; f1 = 8 - 1 = 7
        assertArrayEquals(new double[] {16, 7}, conv(k, Window2d.of(1, 2, 2, 2, 2, 2, 1, 1, Padding.VALID), 2, x, w2, null));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convRespectsOffsetsAndLeavesTheRestAlone(DoubleKernels k) {
        double[] x = new double[3 + 9];
        Arrays.fill(x, Double.NaN);
        System.arraycopy(X9, 0, x, 3, 9);
        double[] w = {Double.NaN, 1, 2, 3, 4};
        double[] bias = {Double.NaN, Double.NaN, 10};
        double[] y = {-1, -1, 0, 0, 0, 0, -1};
        k.conv2d(Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID), 1, x, 3, w, 1, bias, 2, y, 2);
        assertArrayEquals(new double[] {-1, -1, 47, 57, 77, 87, -1}, y);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convBackwardValid(DoubleKernels k) {
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID);
        // dy = ones: dx counts K over the windows covering each pixel, dK sums x over each kernel tap's pixels.
        double[] dx = new double[9];
        k.conv2dBackwardInput(g, 1, new double[] {1, 1, 1, 1}, 0, K4, 0, dx, 0);
        // dx[1,1] = 1 + 2 + 3 + 4 = 10; dx[0,1] = 2 + 1; dx[1,0] = 3 + 1; dx[1,2] = 4 + 2; dx[2,1] = 4 + 3; corners one tap.
        assertArrayEquals(new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, dx);
        double[] dk = new double[4];
        k.conv2dBackwardKernel(g, 1, X9, 0, new double[] {1, 1, 1, 1}, 0, dk, 0);
        // dK[0,0] = 1 + 2 + 4 + 5 = 12, dK[0,1] = 2 + 3 + 5 + 6 = 16, dK[1,0] = 24, dK[1,1] = 28
        assertArrayEquals(new double[] {12, 16, 24, 28}, dk);
        // dy = (1 at (0,0), 2 at (1,1)), added to values already there (100):
        // dx = K at (0,0) + 2K at (1,1); dK = x[top-left 2x2] + 2 x[bottom-right 2x2] = (1 + 10, 2 + 12, 4 + 16, 5 + 18).
        double[] dy = {1, 0, 0, 2};
        double[] dx2 = new double[9];
        Arrays.fill(dx2, 100);
        k.conv2dBackwardInput(g, 1, dy, 0, K4, 0, dx2, 0);
        assertArrayEquals(new double[] {101, 102, 100, 103, 106, 104, 100, 106, 108}, dx2);
        double[] dk2 = {100, 100, 100, 100};
        k.conv2dBackwardKernel(g, 1, X9, 0, dy, 0, dk2, 0);
        assertArrayEquals(new double[] {111, 114, 120, 123}, dk2);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convExplicitSymmetricPadOfOne(DoubleKernels k) {
        // PyTorch's padding=1: X9 padded by a ring of zeros to 5x5, K4 at stride 1 gives (3 + 2 - 2) + 1 = 4 rows and
        // columns. y[0,0] sees only x[0,0] under K[1,1]: 1*4 = 4; y[0,1] = 1*3 + 2*4 = 11; y[0,2] = 2*3 + 3*4 = 18;
        // y[0,3] = 3*3 = 9; y[1,0] = 1*2 + 4*4 = 18; y[1,1..2] = 37, 47 (the valid windows); y[1,3] = 3*1 + 6*3 = 21;
        // y[2,0] = 4*2 + 7*4 = 36; y[2,1..2] = 67, 77; y[2,3] = 6 + 27 = 33; y[3,0] = 7*2 = 14; y[3,1] = 7 + 16 = 23;
        // y[3,2] = 8 + 18 = 26; y[3,3] = 9*1 = 9.
        Window2d g = Window2d.explicit(1, 3, 3, 1, 2, 2, 1, 1, 1, 1, 1, 1);
        assertEquals(4, g.outHeight());
        assertEquals(4, g.outWidth());
        assertEquals(Padding.EXPLICIT, g.padding());
        assertArrayEquals(new double[] {4, 11, 18, 9, 18, 37, 47, 21, 36, 67, 77, 33, 14, 23, 26, 9},
                conv(k, g, 1, X9, K4, null));
        // backward: dy = 1 at (0,0) (it saw x[0,0] under K[1,1] only) and 10 at (3,3) (x[2,2] under K[0,0] only)
        double[] dy = new double[16];
        dy[0] = 1;
        dy[15] = 10;
        double[] dx = new double[9];
        k.conv2dBackwardInput(g, 1, dy, 0, K4, 0, dx, 0);
        assertArrayEquals(new double[] {4, 0, 0, 0, 0, 0, 0, 0, 10}, dx);
        double[] dk = new double[4];
        k.conv2dBackwardKernel(g, 1, X9, 0, dy, 0, dk, 0);
        // dK[0,0] = 10 * x[2,2] = 90, dK[1,1] = 1 * x[0,0] = 1
        assertArrayEquals(new double[] {90, 0, 0, 1}, dk);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convExplicitUnevenPadsAndStrideTwo(DoubleKernels k) {
        // 4x4 input 1..16, 3x3 ones at stride 2, pads top 1, bottom 0, left 0, right 2: out rows (4 + 1 - 3) / 2 + 1 = 2,
        // columns (4 + 2 - 3) / 2 + 1 = 2. Window rows start at -1 and 1, columns at 0 and 2.
        // y[0,0] = rows 0-1, cols 0-2: 1+2+3+5+6+7 = 24; y[0,1] = rows 0-1, cols 2-3: 3+4+7+8 = 22;
        // y[1,0] = rows 1-3, cols 0-2: 5+6+7+9+10+11+13+14+15 = 90; y[1,1] = rows 1-3, cols 2-3: 7+8+11+12+15+16 = 69.
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        Window2d g = Window2d.explicit(1, 4, 4, 1, 3, 3, 2, 2, 1, 0, 0, 2);
        assertEquals(1, g.padTop());
        assertEquals(0, g.padBottom());
        assertEquals(0, g.padLeft());
        assertEquals(2, g.padRight());
        assertArrayEquals(new double[] {24, 22, 90, 69}, conv(k, g, 1, x, ones, null));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void maxAndAvgPoolWithExplicitPadsIgnoreThePadding(DoubleKernels k) {
        // x = -1..-9 on 3x3, 2x2 pool at stride 2, pad 1 each side (PyTorch's MaxPool2d(2, padding=1)): out
        // (3 + 2 - 2) / 2 + 1 = 2. Windows start at -1 and 1: {-1} -> -1; {-2,-3} -> -2; {-4,-7} -> -4;
        // {-5,-6,-8,-9} -> -5. Zeros from the padding would win if counted.
        double[] x = new double[9];
        for (int i = 0; i < 9; i++) {
            x[i] = -(i + 1);
        }
        Window2d g = Window2d.explicit(1, 3, 3, 1, 2, 2, 2, 2, 1, 1, 1, 1);
        double[] y = new double[4];
        k.maxPool2d(g, x, 0, y, 0);
        assertArrayEquals(new double[] {-1, -2, -4, -5}, y);
        double[] dx = new double[9];
        k.maxPool2dBackward(g, x, 0, new double[] {1, 2, 3, 4}, 0, dx, 0);
        assertArrayEquals(new double[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, dx);
        // the average divides by the pixels inside the image: -1, (-2-3)/2, (-4-7)/2, (-5-6-8-9)/4
        k.avgPool2d(g, x, 0, y, 0);
        assertArrayEquals(new double[] {-1, -2.5, -5.5, -7}, y);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convBackwardSameWithAnOddPad(DoubleKernels k) {
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.SAME);
        // dy = 1 at (0,2) and 10 at (2,2). Window (0,2) covers x[0,2] (tap 0,0) and x[1,2] (tap 1,0), its right
        // column is padding; window (2,2) covers only x[2,2] (tap 0,0).
        double[] dy = {0, 0, 1, 0, 0, 0, 0, 0, 10};
        double[] dx = new double[9];
        k.conv2dBackwardInput(g, 1, dy, 0, K4, 0, dx, 0);
        // dx[0,2] = 1 * K[0,0] = 1, dx[1,2] = 1 * K[1,0] = 3, dx[2,2] = 10 * K[0,0] = 10
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 3, 0, 0, 10}, dx);
        double[] dk = new double[4];
        k.conv2dBackwardKernel(g, 1, X9, 0, dy, 0, dk, 0);
        // dK[0,0] = 1 * x[0,2] + 10 * x[2,2] = 3 + 90, dK[1,0] = 1 * x[1,2] = 6, the right taps saw only padding
        assertArrayEquals(new double[] {93, 0, 6, 0}, dk);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convBackwardStrideTwoAndTheOneByOneWindow(DoubleKernels k) {
        // x = 1..25 on 5x5, 3x3 ones, stride 2 valid, dy = 1 at (0,0) and 10 at (1,1):
        // dK = x[rows 0-2, cols 0-2] + 10 x[rows 2-4, cols 2-4], dx = 1 on the first window plus 10 on the last.
        double[] x = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i] = i + 1;
        }
        Window2d g = Window2d.of(1, 5, 5, 1, 3, 3, 2, 2, Padding.VALID);
        double[] dy = {1, 0, 0, 10};
        double[] dk = new double[9];
        k.conv2dBackwardKernel(g, 1, x, 0, dy, 0, dk, 0);
        // tap (ky, kx): x[ky, kx] + 10 x[2 + ky, 2 + kx] = (5 ky + kx + 1) + 10 (5 ky + kx + 13)
        double[] expected = new double[9];
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                expected[ky * 3 + kx] = (5 * ky + kx + 1) + 10 * (5 * ky + kx + 13);
            }
        }
        assertArrayEquals(expected, dk);
        double[] ones = new double[9];
        Arrays.fill(ones, 1);
        double[] dx = new double[25];
        k.conv2dBackwardInput(g, 1, dy, 0, ones, 0, dx, 0);
        // 1 on rows 0-2 x cols 0-2, 10 on rows 2-4 x cols 2-4, 11 where they meet at (2,2)
        double[] dxExpected = new double[25];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                dxExpected[r * 5 + c] = (r <= 2 && c <= 2 ? 1 : 0) + (r >= 2 && c >= 2 ? 10 : 0);
            }
        }
        assertArrayEquals(dxExpected, dx);
        // 1x1 window, 2 channels, 3 filters (the plain product): pixel (a, b) with W [[1,0,2],[0,1,-1]];
        // dy = (1, 1, 1) at pixel 0 and (0, 0, 2) at pixel 1: dx = W dy = (3, 0) and (4, -2);
        // dW[c, f] = sum of x[., c] dy[., f] = [[1, 1, 1 + 6], [2, 2, 2 + 8]] for x = (1,2), (3,4).
        Window2d p = Window2d.of(1, 1, 2, 2, 1, 1, 1, 1, Padding.VALID);
        double[] w = {1, 0, 2, 0, 1, -1};
        double[] dyp = {1, 1, 1, 0, 0, 2};
        double[] dxp = new double[4];
        k.conv2dBackwardInput(p, 3, dyp, 0, w, 0, dxp, 0);
        assertArrayEquals(new double[] {3, 0, 4, -2}, dxp);
        double[] dw = new double[6];
        k.conv2dBackwardKernel(p, 3, new double[] {1, 2, 3, 4}, 0, dyp, 0, dw, 0);
        assertArrayEquals(new double[] {1, 1, 7, 2, 2, 10}, dw);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convOfSmallIntegersOverManyBlocksMatchesTheDefinition(DoubleKernels k) {
        // 4 images 40x40x8, 3x3 kernel, 5 filters, same padding: 6400 pixels x 72 taps, several im2col blocks of 2^17.
        // Values in [-3, 3]: every partial sum is an integer far below 2^24, so every order is exact.
        int batch = 4, h = 40, wd = 40, c = 8, kh = 3, kw = 3, f = 5;
        Window2d g = Window2d.of(batch, h, wd, c, kh, kw, 1, 1, Padding.SAME);
        SplittableRandom r = new SplittableRandom(5);
        double[] x = ints(r, batch * h * wd * c);
        double[] w = ints(r, kh * kw * c * f);
        double[] bias = ints(r, f);
        double[] dy = ints(r, batch * h * wd * f);
        double[] y = new double[batch * h * wd * f];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        k.conv2d(g, f, x, 0, w, 0, bias, 0, y, 0);
        k.conv2dBackwardInput(g, f, dy, 0, w, 0, dx, 0);
        k.conv2dBackwardKernel(g, f, x, 0, dy, 0, dw, 0);
        double[] yExpected = new double[y.length];
        double[] dxExpected = new double[dx.length];
        double[] dwExpected = new double[dw.length];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < wd; ox++) {
                    int out = ((n * h + oy) * wd + ox) * f;
                    for (int q = 0; q < f; q++) {
                        yExpected[out + q] = bias[q];
                    }
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy + ky - 1;   // same padding of a 3x3 window at stride 1: one row and column each side
                            int ix = ox + kx - 1;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                continue;
                            }
                            for (int ch = 0; ch < c; ch++) {
                                int in = ((n * h + iy) * wd + ix) * c + ch;
                                for (int q = 0; q < f; q++) {
                                    int tap = ((ky * kw + kx) * c + ch) * f + q;
                                    yExpected[out + q] += x[in] * w[tap];
                                    dxExpected[in] += dy[out + q] * w[tap];
                                    dwExpected[tap] += x[in] * dy[out + q];
                                }
                            }
                        }
                    }
                }
            }
        }
        assertArrayEquals(yExpected, y);
        assertArrayEquals(dxExpected, dx);
        assertArrayEquals(dwExpected, dw);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void convWithFewTapsAndManyFiltersMatchesTheDefinition(DoubleKernels k) {
        // 2 images 7x6x2, 3x3 window (18 taps), strides 2, same (odd pads), bias: the vector kernels sum such
        // few taps directly, four vectors of filters at a time, then one vector, then one filter; 77 and 83
        // filters reach all three steps at 4, 8 and 16 lanes. Values in [-3, 3]: every sum is exact.
        for (int f : new int[] {77, 83}) {
            Window2d g = Window2d.of(2, 7, 6, 2, 3, 3, 2, 2, Padding.SAME);
            SplittableRandom r = new SplittableRandom(f);
            double[] x = ints(r, g.inputSize());
            double[] w = ints(r, 3 * 3 * 2 * f);
            double[] bias = ints(r, f);
            double[] y = conv(k, g, f, x, w, bias);
            // out 4x3; total pads 2 * 3 + 3 - 7 = 2 (top 1) and 2 * 2 + 3 - 6 = 1 (left 0)
            assertEquals(1, g.padTop());
            assertEquals(0, g.padLeft());
            double[] expected = new double[y.length];
            for (int n = 0; n < 2; n++) {
                for (int oy = 0; oy < 4; oy++) {
                    for (int ox = 0; ox < 3; ox++) {
                        int out = ((n * 4 + oy) * 3 + ox) * f;
                        for (int q = 0; q < f; q++) {
                            expected[out + q] = bias[q];
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = 2 * oy + ky - 1;
                                    int ix = 2 * ox + kx;
                                    for (int ch = 0; ch < 2 && iy >= 0 && iy < 7 && ix < 6; ch++) {
                                        expected[out + q] += x[((n * 7 + iy) * 6 + ix) * 2 + ch] * w[((ky * 3 + kx) * 2 + ch) * f + q];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertArrayEquals(expected, y, f + " filters");
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void directForwardTilesAndDirectGradientsMatchTheDefinition(DoubleKernels k) {
        // 2 images 5x11x2, 3x3 window at strides 1, explicit pads top 1, bottom 0, left 1, right 2: out 4x12.
        // Output columns 1..9 have their whole window inside the image across: the vector kernels' forward pass
        // takes them in four-pixel tiles (the last one moved back to end at column 9, overlapping), the other
        // columns and rows one pixel at a time; 77 filters leave a remainder past the tiles' whole strips. The
        // input gradient with 8 to 64 filters (one to four whole vectors at 4, 8 and 16 lanes) is gathered per
        // input element, and the kernel gradient summed three taps at a time over each output row. Values in
        // [-3, 3]: every sum is exact.
        int h = 5;
        int wd = 11;
        int c = 2;
        int top = 1;
        int left = 1;
        Window2d g = Window2d.explicit(2, h, wd, c, 3, 3, 1, 1, top, 0, left, 2);
        int oh = g.outHeight();
        int ow = g.outWidth();
        assertEquals(4, oh);
        assertEquals(12, ow);
        for (int f : new int[] {8, 16, 32, 64, 77}) {
            SplittableRandom r = new SplittableRandom(f);
            double[] x = ints(r, g.inputSize());
            double[] w = ints(r, 3 * 3 * c * f);
            double[] bias = ints(r, f);
            double[] dy = ints(r, (int) g.outputPixels() * f);
            double[] expected = new double[dy.length];
            double[] expectedDx = new double[x.length];
            double[] expectedDw = new double[w.length];
            for (int n = 0; n < 2; n++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int out = ((n * oh + oy) * ow + ox) * f;
                        for (int q = 0; q < f; q++) {
                            expected[out + q] = bias[q];
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = oy + ky - top;
                                    int ix = ox + kx - left;
                                    for (int ch = 0; ch < c && iy >= 0 && iy < h && ix >= 0 && ix < wd; ch++) {
                                        int xi = ((n * h + iy) * wd + ix) * c + ch;
                                        int wi = ((ky * 3 + kx) * c + ch) * f + q;
                                        expected[out + q] += x[xi] * w[wi];
                                        expectedDx[xi] += dy[out + q] * w[wi];
                                        expectedDw[wi] += x[xi] * dy[out + q];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertArrayEquals(expected, conv(k, g, f, x, w, bias), f + " filters");
            double[] dx = new double[x.length];
            k.conv2dBackwardInput(g, f, dy, 0, w, 0, dx, 0);
            assertArrayEquals(expectedDx, dx, f + " filters, input gradient");
            double[] dw = new double[w.length];
            k.conv2dBackwardKernel(g, f, x, 0, dy, 0, dw, 0);
            assertArrayEquals(expectedDw, dw, f + " filters, kernel gradient");
        }
    }

    // ---- pooling ----

    /** A 4x4 image of one channel with ties and a repeated maximum. */
    private static final double[] P16 = {
        1, 5, 2, 0,
        3, 4, 8, 8,
        0, 9, 1, 1,
        7, 2, 1, 1};

    @ParameterizedTest
    @MethodSource("impls")
    void maxPoolValidStrideTwoTiesGoToTheFirstMaximum(DoubleKernels k) {
        Window2d g = Window2d.of(1, 4, 4, 1, 2, 2, 2, 2, Padding.VALID);
        double[] y = new double[4];
        k.maxPool2d(g, P16, 0, y, 0);
        assertArrayEquals(new double[] {5, 8, 9, 1}, y);
        // Window (0,1) = 2 0 / 8 8: its first 8 is at (1,2); window (1,1) = 1 1 / 1 1: its first 1 is at (2,2).
        double[] dx = new double[16];
        k.maxPool2dBackward(g, P16, 0, new double[] {1, 2, 3, 4}, 0, dx, 0);
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void maxPoolOverNineteenChannels(DoubleKernels k) {
        // Channel ch holds P16 times +1 (even ch) or -1 (odd ch): 19 channels fill a vector and leave a tail at
        // every vector width. Odd channels' maxima are minus the minima 1, 0, 0, 1 of the windows, the zeros
        // -0 (0 * -1); their first maxima are at (0,0), (0,3), (2,0) and (2,2).
        int c = 19;
        double[] x = new double[16 * c];
        for (int p = 0; p < 16; p++) {
            for (int ch = 0; ch < c; ch++) {
                x[p * c + ch] = P16[p] * (ch % 2 == 0 ? 1 : -1);
            }
        }
        Window2d g = Window2d.of(1, 4, 4, c, 2, 2, 2, 2, Padding.VALID);
        double[] y = new double[4 * c];
        k.maxPool2d(g, x, 0, y, 0);
        double[] even = {5, 8, 9, 1};
        double[] odd = {-1, -0.0, -0.0, -1};
        int[] evenAt = {1, 6, 9, 10};
        int[] oddAt = {0, 3, 8, 10};
        double[] dy = new double[4 * c];
        double[] dxExpected = new double[16 * c];
        for (int o = 0; o < 4; o++) {
            for (int ch = 0; ch < c; ch++) {
                assertEquals(ch % 2 == 0 ? even[o] : odd[o], y[o * c + ch], "output " + o + " channel " + ch);
                dy[o * c + ch] = 100 * o + ch;
                dxExpected[(ch % 2 == 0 ? evenAt[o] : oddAt[o]) * c + ch] = 100 * o + ch;
            }
        }
        double[] dx = new double[16 * c];
        k.maxPool2dBackward(g, x, 0, dy, 0, dx, 0);
        assertArrayEquals(dxExpected, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void maxPoolOfSignedZerosKeepsTheFirst(DoubleKernels k) {
        // One row of two pixels, 19 channels, a 1x2 window: -0 then +0 gives -0 (neither is larger than the
        // other, the first wins), +0 then -0 gives +0; the gradient goes to the first pixel either way.
        int c = 19;
        Window2d g = Window2d.of(1, 1, 2, c, 1, 2, 1, 1, Padding.VALID);
        for (double first : new double[] {-0.0, 0.0}) {
            double[] x = new double[2 * c];
            for (int ch = 0; ch < c; ch++) {
                x[ch] = first;
                x[c + ch] = -first;
            }
            double[] y = new double[c];
            k.maxPool2d(g, x, 0, y, 0);
            double[] dy = new double[c];
            double[] expectedY = new double[c];
            double[] expectedDx = new double[2 * c];
            for (int ch = 0; ch < c; ch++) {
                expectedY[ch] = first;
                dy[ch] = ch + 1;
                expectedDx[ch] = ch + 1;
            }
            assertArrayEquals(expectedY, y, "first pixel " + first);
            double[] dx = new double[2 * c];
            k.maxPool2dBackward(g, x, 0, dy, 0, dx, 0);
            assertArrayEquals(expectedDx, dx, "first pixel " + first);
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void maxPoolOverlappingWindowsAddUpAtASharedMaximum(DoubleKernels k) {
        // 2x2 windows at stride 1 over 3x3 with the 9 in the middle: every window's maximum is the 9.
        double[] x = {1, 2, 3, 4, 9, 5, 6, 7, 8};
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID);
        double[] y = new double[4];
        k.maxPool2d(g, x, 0, y, 0);
        assertArrayEquals(new double[] {9, 9, 9, 9}, y);
        double[] dx = new double[9];
        Arrays.fill(dx, 0.5);
        k.maxPool2dBackward(g, x, 0, new double[] {1, 2, 3, 4}, 0, dx, 0);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 10.5, 0.5, 0.5, 0.5, 0.5}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void maxPoolSameIgnoresThePaddingAndNaNWins(DoubleKernels k) {
        // x = -1..-9 on 3x3, 2x2 pool, stride 2, same: out 2x2, pad 1 at the bottom and right. Windows:
        // {-1,-2,-4,-5} -> -1; {-3,-6} -> -3; {-7,-8} -> -7; {-9}. Zeros from the padding would win if counted.
        double[] x = new double[9];
        for (int i = 0; i < 9; i++) {
            x[i] = -(i + 1);
        }
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 2, 2, Padding.SAME);
        double[] y = new double[4];
        k.maxPool2d(g, x, 0, y, 0);
        assertArrayEquals(new double[] {-1, -3, -7, -9}, y);
        double[] dx = new double[9];
        k.maxPool2dBackward(g, x, 0, new double[] {1, 2, 3, 4}, 0, dx, 0);
        assertArrayEquals(new double[] {1, 0, 2, 0, 0, 0, 3, 0, 4}, dx);
        // NaN counts as the largest: the window holding NaNs gives NaN, the gradient goes to the first NaN, at (0,1),
        // not to the 100 after it.
        x[4] = Double.NaN;
        x[3] = 100;
        x[1] = Double.NaN;
        k.maxPool2d(g, x, 0, y, 0);
        assertTrue(Double.isNaN(y[0]), "a window holding NaN gives NaN");
        assertArrayEquals(new double[] {-3, -7, -9}, Arrays.copyOfRange(y, 1, 4));
        Arrays.fill(dx, 0);
        k.maxPool2dBackward(g, x, 0, new double[] {1, 2, 3, 4}, 0, dx, 0);
        assertArrayEquals(new double[] {0, 1, 2, 0, 0, 0, 3, 0, 4}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void avgPoolSameDividesByThePixelsInsideTheImage(DoubleKernels k) {
        // x = 1..9, 2x2 pool, stride 2, same (pad at the end): (1+2+4+5)/4 = 3, (3+6)/2 = 4.5, (7+8)/2 = 7.5, 9/1.
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 2, 2, Padding.SAME);
        double[] y = new double[4];
        k.avgPool2d(g, X9, 0, y, 0);
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, y);
        // dy = (4, 6, 10, 3): 4/4 = 1 to each of the first window's pixels, 6/2 = 3 to (0,2) and (1,2),
        // 10/2 = 5 to (2,0) and (2,1), 3 to (2,2); added to what dx holds (1).
        double[] dx = new double[9];
        Arrays.fill(dx, 1);
        k.avgPool2dBackward(g, new double[] {4, 6, 10, 3}, 0, dx, 0);
        assertArrayEquals(new double[] {2, 2, 4, 2, 2, 4, 6, 6, 4}, dx);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void avgPoolOverlappingWindowsAndNineteenChannels(DoubleKernels k) {
        // Channel ch holds 1..9 times (ch + 1); 2x2 windows at stride 1: (1+2+4+5)/4 = 3, 4, 6, 7 times (ch + 1).
        int c = 19;
        double[] x = new double[9 * c];
        for (int p = 0; p < 9; p++) {
            for (int ch = 0; ch < c; ch++) {
                x[p * c + ch] = (p + 1) * (ch + 1);
            }
        }
        Window2d g = Window2d.of(1, 3, 3, c, 2, 2, 1, 1, Padding.VALID);
        double[] y = new double[4 * c];
        k.avgPool2d(g, x, 0, y, 0);
        double[] base = {3, 4, 6, 7};
        for (int o = 0; o < 4; o++) {
            for (int ch = 0; ch < c; ch++) {
                assertEquals(base[o] * (ch + 1), y[o * c + ch], "output " + o + " channel " + ch);
            }
        }
        // dy = 4 (ch + 1) everywhere: each pixel gets (ch + 1) from every window covering it: 1, 2, 1 / 2, 4, 2 / 1, 2, 1.
        double[] dy = new double[4 * c];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = 4 * (i % c + 1);
        }
        double[] dx = new double[9 * c];
        k.avgPool2dBackward(g, dy, 0, dx, 0);
        double[] covers = {1, 2, 1, 2, 4, 2, 1, 2, 1};
        for (int p = 0; p < 9; p++) {
            for (int ch = 0; ch < c; ch++) {
                assertEquals(covers[p] * (ch + 1), dx[p * c + ch], "pixel " + p + " channel " + ch);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void poolingRespectsOffsets(DoubleKernels k) {
        double[] x = new double[2 + 16];
        Arrays.fill(x, Double.NaN);
        System.arraycopy(P16, 0, x, 2, 16);
        Window2d g = Window2d.of(1, 4, 4, 1, 2, 2, 2, 2, Padding.VALID);
        double[] y = {-1, 0, 0, 0, 0, -1};
        k.maxPool2d(g, x, 2, y, 1);
        assertArrayEquals(new double[] {-1, 5, 8, 9, 1, -1}, y);
        k.avgPool2d(g, x, 2, y, 1);
        // (1+5+3+4)/4, (2+0+8+8)/4, (0+9+7+2)/4, 1
        assertArrayEquals(new double[] {-1, 3.25, 4.5, 4.5, 1, -1}, y);
        double[] dx = new double[3 + 16];
        k.maxPool2dBackward(g, x, 2, new double[] {9, 1, 2, 3, 4}, 1, dx, 3);
        assertEquals(1, dx[3 + 1]);
        assertEquals(4, dx[3 + 10]);
        k.avgPool2dBackward(g, new double[] {9, 4, 4, 4, 4}, 1, dx, 3);
        assertEquals(2, dx[3 + 1]);
        assertEquals(0, dx[0]);
    }

    // ---- geometry and arguments ----

    @Test
    void geometryFollowsTensorFlow() {
        Window2d g = Window2d.of(2, 28, 28, 1, 3, 3, 1, 1, Padding.VALID);
        assertEquals(26, g.outHeight());
        assertEquals(2L * 26 * 26, g.outputPixels());
        // same, 5x5 window at stride 1: total pad 4, 2 each side; 4x4 window: total 3, 1 before and 2 after
        assertEquals(2, Window2d.of(1, 7, 7, 1, 5, 5, 1, 1, Padding.SAME).padTop());
        Window2d even = Window2d.of(1, 7, 9, 1, 4, 4, 1, 1, Padding.SAME);
        assertEquals(1, even.padTop());
        assertEquals(1, even.padLeft());
        assertEquals(7, even.outHeight());
        assertEquals(9, even.outWidth());
        // same, stride 3 across 10 columns: ceil(10 / 3) = 4 columns, total pad (4 - 1) * 3 + 2 - 10 = 1 -> left 0
        Window2d strided = Window2d.of(1, 10, 10, 1, 2, 2, 1, 3, Padding.SAME);
        assertEquals(4, strided.outWidth());
        assertEquals(10, strided.outHeight());
        assertEquals(0, strided.padLeft());
        // a window smaller than the stride: valid (10 - 1) / 3 + 1 = 4, same 4 with no padding
        assertEquals(4, Window2d.of(1, 10, 10, 1, 1, 1, 3, 3, Padding.VALID).outWidth());
        assertEquals(0, Window2d.of(1, 10, 10, 1, 1, 1, 3, 3, Padding.SAME).padLeft());
        // a window larger than the image is fine with same padding
        assertEquals(1, Window2d.of(1, 2, 2, 1, 5, 5, 2, 2, Padding.SAME).outHeight());
        assertEquals(0, Window2d.of(0, 3, 3, 1, 2, 2, 1, 1, Padding.VALID).outputPixels());
    }

    @Test
    void explicitPadsAreCheckedByName() {
        assertEquals(3, Window2d.explicit(1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 0, 0).outHeight());
        assertEquals(1, Window2d.explicit(1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 0, 0).outWidth());
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 3, 3, 1, 1, -1, 0, 0, 0),
                "Window2d: the top pad must be in [0, 2] (smaller than the window of 3), but is -1");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 3, 3, 1, 1, 0, 3, 0, 0),
                "Window2d: the bottom pad must be in [0, 2] (smaller than the window of 3), but is 3");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 2, 0),
                "Window2d: the left pad must be in [0, 1] (smaller than the window of 2), but is 2");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 0, 5),
                "Window2d: the right pad must be in [0, 1] (smaller than the window of 2), but is 5");
        assertMessage(() -> Window2d.explicit(1, 1, 3, 1, 4, 2, 1, 1, 1, 1, 0, 0),
                "Window2d: the 4x2 window is larger than the 1x3 image padded by 1, 1 (top, bottom) and 0, 0 (left, right)");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 2, 2, 0, 1, 0, 0, 0, 0),
                "Window2d: stride height must be >= 1, but is 0");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.EXPLICIT),
                "Window2d: padding EXPLICIT needs the pads: use Window2d.explicit");
        Window2d same = Window2d.of(1, 7, 9, 1, 4, 4, 1, 1, Padding.SAME);
        assertEquals(2, same.padBottom(), "same: total 3, the larger half after");
        assertEquals(2, same.padRight());
    }

    @Test
    void badGeometryIsRejectedByName() {
        assertMessage(() -> Window2d.of(-1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID), "Window2d: batch must be >= 0, but is -1");
        assertMessage(() -> Window2d.of(1, 0, 3, 1, 2, 2, 1, 1, Padding.VALID), "Window2d: height must be >= 1, but is 0");
        assertMessage(() -> Window2d.of(1, 3, -2, 1, 2, 2, 1, 1, Padding.VALID), "Window2d: width must be >= 1, but is -2");
        assertMessage(() -> Window2d.of(1, 3, 3, 0, 2, 2, 1, 1, Padding.VALID), "Window2d: channels must be >= 1, but is 0");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 0, 2, 1, 1, Padding.VALID), "Window2d: window height must be >= 1, but is 0");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 2, -1, 1, 1, Padding.VALID), "Window2d: window width must be >= 1, but is -1");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 2, 2, 0, 1, Padding.VALID), "Window2d: stride height must be >= 1, but is 0");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 2, 2, 1, -3, Padding.VALID), "Window2d: stride width must be >= 1, but is -3");
        assertMessage(() -> Window2d.of(1, 3, 3, 1, 4, 2, 1, 1, Padding.VALID),
                "Window2d: the 4x2 window is larger than the 3x3 image with padding VALID");
        assertMessage(() -> Window2d.of(1 << 16, 1 << 8, 1 << 8, 1, 1, 1, 1, 1, Padding.VALID),
                "Window2d: the input [65536, 256, 256, 1] has 4294967296 elements, more than an array holds");
        NullPointerException e = assertThrows(NullPointerException.class, () -> Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, null));
        assertEquals("Window2d: padding is null", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("impls")
    void badArraysAreRejectedByNameBeforeAnyWrite(DoubleKernels k) {
        Window2d g = Window2d.of(1, 3, 3, 1, 2, 2, 1, 1, Padding.VALID);
        double[] y = {42, 42, 42, 42};
        assertMessage(() -> k.conv2d(g, 1, new double[8], 0, K4, 0, null, 0, y, 0),
                "conv2d: x needs 9 elements from offset 0, but its length is 8");
        assertMessage(() -> k.conv2d(g, 1, X9, 0, K4, 1, null, 0, y, 0),
                "conv2d: kernel needs 4 elements from offset 1, but its length is 4");
        assertMessage(() -> k.conv2d(g, 2, X9, 0, new double[8], 0, new double[1], 0, new double[8], 0),
                "conv2d: bias needs 2 elements from offset 0, but its length is 1");
        assertMessage(() -> k.conv2d(g, 1, X9, 0, K4, 0, null, 0, y, 1),
                "conv2d: y needs 4 elements from offset 1, but its length is 4");
        assertMessage(() -> k.conv2d(g, 0, X9, 0, K4, 0, null, 0, y, 0), "conv2d: filters must be >= 1, but is 0");
        assertMessage(() -> k.conv2d(g, -1, X9, 0, K4, 0, null, 0, y, 0), "conv2d: filters must be >= 1, but is -1");
        assertMessage(() -> k.conv2d(g, 1, X9, -1, K4, 0, null, 0, y, 0), "conv2d: offset of x must be >= 0, but is -1");
        double[] shared = new double[16];
        assertMessage(() -> k.conv2d(g, 1, shared, 0, K4, 0, null, 0, shared, 8), "conv2d: y [8, 12) overlaps x [0, 9)");
        assertArrayEquals(new double[] {42, 42, 42, 42}, y, "nothing written before the checks");
        assertMessage(() -> k.conv2dBackwardInput(g, 1, new double[3], 0, K4, 0, new double[9], 0),
                "conv2dBackwardInput: dy needs 4 elements from offset 0, but its length is 3");
        assertMessage(() -> k.conv2dBackwardInput(g, 1, new double[4], 0, K4, 0, new double[5], 0),
                "conv2dBackwardInput: dx needs 9 elements from offset 0, but its length is 5");
        assertMessage(() -> k.conv2dBackwardKernel(g, 1, X9, 0, new double[4], 0, new double[3], 0),
                "conv2dBackwardKernel: dkernel needs 4 elements from offset 0, but its length is 3");
        assertMessage(() -> k.conv2dBackwardKernel(g, 1, X9, 0, new double[4], 2, new double[4], 0),
                "conv2dBackwardKernel: dy needs 4 elements from offset 2, but its length is 4");
        assertMessage(() -> k.maxPool2d(g, X9, 0, new double[3], 0), "maxPool2d: y needs 4 elements from offset 0, but its length is 3");
        assertMessage(() -> k.avgPool2d(g, new double[2], 0, y, 0), "avgPool2d: x needs 9 elements from offset 0, but its length is 2");
        assertMessage(() -> k.maxPool2dBackward(g, X9, 0, new double[4], 0, new double[9], 1),
                "maxPool2dBackward: dx needs 9 elements from offset 1, but its length is 9");
        assertMessage(() -> k.avgPool2dBackward(g, new double[4], 1, new double[9], 0),
                "avgPool2dBackward: dy needs 4 elements from offset 1, but its length is 4");
        NullPointerException e = assertThrows(NullPointerException.class, () -> k.maxPool2d(null, X9, 0, y, 0));
        assertEquals("maxPool2d: geometry is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> k.conv2d(g, 1, X9, 0, null, 0, null, 0, y, 0));
        assertEquals("conv2d: array kernel is null", e.getMessage());
    }

    private static void assertMessage(Runnable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    private static double[] ints(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(-3, 4);
        }
        return a;
    }
}
