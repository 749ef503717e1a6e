package dev.vectorgrad.models.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.kernels.quant.WeightFormat;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link StepModel#step} allocates nothing once warm (its promise), for ids and for features, at one stream (the
 * GEMV route) and four (GEMM), with the weights in every {@link WeightFormat}. Runs in its own JVM under -Xbatch (the {@code allocation} execution of models' pom),
 * then reads the thread's allocation counter.
 */
@Tag("allocation")
class StepModelAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void idStepsAllocateNothing() {
        Sequential model = new Sequential(new Embedding(50, 16), LSTM.builder(32).returnSequences(true).build(),
                new GRU(24), new Dense(50, "softmax")).inputShape(-1);
        for (WeightFormat format : WeightFormat.values()) {
            StepModel served = StepModel.compile(model, format);
            StepModel.State one = served.newState();
            StepModel.State four = served.newState(4);
            int[] ids = {3, 17, 42, 8};
            long bytes = allocatedPerStep(() -> {
                served.step(one, 7);
                served.step(four, ids);
            });
            assertEquals(0, bytes, format + ": bytes per two steps (one stream, four streams)");
        }
    }

    @Test
    void featureStepsAllocateNothing() {
        Sequential model = new Sequential(SimpleRNN.builder(20).activation("relu").returnSequences(true).build(),
                new LSTM(16), new Dense(3, "sigmoid")).inputShape(-1, 6);
        float[] x = new float[4 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 - 3) / 4f;
        }
        float[] first = java.util.Arrays.copyOf(x, 6);
        for (WeightFormat format : WeightFormat.values()) {
            StepModel served = StepModel.compile(model, format);
            StepModel.State one = served.newState();
            StepModel.State four = served.newState(4);
            long bytes = allocatedPerStep(() -> {
                served.step(one, first);
                served.step(four, x);
            });
            assertEquals(0, bytes, format + ": bytes per two steps (one stream, four streams)");
        }
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
