package dev.vectorgrad.bench;

import dev.vectorgrad.cells.StepInference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@link StepInference} step (input 128, hidden 256, float) at batch 1 and 32: the latency of
 * serving a recurrent model one token at a time. The state carries over from call to call as it
 * does in a stream. Run with JMH's gc profiler: a step should allocate 0 B. {@link PlainStepBench}: the same model
 * with plain Java kernels.
 */
@State(Scope.Thread)
public class CellStepBench {

    /** {@code rnn} (tanh), {@code lstm} or {@code gru}. */
    @Param({"rnn", "lstm", "gru"})
    public String cell;

    @Param({"1", "32"})
    public int batch;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private StepInference model;
    private StepInference.State state;
    private float[] x;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        model = StepInference.of(Rnns.layer(cell));
        state = model.newState(batch);
        x = Data.floats(batch * Rnns.INPUT, 3);
    }

    @Benchmark
    public float[] step_vectorgrad() {
        return model.step(state, x, 0);
    }
}
