package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dense: hand-derived forward, gradients against finite differences, shapes and errors. */
class DenseTest {

    @Test
    void forwardIsInputTimesKernelPlusBiasThenActivation() {
        // x [1, 2] = (1, 2); kernel [2, 2] = ((1, -1), (0.5, 3)); bias (0.5, -10):
        // x @ K = (1 + 1, -1 + 6) = (2, 5); + b = (2.5, -5); relu -> (2.5, 0).
        Dense dense = Dense.builder(2).activation("relu").dtype(DType.F64).build();
        dense.build(new int[] {2});
        dense.setWeights(List.of(Tensor.of(new double[] {1, -1, 0.5, 3}, 2, 2), Tensor.of(new double[] {0.5, -10}, 2)));
        Tensor y = dense.call(Tensor.of(new double[] {1, 2}, 1, 2));
        assertArrayEquals(new double[] {2.5, 0}, y.toDoubleArray(), 0);
        assertEquals(List.of("kernel", "bias"), dense.weightNames());
    }

    @Test
    void appliesToTheLastAxisOfAnyRank() {
        Dense dense = Dense.builder(1).useBias(false).dtype(DType.F64).build();
        dense.build(new int[] {3, 2});
        dense.setWeights(List.of(Tensor.of(new double[] {1, 10}, 2, 1)));
        Tensor y = dense.call(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 3, 2));
        assertArrayEquals(new int[] {1, 3, 1}, y.shape());
        assertArrayEquals(new double[] {21, 43, 65}, y.toDoubleArray(), 0);
        assertArrayEquals(new int[] {3, 1}, dense.outputShape(new int[] {3, 2}));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (String activation : List.of("linear", "tanh", "softmax")) {
            Dense dense = Dense.builder(3).activation(activation).dtype(DType.F64).seed(4).build();
            dense.build(new int[] {4, 5});
            T.randomizeWeights(dense, 9, 0.5);
            List<Tensor> inputs = new ArrayList<>();
            inputs.add(T.t3(T.random3(2, 2, 4, 5)).requiresGrad(true));
            inputs.addAll(T.weightCopies(dense));
            GradCheck.defaults().assertGradients(in -> dense.statelessCall(List.of(in[1], in[2]), in[0]),
                    inputs.toArray(Tensor[]::new));
        }
    }

    @Test
    void errorsNameTheLayerAndShapes() {
        Dense dense = new Dense(4, "relu");
        dense.assignName("dense_1");
        dense.build(new int[] {50});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dense.call(Tensor.zeros(DType.F32, 8, 64)));
        assertEquals("Dense 'dense_1': expects input [batch, 50], got [8, 64]", e.getMessage());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> dense.build(new int[] {64}));
        assertEquals("Dense 'dense_1': was built for input shape [50], got [64]", again.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> dense.setWeights(List.of(Tensor.zeros(DType.F32, 50, 3), Tensor.zeros(DType.F32, 4))));
        assertEquals("Dense 'dense_1': weight 'kernel' is [50, 4], got [50, 3]", weights.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> dense.call(Tensor.zeros(DType.F64, 2, 50)));
        assertTrue(dtype.getMessage().contains("expects F32 input, got F64"), dtype.getMessage());
    }
}
