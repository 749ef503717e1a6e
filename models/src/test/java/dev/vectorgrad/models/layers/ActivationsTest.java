package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each Keras activation against values derived by hand from its formula, its gradient, and the name rules. */
class ActivationsTest {

    private static final double[] X = {-4, -3, -0.5, 0.25, 1.5, 3, 4};

    private static double[] apply(String name, double... x) {
        return Activations.apply(name, Tensor.of(x.clone(), x.length)).toDoubleArray();
    }

    @Test
    void hardSigmoidIsKeras3Relu6Form() {
        // relu6(x + 3) / 6: 0 at or below -3, 1 at or above 3, linear with slope 1/6 between (Keras 2's 0.2x + 0.5
        // would give 0.35 at -0.75 and 0.8 at 1.5).
        double[] y = apply("hard_sigmoid", -4, -3, -0.75, 0, 1.5, 3, 4);
        double[] expected = {0, 0, 0.375, 0.5, 0.75, 1, 1};
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 1e-15, "at index " + i);
        }
    }

    @Test
    void elementWiseValues() {
        double[] relu = apply("relu", X);
        double[] elu = apply("elu", X);
        double[] selu = apply("selu", X);
        double[] softplus = apply("softplus", X);
        double[] softsign = apply("softsign", X);
        double[] silu = apply("silu", X);
        double[] exp = apply("exponential", X);
        double[] linear = apply("linear", X);
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            assertEquals(Math.max(x, 0), relu[i], 0);
            assertEquals(x > 0 ? x : Math.exp(x) - 1, elu[i], 1e-15);
            assertEquals(1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1)), selu[i], 1e-15);
            assertEquals(Math.log1p(Math.exp(x)), softplus[i], 1e-15);
            assertEquals(x / (1 + Math.abs(x)), softsign[i], 1e-15);
            assertEquals(x / (1 + Math.exp(-x)), silu[i], 1e-15);
            assertEquals(Math.exp(x), exp[i], 1e-15 * Math.exp(x));
            assertEquals(x, linear[i], 0);
        }
        assertEquals(1000, apply("softplus", 1000)[0], 0, "softplus does not overflow");
        assertEquals(0, apply("softplus", -1000)[0], 0);
    }

    @Test
    void softmaxIsOverTheLastAxis() {
        Tensor x = Tensor.of(new double[] {0, Math.log(3), 1, 1}, 2, 2);
        double[] y = Activations.apply("softmax", x).toDoubleArray();
        assertEquals(0.25, y[0], 1e-15);
        assertEquals(0.75, y[1], 1e-15);
        assertEquals(0.5, y[2], 1e-15);
        assertEquals(0.5, y[3], 1e-15);
    }

    @Test
    void namesFollowKeras() {
        Tensor x = Tensor.of(new double[] {1}, 1);
        assertSame(x, Activations.apply(null, x), "None is linear");
        assertEquals("linear", Activations.canonical("None"));
        assertEquals("silu", Activations.canonical("swish"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.canonical("gelu"));
        assertTrue(e.getMessage().startsWith("unknown activation 'gelu' (gelu needs erf"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.canonical("Relu"));
    }

    static List<String> names() {
        return Activations.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void gradientsMatchFiniteDifferences(String name) {
        // Points away from the kinks of relu, elu, hard_sigmoid (0, -3, 3): finite differences with eps 1e-6 then see
        // one slope. PyTorch's F64 defaults.
        Tensor x = Tensor.of(new double[] {-3.7, -1.2, -0.4, 0.3, 0.9, 2.2, 3.5, 5.1}, 2, 4).requiresGrad(true);
        GradCheck.defaults().assertGradients(in -> Activations.apply(name, in[0]), x);
    }

    @Test
    void activationLayerAppliesItsFunction() {
        Activation layer = new Activation("hard_sigmoid");
        layer.build(new int[] {3});
        Tensor y = layer.call(Tensor.of(new float[] {-6, 0, 6}, 1, 3));
        assertEquals(DType.F32, y.dtype());
        assertEquals(0, y.get(0), 0);
        assertEquals(0.5, y.get(1), 0);
        assertEquals(1, y.get(2), 0);
        assertEquals(List.of(), layer.getWeights());
    }
}
