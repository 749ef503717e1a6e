package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The argument checks of the float convolution and pooling kernels and of {@link Window2d}, one wrong
 * argument at a time, in both providers. Each operand is given an array exactly one element too short
 * (so a check that asks for one element less, or a size computed with a wrong factor, lets it through),
 * each output is made to overlap each input by exactly one element, and sizes are chosen whose products
 * reach {@code Integer.MAX_VALUE} exactly or overflow an int or a long. Every case asserts the
 * exception's type and its whole message, which names the expected and the actual value; every
 * call that must fail writes nothing.
 *
 * <p>The geometry {@link #G} has a factor of at least 2 in every size (2 images of 4x5 pixels and 3
 * channels, a 2x3 window, strides 1x2, 2 filters), so replacing any product of sizes by a quotient
 * changes the size checked: input 120 elements, output 2x3x2 = 12 pixels, kernel 2x3x3x2 = 36, y and
 * dy 24 (convolution) or 36 (pooling).
 */
class FloatConvolutionArgumentsTest {

    static Stream<FloatKernels> impls() {
        return Stream.of(Kernels.scalar().f32(), Kernels.vector().f32());
    }

    private static final Window2d G = Window2d.of(2, 4, 5, 3, 2, 3, 1, 2, Padding.VALID);
    private static final int F = 2;
    private static final int X = 120;
    private static final int K = 36;
    private static final int Y = 24;
    private static final int P = 36;

    @Test
    void theGeometryHasTheSizesTheCasesAssume() {
        assertEquals(X, G.inputSize());
        assertEquals(12, G.outputPixels());
        assertEquals(Y, G.outputPixels() * F);
        assertEquals(P, G.outputPixels() * G.channels());
    }

    @ParameterizedTest
    @MethodSource("impls")
    void conv2dRejectsEachOperandOneElementShort(FloatKernels k) {
        float[] y = filled(Y);
        assertMessage(() -> k.conv2d(G, F, new float[X - 1], 0, new float[K], 0, new float[F], 0, y, 0),
                "conv2d: x needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, new float[K - 1], 0, new float[F], 0, y, 0),
                "conv2d: kernel needs 36 elements from offset 0, but its length is 35");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, new float[K], 0, new float[F - 1], 0, y, 0),
                "conv2d: bias needs 2 elements from offset 0, but its length is 1");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, new float[K], 0, new float[F], 0, filled(Y - 1), 0),
                "conv2d: y needs 24 elements from offset 0, but its length is 23");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, new float[K], 0, new float[F], 0, y, 1),
                "conv2d: y needs 24 elements from offset 1, but its length is 24");
        assertMessage(() -> k.conv2d(G, 0, new float[X], 0, new float[K], 0, null, 0, y, 0),
                "conv2d: filters must be >= 1, but is 0");
        assertArrayEquals(filled(Y), y, "nothing written before the checks");
        k.conv2d(G, F, new float[X], 0, new float[K], 0, new float[F], 0, y, 0);
        assertArrayEquals(new float[Y], y, "the exact lengths are accepted");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void conv2dRejectsAnOutputOverlappingAnyInputByOneElement(FloatKernels k) {
        float[] a = filled(X + Y);
        assertMessage(() -> k.conv2d(G, F, a, 0, new float[K], 0, new float[F], 0, a, X - 1),
                "conv2d: y [119, 143) overlaps x [0, 120)");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, a, 0, new float[F], 0, a, K - 1),
                "conv2d: y [35, 59) overlaps kernel [0, 36)");
        assertMessage(() -> k.conv2d(G, F, new float[X], 0, new float[K], 0, a, 0, a, F - 1),
                "conv2d: y [1, 25) overlaps bias [0, 2)");
        assertArrayEquals(filled(X + Y), a, "nothing written before the checks");
        // ranges that touch without overlapping are accepted
        k.conv2d(G, F, a, 0, new float[K], 0, null, 0, a, X);
        float[] b = new float[K + F + Y];
        k.conv2d(G, F, new float[X], 0, b, 0, b, K, b, K + F);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void conv2dBackwardInputRejectsEachWrongArgument(FloatKernels k) {
        float[] dx = filled(X);
        assertMessage(() -> k.conv2dBackwardInput(G, 0, new float[Y], 0, new float[K], 0, dx, 0),
                "conv2dBackwardInput: filters must be >= 1, but is 0");
        assertMessage(() -> k.conv2dBackwardInput(G, -1, new float[Y], 0, new float[K], 0, dx, 0),
                "conv2dBackwardInput: filters must be >= 1, but is -1");
        assertMessage(() -> k.conv2dBackwardInput(G, F, new float[Y - 1], 0, new float[K], 0, dx, 0),
                "conv2dBackwardInput: dy needs 24 elements from offset 0, but its length is 23");
        assertMessage(() -> k.conv2dBackwardInput(G, F, new float[Y], 0, new float[K - 1], 0, dx, 0),
                "conv2dBackwardInput: kernel needs 36 elements from offset 0, but its length is 35");
        assertMessage(() -> k.conv2dBackwardInput(G, F, new float[Y], 0, new float[K], 0, filled(X - 1), 0),
                "conv2dBackwardInput: dx needs 120 elements from offset 0, but its length is 119");
        float[] a = filled(X + K);
        assertMessage(() -> k.conv2dBackwardInput(G, F, a, 0, new float[K], 0, a, Y - 1),
                "conv2dBackwardInput: dx [23, 143) overlaps dy [0, 24)");
        assertMessage(() -> k.conv2dBackwardInput(G, F, new float[Y], 0, a, 0, a, K - 1),
                "conv2dBackwardInput: dx [35, 155) overlaps kernel [0, 36)");
        assertArrayEquals(filled(X), dx, "nothing written before the checks");
        assertArrayEquals(filled(X + K), a, "nothing written before the checks");
        float[] b = new float[Y + K + X];
        k.conv2dBackwardInput(G, F, b, 0, b, Y, b, Y + K);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void conv2dBackwardKernelRejectsEachWrongArgument(FloatKernels k) {
        float[] dw = filled(K);
        assertMessage(() -> k.conv2dBackwardKernel(G, 0, new float[X], 0, new float[Y], 0, dw, 0),
                "conv2dBackwardKernel: filters must be >= 1, but is 0");
        assertMessage(() -> k.conv2dBackwardKernel(G, -1, new float[X], 0, new float[Y], 0, dw, 0),
                "conv2dBackwardKernel: filters must be >= 1, but is -1");
        assertMessage(() -> k.conv2dBackwardKernel(G, F, new float[X - 1], 0, new float[Y], 0, dw, 0),
                "conv2dBackwardKernel: x needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.conv2dBackwardKernel(G, F, new float[X], 0, new float[Y - 1], 0, dw, 0),
                "conv2dBackwardKernel: dy needs 24 elements from offset 0, but its length is 23");
        assertMessage(() -> k.conv2dBackwardKernel(G, F, new float[X], 0, new float[Y], 0, filled(K - 1), 0),
                "conv2dBackwardKernel: dkernel needs 36 elements from offset 0, but its length is 35");
        float[] a = filled(X + K);
        assertMessage(() -> k.conv2dBackwardKernel(G, F, a, 0, new float[Y], 0, a, X - 1),
                "conv2dBackwardKernel: dkernel [119, 155) overlaps x [0, 120)");
        assertMessage(() -> k.conv2dBackwardKernel(G, F, new float[X], 0, a, 0, a, Y - 1),
                "conv2dBackwardKernel: dkernel [23, 59) overlaps dy [0, 24)");
        assertArrayEquals(filled(K), dw, "nothing written before the checks");
        assertArrayEquals(filled(X + K), a, "nothing written before the checks");
        float[] b = new float[X + Y + K];
        k.conv2dBackwardKernel(G, F, b, 0, b, X, b, X + Y);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void poolingRejectsEachOperandOneElementShortAndOverlaps(FloatKernels k) {
        float[] y = filled(P);
        assertMessage(() -> k.maxPool2d(G, new float[X - 1], 0, y, 0), "maxPool2d: x needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.maxPool2d(G, new float[X], 0, filled(P - 1), 0), "maxPool2d: y needs 36 elements from offset 0, but its length is 35");
        assertMessage(() -> k.avgPool2d(G, new float[X - 1], 0, y, 0), "avgPool2d: x needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.avgPool2d(G, new float[X], 0, filled(P - 1), 0), "avgPool2d: y needs 36 elements from offset 0, but its length is 35");
        float[] a = filled(X + P);
        assertMessage(() -> k.maxPool2d(G, a, 0, a, X - 1), "maxPool2d: y [119, 155) overlaps x [0, 120)");
        assertMessage(() -> k.avgPool2d(G, a, 1, a, 0), "avgPool2d: y [0, 36) overlaps x [1, 121)");
        assertArrayEquals(filled(P), y, "nothing written before the checks");
        assertArrayEquals(filled(X + P), a, "nothing written before the checks");
        k.maxPool2d(G, a, 0, a, X);
        k.avgPool2d(G, a, P, a, 0);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void poolingBackwardRejectsEachOperandOneElementShortAndOverlaps(FloatKernels k) {
        float[] dx = filled(X);
        assertMessage(() -> k.maxPool2dBackward(G, new float[X - 1], 0, new float[P], 0, dx, 0),
                "maxPool2dBackward: x needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.maxPool2dBackward(G, new float[X], 0, new float[P - 1], 0, dx, 0),
                "maxPool2dBackward: dy needs 36 elements from offset 0, but its length is 35");
        assertMessage(() -> k.maxPool2dBackward(G, new float[X], 0, new float[P], 0, filled(X - 1), 0),
                "maxPool2dBackward: dx needs 120 elements from offset 0, but its length is 119");
        assertMessage(() -> k.avgPool2dBackward(G, new float[P - 1], 0, dx, 0),
                "avgPool2dBackward: dy needs 36 elements from offset 0, but its length is 35");
        assertMessage(() -> k.avgPool2dBackward(G, new float[P], 0, filled(X - 1), 0),
                "avgPool2dBackward: dx needs 120 elements from offset 0, but its length is 119");
        float[] a = filled(2 * X);
        assertMessage(() -> k.maxPool2dBackward(G, a, 0, new float[P], 0, a, X - 1),
                "maxPool2dBackward: dx [119, 239) overlaps x [0, 120)");
        assertMessage(() -> k.maxPool2dBackward(G, new float[X], 0, a, 0, a, P - 1),
                "maxPool2dBackward: dx [35, 155) overlaps dy [0, 36)");
        assertMessage(() -> k.avgPool2dBackward(G, a, 0, a, P - 1),
                "avgPool2dBackward: dx [35, 155) overlaps dy [0, 36)");
        assertArrayEquals(filled(X), dx, "nothing written before the checks");
        assertArrayEquals(filled(2 * X), a, "nothing written before the checks");
        float[] b = new float[X + P + X];
        k.maxPool2dBackward(G, b, 0, b, X, b, X + P);
        k.avgPool2dBackward(G, b, 0, b, P);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void sizesAtAndPastTheLargestArrayAreRejectedByName(FloatKernels k) {
        Window2d one = Window2d.of(1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID);
        // a kernel of exactly Integer.MAX_VALUE elements could exist: it is reported as too short an array
        assertMessage(() -> k.conv2d(one, Integer.MAX_VALUE, new float[1], 0, new float[1], 0, null, 0, new float[1], 0),
                "conv2d: kernel needs 2147483647 elements from offset 0, but its length is 1");
        // one more doubling cannot: 2 channels x (2^31 - 1) filters
        Window2d two = Window2d.of(1, 1, 1, 2, 1, 1, 1, 1, Padding.VALID);
        assertMessage(() -> k.conv2d(two, Integer.MAX_VALUE, new float[2], 0, new float[1], 0, null, 0, new float[1], 0),
                "conv2d: kernel needs 4294967294 elements, more than an array holds");
        assertMessage(() -> k.conv2dBackwardKernel(two, Integer.MAX_VALUE, new float[2], 0, new float[1], 0, new float[1], 0),
                "conv2dBackwardKernel: dy needs 2147483647 elements from offset 0, but its length is 1");
        // a 2^30 x 2^30 window (same padding over a 1x1 image) with 16 filters: 2^64 kernel elements, which
        // wrap to 0 in a long; the check must not take that for an empty kernel
        Window2d huge = Window2d.of(1, 1, 1, 1, 1 << 30, 1 << 30, 1, 1, Padding.SAME);
        float[] y = filled(16);
        assertMessage(() -> k.conv2d(huge, 16, new float[1], 0, new float[0], 0, null, 0, y, 0),
                "conv2d: the kernel [1073741824, 1073741824, 1, 16] has more elements than an array holds");
        assertMessage(() -> k.conv2dBackwardInput(huge, 16, new float[16], 0, new float[0], 0, new float[1], 0),
                "conv2dBackwardInput: the kernel [1073741824, 1073741824, 1, 16] has more elements than an array holds");
        assertMessage(() -> k.conv2dBackwardKernel(huge, 16, new float[1], 0, new float[16], 0, new float[0], 0),
                "conv2dBackwardKernel: the kernel [1073741824, 1073741824, 1, 16] has more elements than an array holds");
        assertArrayEquals(filled(16), y);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void aNullGeometryIsRejectedByNameInEveryKernel(FloatKernels k) {
        float[] a = new float[P];
        assertNullGeometry(() -> k.conv2d(null, F, a, 0, a, 0, null, 0, a, 0), "conv2d");
        assertNullGeometry(() -> k.conv2dBackwardInput(null, F, a, 0, a, 0, a, 0), "conv2dBackwardInput");
        assertNullGeometry(() -> k.conv2dBackwardKernel(null, F, a, 0, a, 0, a, 0), "conv2dBackwardKernel");
        assertNullGeometry(() -> k.maxPool2d(null, a, 0, a, 0), "maxPool2d");
        assertNullGeometry(() -> k.avgPool2d(null, a, 0, a, 0), "avgPool2d");
        assertNullGeometry(() -> k.maxPool2dBackward(null, a, 0, a, 0, a, 0), "maxPool2dBackward");
        assertNullGeometry(() -> k.avgPool2dBackward(null, a, 0, a, 0), "avgPool2dBackward");
    }

    private static void assertNullGeometry(Runnable call, String op) {
        NullPointerException e = assertThrows(NullPointerException.class, call::run);
        assertEquals(op + ": geometry is null", e.getMessage());
    }

    // ---- Window2d ----

    @Test
    void explicitRejectsEachSizeBelowOneByName() {
        assertMessage(() -> Window2d.explicit(-1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 0, 0), "Window2d: batch must be >= 0, but is -1");
        assertMessage(() -> Window2d.explicit(1, 0, 3, 1, 1, 1, 1, 1, 0, 0, 0, 0), "Window2d: height must be >= 1, but is 0");
        assertMessage(() -> Window2d.explicit(1, 3, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0), "Window2d: width must be >= 1, but is 0");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 0, 1, 1, 1, 1, 0, 0, 0, 0), "Window2d: channels must be >= 1, but is 0");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 0, 1, 1, 1, 0, 0, 0, 0), "Window2d: window height must be >= 1, but is 0");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 1, -1, 1, 1, 0, 0, 0, 0), "Window2d: window width must be >= 1, but is -1");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 1, 1, 0, 1, 0, 0, 0, 0), "Window2d: stride height must be >= 1, but is 0");
        assertMessage(() -> Window2d.explicit(1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 0), "Window2d: stride width must be >= 1, but is 0");
    }

    @Test
    void inputsPastTheLargestArrayAreRejectedByName() {
        // 2 x 2^15 x 2^15 x 2 = 2^32 elements; dividing by any one factor instead would give at most 2^30
        assertMessage(() -> Window2d.of(2, 1 << 15, 1 << 15, 2, 1, 1, 1, 1, Padding.VALID),
                "Window2d: the input [2, 32768, 32768, 2] has 4294967296 elements, more than an array holds");
        assertMessage(() -> Window2d.explicit(2, 1 << 15, 1 << 15, 2, 1, 1, 1, 1, 0, 0, 0, 0),
                "Window2d: the input [2, 32768, 32768, 2] has 4294967296 elements, more than an array holds");
        // exactly Integer.MAX_VALUE elements fit
        assertEquals(Integer.MAX_VALUE, Window2d.of(1, 1, 1, Integer.MAX_VALUE, 1, 1, 1, 1, Padding.VALID).inputSize());
        assertEquals(Integer.MAX_VALUE, Window2d.explicit(1, 1, 1, Integer.MAX_VALUE, 1, 1, 1, 1, 0, 0, 0, 0).inputSize());
    }

    @Test
    void explicitPadsCannotMakeAnOutputLargerThanAnArray() {
        int w = 1 << 30;
        // a 1x1 image padded by 2^30 - 1 on every side under a 2^30 window: 2^30 x 2^30 output pixels
        assertMessage(() -> Window2d.explicit(1, 1, 1, 1, w, w, 1, 1, w - 1, w - 1, w - 1, w - 1),
                "Window2d: the output [1, 1073741824, 1073741824] has more pixels than an array holds");
        // an image side plus its pads past an int: 2^31 - 1 rows padded by 2^31 - 2 above and below
        int max = Integer.MAX_VALUE;
        assertMessage(() -> Window2d.explicit(1, max, 1, 1, max, 1, 1, 1, max - 1, max - 1, 0, 0),
                "Window2d: the output [1, 4294967293, 1] has more pixels than an array holds");
        assertMessage(() -> Window2d.explicit(2, 1, 1, 1, 1 << 15, 1 << 15, 1, 1, (1 << 15) - 1, (1 << 15) - 1,
                        (1 << 15) - 1, (1 << 15) - 1),
                "Window2d: the output [2, 32768, 32768] has more pixels than an array holds");
        assertMessage(() -> Window2d.explicit(1, 1, max, 1, 1, max, 1, 1, 0, 0, max - 1, max - 1),
                "Window2d: the output [1, 1, 4294967293] has more pixels than an array holds");
        // 2^31 - 1 output pixels fit: one row of 2^31 - 1 columns from a 2^30-column image, or one column
        Window2d wide = Window2d.explicit(1, 1, 1 << 30, 1, 1, w, 1, 1, 0, 0, w - 1, w - 1);
        assertEquals(max, wide.outWidth());
        assertEquals(max, wide.outputPixels());
        Window2d tall = Window2d.explicit(1, 1 << 30, 1, 1, w, 1, 1, 1, w - 1, w - 1, 0, 0);
        assertEquals(max, tall.outHeight());
        assertEquals(max, tall.outputPixels());
        // with strides of 2 the same pads give half as many: 2^30 rows or columns, accepted
        assertEquals(w, Window2d.explicit(1, 1, 1 << 30, 1, 1, w, 1, 2, 0, 0, w - 1, w - 1).outWidth());
        assertEquals(w, Window2d.explicit(1, 1 << 30, 1, 1, w, 1, 2, 1, w - 1, w - 1, 0, 0).outHeight());
        // 16 images of 2^30 x 2^30 output pixels: 2^64, which a long product would wrap to 0
        assertMessage(() -> Window2d.explicit(16, 1, 1, 1, w, w, 1, 1, w - 1, w - 1, w - 1, w - 1),
                "Window2d: the output [16, 1073741824, 1073741824] has more pixels than an array holds");
    }

    @Test
    void toStringNamesEverySize() {
        assertEquals("Window2d[input 2x4x5x3, window 2x3, strides 1x2, VALID (top 0, bottom 0, left 0, right 0), output 3x2]",
                G.toString());
        assertEquals("Window2d[input 1x7x9x1, window 4x4, strides 1x1, SAME (top 1, bottom 2, left 1, right 2), output 7x9]",
                Window2d.of(1, 7, 9, 1, 4, 4, 1, 1, Padding.SAME).toString());
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 42f);
        return a;
    }

    private static void assertMessage(Runnable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }
}
