package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sixteen threads share one model for inference and get the same bits as one thread: one
 * {@link StepInference} (each thread with its own state), and one {@link Recurrent} layer whose
 * {@code forward} runs under {@link Tape#noGrad()} on every thread at once, with products large
 * enough to be split over the kernel pool. Each thread feeds its own input, so a result computed
 * with another thread's data or workspace would show. Inference leaves no trace in the model: its
 * weights keep their bits, and the dropout generator is not drawn from in evaluation mode.
 */
class ConcurrentInferenceTest {

    static final int THREADS = 16;

    /** Runs {@code task(thread)} on {@link #THREADS} threads released together; returns the results in thread order. */
    static <T> List<T> onSixteenThreads(Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await(60, TimeUnit.SECONDS);
                    return task.run(thread);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    interface Task<T> {
        T run(int thread) throws Exception;
    }

    static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", one thread gave " + expected[i]);
            }
        }
    }

    @Test
    void sixteenThreadsShareOneStepInferenceWithTheBitsOfOneThread() throws Exception {
        for (CellType type : new CellType[] {CellType.LSTM, CellType.GRU}) {
            StepInference model = StepInference.of(StepInferenceTest.layer(type, 8, 32, 2));
            int steps = 1000;
            float[][] expected = new float[THREADS][];
            for (int t = 0; t < THREADS; t++) {
                expected[t] = stream(model, t, steps);
            }
            List<float[]> results = onSixteenThreads(t -> stream(model, t, steps));
            for (int t = 0; t < THREADS; t++) {
                assertBits(expected[t], results.get(t), type + " thread " + t);
            }
        }
    }

    /** A stream of {@code steps} inputs particular to {@code thread}, batch 3; returns the final h and a running sum. */
    static float[] stream(StepInference model, int thread, int steps) {
        StepInference.State s = model.newState(3);
        float[] x = new float[3 * model.inputSize()];
        float sum = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.01 * t + i + 0.37 * thread);
            }
            for (float v : model.step(s, x, 0)) {
                sum += v;
            }
        }
        float[] h = s.h(model.layers() - 1);
        float[] out = java.util.Arrays.copyOf(h, h.length + 1);
        out[h.length] = sum;
        return out;
    }

    @Test
    void sixteenThreadsShareOneLayersForwardWithTheBitsOfOneThread() throws Exception {
        // Input projection 2 * (32 * 16) * 512 * 64 = 2^25 flops: split over the kernel threads.
        Lstm lstm = new Lstm(64, 128, RecurrentOptions.defaults().withLayers(2).withDropout(0.3).withSeed(21));
        lstm.train(false);
        float[] weightsBefore = weights(lstm);
        float[][] expected = new float[THREADS][];
        for (int t = 0; t < THREADS; t++) {
            expected[t] = forward(lstm, t);
        }
        for (int round = 0; round < 2; round++) {
            List<float[]> results = onSixteenThreads(t -> forward(lstm, t));
            for (int t = 0; t < THREADS; t++) {
                assertBits(expected[t], results.get(t), "round " + round + ", thread " + t);
            }
        }
        assertBits(weightsBefore, weights(lstm), "weights after inference");
        assertFalse(lstm.isTraining());
        // Evaluation-mode forwards did not draw from the dropout generator: the first training-mode
        // forward equals that of a fresh layer with the same seed.
        Lstm fresh = new Lstm(64, 128, RecurrentOptions.defaults().withLayers(2).withDropout(0.3).withSeed(21));
        lstm.train(true);
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            Tensor x = input(99);
            assertBits(fresh.forward(x).output().dataF32(), lstm.forward(x).output().dataF32(), "first dropout mask");
        }
    }

    static Tensor input(int thread) {
        return Tensor.uniform(DType.F32, -1, 1, 1000 + thread, 32, 16, 64);
    }

    /** The output and final states of a forward over this thread's input, concatenated. */
    static float[] forward(Lstm lstm, int thread) {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            SequenceOutput out = lstm.forward(input(thread));
            float[] y = out.output().dataF32();
            float[] h = out.state().h().dataF32();
            float[] c = out.state().c().dataF32();
            float[] all = java.util.Arrays.copyOf(y, y.length + h.length + c.length);
            System.arraycopy(h, 0, all, y.length, h.length);
            System.arraycopy(c, 0, all, y.length + h.length, c.length);
            return all;
        }
    }

    static float[] weights(Recurrent layer) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Tensor p : layer.parameters()) {
            parts.add(p.dataF32().clone());
            n += p.size();
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
