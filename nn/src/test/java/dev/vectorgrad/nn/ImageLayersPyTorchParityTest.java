package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of {@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d} and {@link Flatten} with PyTorch 1.13:
 * reference files written by {@code nn/src/test/python/conv_reference.py} hold a module's state_dict
 * (PyTorch's names {@code weight}, {@code bias}), an input {@code [N, C, H, W]}, the output, and the
 * gradients of {@code loss = sum(output * w_output)} for the input and every parameter, all computed by
 * PyTorch in float64. The cases: strides 1 and 2 (and 2 x 1), padding 0, 1, (1, 0), "valid" and "same"
 * (with an even kernel width, whose extra column goes at the right), bias and no bias, 1 to 5 channels
 * and filters; max pooling with and without padding, average pooling at stride 1, and flatten.
 *
 * <p>Tolerances, relative to the largest magnitude in each expected tensor: F64 1e-9 (the two libraries
 * sum the same terms in other orders, about 1e-15 relative per operation, as in the cells' parity test);
 * F32 1e-5 (the F64 inputs rounded to float, 2^-24 relative each, then sums of at most 48 products in
 * float: the worst-case bound {@code (n + 2) 2^-24 sum |terms|} is 3e-6 of the sum of magnitudes,
 * which for these standard normal inputs is at most about 3 times the largest result). A tap off by one,
 * a pad on the wrong side or a transposed weight is off by the size of a term, 0.1 or more.
 */
class ImageLayersPyTorchParityTest {

    static final double REL_F64 = 1e-9;
    static final double REL_F32 = 1e-5;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String name : new String[] {"conv2d_s1_p0_bias", "conv2d_s2_p1_nobias", "conv2d_same_3x4_bias",
                "conv2d_s2x1_p1x0_bias", "conv2d_valid_1to8_bias", "maxpool2d_2", "maxpool2d_3_s2_p1",
                "avgpool2d_2_s1", "flatten"}) {
            for (DType dtype : DType.values()) {
                b.add(Arguments.of(name, dtype));
            }
        }
        return b.build();
    }

    static Map<String, Tensor> load(String name) throws Exception {
        Path file = Path.of(ImageLayersPyTorchParityTest.class.getResource("/pytorch/" + name + ".safetensors").toURI());
        return SafeTensors.read(file).tensors();
    }

    /** The module each reference file was written from, configured as in conv_reference.py. */
    static Module module(String name, DType dtype) {
        Conv2dOptions o = Conv2dOptions.defaults().withDType(dtype);
        return switch (name) {
            case "conv2d_s1_p0_bias" -> new Conv2d(3, 4, 3, o);
            case "conv2d_s2_p1_nobias" -> new Conv2d(2, 5, 3, o.withStride(2).withPadding(1).withBias(false));
            case "conv2d_same_3x4_bias" -> new Conv2d(3, 2, 3, 4, o.withPadding("same"));
            case "conv2d_s2x1_p1x0_bias" -> new Conv2d(2, 3, 3, 2, o.withStride(2, 1).withPadding(1, 0));
            case "conv2d_valid_1to8_bias" -> new Conv2d(1, 8, 3, o.withPadding("valid"));
            case "maxpool2d_2" -> new MaxPool2d(2);
            case "maxpool2d_3_s2_p1" -> new MaxPool2d(3, 2, 1);
            case "avgpool2d_2_s1" -> new AvgPool2d(2, 1, 0);
            case "flatten" -> new Flatten();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Function<Tensor, Tensor> forward(Module m) {
        if (m instanceof Conv2d c) {
            return c::forward;
        }
        if (m instanceof MaxPool2d p) {
            return p::forward;
        }
        if (m instanceof AvgPool2d p) {
            return p::forward;
        }
        return ((Flatten) m)::forward;
    }

    static Tensor as(DType dtype, Tensor t) {
        return dtype == DType.F64 ? t : Tensor.of(t.toFloatArray(), t.shape());
    }

    static void assertMatches(Tensor expected, Tensor actual, double rel, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), rel * Math.max(scale, Double.MIN_NORMAL), what + " element " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String name, DType dtype) throws Exception {
        Map<String, Tensor> file = load(name);
        Module m = module(name, dtype);
        Map<String, Tensor> params = new HashMap<>();
        for (String p : m.namedParameters().keySet()) {
            params.put(p, file.get(p));
        }
        m.loadStateDict(params, true);
        double rel = dtype == DType.F64 ? REL_F64 : REL_F32;
        Tensor x = as(dtype, file.get("input")).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = forward(m).apply(x);
            assertMatches(file.get("output"), y, rel, name + " output");
            tape.backward(Ops.sum(Ops.mul(y, as(dtype, file.get("w_output")))));
        }
        assertMatches(file.get("grad.input"), x.grad(), rel, name + " grad.input");
        for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
            assertMatches(file.get("grad." + p.getKey()), p.getValue().grad(), rel, name + " grad." + p.getKey());
        }
    }

    @Test
    void aPyTorchConv2dStateDictLoadsByName() throws Exception {
        // safetensors.torch.save_file(nn.Conv2d(3, 4, 3).state_dict()) in float32: weight [4, 3, 3, 3], bias [4]
        Path file = Path.of(getClass().getResource("/pytorch/conv2d_state_dict.safetensors").toURI());
        Map<String, Tensor> state = SafeTensors.read(file).tensors();
        Conv2d conv = new Conv2d(3, 4, 3);
        conv.load(file);
        assertArrayEquals(state.get("weight").toFloatArray(), conv.weight().toFloatArray());
        assertArrayEquals(state.get("bias").toFloatArray(), conv.bias().toFloatArray());
        assertEquals(Map.of("weight", 108, "bias", 4), Map.of("weight", conv.weight().size(), "bias", conv.bias().size()));
    }
}
