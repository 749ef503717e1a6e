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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bidirectional: merge modes, the backward outputs flipped back, states, gradients, names. */
class BidirectionalTest {

    @Test
    void backwardOutputsAreFlippedBackBeforeMerging() {
        // relu SimpleRNN, one unit, kernel 1, recurrent 1, no bias, inputs 1, 2, 3 (hand-derived):
        // forward states 1, 3, 6; backward processes 3, 2, 1 giving 3, 5, 6, which flipped back to input order is
        // 6, 5, 3 (step t of both describes input step t). concat: (1, 6), (3, 5), (6, 3).
        Bidirectional bi = new Bidirectional(SimpleRNN.builder(1).activation("relu").useBias(false)
                .returnSequences(true).dtype(DType.F64).build());
        bi.build(new int[] {3, 1});
        bi.setWeights(List.of(one(), one(), one(), one()));
        Tensor y = bi.call(Tensor.of(new double[] {1, 2, 3}, 1, 3, 1));
        assertArrayEquals(new int[] {1, 3, 2}, y.shape());
        assertArrayEquals(new double[] {1, 6, 3, 5, 6, 3}, y.toDoubleArray(), 0);
    }

    private static Tensor one() {
        return Tensor.of(new double[] {1}, 1, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"concat", "sum", "mul", "ave"})
    void mergeModesOnTheReference(String mode) {
        LSTM inner = LSTM.builder(2).returnSequences(true).dtype(DType.F64).build();
        Bidirectional bi = new Bidirectional(inner, mode);
        bi.build(new int[] {-1, 3});
        T.randomizeWeights(bi, 31, 0.8);
        double[][][] x = T.random3(37, 2, 4, 3);
        List<Tensor> w = bi.getWeights();
        KerasReference.Out f = KerasReference.lstm(x, T.m(w.get(0)), T.m(w.get(1)), w.get(2).toDoubleArray(), "tanh",
                "sigmoid", false, null, null);
        KerasReference.Out b = KerasReference.lstm(x, T.m(w.get(3)), T.m(w.get(4)), w.get(5).toDoubleArray(), "tanh",
                "sigmoid", true, null, null);
        int units = 2;
        double[][][] expected = new double[2][4][mode.equals("concat") ? 4 : 2];
        for (int s = 0; s < 2; s++) {
            for (int t = 0; t < 4; t++) {
                double[] yf = f.seq()[s][t];
                double[] yb = b.seq()[s][3 - t];
                for (int u = 0; u < units; u++) {
                    switch (mode) {
                        case "concat" -> {
                            expected[s][t][u] = yf[u];
                            expected[s][t][units + u] = yb[u];
                        }
                        case "sum" -> expected[s][t][u] = yf[u] + yb[u];
                        case "mul" -> expected[s][t][u] = yf[u] * yb[u];
                        case "ave" -> expected[s][t][u] = (yf[u] + yb[u]) / 2;
                        default -> throw new AssertionError(mode);
                    }
                }
            }
        }
        T.assertClose(expected, bi.call(T.t3(x)), 1e-12);
        List<Tensor> states = bi.callWithStates(T.t3(x), null, null);
        assertEquals(5, states.size());
        T.assertClose(f.h(), states.get(1), 1e-12);
        T.assertClose(f.c(), states.get(2), 1e-12);
        T.assertClose(b.h(), states.get(3), 1e-12);
        T.assertClose(b.c(), states.get(4), 1e-12);
        int[] shape = bi.outputShape(new int[] {-1, 3});
        assertArrayEquals(new int[] {-1, mode.equals("concat") ? 4 : 2}, shape);
    }

    @Test
    void lastOutputsMergeWithoutFlipping() {
        GRU inner = GRU.builder(2).dtype(DType.F64).build();
        Bidirectional bi = new Bidirectional(inner, "concat");
        bi.build(new int[] {-1, 3});
        T.randomizeWeights(bi, 41, 0.8);
        double[][][] x = T.random3(43, 2, 3, 3);
        List<Tensor> w = bi.getWeights();
        KerasReference.Out f = KerasReference.gru(x, T.m(w.get(0)), T.m(w.get(1)), T.m(w.get(2)), "tanh", "sigmoid",
                true, false);
        KerasReference.Out b = KerasReference.gru(x, T.m(w.get(3)), T.m(w.get(4)), T.m(w.get(5)), "tanh", "sigmoid",
                true, true);
        double[][] expected = new double[2][4];
        for (int s = 0; s < 2; s++) {
            System.arraycopy(f.h()[s], 0, expected[s], 0, 2);
            System.arraycopy(b.h()[s], 0, expected[s], 2, 2);
        }
        T.assertClose(expected, bi.call(T.t3(x)), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"concat", "mul"})
    void gradientsMatchFiniteDifferences(String mode) {
        Bidirectional bi = new Bidirectional(GRU.builder(2).returnSequences(true).dtype(DType.F64).build(), mode);
        bi.build(new int[] {-1, 2});
        T.randomizeWeights(bi, 47, 0.8);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(T.t3(T.random3(53, 2, 3, 2)).requiresGrad(true));
        inputs.addAll(T.weightCopies(bi));
        GradCheck.defaults().assertGradients(in -> bi.statelessCall(List.of(in).subList(1, in.length), in[0]),
                inputs.toArray(Tensor[]::new));
    }

    @Test
    void namesChildrenAndWeightsAsKeras() {
        Bidirectional bi = new Bidirectional(new LSTM(3));
        bi.assignName("bidirectional");
        bi.build(new int[] {-1, 2});
        assertEquals("forward_lstm", bi.forwardLayer().name());
        assertEquals("backward_lstm", bi.backwardLayer().name());
        LSTM named = new LSTM(3);
        named.assignName("encoder");
        Bidirectional other = new Bidirectional(named);
        other.build(new int[] {-1, 2});
        assertEquals("forward_encoder", other.forwardLayer().name());
        assertEquals("backward_encoder", other.backwardLayer().name());
        assertTrue(bi.backwardLayer().goBackwards());
        assertEquals(List.of("forward_layer.kernel", "forward_layer.recurrent_kernel", "forward_layer.bias",
                "backward_layer.kernel", "backward_layer.recurrent_kernel", "backward_layer.bias"), bi.weightNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bidirectional(new LSTM(3), "max"));
        assertEquals("Bidirectional: merge_mode must be one of [concat, sum, mul, ave], got 'max'", e.getMessage());
    }
}
