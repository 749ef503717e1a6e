package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.check.GradCheck;
import dev.vectorgrad.kernels.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Convolutions}, {@link Shapes#flatten} and {@link Shapes#permute}: gradients against F64
 * central differences with the public {@link GradCheck} (full Jacobians, PyTorch's default tolerances: eps 1e-6, atol 1e-5,
 * rtol 1e-3, which F64 backward kernels meet by orders of magnitude, while a wrong tap, a pad on the
 * wrong side or a lost term is off by the size of an input), over strides 1 and 2 (and unequal),
 * valid and same padding with odd pads, bias and no bias, several channels and filters, an input
 * reaching the output through two ops, and a conv-pool-flatten chain; forward values worked out by
 * hand in F32 and F64; the explicit pads' bounds (0, the window less one, a window exactly the padded image);
 * the bias gradient's cached ones (right after a smaller size; the same ones handed back for the same size); and the
 * shape errors, which name the op and the shapes. F32 against F64 and
 * gradient accumulation ({@code +=}) for these ops are checked with every other op in
 * {@link F32AgreesWithF64Test} and {@link GradientAccumulationTest} (their cases in {@link OpCases}).
 */
class ConvolutionsTest {

    record Case(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An F64 input requiring a gradient, uniform in [-1, 1). */
    private static Tensor var(long seed, int... shape) {
        return Tensor.uniform(DType.F64, -1, 1, seed, shape).requiresGrad(true);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("conv2d valid, strides 1, 3 channels, 2 filters, no bias",
                in -> Convolutions.conv2d(in[0], in[1], null), () -> new Tensor[] {var(1, 2, 4, 4, 3), var(2, 2, 2, 3, 2)}));
        c.add(new Case("conv2d valid, strides 2, bias",
                in -> Convolutions.conv2d(in[0], in[1], in[2], 2, 2, Padding.VALID),
                () -> new Tensor[] {var(3, 1, 5, 5, 2), var(4, 3, 3, 2, 3), var(5, 3)}));
        c.add(new Case("conv2d same, strides 1, 2x2 kernel (pad 1 at the bottom and right), bias",
                in -> Convolutions.conv2d(in[0], in[1], in[2], 1, 1, Padding.SAME),
                () -> new Tensor[] {var(6, 1, 3, 4, 2), var(7, 2, 2, 2, 2), var(8, 2)}));
        c.add(new Case("conv2d same, strides 2, odd pads at the end, no bias",
                in -> Convolutions.conv2d(in[0], in[1], null, 2, 2, Padding.SAME),
                () -> new Tensor[] {var(9, 2, 4, 6, 2), var(10, 3, 3, 2, 2)}));
        c.add(new Case("conv2d same, strides 2 x 1, 4x4 kernel (pads 1 before, 2 after), bias",
                in -> Convolutions.conv2d(in[0], in[1], in[2], 2, 1, Padding.SAME),
                () -> new Tensor[] {var(11, 1, 5, 5, 1), var(12, 4, 4, 1, 2), var(13, 2)}));
        c.add(new Case("conv2d 1x1, 3 channels, 4 filters, bias",
                in -> Convolutions.conv2d(in[0], in[1], in[2]), () -> new Tensor[] {var(14, 2, 2, 3, 3), var(15, 1, 1, 3, 4), var(16, 4)}));
        c.add(new Case("maxPool2d 2x2 (Keras defaults)", in -> Convolutions.maxPool2d(in[0], 2, 2),
                () -> new Tensor[] {var(17, 2, 4, 4, 3)}));
        c.add(new Case("maxPool2d 3x3 strides 1 (overlapping windows)",
                in -> Convolutions.maxPool2d(in[0], 3, 3, 1, 1, Padding.VALID), () -> new Tensor[] {var(18, 1, 4, 5, 2)}));
        c.add(new Case("maxPool2d 2x2 strides 2 same (odd pads)",
                in -> Convolutions.maxPool2d(in[0], 2, 2, 2, 2, Padding.SAME), () -> new Tensor[] {var(19, 1, 5, 3, 2)}));
        c.add(new Case("avgPool2d 2x2 (Keras defaults)", in -> Convolutions.avgPool2d(in[0], 2, 2),
                () -> new Tensor[] {var(20, 1, 4, 6, 2)}));
        c.add(new Case("avgPool2d 3x3 strides 2 same (clipped windows)",
                in -> Convolutions.avgPool2d(in[0], 3, 3, 2, 2, Padding.SAME), () -> new Tensor[] {var(21, 1, 4, 5, 3)}));
        c.add(new Case("avgPool2d 2x3 strides 1 x 2", in -> Convolutions.avgPool2d(in[0], 2, 3, 1, 2, Padding.VALID),
                () -> new Tensor[] {var(22, 1, 3, 5, 1)}));
        c.add(new Case("flatten", in -> Shapes.flatten(in[0]), () -> new Tensor[] {var(23, 2, 3, 2, 2)}));
        c.add(new Case("conv2d explicit pads 1 each side (PyTorch's padding=1), 2 channels, 3 filters, bias",
                in -> Convolutions.conv2d(in[0], in[1], in[2], 1, 1, 1, 1, 1, 1),
                () -> new Tensor[] {var(33, 2, 3, 4, 2), var(34, 3, 3, 2, 3), var(35, 3)}));
        c.add(new Case("conv2d explicit uneven pads (top 1, bottom 0, left 0, right 2), strides 2 x 1, no bias",
                in -> Convolutions.conv2d(in[0], in[1], null, 2, 1, 1, 0, 0, 2),
                () -> new Tensor[] {var(36, 1, 5, 4, 1), var(37, 3, 3, 1, 2)}));
        c.add(new Case("maxPool2d 3x3 strides 2, explicit pads 1 each side",
                in -> Convolutions.maxPool2d(in[0], 3, 3, 2, 2, 1, 1, 1, 1), () -> new Tensor[] {var(38, 1, 5, 4, 2)}));
        c.add(new Case("permute NCHW to NHWC", in -> Shapes.permute(in[0], 0, 2, 3, 1),
                () -> new Tensor[] {var(39, 2, 3, 2, 4)}));
        c.add(new Case("permute [2, 3, 4] by (-1, 0, 1) into a conv2d",
                in -> Convolutions.conv2d(Shapes.reshape(Shapes.permute(in[0], -1, 0, 1), 1, 4, 2, 3), in[1], null),
                () -> new Tensor[] {var(40, 2, 3, 4), var(41, 2, 2, 3, 1)}));
        c.add(new Case("x through conv2d 1x1 strides 2 and through maxPool2d, added",
                in -> Ops.add(Convolutions.conv2d(in[0], in[1], null, 2, 2, Padding.VALID), Convolutions.maxPool2d(in[0], 2, 2)),
                () -> new Tensor[] {var(24, 1, 4, 4, 2), var(25, 1, 1, 2, 2)}));
        c.add(new Case("kernel used by two convolutions of different strides",
                in -> Ops.add(Ops.sum(Convolutions.conv2d(in[0], in[1], in[2])),
                        Ops.sum(Convolutions.conv2d(in[0], in[1], in[2], 2, 2, Padding.SAME))),
                () -> new Tensor[] {var(26, 1, 4, 4, 2), var(27, 2, 2, 2, 3), var(28, 3)}));
        c.add(new Case("conv2d, tanh, maxPool2d, flatten, dense: the tutorial's chain in small",
                in -> Ops.matmul(Shapes.flatten(Convolutions.maxPool2d(
                        Ops.tanh(Convolutions.conv2d(in[0], in[1], in[2])), 2, 2)), in[3]),
                () -> new Tensor[] {var(29, 2, 5, 5, 1), var(30, 2, 2, 1, 3), var(31, 3), var(32, 12, 2)}));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case c) {
        GradCheck.defaults().assertGradients(c.f(), c.inputs().get());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void permuteMovesEachElementToItsNewPlace(DType dtype) {
        // x [2, 3, 4] holds its own flat index: x[i, j, k] = 12 i + 4 j + k. permute(x, 2, 0, 1) is [4, 2, 3] with
        // y[k, i, j] = x[i, j, k], so y's row-major order is k, then i, then j.
        Tensor x = Tensor.zeros(dtype, 2, 3, 4);
        for (int i = 0; i < 24; i++) {
            x.set(i, i);
        }
        Tensor y = Shapes.permute(x, 2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, y.shape());
        double[] expected = new double[24];
        int at = 0;
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[at++] = 12 * i + 4 * j + k;
                }
            }
        }
        assertArrayEquals(expected, y.toDoubleArray());
        assertArrayEquals(new int[] {2, 3, 4}, Shapes.permute(x, 0, 1, 2).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.permute(x, 0, 1));
        assertEquals("permute: [2, 3, 4] has 3 axes, but the order [0, 1] names 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.permute(x, 0, 1, -2));
        assertEquals("permute: [0, 1, -2] is not an order of the axes of [2, 3, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.permute(x, 0, 1, 3));
        assertEquals("permute: [0, 1, 3] is not an order of the axes of [2, 3, 4]", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void explicitPadsWorkedOutByHand(DType dtype) {
        // x = 1..9 as one 3x3 image, kernel [[1, 2], [3, 4]], pads 1 each side: 4x4, the first row 1*4 = 4,
        // 1*3 + 2*4 = 11, 2*3 + 3*4 = 18, 3*3 = 9 (the padded ring counts as 0)
        Tensor x = Tensor.zeros(dtype, 1, 3, 3, 1);
        for (int i = 0; i < 9; i++) {
            x.set(i, i + 1);
        }
        Tensor k = Tensor.zeros(dtype, 2, 2, 1, 1);
        for (int t = 0; t < 4; t++) {
            k.set(t, t + 1);
        }
        Tensor y = Convolutions.conv2d(x, k, null, 1, 1, 1, 1, 1, 1);
        assertArrayEquals(new int[] {1, 4, 4, 1}, y.shape());
        assertArrayEquals(new double[] {4, 11, 18, 9}, java.util.Arrays.copyOf(y.toDoubleArray(), 4));
        // max pool 2x2 strides 2 pads 1 over 1..9: windows {1}, {2, 3}, {4, 7}, {5, 6, 8, 9}
        Tensor p = Convolutions.maxPool2d(x, 2, 2, 2, 2, 1, 1, 1, 1);
        assertArrayEquals(new double[] {1, 3, 7, 9}, p.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolutions.conv2d(x, k, null, 1, 1, 2, 0, 0, 0));
        assertEquals("conv2d: pads (top 2, bottom 0, left 0, right 0) must be >= 0 and smaller than the 2x2 kernel",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolutions.maxPool2d(x, 2, 2, 2, 2, Padding.EXPLICIT));
        assertEquals("maxPool2d: padding EXPLICIT needs the pads: use the form that takes them", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardValuesWorkedOutByHand(DType dtype) {
        // x = 1..9 as one 3x3 image, kernel [[1, 2], [3, 4]] into 2 filters (the second 10 times the first), bias (1, 0)
        Tensor x = Tensor.zeros(dtype, 1, 3, 3, 1);
        for (int i = 0; i < 9; i++) {
            x.set(i, i + 1);
        }
        Tensor k = Tensor.zeros(dtype, 2, 2, 1, 2);
        for (int t = 0; t < 4; t++) {
            k.set(2 * t, t + 1);
            k.set(2 * t + 1, 10 * (t + 1));
        }
        Tensor b = Tensor.zeros(dtype, 2);
        b.set(0, 1);
        // valid: 37, 47, 67, 77 (e.g. 1*1 + 2*2 + 4*3 + 5*4 = 37); same adds the right column 21, 33 and bottom row 23, 26, 9
        Tensor y = Convolutions.conv2d(x, k, b);
        assertArrayEquals(new int[] {1, 2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {38, 370, 48, 470, 68, 670, 78, 770}, y.toDoubleArray());
        Tensor same = Convolutions.conv2d(x, k, null, 1, 1, Padding.SAME);
        assertArrayEquals(new int[] {1, 3, 3, 2}, same.shape());
        double[] first = new double[9];
        for (int i = 0; i < 9; i++) {
            first[i] = same.get(2 * i);
        }
        assertArrayEquals(new double[] {37, 47, 21, 67, 77, 33, 23, 26, 9}, first);
        // pooling 2x2 strides 2 same over 1..9: max 5, 6, 8, 9; mean 3, 4.5, 7.5, 9
        Tensor max = Convolutions.maxPool2d(x, 2, 2, 2, 2, Padding.SAME);
        assertArrayEquals(new int[] {1, 2, 2, 1}, max.shape());
        assertArrayEquals(new double[] {5, 6, 8, 9}, max.toDoubleArray());
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, Convolutions.avgPool2d(x, 2, 2, 2, 2, Padding.SAME).toDoubleArray());
        assertEquals(dtype, max.dtype());
        Tensor flat = Shapes.flatten(Tensor.zeros(dtype, 2, 3, 2, 2));
        assertArrayEquals(new int[] {2, 12}, flat.shape());
        assertArrayEquals(new int[] {3, 1}, Shapes.flatten(Tensor.zeros(dtype, 3)).shape());
        assertArrayEquals(new int[] {0, 12}, Shapes.flatten(Tensor.zeros(dtype, 0, 3, 4)).shape());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gradientsWorkedOutByHand(DType dtype) {
        // loss = sum(conv2d(x, k, b)) over a 3x3 image, 2x2 kernel, 2 filters: d b = 4 per filter (4 output pixels);
        // d k[tap, f] = sum of x over the tap's 4 pixels: 12, 16, 24, 28 (both filters); d x = how many windows
        // cover each pixel times the sum of its taps over the filters.
        Tensor x = Tensor.zeros(dtype, 1, 3, 3, 1).requiresGrad(true);
        for (int i = 0; i < 9; i++) {
            x.set(i, i + 1);
        }
        Tensor k = Tensor.zeros(dtype, 2, 2, 1, 2).requiresGrad(true);
        for (int t = 0; t < 4; t++) {
            k.set(2 * t, t + 1);
            k.set(2 * t + 1, -1);
        }
        Tensor b = Tensor.zeros(dtype, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.sum(Convolutions.conv2d(x, k, b)));
        }
        assertArrayEquals(new double[] {4, 4}, b.grad().toDoubleArray());
        assertArrayEquals(new double[] {12, 12, 16, 16, 24, 24, 28, 28}, k.grad().toDoubleArray());
        // per-tap filter sums: (1 - 1, 2 - 1, 3 - 1, 4 - 1) = (0, 1, 2, 3); centre pixel all four: 6; corners one tap each
        assertArrayEquals(new double[] {0, 1, 1, 2, 6, 4, 2, 5, 3}, x.grad().toDoubleArray());
        // max pooling 2x2 over 1..9 (valid, strides 1): every window's maximum is its bottom-right pixel
        Tensor p = Tensor.zeros(dtype, 1, 3, 3, 1).requiresGrad(true);
        for (int i = 0; i < 9; i++) {
            p.set(i, i + 1);
        }
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.sum(Convolutions.maxPool2d(p, 2, 2, 1, 1, Padding.VALID)));
        }
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 1, 0, 1, 1}, p.grad().toDoubleArray());
    }

    @Test
    void shapeErrorsNameTheOpAndTheShapes() {
        Tensor x = Tensor.zeros(DType.F64, 1, 5, 5, 2);
        Tensor k = Tensor.zeros(DType.F64, 2, 2, 2, 4);
        assertMessage("conv2d: x must be [batch, height, width, channels], got [5, 5, 2]",
                () -> Convolutions.conv2d(Tensor.zeros(DType.F64, 5, 5, 2), k, null));
        assertMessage("conv2d: kernel must be [kernelHeight, kernelWidth, channels, filters], got [2, 2, 2]",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 2), null));
        assertMessage("conv2d: kernel [2, 2, 3, 4] expects 3 input channels, but x [1, 5, 5, 2] has 2",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 3, 4), null));
        assertMessage("conv2d: bias must be [4] for kernel [2, 2, 2, 4], got [3]",
                () -> Convolutions.conv2d(x, k, Tensor.zeros(DType.F64, 3)));
        assertMessage("conv2d: kernel [2, 2, 2, 0] has no filters",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 2, 0), null));
        assertMessage("conv2d: dtypes differ: F64 [1, 5, 5, 2] and F32 [2, 2, 2, 4]",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F32, 2, 2, 2, 4), null));
        assertMessage("conv2d: the 6x2 kernel is larger than the 5x5 images of x [1, 5, 5, 2] with padding VALID",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 6, 2, 2, 4), null));
        assertMessage("conv2d: strides must be >= 1, got 0x1", () -> Convolutions.conv2d(x, k, null, 0, 1, Padding.SAME));
        assertMessage("conv2d: kernel size must be >= 1 each way, got 0x2",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 0, 2, 2, 4), null, 1, 1, Padding.SAME));
        assertMessage("conv2d: x [1, 0, 5, 2] must have at least one row, column and channel",
                () -> Convolutions.conv2d(Tensor.zeros(DType.F64, 1, 0, 5, 2), k, null, 1, 1, Padding.SAME));
        assertMessage("maxPool2d: pool size must be >= 1 each way, got 0x2", () -> Convolutions.maxPool2d(x, 0, 2));
        assertMessage("maxPool2d: strides must be >= 1, got 2x-1",
                () -> Convolutions.maxPool2d(x, 2, 2, 2, -1, Padding.VALID));
        assertMessage("avgPool2d: x must be [batch, height, width, channels], got [5, 5]",
                () -> Convolutions.avgPool2d(Tensor.zeros(DType.F64, 5, 5), 2, 2));
        assertMessage("avgPool2d: the 3x6 pool is larger than the 5x5 images of x [1, 5, 5, 2] with padding VALID",
                () -> Convolutions.avgPool2d(x, 3, 6));
        assertMessage("flatten: needs a batch axis, got a scalar", () -> Shapes.flatten(Tensor.scalar(DType.F64, 1)));
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Convolutions.maxPool2d(x, 2, 2, 2, 2, null));
        assertEquals("maxPool2d: padding is null", e.getMessage());
    }

    @Test
    void theSmallestShapesEachCheckAllowsAreAccepted() {
        // One filter; images one row or one column high; a VALID window exactly the image's size. All ones, so each
        // output is the number of terms it sums.
        Tensor oneFilter = Convolutions.conv2d(Tensor.ones(DType.F64, 1, 2, 2, 1), Tensor.ones(DType.F64, 1, 1, 1, 1), null);
        assertArrayEquals(new int[] {1, 2, 2, 1}, oneFilter.shape());
        assertArrayEquals(new double[] {1, 1, 1, 1}, oneFilter.toDoubleArray(), 0);
        Tensor oneRow = Convolutions.conv2d(Tensor.ones(DType.F64, 1, 1, 5, 2), Tensor.ones(DType.F64, 1, 3, 2, 1), null);
        assertArrayEquals(new int[] {1, 1, 3, 1}, oneRow.shape());
        assertArrayEquals(new double[] {6, 6, 6}, oneRow.toDoubleArray(), 0);
        Tensor oneColumn = Convolutions.conv2d(Tensor.ones(DType.F64, 1, 5, 1, 2), Tensor.ones(DType.F64, 3, 1, 2, 1), null);
        assertArrayEquals(new int[] {1, 3, 1, 1}, oneColumn.shape());
        Tensor whole = Convolutions.conv2d(Tensor.ones(DType.F64, 1, 3, 4, 1), Tensor.ones(DType.F64, 3, 4, 1, 1), null);
        assertArrayEquals(new double[] {12}, whole.toDoubleArray(), 0);
        Tensor wholePool = Convolutions.avgPool2d(Tensor.ones(DType.F64, 1, 3, 4, 1), 3, 4);
        assertArrayEquals(new int[] {1, 1, 1, 1}, wholePool.shape());
    }

    @Test
    void aBiasOfAnotherDtypeAndPoolsOfNonImagesAreRefused() {
        Tensor x = Tensor.zeros(DType.F64, 1, 5, 5, 2);
        assertMessage("conv2d: dtypes differ: F64 [1, 5, 5, 2] and F32 [4]",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 2, 4), Tensor.zeros(DType.F32, 4)));
        assertMessage("maxPool2d: x must be [batch, height, width, channels], got [5, 5]",
                () -> Convolutions.maxPool2d(Tensor.zeros(DType.F64, 5, 5), 2, 2));
    }

    @Test
    void theExplicitFormsCheckTheirArgumentsAsThePaddingFormsDo() {
        // Each message names the op, as the padding forms' do; a kernel's, pool's or image's own failure (an
        // index out of range, Window2d's message) would not.
        Tensor x = Tensor.zeros(DType.F64, 1, 5, 5, 2);
        Tensor k = Tensor.zeros(DType.F64, 2, 2, 2, 4);
        assertMessage("conv2d: x must be [batch, height, width, channels], got [5, 5, 2]",
                () -> Convolutions.conv2d(Tensor.zeros(DType.F64, 5, 5, 2), k, null, 1, 1, 0, 0, 0, 0));
        assertMessage("conv2d: kernel must be [kernelHeight, kernelWidth, channels, filters], got [2, 2, 2]",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 2), null, 1, 1, 0, 0, 0, 0));
        assertMessage("conv2d: kernel [2, 2, 3, 4] expects 3 input channels, but x [1, 5, 5, 2] has 2",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 3, 4), null, 1, 1, 1, 1, 1, 1));
        assertMessage("conv2d: bias must be [4] for kernel [2, 2, 2, 4], got [3]",
                () -> Convolutions.conv2d(x, k, Tensor.zeros(DType.F64, 3), 1, 1, 1, 1, 1, 1));
        assertMessage("conv2d: kernel [2, 2, 2, 0] has no filters",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 2, 2, 2, 0), null, 1, 1, 0, 0, 0, 0));
        assertMessage("conv2d: dtypes differ: F64 [1, 5, 5, 2] and F32 [2, 2, 2, 4]",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F32, 2, 2, 2, 4), null, 1, 1, 0, 0, 0, 0));
        // rank 3 and rank 5 images: the first has no axis 3, the second would pass for [1, 5, 5, 2] in the kernel
        assertMessage("maxPool2d: x must be [batch, height, width, channels], got [5, 5, 2]",
                () -> Convolutions.maxPool2d(Tensor.zeros(DType.F64, 5, 5, 2), 2, 2, 2, 2, 0, 0, 0, 0));
        assertMessage("maxPool2d: x must be [batch, height, width, channels], got [1, 5, 5, 2, 1]",
                () -> Convolutions.maxPool2d(Tensor.zeros(DType.F64, 1, 5, 5, 2, 1), 2, 2, 2, 2, 0, 0, 0, 0));
        assertMessage("avgPool2d: x must be [batch, height, width, channels], got [5, 5]",
                () -> Convolutions.avgPool2d(Tensor.zeros(DType.F64, 5, 5), 2, 2, 2, 2, 0, 0, 0, 0));
        assertMessage("avgPool2d: x must be [batch, height, width, channels], got [1, 5, 5, 2, 1]",
                () -> Convolutions.avgPool2d(Tensor.zeros(DType.F64, 1, 5, 5, 2, 1), 2, 2, 2, 2, 0, 0, 0, 0));
        // sizes and strides (a 0-row kernel with pad 0 would otherwise fail as "pad 0 not smaller than 0 rows")
        assertMessage("conv2d: kernel size must be >= 1 each way, got 0x2",
                () -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 0, 2, 2, 4), null, 1, 1, 0, 0, 0, 0));
        assertMessage("maxPool2d: pool size must be >= 1 each way, got 2x0",
                () -> Convolutions.maxPool2d(x, 2, 0, 1, 1, 0, 0, 0, 0));
        assertMessage("conv2d: strides must be >= 1, got 1x0", () -> Convolutions.conv2d(x, k, null, 1, 0, 1, 1, 1, 1));
        assertMessage("avgPool2d: strides must be >= 1, got 0x1",
                () -> Convolutions.avgPool2d(x, 2, 2, 0, 1, 1, 1, 1, 1));
        assertMessage("maxPool2d: x [1, 0, 5, 2] must have at least one row, column and channel",
                () -> Convolutions.maxPool2d(Tensor.zeros(DType.F64, 1, 0, 5, 2), 2, 2, 1, 1, 1, 1, 1, 1));
        assertMessage("conv2d: x [1, 5, 5, 0] must have at least one row, column and channel",
                () -> Convolutions.conv2d(Tensor.zeros(DType.F64, 1, 5, 5, 0), Tensor.zeros(DType.F64, 2, 2, 0, 4), null,
                        1, 1, 0, 0, 0, 0));
    }

    @Test
    void eachPadMustBeAtLeastZeroAndSmallerThanTheWindowThatWay() {
        // A 2-row, 3-column window: top and bottom pads in [0, 1], left and right pads in [0, 2]. The first value
        // out of range on each side is refused with the op's message (not Window2d's, which checks the same).
        Tensor x = Tensor.zeros(DType.F64, 1, 4, 4, 1);
        Tensor k = Tensor.zeros(DType.F64, 2, 3, 1, 1);
        String tail = ") must be >= 0 and smaller than the 2x3 ";
        assertMessage("conv2d: pads (top -1, bottom 0, left 0, right 0" + tail + "kernel",
                () -> Convolutions.conv2d(x, k, null, 1, 1, -1, 0, 0, 0));
        assertMessage("conv2d: pads (top 0, bottom -1, left 0, right 0" + tail + "kernel",
                () -> Convolutions.conv2d(x, k, null, 1, 1, 0, -1, 0, 0));
        assertMessage("maxPool2d: pads (top 0, bottom 0, left -1, right 0" + tail + "pool",
                () -> Convolutions.maxPool2d(x, 2, 3, 1, 1, 0, 0, -1, 0));
        assertMessage("avgPool2d: pads (top 0, bottom 0, left 0, right -1" + tail + "pool",
                () -> Convolutions.avgPool2d(x, 2, 3, 1, 1, 0, 0, 0, -1));
        assertMessage("conv2d: pads (top 2, bottom 1, left 2, right 2" + tail + "kernel",
                () -> Convolutions.conv2d(x, k, null, 1, 1, 2, 1, 2, 2));
        assertMessage("conv2d: pads (top 1, bottom 2, left 2, right 2" + tail + "kernel",
                () -> Convolutions.conv2d(x, k, null, 1, 1, 1, 2, 2, 2));
        assertMessage("maxPool2d: pads (top 1, bottom 1, left 3, right 2" + tail + "pool",
                () -> Convolutions.maxPool2d(x, 2, 3, 1, 1, 1, 1, 3, 2));
        assertMessage("avgPool2d: pads (top 1, bottom 1, left 2, right 3" + tail + "pool",
                () -> Convolutions.avgPool2d(x, 2, 3, 1, 1, 1, 1, 2, 3));
        // the largest pads allowed on every side: (4 + 1 + 1 - 2) + 1 = 5 rows, (4 + 2 + 2 - 3) + 1 = 6 columns
        assertArrayEquals(new int[] {1, 5, 6, 1}, Convolutions.conv2d(x, k, null, 1, 1, 1, 1, 2, 2).shape());
        assertArrayEquals(new int[] {1, 5, 6, 1}, Convolutions.maxPool2d(x, 2, 3, 1, 1, 1, 1, 2, 2).shape());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void zeroPadsOnEverySideAreValidPadding(DType dtype) {
        // x = 1..9 as one 3x3 image, kernel [[1, 2], [3, 4]]: pads 0 give padding VALID's 37, 47, 67, 77 (e.g. 1*1 + 2*2
        // + 4*3 + 5*4 = 37); 2x2 pools strides 1: max 5, 6, 8, 9 and mean 3, 4, 6, 7
        Tensor x = Tensor.zeros(dtype, 1, 3, 3, 1);
        for (int i = 0; i < 9; i++) {
            x.set(i, i + 1);
        }
        Tensor k = Tensor.zeros(dtype, 2, 2, 1, 1);
        for (int t = 0; t < 4; t++) {
            k.set(t, t + 1);
        }
        Tensor y = Convolutions.conv2d(x, k, null, 1, 1, 0, 0, 0, 0);
        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new double[] {37, 47, 67, 77}, y.toDoubleArray());
        assertArrayEquals(new double[] {5, 6, 8, 9}, Convolutions.maxPool2d(x, 2, 2, 1, 1, 0, 0, 0, 0).toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 6, 7}, Convolutions.avgPool2d(x, 2, 2, 1, 1, 0, 0, 0, 0).toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aWindowExactlyThePaddedImageIsAcceptedAndOneRowOrColumnMoreIsNot(DType dtype) {
        // One pixel x = 2 padded by 1 on every side is 3x3: a 3x3 window fits exactly, once. The kernel 1..9 meets the
        // pixel with its centre tap 5: 2 * 5 = 10. Pools see the one pixel only (padding ignored): 2.
        Tensor x = Tensor.full(dtype, 2, 1, 1, 1, 1);
        Tensor k = Tensor.zeros(dtype, 3, 3, 1, 1);
        for (int t = 0; t < 9; t++) {
            k.set(t, t + 1);
        }
        Tensor y = Convolutions.conv2d(x, k, null, 1, 1, 1, 1, 1, 1);
        assertArrayEquals(new int[] {1, 1, 1, 1}, y.shape());
        assertArrayEquals(new double[] {10}, y.toDoubleArray());
        assertArrayEquals(new double[] {2}, Convolutions.maxPool2d(x, 3, 3, 1, 1, 1, 1, 1, 1).toDoubleArray());
        assertArrayEquals(new double[] {2}, Convolutions.avgPool2d(x, 3, 3, 2, 2, 1, 1, 1, 1).toDoubleArray());
        // x [1, 2, 1, 1] padded by (top 1, bottom 0) and (left 1, right 1) is 3x3 as well: rows (pad, x0, x1), columns
        // (pad, x, pad), so the two pixels meet the centre column's taps 5 and 8: 2 * 5 + 2 * 8 = 26
        Tensor tall = Tensor.full(dtype, 2, 1, 2, 1, 1);
        assertArrayEquals(new double[] {26}, Convolutions.conv2d(tall, k, null, 1, 1, 1, 0, 1, 1).toDoubleArray());
        // one row or one column short of the window
        assertMessage("conv2d: the 3x3 kernel is larger than the 1x1 images of x [1, 1, 1, 1] padded by 1, 0 (top, bottom)"
                + " and 1, 1 (left, right)", () -> Convolutions.conv2d(x, k, null, 1, 1, 1, 0, 1, 1));
        assertMessage("maxPool2d: the 3x3 pool is larger than the 1x1 images of x [1, 1, 1, 1] padded by 1, 1 (top, bottom)"
                + " and 0, 1 (left, right)", () -> Convolutions.maxPool2d(x, 3, 3, 1, 1, 1, 1, 0, 1));
        assertMessage("avgPool2d: the 3x3 pool is larger than the 1x1 images of x [1, 1, 1, 1] padded by 1, 1 (top, bottom)"
                + " and 1, 0 (left, right)", () -> Convolutions.avgPool2d(x, 3, 3, 1, 1, 1, 1, 1, 0));
    }

    @Test
    void theBiasGradientIsThePixelCountWhateverSizeCameBefore() throws Exception {
        // d bias[f] = the number of output pixels. 1x1 kernel over [1, 1, 1, 1]: 1 pixel; 2x2 kernel over [2, 3, 4, 1]:
        // 2 images of 2x3 = 12 pixels; then 1 pixel again; then 2x2 over [1, 5, 5, 1]: 16 pixels, more than any before.
        // A fresh thread starts with no ones cached, so each size is new to it when it comes.
        inFreshThread(() -> {
            for (DType dtype : DType.values()) {
                assertEquals(1, biasGradient(dtype, 1, 1, 1, 1), dtype.toString());
                assertEquals(12, biasGradient(dtype, 2, 3, 4, 2), dtype.toString());
                assertEquals(1, biasGradient(dtype, 1, 1, 1, 1), dtype.toString());
                assertEquals(16, biasGradient(dtype, 1, 5, 5, 2), dtype.toString());
            }
        });
    }

    @Test
    void theBiasOnesAreCachedPerThreadAndGrowOnlyWhenNeeded() throws Exception {
        // The same size, or a smaller one, hands back the same ones; a larger size makes new ones once, which the next
        // call of that size gets again; each dtype and each thread has its own. (That a backward allocates no ones is
        // counted in bytes by ConvolutionsAllocationTest, which PIT leaves out because its probes allocate.)
        inFreshThread(() -> {
            for (DType dtype : DType.values()) {
                Tensor first = Convolutions.ones(dtype, 12);
                assertEquals(12, first.size());
                assertTrue(Arrays.stream(first.toDoubleArray()).allMatch(v -> v == 1), dtype.toString());
                assertSame(first, Convolutions.ones(dtype, 12), dtype.toString());
                assertSame(first, Convolutions.ones(dtype, 1), dtype.toString());
                Tensor grown = Convolutions.ones(dtype, 13);
                assertNotSame(first, grown, dtype.toString());
                assertEquals(13, grown.size());
                assertTrue(Arrays.stream(grown.toDoubleArray()).allMatch(v -> v == 1), dtype.toString());
                assertSame(grown, Convolutions.ones(dtype, 13), dtype.toString());
            }
            assertNotSame(Convolutions.ones(DType.F32, 13), Convolutions.ones(DType.F64, 13));
        });
        Tensor mine = Convolutions.ones(DType.F64, 13);
        Tensor[] theirs = new Tensor[1];
        inFreshThread(() -> theirs[0] = Convolutions.ones(DType.F64, 13));
        assertNotSame(mine, theirs[0]);
    }

    /** d bias of sum(conv2d(ones [batch, height, width, 1], ones kernel [size, size, 1, 1], one bias)). */
    private static double biasGradient(DType dtype, int batch, int height, int width, int kernelSize) {
        Tensor x = Tensor.ones(dtype, batch, height, width, 1);
        Tensor k = Tensor.ones(dtype, kernelSize, kernelSize, 1, 1);
        Tensor b = Tensor.zeros(dtype, 1).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.sum(Convolutions.conv2d(x, k, b)));
        }
        return b.grad().item();
    }

    /** Runs body on a new thread and rethrows what it threw. */
    static void inFreshThread(Runnable body) throws Exception {
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.start();
        t.join();
        if (thrown[0] instanceof Error e) {
            throw e;
        }
        if (thrown[0] instanceof Exception e) {
            throw e;
        }
    }

    @Test
    void flattenTakesUpToIntegerMaxValueFeaturesPerRow() {
        // Only an empty batch can have that many: 2^31 - 1 features per row fit an array, 2^31 = 2 * 2^30 do not.
        Tensor most = Shapes.flatten(Tensor.zeros(DType.F64, 0, Integer.MAX_VALUE));
        assertArrayEquals(new int[] {0, Integer.MAX_VALUE}, most.shape());
        assertArrayEquals(new int[] {0, Integer.MAX_VALUE},
                Shapes.flatten(Tensor.zeros(DType.F32, 0, 1, Integer.MAX_VALUE, 1)).shape());
        assertMessage("flatten: [0, 2, 1073741824] has more features per row than an array holds",
                () -> Shapes.flatten(Tensor.zeros(DType.F64, 0, 2, 1 << 30)));
    }

    @Test
    void permuteTakesAxesFromMinusRankToRankMinusOne() {
        // x [2, 3, 4] holds its flat index 12 i + 4 j + k. Axis -3 is axis 0: permute(x, 1, 2, -3) is [3, 4, 2] with
        // y[j, k, i] = x[i, j, k].
        Tensor x = Tensor.zeros(DType.F64, 2, 3, 4);
        for (int i = 0; i < 24; i++) {
            x.set(i, i);
        }
        Tensor y = Shapes.permute(x, 1, 2, -3);
        assertArrayEquals(new int[] {3, 4, 2}, y.shape());
        double[] expected = new double[24];
        int at = 0;
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < 2; i++) {
                    expected[at++] = 12 * i + 4 * j + k;
                }
            }
        }
        assertArrayEquals(expected, y.toDoubleArray());
        assertMessage("permute: [-4, 0, 1] is not an order of the axes of [2, 3, 4]",
                () -> Shapes.permute(x, -4, 0, 1));
        assertMessage("permute: [0, 1, 3] is not an order of the axes of [2, 3, 4]", () -> Shapes.permute(x, 0, 1, 3));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }
}
