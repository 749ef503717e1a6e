package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import org.junit.jupiter.api.Test;

/** {@link Linear#apply}, the function every {@link Linear} computes: gradients, weight checks, and the layer using it. */
class LinearGradCheckTest {

    @Test
    void gradientsMatchFiniteDifferencesWithAndWithoutBias() {
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 1, 2, 3, 4).requiresGrad(true);
        Tensor w = Tensor.uniform(DType.F64, -1, 1, 2, 5, 4).requiresGrad(true);
        Tensor b = Tensor.uniform(DType.F64, -1, 1, 3, 5).requiresGrad(true);
        GradCheck.verify(in -> Linear.apply(in[0], in[1], in[2]), x, w, b);
        GradCheck.verify(in -> Linear.apply(in[0], in[1], null), x, w);
    }

    @Test
    void theLayerComputesApplyOverItsOwnWeights() {
        Linear layer = new Linear(4, 3, LinearOptions.defaults().withDType(DType.F64).withSeed(5));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 6, 7, 4);
        assertArrayEquals(Linear.apply(x, layer.weight(), layer.bias()).dataF64(), layer.forward(x).dataF64(), 0);
    }

    @Test
    void rejectsWeightsAndBiasesOfTheWrongShapeNamingThem() {
        Tensor x = Tensor.zeros(DType.F64, 2, 4);
        assertEquals("Linear: weight is [3, 4, 1], expected [out, in]",
                assertThrows(IllegalArgumentException.class,
                        () -> Linear.apply(x, Tensor.zeros(DType.F64, 3, 4, 1), null)).getMessage());
        assertEquals("Linear: bias is [4], expected [3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Linear.apply(x, Tensor.zeros(DType.F64, 3, 4), Tensor.zeros(DType.F64, 4))).getMessage());
        assertEquals("Linear: bias is [1, 3], expected [3]",
                assertThrows(IllegalArgumentException.class,
                        () -> Linear.apply(x, Tensor.zeros(DType.F64, 3, 4), Tensor.zeros(DType.F64, 1, 3))).getMessage());
    }
}
