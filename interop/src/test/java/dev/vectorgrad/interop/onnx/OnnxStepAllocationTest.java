package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OnnxStepPlan#step()} allocates nothing once warm (its promise), on the Embedding+LSTM+Linear classifier and
 * the LSTM, GRU (both {@code linear_before_reset}) and RNN fixtures, at one stream (the GEMV route) and four (GEMM).
 * Runs in its own JVM under -Xbatch (the {@code allocation} execution of interop's pom), then reads the thread's
 * allocation counter, as models' StepModelAllocationTest does.
 */
@Tag("allocation")
class OnnxStepAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "torch_emb_lstm_linear_op17, tokens, 1",
        "torch_lstm_1l_op13, x, 0",
        "torch_lstm_3l_op17, x, 0",
        "torch_gru_1l_init_op13, x, 0",
        "torch_gru_3l_bf_op17, x, 1",
        "built_gru_lbr0_fwd_seqlens_init, X, 0",
        "torch_rnn_relu_1l_init_op17, x, 0",
    })
    void warmStepsAllocateNothing(String name, String seqInput, int timeAxis) throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, OnnxTensor> fixture = Fixtures.inputs(model, name);
        if (fixture.remove("sequence_lens") != null) {
            model = OnnxModel.of(OnnxStepperTest.withoutSequenceLens(model.ir()));
        }
        OnnxStepPlan one = plan(model, fixture, seqInput, timeAxis, 1);
        OnnxStepPlan four = plan(model, fixture, seqInput, timeAxis, 4);
        long bytes = allocatedPerStep(() -> {
            one.step();
            four.step();
        });
        assertEquals(0, bytes, "bytes per two steps (one stream, four streams)");
    }

    /** A plan for {@code batch} streams, its inputs filled with the fixture's first step (rebatched). */
    private static OnnxStepPlan plan(OnnxModel model, Map<String, OnnxTensor> fixture, String seqInput, int timeAxis,
                                     int batch) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, OnnxTensor> first = new LinkedHashMap<>();
        fixture.forEach((k, v) -> {
            boolean seq = k.equals(seqInput);
            OnnxTensor t = OnnxStepPlanTest.rebatch(v, seq ? 1 - timeAxis : 1, batch, timeAxis);
            first.put(k, seq ? OnnxStepperTest.step(t, timeAxis, 0) : t);
            shapes.put(k, first.get(k).shape());
        });
        OnnxStepPlan plan = model.stepPlan(shapes);
        first.forEach((k, v) -> {
            if (v.type() == OnnxTensor.ElementType.FLOAT) {
                System.arraycopy(v.floats(), 0, plan.floatInput(k), 0, v.size());
            } else {
                System.arraycopy(v.longs(), 0, plan.longInput(k), 0, v.size());
            }
        });
        return plan;
    }

    /**
     * Warms {@code step} up, then runs it 2,000 times and returns the bytes allocated per run, rounded down: an
     * allocation per step would be at least 16 bytes a run, while the JVM's own background (a few bytes over the
     * whole measurement) rounds to 0.
     */
    private static long allocatedPerStep(Runnable step) {
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        int measured = 2_000;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measured; i++) {
            step.run();
        }
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / measured;
    }
}
