package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OnnxStepPlan} through its buffer API: at every step its outputs equal the whole-sequence {@link OnnxModel#run}
 * at that step (and at the end its final states), for every forward fixture (LSTM, GRU with both
 * {@code linear_before_reset}, RNN tanh and relu; 1 and 3 layers; time-major, batch_first and layout 1; initial
 * states given and absent; an embedding classifier) at one stream (the GEMV route) and three (GEMM).
 */
class OnnxStepPlanTest {

    @ParameterizedTest(name = "{0} batch {3}")
    @CsvSource({
        "torch_lstm_1l_op13, x, 0, 1", "torch_lstm_1l_op13, x, 0, 3",
        "torch_lstm_3l_op17, x, 0, 1", "torch_lstm_3l_op17, x, 0, 3",
        "torch_gru_1l_init_op13, x, 0, 1", "torch_gru_1l_init_op13, x, 0, 3",
        "torch_gru_3l_bf_op17, x, 1, 1", "torch_gru_3l_bf_op17, x, 1, 3",
        "torch_rnn_relu_1l_init_op17, x, 0, 1", "torch_rnn_relu_1l_init_op17, x, 0, 3",
        "torch_emb_lstm_linear_op13, tokens, 1, 1", "torch_emb_lstm_linear_op17, tokens, 1, 3",
        "built_gru_lbr0_fwd_layout1_seqlens, X, 1, 1", "built_gru_lbr0_fwd_layout1_seqlens, X, 1, 3",
        "built_gru_lbr0_fwd_seqlens_init, X, 0, 1", "built_gru_lbr0_fwd_seqlens_init, X, 0, 3",
        "built_rnn_tanh_fwd_seqlens_init, X, 0, 1", "built_rnn_tanh_fwd_seqlens_init, X, 0, 3",
        "built_lstm_fwd_external, X, 0, 1", "built_lstm_fwd_external, X, 0, 3",
    })
    void planStepsEqualTheWholeSequence(String name, String seqInput, int timeAxis, int batch) throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, OnnxTensor> fixture = Fixtures.inputs(model, name);
        if (fixture.containsKey("sequence_lens")) {
            // a plan cannot honour sequence_lens; compare with a whole run without it
            fixture.remove("sequence_lens");
            model = OnnxModel.of(OnnxStepperTest.withoutSequenceLens(model.ir()));
        }
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxTensor> e : fixture.entrySet()) {
            // the sequence's batch axis is the other of its first two; initial states are [layers, batch, hidden]
            int batchAxis = e.getKey().equals(seqInput) ? 1 - timeAxis : 1;
            inputs.put(e.getKey(), rebatch(e.getValue(), batchAxis, batch, timeAxis));
        }
        Map<String, OnnxTensor> whole = model.run(inputs);
        OnnxTensor x = inputs.get(seqInput);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        inputs.forEach((k, v) -> shapes.put(k, k.equals(seqInput) ? OnnxStepperTest.step(v, timeAxis, 0).shape()
                : v.shape()));
        OnnxStepPlan plan = model.stepPlan(shapes);
        assertEquals(batch, plan.batch());
        String y = model.outputNames().get(0);
        // a sequence output is compared at every step; an output of the last step only (the classifier's), at the end
        boolean sequence = !Arrays.equals(whole.get(y).shape(), plan.outputShape(y));
        for (int pass = 0; pass < 2; pass++) {
            // the second pass after reset() starts from the graph's initial states again
            for (int t = 0; t < x.dim(timeAxis); t++) {
                for (Map.Entry<String, OnnxTensor> e : inputs.entrySet()) {
                    OnnxTensor v = e.getKey().equals(seqInput) ? OnnxStepperTest.step(x, timeAxis, t) : e.getValue();
                    fill(plan, e.getKey(), v);
                }
                plan.step();
                if (!sequence) {
                    continue;
                }
                OnnxTensor expected = OnnxStepperTest.step(whole.get(y), timeAxis, t);
                assertArrayEquals(expected.shape(), plan.outputShape(y), y);
                assertClose(name + " pass " + pass + " step " + t, expected.floats(), plan.floatOutput(y));
            }
            for (String out : model.outputNames().subList(sequence ? 1 : 0, model.outputNames().size())) {
                assertArrayEquals(whole.get(out).shape(), plan.outputShape(out), out);
                assertClose(name + " final " + out, whole.get(out).floats(), plan.floatOutput(out));
            }
            plan.reset();
        }
    }

    @Test
    void shapeSubgraphsAreFoldedAndReshapesShareTheirBuffer() throws Exception {
        // torch writes Shape -> Gather -> Unsqueeze -> Concat -> ConstantOfShape (or Expand) for the zero initial
        // states of a batch_first layer; with batch and time fixed none of it runs per step
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_gru_3l_bf_op17.onnx"));
        List<String> ops = model.ir().graph().nodes().stream().map(OnnxIr.Node::opType).toList();
        assertTrue(ops.contains("Shape"), ops::toString);
        OnnxStepPlan plan = model.stepPlan(Map.of("x", new int[] {2, 1, 4}));
        // per step: the three layers, and the Concat that joins their final states into h_n [3, batch, hidden];
        // the batch_first Transposes keep the element order at one step, so they share their input's buffer
        assertEquals("OnnxStepPlan[batch 2: GRU, GRU, GRU, Concat]", plan.toString(), ops::toString);
    }

    @Test
    void theConvenienceStepsCopyInAndOut() throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_emb_lstm_linear_op17.onnx"));
        OnnxStepPlan plan = model.stepPlan(Map.of("tokens", new int[] {2, 1}));
        OnnxStepPlan byBuffer = model.stepPlan(Map.of("tokens", new int[] {2, 1}));
        float[] out = new float[plan.floatOutput("y").length];
        long[][] ids = {{3, 1}, {0, 4}, {2, 2}};
        for (long[] step : ids) {
            plan.step(step, out);
            System.arraycopy(step, 0, byBuffer.longInput("tokens"), 0, 2);
            byBuffer.step();
            assertArrayEquals(byBuffer.floatOutput("y"), out);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.step(new float[2], out));
        assertTrue(e.getMessage().contains("FLOAT graph input"), e::getMessage);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> plan.floatInput("tokens"));
        assertTrue(bad.getMessage().contains("longInput"), bad::getMessage);
    }

    @Test
    void weightsArePackedOnlyWhenAProductHasMoreThanOneRow() throws Exception {
        // packing is most of a cold load (it runs before the JIT has compiled the vector kernels), and a batch-1
        // step is a GEMV on the weights as they are: a model that steps one stream never packs
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx"));
        RecurrentOp lstm = (RecurrentOp) Arrays.stream(model.ops).filter(op -> op instanceof RecurrentOp)
                .findFirst().orElseThrow();
        assertFalse(lstm.packedYet(), "after load");
        OnnxStepPlan one = model.stepPlan(Map.of("x", new int[] {1, 1, 3}));
        one.step();
        model.run(Map.of("x", OnnxTensor.ofFloats(new float[3], 1, 1, 3)));
        assertFalse(lstm.packedYet(), "after batch-1 steps");
        float[] x = new float[2 * 3];
        Map<String, OnnxTensor> two = Map.of("x", OnnxTensor.ofFloats(x, 1, 2, 3));
        float[] before = model.run(two).get(model.outputNames().get(0)).floats();
        assertTrue(lstm.packedYet(), "after a batch-2 run");
        // the packed GEMM gives what it gave before packing (the same values at each row as batch 1 gives)
        assertArrayEquals(before, model.run(two).get(model.outputNames().get(0)).floats());
        OnnxStepPlan three = model.stepPlan(Map.of("x", new int[] {1, 3, 3}));
        three.step();
        float[] y = three.floatOutput(model.outputNames().get(0));
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(Arrays.copyOfRange(before, 0, y.length / 3), Arrays.copyOfRange(y, b * y.length / 3,
                    (b + 1) * y.length / 3), "stream " + b);
        }
    }

    @Test
    void aPlanRefusesMoreThanOneStepAndUnknownInputs() throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.stepPlan(Map.of("x", new int[] {2, 1, 3})));
        assertTrue(e.getMessage().contains("one time step"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> model.stepPlan(Map.of("z", new int[] {1, 1, 3})));
        assertTrue(e.getMessage().contains("not a graph input"), e::getMessage);
        OnnxModel bidirectional = OnnxModel.load(Fixtures.file("torch_gru_2l_bidir_op13.onnx"));
        assertThrows(UnsupportedOperationException.class,
                () -> bidirectional.stepPlan(Map.of("x", new int[] {1, 1, 3})));
    }

    @Test
    void aNodeThePlanCannotRunOnStepDataIsNamed() throws Exception {
        // LSTM (input 3, hidden 2) -> Softmax over axis 0 of Y_h [1, batch, 2]: the interpreter runs it, a plan only
        // runs Softmax over the last axis
        byte[] lstm = OnnxBytes.node("LSTM", "cell", List.of("x", "W", "R"), List.of("", "h"),
                OnnxBytes.intAttribute("hidden_size", 2));
        byte[] softmax = OnnxBytes.node("Softmax", "odd_softmax", List.of("h"), List.of("y"),
                OnnxBytes.intAttribute("axis", 0));
        byte[] bytes = OnnxBytes.model(17, OnnxBytes.graph(List.of(lstm, softmax),
                List.of(OnnxBytes.floatTensor("W", new float[24], 1, 8, 3),
                        OnnxBytes.floatTensor("R", new float[16], 1, 8, 2)),
                List.of(OnnxBytes.valueInfo("x", 1)), List.of(OnnxBytes.valueInfo("y", 1))));
        OnnxModel model = OnnxModel.of(OnnxReader.read(bytes, OnnxLimits.defaults(), Path.of(".")));
        assertEquals(List.of(1, 1, 2), Arrays.stream(
                model.run(Map.of("x", OnnxTensor.ofFloats(new float[3], 1, 1, 3))).get("y").shape()).boxed().toList());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> model.stepPlan(Map.of("x", new int[] {1, 1, 3})));
        assertTrue(e.getMessage().contains("node 'odd_softmax' (Softmax)") && e.getMessage().contains("last axis"),
                e::getMessage);
    }

    private static void fill(OnnxStepPlan plan, String name, OnnxTensor v) {
        if (v.type() == OnnxTensor.ElementType.FLOAT) {
            float[] f = v.floats();
            System.arraycopy(f, 0, plan.floatInput(name), 0, f.length);
        } else {
            long[] l = v.longs();
            System.arraycopy(l, 0, plan.longInput(name), 0, l.length);
        }
    }

    /**
     * The fixture's tensor with {@code batch} rows along {@code axis}: row b is the fixture's row b mod B, and a
     * row past the fixture's own differs from the one it repeats (floats scaled by 1.25, ids shifted one step in
     * time), so that every stream carries its own numbers.
     */
    static OnnxTensor rebatch(OnnxTensor t, int axis, int batch, int timeAxis) {
        int[] shape = t.shape();
        int old = shape[axis];
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = t.size() / (outer * old);
        int[] to = shape.clone();
        to[axis] = batch;
        boolean floats = t.type() == OnnxTensor.ElementType.FLOAT;
        float[] f = floats ? t.floats() : null;
        long[] l = floats ? null : t.longs();
        float[] fo = new float[outer * batch * inner];
        long[] lo = new long[fo.length];
        for (int o = 0; o < outer; o++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < inner; i++) {
                    int from = (o * old + b % old) * inner + i;
                    if (floats) {
                        fo[(o * batch + b) * inner + i] = b < old ? f[from] : 1.25f * f[from];
                    } else {
                        // ids [batch, time] (batch_first): a later row reads its source one step later
                        int shifted = b < old || axis != 0 ? from : (o * old + b % old) * inner + (i + 1) % inner;
                        lo[(o * batch + b) * inner + i] = l[shifted];
                    }
                }
            }
        }
        return floats ? OnnxTensor.ofFloats(fo, to) : OnnxTensor.ofLongs(lo, to);
    }

    /** The same tolerance as {@link OnnxStepperTest#STEP_TOL}, for the same reason. */
    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            int at = i;
            assertTrue(Math.abs(a - e) <= OnnxStepperTest.STEP_TOL * (1 + Math.abs(e)),
                    () -> what + "[" + at + "]: whole run " + e + ", plan " + a + " " + Arrays.toString(actual));
        }
    }
}
