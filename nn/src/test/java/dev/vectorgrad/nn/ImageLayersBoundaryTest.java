package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The limits of {@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d} and {@link Flatten} on both sides:
 * the smallest sizes accepted (a 1 x 1 window, stride 1, {@code start_dim == end_dim}, negative axes) with
 * their outputs worked out by hand, the first values refused with their messages, the bias drawn like the
 * weight, and the layers as {@link Module#toString()} prints them.
 */
class ImageLayersBoundaryTest {

    /** x [1, 1, 3, 3] = [[1, 5, 2], [7, 3, 0], [4, 8, 6]]. */
    private static Tensor image() {
        return Tensor.of(new double[] {1, 5, 2, 7, 3, 0, 4, 8, 6}, 1, 1, 3, 3);
    }

    @Test
    void conv2dRefusesEachSizeOfZeroByName() {
        // in = 0 is refused in ImageLayersTest; each other size at 0 too, alone (a kernel size of 0 would
        // otherwise reach the initialisation as a bound of 1/sqrt(0) and fail there under another name).
        message("Conv2d: sizes must be positive, got in=1, out=0, kernel=(3, 3)", () -> new Conv2d(1, 0, 3));
        message("Conv2d: sizes must be positive, got in=1, out=4, kernel=(0, 3)",
                () -> new Conv2d(1, 4, 0, 3, Conv2dOptions.defaults()));
        message("Conv2d: sizes must be positive, got in=1, out=4, kernel=(3, 0)",
                () -> new Conv2d(1, 4, 3, 0, Conv2dOptions.defaults()));
    }

    @Test
    void conv2dAcceptsSizesOfOneAndRefusesAPaddingAsWideAsTheKernel() {
        // 1 -> 1 channels, 1 x 1 kernel: y = w x + b with the drawn w and b, element by element.
        Conv2d one = new Conv2d(1, 1, 1, Conv2dOptions.defaults().withDType(DType.F64));
        double w = one.weight().get(0);
        double b = one.bias().get(0);
        double[] x = image().toDoubleArray();
        double[] y = one.forward(image()).toDoubleArray();
        for (int i = 0; i < 9; i++) {
            // one product and one sum in double: exact to an ulp of |y| <= 9, so 1e-14
            assertEquals(w * x[i] + b, y[i], 1e-14, "pixel " + i);
        }
        // The width: a padding of 3 columns for a kernel 3 wide is refused, 2 is the largest accepted.
        message("Conv2d: padding (0, 3) must be smaller than the kernel (3, 3) each way",
                () -> new Conv2d(1, 4, 3, Conv2dOptions.defaults().withPadding(0, 3)));
        message("Conv2d: padding (1, 4) must be smaller than the kernel (2, 4) each way",
                () -> new Conv2d(1, 4, 2, 4, Conv2dOptions.defaults().withPadding(1, 4)));
        // (3 + 2 - 2) / 1 + 1 = 4 rows, (3 + 6 - 4) / 1 + 1 = 6 columns
        assertArrayEquals(new int[] {1, 4, 4, 6}, new Conv2d(1, 4, 2, 4, Conv2dOptions.defaults().withPadding(1, 3))
                .forward(Tensor.zeros(DType.F32, 1, 1, 3, 3)).shape());
    }

    @Test
    void conv2dDrawsItsBiasFromTheSameUniformRange() {
        // fan_in = 1 * 1 * 1, so the bound is 1. With 64 independent U(-1, 1) draws, P(max < 0.9) = 0.95^64
        // < 4 %; the seed is fixed, so the check is deterministic, and a bias left at zero fails it.
        Conv2d conv = new Conv2d(1, 64, 1, Conv2dOptions.defaults().withDType(DType.F64).withSeed(11));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : conv.bias().toDoubleArray()) {
            assertTrue(v >= -1 && v <= 1, "bias " + v + " outside [-1, 1]");
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.9 && min < -0.9, "bias spans [" + min + ", " + max + "], should approach [-1, 1]");
    }

    @Test
    void conv2dKeepsItsOptions() {
        Conv2dOptions options = Conv2dOptions.defaults().withStride(2, 1).withPadding(1, 0).withSeed(3);
        assertSame(options, new Conv2d(2, 3, 3, options).options());
    }

    @Test
    void poolsAcceptAWindowOfOneAndAStrideOfOne() {
        double[] x = image().toDoubleArray();
        // A 1 x 1 window at stride 1 is the identity, for both pools.
        assertArrayEquals(x, new MaxPool2d(1).forward(image()).toDoubleArray());
        assertArrayEquals(x, new AvgPool2d(1).forward(image()).toDoubleArray());
        assertArrayEquals(x, new MaxPool2d(1, 1, 0).forward(image()).toDoubleArray());
        // 2 x 2 windows at stride 1 over [[1, 5, 2], [7, 3, 0], [4, 8, 6]]: max of {1, 5, 7, 3} = 7,
        // {5, 2, 3, 0} = 5, {7, 3, 4, 8} = 8, {3, 0, 8, 6} = 8; means 16 / 4 = 4, 10 / 4 = 2.5, 22 / 4 = 5.5,
        // 17 / 4 = 4.25 (sums of small integers and a division by 4: exact in double, so compared exactly).
        Tensor max = new MaxPool2d(2, 1, 0).forward(image());
        assertArrayEquals(new int[] {1, 1, 2, 2}, max.shape());
        assertArrayEquals(new double[] {7, 5, 8, 8}, max.toDoubleArray());
        assertArrayEquals(new double[] {4, 2.5, 5.5, 4.25}, new AvgPool2d(2, 1, 0).forward(image()).toDoubleArray());
    }

    @Test
    void poolsRefuseAWindowOfZeroByName() {
        message("MaxPool2d: kernel size and stride must be >= 1, got kernel size 0, stride 2", () -> new MaxPool2d(0, 2, 0));
        message("AvgPool2d: kernel size and stride must be >= 1, got kernel size 0, stride 2", () -> new AvgPool2d(0, 2, 0));
        message("AvgPool2d: kernel size and stride must be >= 1, got kernel size 2, stride 0", () -> new AvgPool2d(2, 0, 0));
    }

    @Test
    void flattenCountsNegativeAxesFromTheEnd() {
        Tensor x = Tensor.zeros(DType.F32, 2, 3, 4, 5);
        // -3 + 4 = 1 .. -1 + 4 = 3: [2, 3 * 4 * 5]
        assertArrayEquals(new int[] {2, 60}, new Flatten(-3, -1).forward(x).shape());
        // -4 + 4 = 0 .. -3 + 4 = 1: [2 * 3, 4, 5]
        assertArrayEquals(new int[] {6, 4, 5}, new Flatten(-4, -3).forward(x).shape());
        // -5 + 4 = -1: before the first axis
        message("Flatten: start_dim -5 and end_dim -1 do not name axes in order of the input [2, 3, 4, 5]",
                () -> new Flatten(-5, -1).forward(x));
    }

    @Test
    void flattenOfOneAxisKeepsTheShapeAndAnAxisPastTheLastIsRefused() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        // start_dim == end_dim, at the first axis and at the last
        assertArrayEquals(new int[] {2, 3}, new Flatten(0, 0).forward(x).shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, new Flatten(0, 0).forward(x).toDoubleArray());
        assertArrayEquals(new int[] {2, 3}, new Flatten(1, 1).forward(x).shape());
        assertArrayEquals(new int[] {4}, new Flatten(0, -1).forward(Tensor.zeros(DType.F32, 4)).shape());
        // axis 2 of a rank-2 input, as the end and as the start; end -3 + 2 = -1, before the first axis
        message("Flatten: start_dim 1 and end_dim 2 do not name axes in order of the input [2, 3]",
                () -> new Flatten(1, 2).forward(x));
        message("Flatten: start_dim 2 and end_dim 2 do not name axes in order of the input [2, 3]",
                () -> new Flatten(2, 2).forward(x));
        message("Flatten: start_dim 0 and end_dim -3 do not name axes in order of the input [2, 3]",
                () -> new Flatten(0, -3).forward(x));
    }

    @Test
    void flattenMergesUpToTheLargestArrayLength() {
        // Empty tensors may have axes whose product is past an int: 1 * (2^31 - 1) still fits, 2^16 * 2^15 = 2^31 does not.
        assertArrayEquals(new int[] {0, Integer.MAX_VALUE},
                new Flatten().forward(Tensor.zeros(DType.F32, 0, 1, Integer.MAX_VALUE)).shape());
        message("Flatten: [0, 65536, 32768] merges into 2147483648 elements per row, more than an array holds",
                () -> new Flatten().forward(Tensor.zeros(DType.F32, 0, 65536, 32768)));
    }

    @Test
    void layersPrintTheirOptions() {
        assertEquals("Conv2d(in=1, out=32, kernel=(3, 3), stride=(1, 1), padding=(0, 0), bias=true)",
                new Conv2d(1, 32, 3).toString());
        assertEquals("Conv2d(in=3, out=8, kernel=(5, 3), stride=(2, 1), padding=(2, 1), bias=true)",
                new Conv2d(3, 8, 5, 3, Conv2dOptions.defaults().withStride(2, 1).withPadding(2, 1)).toString());
        assertEquals("Conv2d(in=2, out=3, kernel=(2, 4), stride=(1, 1), padding=same, bias=false)",
                new Conv2d(2, 3, 2, 4, Conv2dOptions.defaults().withPadding("same").withBias(false)).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=1)", new MaxPool2d(3, 2, 1).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Flatten(start_dim=0, end_dim=-2)", new Flatten(0, -2).toString());
    }

    private static void message(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
