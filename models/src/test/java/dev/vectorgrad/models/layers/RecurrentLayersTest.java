package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SimpleRNN, LSTM and GRU against Keras 3's equations: hand-derived values on one unit, and {@link KerasReference}
 * (plain double loops written from Keras's cell equations) over a grid of configurations, through the fused path
 * and the composed path; gradients against finite differences; the states, initial states, dropout and errors.
 */
class RecurrentLayersTest {

    /** F64 forward against the double reference: both sum the same few products, so only rounding differs. */
    private static final double F64_TOL = 1e-12;

    private static RecurrentLayer built(RecurrentLayer layer, int features) {
        layer.build(new int[] {-1, features});
        return layer;
    }

    // ---- hand-derived --------------------------------------------------------------------------

    @Test
    void lstmActivationAppliesToCandidateAndOutput() {
        // One unit, one input, one step, x = 2, every kernel column 1, zero bias, h0 = c0 = 0, activation relu:
        // z = [2, 2, 2, 2]; i = o = sigmoid(2) = 0.8807970779778823; c = i * relu(2) = 2 i; h = o * relu(c) = 2 i^2.
        // Were the output's activation tanh instead (Keras's activation on the candidate only), h = i tanh(2 i) = 0.8298.
        LSTM lstm = LSTM.builder(1).activation("relu").dtype(DType.F64).unitForgetBias(false).build();
        built(lstm, 1);
        lstm.setWeights(List.of(Tensor.of(new double[] {1, 1, 1, 1}, 1, 4), Tensor.of(new double[] {0, 0, 0, 0}, 1, 4),
                Tensor.of(new double[4], 4)));
        double i = 0.8807970779778823;
        List<Tensor> out = lstm.callWithStates(Tensor.of(new double[] {2}, 1, 1, 1), null);
        assertEquals(2 * i * i, out.get(0).item(), 1e-15);
        assertEquals(2 * i, out.get(2).item(), 1e-15, "c");
        assertFalse(lstm.runsFused(), "relu LSTM runs composed");
    }

    @Test
    void goBackwardsReturnsOutputsInProcessingOrder() {
        // relu SimpleRNN (fused), one unit, kernel 1, recurrent 1, no bias, inputs 1, 2, 3: processing 3, 2, 1 the
        // state is the running sum 3, 5, 6, returned in that order; forward it is 1, 3, 6.
        for (boolean backwards : new boolean[] {false, true}) {
            SimpleRNN rnn = SimpleRNN.builder(1).activation("relu").useBias(false).returnSequences(true)
                    .goBackwards(backwards).dtype(DType.F64).build();
            built(rnn, 1);
            rnn.setWeights(List.of(Tensor.of(new double[] {1}, 1, 1), Tensor.of(new double[] {1}, 1, 1)));
            assertTrue(rnn.runsFused());
            Tensor y = rnn.call(Tensor.of(new double[] {1, 2, 3}, 1, 3, 1));
            double[] expected = backwards ? new double[] {3, 5, 6} : new double[] {1, 3, 6};
            for (int t = 0; t < 3; t++) {
                assertEquals(expected[t], y.get(t), 0, "step " + t + ", goBackwards " + backwards);
            }
        }
    }

    @Test
    void gruResetAfterAndBeforeDifferAsTheEquationsSay() {
        // One unit, h0 = 0 for step 1, then step 2 from h1. Kernel columns z, r, h = 0, 0, 1; recurrent z, r, h =
        // 0, 0, 1; biases 0 except the recurrent candidate bias b_rec,h = 1 (reset-after only). Gates: z = r = 1/2.
        // Step 1 (x = 1): after: hh = tanh(1 + r (0 + 1)) = tanh(1.5); before: hh = tanh(1 + (r h0) 1) = tanh(1).
        // h1 = (1 - z) hh = hh / 2.
        GRU after = GRU.builder(1).dtype(DType.F64).returnSequences(true).build();
        built(after, 1);
        after.setWeights(List.of(Tensor.of(new double[] {0, 0, 1}, 1, 3), Tensor.of(new double[] {0, 0, 1}, 1, 3),
                Tensor.of(new double[] {0, 0, 0, 0, 0, 1}, 2, 3)));
        GRU before = GRU.builder(1).dtype(DType.F64).resetAfter(false).returnSequences(true).build();
        built(before, 1);
        before.setWeights(List.of(Tensor.of(new double[] {0, 0, 1}, 1, 3), Tensor.of(new double[] {0, 0, 1}, 1, 3),
                Tensor.of(new double[] {0, 0, 0}, 3)));
        assertTrue(after.runsFused());
        assertFalse(before.runsFused());
        Tensor x = Tensor.of(new double[] {1, 0}, 1, 2, 1);
        Tensor ya = after.call(x);
        Tensor yb = before.call(x);
        double a1 = Math.tanh(1.5) / 2;
        double b1 = Math.tanh(1) / 2;
        assertEquals(a1, ya.get(0), 1e-15);
        assertEquals(b1, yb.get(0), 1e-15);
        // Step 2 (x = 0): after: hh = tanh(0 + r (h1 + 1)); before: hh = tanh(0 + r h1); h2 = (h1 + hh) / 2.
        assertEquals((a1 + Math.tanh(0.5 * (a1 + 1))) / 2, ya.get(1), 1e-15);
        assertEquals((b1 + Math.tanh(0.5 * b1)) / 2, yb.get(1), 1e-15);
    }

    @Test
    void hardSigmoidGatesFollowKeras3() {
        // One-unit LSTM with hard_sigmoid gates, x = 1.5, kernel 1, zero recurrent and bias, h0 = c0 = 0:
        // gates = relu6(1.5 + 3) / 6 = 0.75 (Keras 2's 0.2 x + 0.5 would give 0.8); c = 0.75 tanh(1.5);
        // h = 0.75 tanh(c).
        LSTM lstm = LSTM.builder(1).recurrentActivation("hard_sigmoid").unitForgetBias(false).dtype(DType.F64).build();
        built(lstm, 1);
        lstm.setWeights(List.of(Tensor.of(new double[] {1, 1, 1, 1}, 1, 4), Tensor.of(new double[4], 1, 4),
                Tensor.of(new double[4], 4)));
        double c = 0.75 * Math.tanh(1.5);
        assertEquals(0.75 * Math.tanh(c), lstm.call(Tensor.of(new double[] {1.5}, 1, 1, 1)).item(), 1e-15);
    }

    // ---- against the reference, fused and composed ------------------------------------------------

    static Stream<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean sequences : new boolean[] {true, false}) {
                    list.add(Arguments.of("SimpleRNN", "tanh", "sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("SimpleRNN", "relu", "sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("SimpleRNN", "linear", "sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("LSTM", "tanh", "sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("LSTM", "relu", "hard_sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("GRU", "tanh", "sigmoid", true, backwards, bias, sequences));
                    list.add(Arguments.of("GRU", "tanh", "sigmoid", false, backwards, bias, sequences));
                    list.add(Arguments.of("GRU", "relu", "hard_sigmoid", true, backwards, bias, sequences));
                }
            }
        }
        return list.stream();
    }

    static RecurrentLayer make(String kind, String act, String ract, boolean resetAfter, boolean backwards, boolean bias,
                               boolean sequences, DType dtype) {
        return switch (kind) {
            case "SimpleRNN" -> SimpleRNN.builder(2).activation(act).goBackwards(backwards).useBias(bias)
                    .returnSequences(sequences).dtype(dtype).build();
            case "LSTM" -> LSTM.builder(2).activation(act).recurrentActivation(ract).goBackwards(backwards).useBias(bias)
                    .returnSequences(sequences).dtype(dtype).build();
            case "GRU" -> GRU.builder(2).activation(act).recurrentActivation(ract).resetAfter(resetAfter)
                    .goBackwards(backwards).useBias(bias).returnSequences(sequences).dtype(dtype).build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static KerasReference.Out reference(RecurrentLayer layer, double[][][] x) {
        List<Tensor> w = layer.getWeights();
        double[][] k = T.m(w.get(0));
        double[][] r = T.m(w.get(1));
        boolean bias = layer.useBias();
        return switch (layer.className()) {
            case "SimpleRNN" -> KerasReference.simpleRnn(x, k, r, bias ? w.get(2).toDoubleArray() : null,
                    layer.activation(), layer.goBackwards());
            case "LSTM" -> KerasReference.lstm(x, k, r, bias ? w.get(2).toDoubleArray() : null, layer.activation(),
                    layer.recurrentActivation(), layer.goBackwards(), null, null);
            case "GRU" -> {
                boolean after = ((GRU) layer).isResetAfter();
                double[][] b = !bias ? null : after ? T.m(w.get(2)) : new double[][] {w.get(2).toDoubleArray()};
                yield KerasReference.gru(x, k, r, b, layer.activation(), layer.recurrentActivation(), after,
                        layer.goBackwards());
            }
            default -> throw new IllegalArgumentException(layer.className());
        };
    }

    @ParameterizedTest(name = "{0} {1}/{2} resetAfter={3} backwards={4} bias={5} sequences={6}")
    @MethodSource("configurations")
    void matchesKerasEquationsOnBothPaths(String kind, String act, String ract, boolean resetAfter, boolean backwards,
                                          boolean bias, boolean sequences) {
        RecurrentLayer layer = built(make(kind, act, ract, resetAfter, backwards, bias, sequences, DType.F64), 3);
        T.randomizeWeights(layer, 11, 0.8);
        double[][][] x = T.random3(5, 2, 4, 3);
        KerasReference.Out expected = reference(layer, x);
        Tensor input = T.t3(x);
        List<Boolean> paths = layer.runsFused() ? List.of(true, false) : List.of(false);
        for (boolean fused : paths) {
            RecurrentLayer.Run run = layer.run(input, layer.getWeights(), null, fused);
            T.assertClose(expected.h(), run.h(), F64_TOL);
            if (sequences) {
                T.assertClose(expected.seq(), run.sequence(), F64_TOL);
            }
        }
        Tensor y = layer.call(input);
        if (sequences) {
            T.assertClose(expected.seq(), y, F64_TOL);
        } else {
            T.assertClose(expected.h(), y, F64_TOL);
        }
    }

    @ParameterizedTest(name = "{0} {1}/{2} resetAfter={3} backwards={4} bias={5} sequences={6}")
    @MethodSource("configurations")
    void gradientsMatchFiniteDifferences(String kind, String act, String ract, boolean resetAfter, boolean backwards,
                                         boolean bias, boolean sequences) {
        RecurrentLayer layer = built(make(kind, act, ract, resetAfter, backwards, bias, sequences, DType.F64), 3);
        T.randomizeWeights(layer, 13, 0.8);
        Tensor x = T.t3(T.random3(7, 2, 3, 3)).requiresGrad(true);
        List<Boolean> paths = layer.runsFused() ? List.of(true, false) : List.of(false);
        for (boolean fused : paths) {
            List<Tensor> inputs = new ArrayList<>();
            inputs.add(x);
            inputs.addAll(T.weightCopies(layer));
            // Every input and every weight, full Jacobian, PyTorch's F64 defaults (relu kinks are not hit: the
            // pre-activations are continuous random values, far from 0 compared with eps = 1e-6).
            GradCheck.defaults().assertGradients(in -> {
                RecurrentLayer.Run r = layer.run(in[0], List.of(in).subList(1, in.length), null, fused);
                return sequences ? r.sequence() : r.h();
            }, inputs.toArray(Tensor[]::new));
        }
    }

    @Test
    void statelessCallIsCheckedByGradCheck() {
        LSTM lstm = LSTM.builder(3).returnSequences(true).dtype(DType.F64).seed(3).build();
        built(lstm, 2);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(T.t3(T.random3(1, 2, 3, 2)).requiresGrad(true));
        inputs.addAll(T.weightCopies(lstm));
        GradCheck.defaults().assertGradients(in -> lstm.statelessCall(List.of(in).subList(1, in.length), in[0]),
                inputs.toArray(Tensor[]::new));
    }

    // ---- F32 on the fused path: the mapping to PyTorch's layout ----------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedKinds")
    void kerasLayoutThroughFusedKernelsMatchesKerasEquationsInF32(String kind) {
        // A Keras-layout weight set, F32, through the cells' fused kernels, against the double reference on the
        // same (F32-rounded) weights. 16 inputs, 8 units, 12 steps: F32 rounding of sums of ~24 terms and
        // saturating activations stays below 1e-5 absolute on outputs bounded by 1.
        RecurrentLayer layer = built(make(kind, "tanh", "sigmoid", true, false, true, true, DType.F32), 16);
        T.randomizeWeights(layer, 17, 0.4);
        assertTrue(layer.runsFused());
        double[][][] x = T.random3(19, 3, 12, 16);
        Tensor input = Tensor.zeros(DType.F32, 3, 12, 16);
        Tensor x64 = T.t3(x);
        for (int i = 0; i < input.size(); i++) {
            input.set(i, x64.get(i));
            x64.set(i, input.get(i));
        }
        KerasReference.Out expected = reference(layer, T.a3(x64));
        T.assertClose(expected.seq(), layer.call(input), 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedKinds")
    void toCellWeightsGivesTheCellsLayerThatComputesTheSame(String kind) {
        // The same fused kernel on the same values: identical bits.
        RecurrentLayer layer = built(make(kind, "tanh", "sigmoid", true, false, true, true, DType.F64), 3);
        T.randomizeWeights(layer, 59, 0.8);
        Tensor x = T.t3(T.random3(61, 2, 5, 3));
        dev.vectorgrad.cells.CellWeights w = layer.toCellWeights();
        dev.vectorgrad.cells.RecurrentOptions options = dev.vectorgrad.cells.RecurrentOptions.defaults()
                .withBatchFirst(true).withDType(DType.F64);
        dev.vectorgrad.cells.Recurrent cells = switch (kind) {
            case "SimpleRNN" -> new dev.vectorgrad.cells.Rnn(options, List.of(w));
            case "LSTM" -> new dev.vectorgrad.cells.Lstm(options, List.of(w));
            default -> new dev.vectorgrad.cells.Gru(options, List.of(w));
        };
        org.junit.jupiter.api.Assertions.assertArrayEquals(layer.call(x).toDoubleArray(),
                cells.forward(x).output().toDoubleArray(), 0);
        RecurrentLayer composedOnly = built(make(kind, "relu", "hard_sigmoid", false, false, true, true, DType.F64), 3);
        if (!composedOnly.runsFused()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, composedOnly::toCellWeights);
            assertTrue(e.getMessage().endsWith("has no equivalent in the cells (PyTorch's equations)"), e.getMessage());
        }
    }

    static Stream<String> fusedKinds() {
        return Stream.of("SimpleRNN", "LSTM", "GRU");
    }

    // ---- states ---------------------------------------------------------------------------------------

    @Test
    void callWithStatesReturnsFinalStatesAndTakesInitialOnes() {
        LSTM lstm = LSTM.builder(2).returnState(true).dtype(DType.F64).build();
        built(lstm, 3);
        T.randomizeWeights(lstm, 23, 0.7);
        double[][][] x = T.random3(29, 2, 3, 3);
        double[][] h0 = {{0.1, -0.2}, {0.3, 0.05}};
        double[][] c0 = {{-0.4, 0.2}, {0.0, 0.6}};
        List<Tensor> w = lstm.getWeights();
        KerasReference.Out e = KerasReference.lstm(x, T.m(w.get(0)), T.m(w.get(1)), w.get(2).toDoubleArray(), "tanh",
                "sigmoid", false, h0, c0);
        List<Tensor> out = lstm.callWithStates(T.t3(x), List.of(T.t2(h0), T.t2(c0)));
        assertEquals(3, out.size());
        T.assertClose(e.h(), out.get(0), F64_TOL);
        T.assertClose(e.h(), out.get(1), F64_TOL);
        T.assertClose(e.c(), out.get(2), F64_TOL);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> lstm.callWithStates(T.t3(x), List.of(T.t2(h0))));
        assertEquals("LSTM 'unnamed': expects 2 initial state tensors, got 1", bad.getMessage());
    }

    // ---- dropout ---------------------------------------------------------------------------------------

    @Test
    void inputDropoutUsesOneMaskPerSequenceAndFeatureAtEveryStep() {
        // Identity kernel, zero recurrent kernel, relu: the output at each step is relu of the dropped input, so each
        // (sequence, feature) column is either all 0 or all x / (1 - rate) over time.
        SimpleRNN rnn = SimpleRNN.builder(4).activation("relu").useBias(false).dropout(0.5).returnSequences(true)
                .dtype(DType.F64).seed(1).build();
        built(rnn, 4);
        double[] eye = new double[16];
        for (int i = 0; i < 4; i++) {
            eye[i * 5] = 1;
        }
        rnn.setWeights(List.of(Tensor.of(eye, 4, 4), Tensor.of(new double[16], 4, 4)));
        Tensor x = Tensor.full(DType.F64, 0.25, 8, 5, 4);
        Tensor y = rnn.call(x);
        int dropped = 0;
        for (int b = 0; b < 8; b++) {
            for (int f = 0; f < 4; f++) {
                double first = y.get((b * 5) * 4 + f);
                assertTrue(first == 0 || first == 0.5, "value " + first);
                dropped += first == 0 ? 1 : 0;
                for (int t = 1; t < 5; t++) {
                    assertEquals(first, y.get((b * 5 + t) * 4 + f), 0, "same mask at every step");
                }
            }
        }
        assertTrue(dropped > 0 && dropped < 32, "some but not all dropped: " + dropped);
        rnn.eval();
        T.assertClose(new double[][][] {{{0.25, 0.25, 0.25, 0.25}}}, Shapes1.firstStep(rnn.call(x)), 0);
    }

    /** The first sequence's first step of {@code [B, T, F]} as {@code [1, 1, F]}. */
    private static final class Shapes1 {
        static Tensor firstStep(Tensor y) {
            int f = y.dim(2);
            double[] v = new double[f];
            for (int i = 0; i < f; i++) {
                v[i] = y.get(i);
            }
            return Tensor.of(v, 1, 1, f);
        }
    }

    @Test
    void recurrentDropoutIsRejectedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.builder(4).recurrentDropout(0.2).build());
        assertTrue(e.getMessage().startsWith("LSTM: recurrentDropout 0.2 is not supported"), e.getMessage());
    }

    // ---- errors ----------------------------------------------------------------------------------------

    @Test
    void shapeErrorsNameTheLayerAndBothShapes() {
        LSTM lstm = new LSTM(4);
        lstm.assignName("lstm");
        lstm.build(new int[] {-1, 50});
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> lstm.call(Tensor.zeros(DType.F32, 32, 50)));
        assertEquals("LSTM 'lstm': expects input rank 3 [batch, time, features], got [32, 50]", rank.getMessage());
        IllegalArgumentException features = assertThrows(IllegalArgumentException.class,
                () -> lstm.call(Tensor.zeros(DType.F32, 32, 7, 49)));
        assertEquals("LSTM 'lstm': expects input [batch, None, 50], got [32, 7, 49]", features.getMessage());
        GRU gru = new GRU(3);
        gru.assignName("gru_1");
        IllegalArgumentException build = assertThrows(IllegalArgumentException.class, () -> gru.build(new int[] {50}));
        assertEquals("GRU 'gru_1': expects input rank 3 [batch, time, features] with known features, got [batch, 50]",
                build.getMessage());
        IllegalStateException unbuilt = assertThrows(IllegalStateException.class,
                () -> new SimpleRNN(2).call(Tensor.zeros(DType.F32, 1, 1, 1)));
        assertTrue(unbuilt.getMessage().startsWith("SimpleRNN 'unnamed' is not built"), unbuilt.getMessage());
    }

    @Test
    void outputShapes() {
        assertEquals(List.of(-1, 5), box(LSTM.builder(5).returnSequences(true).build().outputShape(new int[] {-1, 3})));
        assertEquals(List.of(5), box(new GRU(5).outputShape(new int[] {10, 3})));
    }

    private static List<Integer> box(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
