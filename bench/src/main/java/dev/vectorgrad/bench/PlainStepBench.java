package dev.vectorgrad.bench;

import dev.vectorgrad.cells.StepInference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The model of {@link CellStepBench} served by {@link StepInference#withPlainJavaKernels()}, at batch 1 (the only
 * batch those kernels serve): what their steps cost once compiled, next to the Vector API kernels' in the same
 * suite. The warm-up suite ({@link WarmupBench}) times their first steps after launch.
 */
@State(Scope.Thread)
public class PlainStepBench {

    /** {@code rnn} (tanh), {@code lstm} or {@code gru}. */
    @Param({"rnn", "lstm", "gru"})
    public String cell;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private StepInference model;
    private StepInference.State state;
    private float[] x;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        model = StepInference.of(Rnns.layer(cell)).withPlainJavaKernels();
        state = model.newState(1);
        x = Data.floats(Rnns.INPUT, 3);
    }

    @Benchmark
    public float[] step_plainjava() {
        return model.step(state, x, 0);
    }
}
