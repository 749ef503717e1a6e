package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector float convolution kernels agree exactly with the scalar ones on every route they take:
 * the direct forward pass (four-pixel tiles and single pixels), im2col and GEMM in one or several
 * blocks, the pointwise GEMM, the direct input and kernel gradients, and the gradients computed in place
 * (the input's with channels in whole strips of two vectors, padded or not; the kernel's with no padding
 * and whole vectors of filters), in one block or several. Shapes sit on each side of the
 * routes' limits (72 and 288 window taps; filters at and around 1 to 4 vectors of 2 to 16 lanes, so at
 * every vector width of both types), with odd widths, strides of 2 and 3, uneven same and explicit pads, windows of
 * 1x2 and 2x1, and a window larger than the image.
 *
 * <p>The data are small integers (-3 to 3), so every sum is exact in any order and the two providers
 * must give the same values (compared as numbers: a zero's sign may differ with the order). Every
 * array is exactly as long as its offset plus its operand, so a read or write past an operand throws,
 * and the elements before the offset must stay as they were. Each vector call runs on a new thread, whose
 * im2col buffer starts empty, so a buffer sized too small cannot hide behind one grown by an earlier call.
 */
class FloatConvolutionRoutesTest {

    private static final int[] FILTERS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 64, 65};
    private static final int OFF = 3;
    private static final float SENTINEL = 99f;

    static List<Arguments> cases() {
        List<Window2d> shapes = List.of(
                Window2d.of(2, 5, 7, 3, 3, 3, 1, 1, Padding.VALID),
                Window2d.of(1, 7, 10, 2, 3, 3, 2, 2, Padding.SAME),      // pads 1, 1 and 0, 1: the extra column at the right
                Window2d.of(1, 9, 13, 1, 2, 4, 1, 3, Padding.SAME),
                Window2d.of(1, 4, 13, 2, 3, 3, 1, 1, Padding.SAME),
                Window2d.explicit(2, 5, 11, 3, 3, 3, 1, 2, 1, 2, 2, 1),
                Window2d.explicit(1, 6, 12, 1, 3, 5, 2, 1, 0, 2, 4, 3),
                Window2d.of(2, 3, 4, 5, 1, 1, 1, 1, Padding.VALID),       // pointwise
                Window2d.of(1, 5, 5, 73, 1, 1, 2, 2, Padding.VALID),      // 73 taps, not pointwise
                Window2d.of(1, 4, 6, 8, 3, 3, 1, 1, Padding.SAME),        // 72 taps
                Window2d.of(1, 4, 5, 2, 2, 1, 1, 1, Padding.VALID),
                Window2d.of(1, 4, 5, 2, 1, 2, 1, 1, Padding.VALID),
                Window2d.of(1, 4, 8, 32, 3, 3, 1, 1, Padding.VALID),      // 288 taps
                Window2d.of(1, 17, 20, 1, 17, 17, 1, 1, Padding.VALID),   // 289 taps
                Window2d.of(1, 2, 3, 1, 4, 5, 1, 1, Padding.SAME),        // a window larger than the image
                Window2d.of(3, 13, 13, 16, 3, 3, 1, 1, Padding.SAME),     // 144 taps, 507 pixels: two im2col blocks
                // channels in whole strips of two vectors at every width: the input gradient added in place
                Window2d.of(1, 9, 9, 32, 3, 3, 2, 2, Padding.VALID),      // strides 2, no padding
                Window2d.of(2, 5, 6, 32, 3, 3, 1, 1, Padding.SAME),       // padded; 30 pixels, two past the last tile
                Window2d.of(1, 7, 9, 32, 3, 3, 2, 2, Padding.SAME),       // the extra row and column at the end
                Window2d.of(1, 24, 24, 32, 3, 3, 1, 1, Padding.VALID));   // 484 pixels: two blocks in place
        List<Arguments> list = new ArrayList<>();
        for (Window2d g : shapes) {
            for (int filters : FILTERS) {
                if (g.channels() * g.windowHeight() * g.windowWidth() > 100 && filters % 8 != 1 && filters % 16 != 0) {
                    // the large shapes at 1, 9, 17, 33 and 65 filters (no whole vector at any width), and at 16, 32,
                    // 48 and 64 (whole vectors at every width: the kernel gradient in place) only: they are slow in
                    // the scalar kernels
                    continue;
                }
                list.add(Arguments.of(Named.of(g + ", " + filters + " filters", g), filters));
            }
        }
        return list;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vectorEqualsScalar(Window2d g, int filters) {
        compare(g, filters);
    }

    private static void compare(Window2d g, int filters) {
        FloatKernels scalar = Kernels.scalar().f32();
        FloatKernels vector = Kernels.vector().f32();
        SplittableRandom r = new SplittableRandom(31L * filters + g.toString().hashCode());
        int xSize = g.inputSize();
        int wSize = g.windowHeight() * g.windowWidth() * g.channels() * filters;
        int ySize = (int) g.outputPixels() * filters;
        float[] x = ints(r, xSize);
        float[] w = ints(r, wSize);
        float[] bias = ints(r, filters);
        float[] dy = ints(r, ySize);
        for (float[] b : new float[][] {null, bias}) {
            float[] expected = fresh(ySize);
            float[] actual = fresh(ySize);
            scalar.conv2d(g, filters, x, OFF, w, OFF, b, OFF, expected, OFF);
            onNewThread(() -> vector.conv2d(g, filters, x, OFF, w, OFF, b, OFF, actual, OFF));
            same("conv2d" + (b == null ? "" : " with bias"), expected, actual);
        }
        float[] start = ints(r, xSize);
        float[] expected = fresh(xSize);
        float[] actual = fresh(xSize);
        System.arraycopy(start, OFF, expected, OFF, xSize);
        System.arraycopy(start, OFF, actual, OFF, xSize);
        scalar.conv2dBackwardInput(g, filters, dy, OFF, w, OFF, expected, OFF);
        float[] dx = actual;
        onNewThread(() -> vector.conv2dBackwardInput(g, filters, dy, OFF, w, OFF, dx, OFF));
        same("conv2dBackwardInput", expected, actual);
        start = ints(r, wSize);
        expected = fresh(wSize);
        actual = fresh(wSize);
        System.arraycopy(start, OFF, expected, OFF, wSize);
        System.arraycopy(start, OFF, actual, OFF, wSize);
        scalar.conv2dBackwardKernel(g, filters, x, OFF, dy, OFF, expected, OFF);
        float[] dw = actual;
        onNewThread(() -> vector.conv2dBackwardKernel(g, filters, x, OFF, dy, OFF, dw, OFF));
        same("conv2dBackwardKernel", expected, actual);
    }

    /**
     * Runs {@code call} on a new thread, whose im2col buffer starts empty, and rethrows what it threw.
     */
    private static void onNewThread(Runnable call) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }

    /** {@code n} elements from {@link #OFF}, the elements before it set to {@link #SENTINEL}. */
    private static float[] fresh(int n) {
        float[] a = new float[OFF + n];
        Arrays.fill(a, 0, OFF, SENTINEL);
        return a;
    }

    private static float[] ints(SplittableRandom r, int n) {
        float[] a = fresh(n);
        for (int i = OFF; i < a.length; i++) {
            a[i] = r.nextInt(-3, 4);
        }
        return a;
    }

    private static void same(String op, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            // + 0f turns -0 into 0: the sign of a zero sum depends on the order of its terms
            if (expected[i] + 0f != actual[i] + 0f) {
                assertEquals(expected[i], actual[i], op + ": element " + (i - OFF) + " of " + (expected.length - OFF));
            }
        }
    }
}
