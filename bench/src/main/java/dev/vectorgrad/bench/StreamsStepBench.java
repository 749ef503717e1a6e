package dev.vectorgrad.bench;

import dev.vectorgrad.models.serving.StepModel;
import dev.vectorgrad.streams.StateCodec;
import dev.vectorgrad.streams.StreamModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The baselines of {@link StreamsBench} (issue 22), on the same models and inputs: {@code step_bare}, one
 * {@code StepModel} step of one state, what any embedding of the model pays; {@code step_codec}, the step with the
 * state decoded from its stored bytes before and encoded after (the codec's share, no store).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamsStepBench {

    /** {@code inputxhidden}. */
    @Param({"16x64", "128x256"})
    public String model;

    /** Kernel threads of the fork (Suites sets it). */
    @Param({"1"})
    public int threads;

    private StepModel steps;
    private StepModel.State state;
    private StateCodec codec;
    private float[] saved;
    private byte[] stored;
    private float[][] inputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Rnns.checkThreads(threads);
        StreamModel served = StreamsBench.model(model);
        steps = served.stepModel();
        state = steps.newState();
        codec = new StateCodec(served);
        saved = new float[codec.stateFloats()];
        inputs = StreamsBench.inputs(served.featureSize());
        stored = codec.encode(saved, 0, 0);
    }

    @Benchmark
    public float[] step_bare() {
        return steps.step(state, inputs[next++ & 15]);
    }

    @Benchmark
    public float[] step_codec() {
        codec.decode(stored, saved);
        state.load(0, saved, 0);
        float[] y = steps.step(state, inputs[next++ & 15]);
        state.save(0, saved, 0);
        stored = codec.encode(saved, StateCodec.steps(stored) + 1, next);
        return y;
    }
}
