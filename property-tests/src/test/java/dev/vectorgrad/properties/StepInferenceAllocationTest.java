package dev.vectorgrad.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.Nonlinearity;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.Rnn;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.kernels.quant.WeightFormat;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recurrent inference step allocates nothing once compiled (the promise of
 * {@link StepInference}), at batch 1 (the GEMV route) and batch 4 (GEMM), for every cell type
 * with two stacked layers, with the weights in every {@link WeightFormat}, and with the plain Java kernels
 * ({@link StepInference#withPlainJavaKernels()}, batch 1 only: both states batch 1). Warmed up under -Xbatch, then read from
 * the thread's allocation counter.
 */
class StepInferenceAllocationTest {

    @Test
    void stepsAllocateNothing() {
        RecurrentOptions o = RecurrentOptions.defaults().withLayers(2).withSeed(1);
        List<Recurrent> layers = List.of(new Rnn(16, 32, Nonlinearity.TANH, o), new Rnn(16, 32, Nonlinearity.RELU, o), new Lstm(16, 32, o), new Gru(16, 32, o));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] x = Tensor.uniform(DType.F32, -1, 1, 1, 4 * 16).dataF32();
        for (WeightFormat format : WeightFormat.values()) {
            for (Recurrent layer : layers) {
                assertStepsAllocateNothing(StepInference.of(layer, format), x, threads, 4);
            }
        }
        for (Recurrent layer : layers) {
            assertStepsAllocateNothing(StepInference.of(layer).withPlainJavaKernels(), x, threads, 1);
        }
    }

    private static void assertStepsAllocateNothing(StepInference model, float[] x,
                                                   com.sun.management.ThreadMXBean threads, int rows) {
        StepInference.State single = model.newState(1);
        StepInference.State batch = model.newState(rows);
        for (int i = 0; i < 20_000; i++) {
            model.step(single, x, 0);
            model.step(batch, x, 0);
        }
        int measured = 2_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measured; i++) {
            model.step(single, x, 0);
            model.step(batch, x, 0);
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        // An allocation per step would be >= 16 bytes x 4,000 steps; allow the JVM's own few bytes.
        assertEquals(0, bytes / measured, model.type() + " " + model.weightFormat()
                + (model.plainJavaKernels() ? " (plain Java kernels)" : "") + ": " + bytes + " bytes over " + 2 * measured + " steps");
    }
}
