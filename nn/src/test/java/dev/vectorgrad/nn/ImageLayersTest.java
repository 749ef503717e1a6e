package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d} and {@link Flatten}: gradients of the layers'
 * functions against F64 central differences ({@link GradCheck}'s PyTorch defaults), PyTorch's parameter
 * names, shapes and default initialisation bounds, output sizes, and the argument errors.
 * Values against PyTorch are in {@link ImageLayersPyTorchParityTest}.
 */
class ImageLayersTest {

    private static Tensor var(long seed, int... shape) {
        return Tensor.uniform(DType.F64, -1, 1, seed, shape).requiresGrad(true);
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        Tensor x = var(1, 2, 3, 5, 4);
        Tensor w = var(2, 2, 3, 3, 2);
        Tensor b = var(3, 2);
        GradCheck.verify(in -> Conv2d.apply(in[0], in[1], in[2], 1, 1, 0, 0, 0, 0), x, w, b);
        GradCheck.verify(in -> Conv2d.apply(in[0], in[1], in[2], 2, 2, 1, 1, 1, 1), x, w, b);
        GradCheck.verify(in -> Conv2d.apply(in[0], in[1], null, 1, 2, 1, 1, 0, 1), x, w);
    }

    @Test
    void layersGradientsMatchFiniteDifferences() {
        Conv2d same = new Conv2d(2, 3, 2, 4, Conv2dOptions.defaults().withPadding("same").withDType(DType.F64).withSeed(4));
        GradCheck.verify(in -> same.forward(in[0]), var(5, 1, 2, 4, 5));
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        GradCheck.verify(in -> pool.forward(in[0]), var(6, 2, 2, 5, 4));
        AvgPool2d avg = new AvgPool2d(2);
        GradCheck.verify(in -> avg.forward(in[0]), var(7, 1, 3, 4, 5));
        Flatten flatten = new Flatten();
        GradCheck.verify(in -> flatten.forward(in[0]), var(8, 2, 3, 2, 2));
    }

    @Test
    void conv2dHasPyTorchsNamesShapesAndInitialisation() {
        Conv2d conv = new Conv2d(3, 8, 5);
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        assertArrayEquals(new int[] {8, 3, 5, 5}, conv.weight().shape());
        assertArrayEquals(new int[] {8}, conv.bias().shape());
        assertEquals(DType.F32, conv.weight().dtype());
        assertTrue(conv.weight().requiresGrad() && conv.bias().requiresGrad());
        // U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = 3 * 5 * 5 = 75: 600 draws reach past 0.9 of the bound
        double bound = 1 / Math.sqrt(75);
        double max = 0;
        for (int i = 0; i < conv.weight().size(); i++) {
            max = Math.max(max, Math.abs(conv.weight().get(i)));
        }
        assertTrue(max <= bound && max > 0.9 * bound, "weights within and reaching 1/sqrt(75), max " + max);
        for (int i = 0; i < 8; i++) {
            assertTrue(Math.abs(conv.bias().get(i)) <= bound);
        }
        assertNull(new Conv2d(3, 8, 5, Conv2dOptions.defaults().withBias(false)).bias());
        assertEquals(List.of("weight"), List.copyOf(
                new Conv2d(3, 8, 5, Conv2dOptions.defaults().withBias(false)).namedParameters().keySet()));
        assertArrayEquals(conv.weight().toFloatArray(), new Conv2d(3, 8, 5).weight().toFloatArray(), "seed 0 by default");
    }

    @Test
    void outputSizesFollowPyTorch() {
        Tensor images = Tensor.zeros(DType.F32, 2, 1, 28, 28);
        // (28 - 3) / 1 + 1 = 26; with padding 1: 28; stride 2 padding 1: (28 + 2 - 3) / 2 + 1 = 14; same: 28
        assertArrayEquals(new int[] {2, 32, 26, 26}, new Conv2d(1, 32, 3).forward(images).shape());
        assertArrayEquals(new int[] {2, 4, 28, 28},
                new Conv2d(1, 4, 3, Conv2dOptions.defaults().withPadding(1)).forward(images).shape());
        assertArrayEquals(new int[] {2, 4, 14, 14},
                new Conv2d(1, 4, 3, Conv2dOptions.defaults().withStride(2).withPadding(1)).forward(images).shape());
        assertArrayEquals(new int[] {2, 4, 28, 28},
                new Conv2d(1, 4, 4, Conv2dOptions.defaults().withPadding("same")).forward(images).shape());
        // pools: 28 / 2 = 14; (28 + 2 - 3) / 2 + 1 = 14; 3x3 at stride 1: 26
        assertArrayEquals(new int[] {2, 1, 14, 14}, new MaxPool2d(2).forward(images).shape());
        assertArrayEquals(new int[] {2, 1, 14, 14}, new MaxPool2d(3, 2, 1).forward(images).shape());
        assertArrayEquals(new int[] {2, 1, 26, 26}, new AvgPool2d(3, 1, 0).forward(images).shape());
        assertArrayEquals(new int[] {2, 784}, new Flatten().forward(images).shape());
        assertArrayEquals(new int[] {2, 28, 28}, new Flatten(1, 2).forward(images).shape());
        assertArrayEquals(new int[] {56, 28}, new Flatten(0, -2).forward(Tensor.zeros(DType.F32, 2, 28, 28)).shape());
    }

    @Test
    void flattenKeepsPyTorchsChannelRowColumnOrder() {
        // x [1, 2, 2, 2] holds its flat index: flatten keeps that order (channel, then row, then column)
        Tensor x = Tensor.zeros(DType.F64, 1, 2, 2, 2);
        for (int i = 0; i < 8; i++) {
            x.set(i, i);
        }
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, new Flatten().forward(x).toDoubleArray());
    }

    @Test
    void badArgumentsAreRefusedByName() {
        message("Conv2d: sizes must be positive, got in=0, out=4, kernel=(3, 3)", () -> new Conv2d(0, 4, 3));
        message("Conv2d: padding=\"same\" is not supported for strided convolutions, got stride (2, 2)",
                () -> new Conv2d(1, 4, 3, Conv2dOptions.defaults().withPadding("same").withStride(2)));
        message("Conv2d: padding (3, 0) must be smaller than the kernel (3, 3) each way",
                () -> new Conv2d(1, 4, 3, Conv2dOptions.defaults().withPadding(3, 0)));
        message("Conv2d: padding must be \"valid\" or \"same\" (or a number), got \"full\"",
                () -> Conv2dOptions.defaults().withPadding("full"));
        message("Conv2d: stride must be >= 1 each way, got (0, 1)", () -> Conv2dOptions.defaults().withStride(0, 1));
        message("Conv2d: padding must be >= 0 each way, got (-1, -1)", () -> Conv2dOptions.defaults().withPadding(-1));
        Conv2d conv = new Conv2d(3, 4, 3);
        message("Conv2d: input is [2, 2, 5, 5], expected [N, 3, H, W]", () -> conv.forward(Tensor.zeros(DType.F32, 2, 2, 5, 5)));
        message("Conv2d: input is [3, 5, 5], expected [N, 3, H, W]", () -> conv.forward(Tensor.zeros(DType.F32, 3, 5, 5)));
        message("Conv2d: weight is [4, 3, 3], expected [out, in, kh, kw]",
                () -> Conv2d.apply(Tensor.zeros(DType.F32, 1, 3, 5, 5), Tensor.zeros(DType.F32, 4, 3, 3), null, 1, 1, 0, 0, 0, 0));
        message("Conv2d: bias is [3], expected [4]", () -> Conv2d.apply(Tensor.zeros(DType.F32, 1, 3, 5, 5),
                Tensor.zeros(DType.F32, 4, 3, 3, 3), Tensor.zeros(DType.F32, 3), 1, 1, 0, 0, 0, 0));
        message("MaxPool2d: padding must be in [0, kernel size / 2] (pad should be at most half of kernel size), "
                + "but got padding 2 and kernel size 3", () -> new MaxPool2d(3, 2, 2));
        message("MaxPool2d: kernel size and stride must be >= 1, got kernel size 2, stride 0", () -> new MaxPool2d(2, 0, 0));
        message("MaxPool2d: input is [1, 4, 4], expected [N, C, H, W]", () -> new MaxPool2d(2).forward(Tensor.zeros(DType.F32, 1, 4, 4)));
        message("AvgPool2d: padding must be 0, got 1 (PyTorch's count_include_pad=True averages over the padding too; "
                + "these kernels do not, so padding is not offered)", () -> new AvgPool2d(2, 2, 1));
        message("Flatten: start_dim 1 and end_dim -1 do not name axes in order of the input [4]",
                () -> new Flatten().forward(Tensor.zeros(DType.F32, 4)));
        message("Flatten: start_dim 2 and end_dim 1 do not name axes in order of the input [2, 3, 4]",
                () -> new Flatten(2, 1).forward(Tensor.zeros(DType.F32, 2, 3, 4)));
    }

    private static void message(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
