package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.quant.WeightFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StepInferenceTest {

    static Recurrent layer(CellType type, int in, int hidden, int layers) {
        return FusedEqualsComposedTest.layer(type, in, hidden, RecurrentOptions.defaults().withLayers(layers).withSeed(3));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepsReproduceTheSequenceForward(CellType type) {
        int steps = 7;
        int batch = 3;
        int in = 5;
        int hidden = 6;
        for (int layers = 1; layers <= 2; layers++) {
            Recurrent rnn = layer(type, in, hidden, layers);
            Tensor x = Tensor.uniform(DType.F32, -1, 1, 9, steps, batch, in);
            float[] expected = rnn.forward(x).output().dataF32();
            StepInference model = StepInference.of(rnn);
            {
                StepInference.State s = model.newState(batch);
                StepInference.State single = model.newState(1);
                for (int t = 0; t < steps; t++) {
                    float[] h = model.step(s, x.dataF32(), t * batch * in);
                    float[] h0 = model.step(single, x.dataF32(), t * batch * in);
                    for (int i = 0; i < batch * hidden; i++) {
                        // Same float math in another association order (bias added after, not before, the
                        // recurrent product): a few ulps of values below 1 in magnitude, compounded over 7 steps.
                        assertEquals(expected[t * batch * hidden + i], h[i], 1e-5f, type + " t=" + t + " i=" + i);
                    }
                    for (int i = 0; i < hidden; i++) {
                        assertEquals(expected[t * batch * hidden + i], h0[i], 1e-5f, type + " batch 1, t=" + t);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void plainJavaKernelsReproduceTheSequenceForward(CellType type) {
        int steps = 7;
        int in = 5;
        int hidden = 6;
        for (int layers = 1; layers <= 2; layers++) {
            Recurrent rnn = layer(type, in, hidden, layers);
            Tensor x = Tensor.uniform(DType.F32, -1, 1, 9, steps, 1, in);
            float[] expected = rnn.forward(x).output().dataF32();
            StepInference model = StepInference.of(rnn).withPlainJavaKernels();
            assertTrue(model.plainJavaKernels());
            StepInference.State s = model.newState(1);
            for (int t = 0; t < steps; t++) {
                float[] h = model.step(s, x.dataF32(), t * in);
                for (int i = 0; i < hidden; i++) {
                    // As above: the same float math summed in another order, compounded over 7 steps.
                    assertEquals(expected[t * hidden + i], h[i], 1e-5f, type + " layers=" + layers + " t=" + t);
                }
            }
        }
    }

    @Test
    void plainJavaKernelsNeedFloatWeights() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.defaults());
        StepInference model = StepInference.of(lstm);
        assertTrue(!model.plainJavaKernels());
        StepInference plain = model.withPlainJavaKernels();
        assertTrue(plain.withPlainJavaKernels() == plain);
        assertEquals(model.hiddenSize(), plain.hiddenSize());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> plain.newState(2));
        assertTrue(batch.getMessage().contains("batch 1"), batch.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StepInference.of(lstm, WeightFormat.INT8).withPlainJavaKernels());
        assertTrue(e.getMessage().contains("INT8"), e.getMessage());
        StepInference.State other = model.newState(1);
        IllegalArgumentException wrongState = assertThrows(IllegalArgumentException.class,
                () -> plain.step(other, new float[3], 0));
        assertTrue(wrongState.getMessage().contains("another model"), wrongState.getMessage());
    }

    @Test
    void bidirectionalLayersAreRefused() {
        Lstm bi = new Lstm(3, 4, RecurrentOptions.defaults().withBidirectional(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepInference.of(bi));
        assertTrue(e.getMessage().contains("bidirectional"));
        StepInference model = StepInference.of(new Lstm(3, 4, RecurrentOptions.defaults()));
        StepInference.State s = model.newState(2);
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> model.step(s, new float[5], 0));
        assertTrue(shortInput.getMessage().contains("6 floats"), shortInput.getMessage());
    }

    @Test
    void oneModelSharedByEightThreadsGivesTheSameBitsAsOneThread() throws Exception {
        StepInference model = StepInference.of(layer(CellType.LSTM, 8, 16, 2));
        int steps = 10_000;
        float[] expected = runStream(model, steps);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> runStream(model, steps)));
            }
            for (Future<float[]> r : results) {
                assertArrayEquals(expected, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Feeds a deterministic input stream; returns the final h and a running sum of every output. */
    private static float[] runStream(StepInference model, int steps) {
        StepInference.State s = model.newState(2);
        float[] x = new float[2 * model.inputSize()];
        float sum = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.01 * t + i);
            }
            float[] h = model.step(s, x, 0);
            for (float v : h) {
                sum += v;
            }
        }
        float[] out = java.util.Arrays.copyOf(s.h(1), s.h(1).length + 1);
        out[out.length - 1] = sum;
        return out;
    }
}
