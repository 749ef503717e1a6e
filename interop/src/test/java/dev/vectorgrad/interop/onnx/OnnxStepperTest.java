package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Step inference: feeding a sequence one step at a time gives, at every step, the whole-sequence run's output at
 * that step, and at the end its final states; graphs that need the future are refused.
 */
class OnnxStepperTest {

    /**
     * Step against whole run: the same float32 equations on the same numbers, but the input projection is one GEMM
     * over all steps in the whole run and one per step here, which may round differently in the last place; 1e-6
     * relative allows a few ulps over 3 layers and 5 steps.
     */
    static final double STEP_TOL = 1e-6;

    /** Slices step {@code t} of {@code x} along {@code axis} (0 or 1), keeping the axis with size 1. */
    static OnnxTensor step(OnnxTensor x, int axis, int t) {
        int[] shape = x.shape();
        int outer = axis == 0 ? 1 : shape[0];
        int steps = shape[axis];
        int inner = x.size() / (outer * steps);
        shape[axis] = 1;
        if (x.type() == OnnxTensor.ElementType.FLOAT) {
            float[] all = x.floats();
            float[] out = new float[outer * inner];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(all, (o * steps + t) * inner, out, o * inner, inner);
            }
            return OnnxTensor.ofFloats(out, shape);
        }
        long[] all = x.longs();
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(all, (o * steps + t) * inner, out, o * inner, inner);
        }
        return OnnxTensor.ofLongs(out, shape);
    }

    @ParameterizedTest
    @CsvSource({
        "torch_lstm_1l_op13, x, 0",
        "torch_lstm_3l_op17, x, 0",
        "torch_gru_1l_init_op13, x, 0",
        "torch_gru_3l_bf_op17, x, 1",
        "torch_rnn_relu_1l_init_op17, x, 0",
        "built_gru_lbr0_fwd_layout1_seqlens, X, 1",
    })
    void stepsEqualTheWholeSequence(String name, String seqInput, int timeAxis) throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, OnnxTensor> inputs = Fixtures.inputs(model, name);
        if (inputs.containsKey("sequence_lens")) {
            // the stepper refuses sequence_lens; compare with a whole run without it
            inputs.remove("sequence_lens");
            model = OnnxModel.of(withoutSequenceLens(model.ir()));
        }
        Map<String, OnnxTensor> whole = model.run(inputs);
        OnnxTensor x = inputs.get(seqInput);
        int steps = x.dim(timeAxis);
        OnnxStepper stepper = model.stepper();
        Map<String, OnnxTensor> last = null;
        String y = model.outputNames().get(0);
        for (int t = 0; t < steps; t++) {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>(inputs);
            feed.put(seqInput, step(x, timeAxis, t));
            last = stepper.step(feed);
            // Y's time axis is the model's: 0 time-major (Y [T, (D,) B, H]), 1 batch-major
            OnnxTensor expected = step(whole.get(y), timeAxis, t);
            assertClose(name + " step " + t, expected, last.get(y));
        }
        for (String out : model.outputNames().subList(1, model.outputNames().size())) {
            assertClose(name + " final " + out, whole.get(out), last.get(out));
        }
        // after reset the first step is the whole run's first step again
        stepper.reset();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>(inputs);
        feed.put(seqInput, step(x, timeAxis, 0));
        assertClose(name + " after reset", step(whole.get(y), timeAxis, 0), stepper.step(feed).get(y));
    }

    @Test
    void anEmbeddingLstmClassifierStepsToTheSameLastPrediction() throws Exception {
        String name = "torch_emb_lstm_linear_op17";
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, OnnxTensor> inputs = Fixtures.inputs(model, name);
        OnnxTensor tokens = inputs.get("tokens");
        OnnxStepper stepper = model.stepper();
        OnnxTensor last = null;
        for (int t = 0; t < tokens.dim(1); t++) {
            last = stepper.step(Map.of("tokens", step(tokens, 1, t))).get("y");
        }
        // PyTorch's own output for the whole sequence
        Fixtures.assertClose(name + " stepped", Fixtures.tensors(name, "out.").get("y"), last, Fixtures.TOL);
    }

    @Test
    void theStateIsCarried() throws Exception {
        // two identical steps give different outputs because the second starts from the first's state
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx"));
        OnnxStepper stepper = model.stepper();
        OnnxTensor x = OnnxTensor.ofFloats(new float[] {1, -1, 0.5f, 0.2f, 0.3f, -0.4f}, 1, 2, 3);
        OnnxTensor first = stepper.step(Map.of("x", x)).get("y");
        OnnxTensor second = stepper.step(Map.of("x", x)).get("y");
        boolean differs = false;
        for (int i = 0; i < first.size(); i++) {
            differs |= first.getDouble(i) != second.getDouble(i);
        }
        assertTrue(differs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_gru_2l_bidir_op13", "built_gru_lbr1_reverse_init", "built_rnn_tanh_fwd_seqlens_init"})
    void graphsThatNeedTheFutureAreRefused(String name) throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, model::stepper);
        assertTrue(e.getMessage().matches(".*(bidirectional|reverse|sequence_lens).*"), e::getMessage);
    }

    @Test
    void moreThanOneStepPerCallAndAChangedBatchAreRefused() throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx"));
        OnnxStepper stepper = model.stepper();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stepper.step(Map.of("x", OnnxTensor.ofFloats(new float[12], 2, 2, 3))));
        assertTrue(e.getMessage().contains("one time step"), e::getMessage);
        stepper.step(Map.of("x", OnnxTensor.ofFloats(new float[6], 1, 2, 3)));
        e = assertThrows(IllegalArgumentException.class,
                () -> stepper.step(Map.of("x", OnnxTensor.ofFloats(new float[9], 1, 3, 3))));
        assertTrue(e.getMessage().contains("batch size 3"), e::getMessage);
        stepper.reset();
        assertEquals(3, stepper.step(Map.of("x", OnnxTensor.ofFloats(new float[9], 1, 3, 3))).get("y").dim(1));
    }

    private static void assertClose(String what, OnnxTensor expected, OnnxTensor actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            int at = i;
            assertTrue(Math.abs(a - e) <= STEP_TOL * (1 + Math.abs(e)), () -> what + "[" + at + "]: whole run " + e
                    + ", stepped " + a);
        }
    }

    /** The same model with the recurrent node's sequence_lens input (and graph input) removed. */
    static OnnxIr.Model withoutSequenceLens(OnnxIr.Model m) {
        OnnxIr.Graph g = m.graph();
        var nodes = g.nodes().stream().map(n -> new OnnxIr.Node(n.name(), n.opType(), n.domain(),
                n.inputs().stream().map(i -> i.equals("sequence_lens") ? "" : i).toList(), n.outputs(),
                n.attributes())).toList();
        var inputs = g.inputs().stream().filter(v -> !v.name().equals("sequence_lens")).toList();
        return new OnnxIr.Model(m.irVersion(), m.producerName(), m.opsetImports(),
                new OnnxIr.Graph(g.name(), nodes, g.initializers(), inputs, g.outputs()));
    }
}
