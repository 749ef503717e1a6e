package dev.vectorgrad.bench;

import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.kernels.quant.WeightFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@link StepInference} step at batch 1 with the weights in fp32, bf16 and int8: LSTM and GRU at hidden 256,
 * input 128 (the weights in L2) and hidden 1024, input 512 (from L3 or memory). The state carries over from call to
 * call as in a stream. Run with JMH's gc profiler: a step should allocate 0 B in every format.
 */
@State(Scope.Thread)
public class QuantStepBench {

    @Param({"lstm", "gru"})
    public String cell;

    /** {@code HIDDENxINPUT}. */
    @Param({"256x128", "1024x512"})
    public String size;

    @Param({"FP32", "BF16", "INT8"})
    public String format;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private StepInference model;
    private StepInference.State state;
    private float[] x;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        int[] d = Data.shape(size);
        int hidden = d[0];
        int input = d[1];
        RecurrentOptions o = RecurrentOptions.defaults().withSeed(11);
        Recurrent layer = cell.equals("lstm") ? new Lstm(input, hidden, o) : new Gru(input, hidden, o);
        model = StepInference.of(layer, WeightFormat.valueOf(format));
        state = model.newState(1);
        x = Data.floats(input, 3);
    }

    @Benchmark
    public float[] step_vectorgrad() {
        return model.step(state, x, 0);
    }
}
