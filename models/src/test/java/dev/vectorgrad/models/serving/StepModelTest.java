package dev.vectorgrad.models.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Activation;
import dev.vectorgrad.models.layers.Bidirectional;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Dropout;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link StepModel} against {@code Sequential.predict}, the independent path: the model's own layers on whole
 * sequences (the fused sequence kernels, the autograd's Dense and activation ops). Equality is bitwise (the step makes
 * the same kernel calls per row; see the class notes), so every comparison here is exact unless it says otherwise.
 */
class StepModelTest {

    private static final int T = 7;

    /** Every weight of every layer set to U(-scale, scale), biases included (Keras initialises those to 0). */
    private static Sequential randomized(Sequential m, double scale, long seed) {
        long s = seed;
        for (Layer layer : m.layers()) {
            if (layer instanceof KerasLayer k) {
                List<Tensor> values = new ArrayList<>();
                for (Tensor w : k.getWeights()) {
                    values.add(Tensor.uniform(DType.F32, -scale, scale, s++, w.shape()));
                }
                if (!values.isEmpty()) {
                    k.setWeights(values);
                }
            }
        }
        return m;
    }

    private static int[][] ids(int batch, int steps, int vocabulary, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[batch][steps];
        for (int[] row : ids) {
            for (int t = 0; t < steps; t++) {
                row[t] = r.nextInt(vocabulary);
            }
        }
        return ids;
    }

    private static float[][][] features(int batch, int steps, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[batch][steps][n];
        for (float[][] seq : x) {
            for (float[] step : seq) {
                for (int i = 0; i < n; i++) {
                    step[i] = (float) (2 * r.nextDouble() - 1);
                }
            }
        }
        return x;
    }

    /** {@code predict} on the first {@code t} steps of every sequence: [batch, out] (last output) rows. */
    private static float[] predictPrefix(Sequential m, Object x, int t) {
        Object prefix;
        if (x instanceof int[][] ids) {
            int[][] p = new int[ids.length][];
            for (int b = 0; b < ids.length; b++) {
                p[b] = Arrays.copyOf(ids[b], t);
            }
            prefix = p;
        } else {
            float[][][] f = (float[][][]) x;
            float[][][] p = new float[f.length][][];
            for (int b = 0; b < f.length; b++) {
                p[b] = Arrays.copyOf(f[b], t);
            }
            prefix = p;
        }
        return m.predict(prefix, RunOptions.defaults().batchSize(1000)).toFloatArray();
    }

    /**
     * Steps every stream together through the sequences {@code x} and checks, after each step {@code t}, that the
     * output equals {@code predict} on the first {@code t + 1} steps (its last output), bitwise.
     */
    private static void assertStepsEqualPredict(Sequential m, Object x) {
        StepModel served = StepModel.compile(m);
        int batch = x instanceof int[][] ids ? ids.length : ((float[][][]) x).length;
        StepModel.State s = served.newState(batch);
        for (int t = 0; t < T; t++) {
            float[] out = step(served, s, x, t);
            float[] expected = predictPrefix(m, x, t + 1);
            assertArrayEquals(expected, out, "step " + t + " of " + batch + " streams");
        }
    }

    private static float[] step(StepModel served, StepModel.State s, Object x, int t) {
        if (x instanceof int[][] ids) {
            int[] column = new int[ids.length];
            for (int b = 0; b < ids.length; b++) {
                column[b] = ids[b][t];
            }
            return column.length == 1 ? served.step(s, column[0]) : served.step(s, column);
        }
        float[][][] f = (float[][][]) x;
        int n = f[0][0].length;
        float[] column = new float[f.length * n];
        for (int b = 0; b < f.length; b++) {
            System.arraycopy(f[b][t], 0, column, b * n, n);
        }
        return served.step(s, column);
    }

    // ---- equality with predict ------------------------------------------------------------------

    @Test
    void embeddingLstmStackDenseSoftmaxEqualsPredictAtEveryStep() {
        Sequential m = randomized(new Sequential(new Embedding(13, 8), LSTM.builder(24).returnSequences(true).build(),
                new LSTM(20), new Dense(7, "softmax")).inputShape(-1), 0.4, 1);
        assertStepsEqualPredict(m, ids(1, T, 13, 2));
    }

    @Test
    void lstmOnFeaturesWithoutEmbeddingEqualsPredict() {
        Sequential m = randomized(new Sequential(new LSTM(19), new Dense(3)).inputShape(-1, 5), 0.5, 3);
        assertStepsEqualPredict(m, features(1, T, 5, 4));
    }

    @Test
    void gruStackOnFeaturesEqualsPredict() {
        Sequential m = randomized(new Sequential(GRU.builder(16).returnSequences(true).build(), new GRU(12),
                new Dense(5, "tanh"), new Activation("softmax")).inputShape(-1, 6), 0.5, 5);
        assertStepsEqualPredict(m, features(1, T, 6, 6));
    }

    @Test
    void gruWithEmbeddingAndWithoutBiasEqualsPredict() {
        Sequential m = randomized(new Sequential(new Embedding(9, 10), GRU.builder(17).useBias(false).build(),
                new Dense(4, "sigmoid")).inputShape(-1), 0.5, 7);
        assertStepsEqualPredict(m, ids(1, T, 9, 8));
    }

    @Test
    void simpleRnnTanhAndReluStacksEqualPredict() {
        Sequential tanh = randomized(new Sequential(new Embedding(11, 6),
                SimpleRNN.builder(15).returnSequences(true).build(), new SimpleRNN(9), new Dense(2)).inputShape(-1), 0.4, 9);
        assertStepsEqualPredict(tanh, ids(1, T, 11, 10));
        // The tutorials' forecast model: 2 x SimpleRNN(relu) + Dense(1), with a Dropout (skipped at inference).
        Sequential relu = randomized(new Sequential(SimpleRNN.builder(12).activation("relu").returnSequences(true).build(),
                new Dropout(0.2), SimpleRNN.builder(12).activation("relu").build(), new Dense(1)).inputShape(-1, 1), 0.3, 11);
        assertStepsEqualPredict(relu, features(1, T, 1, 12));
    }

    @Test
    void mixedStackWithDenseBetweenRecurrentLayersEqualsPredict() {
        Sequential m = randomized(new Sequential(new Embedding(12, 8), LSTM.builder(14).returnSequences(true).build(),
                new Dense(10, "relu"), GRU.builder(11).returnSequences(true).build(), new Dropout(0.5),
                new SimpleRNN(9), new Dense(6, "softmax")).inputShape(-1), 0.4, 13);
        assertStepsEqualPredict(m, ids(1, T, 12, 14));
    }

    @Test
    void returnSequencesModelGivesPredictsOutputAtEachStep() {
        // The character model's shape: SimpleRNN(returnSequences) + Dense(vocab, softmax); predict gives every step.
        Sequential m = randomized(new Sequential(new Embedding(20, 8), SimpleRNN.builder(32).returnSequences(true).build(),
                new Dense(20, "softmax")).inputShape(-1), 0.4, 15);
        int[][] x = ids(3, T, 20, 16);
        StepModel served = StepModel.compile(m);
        assertTrue(served.outputPerStep());
        float[] all = m.predict(x).toFloatArray(); // [3, T, 20]
        StepModel.State s = served.newState(3);
        for (int t = 0; t < T; t++) {
            float[] out = step(served, s, x, t);
            for (int b = 0; b < 3; b++) {
                float[] expected = Arrays.copyOfRange(all, (b * T + t) * 20, (b * T + t + 1) * 20);
                assertArrayEquals(expected, Arrays.copyOfRange(out, b * 20, (b + 1) * 20), "stream " + b + " step " + t);
            }
        }
    }

    @Test
    void batchedStepEqualsPredictOnTheBatch() {
        Sequential ids = randomized(new Sequential(new Embedding(13, 8), new LSTM(24), new Dense(7, "softmax"))
                .inputShape(-1), 0.4, 17);
        assertStepsEqualPredict(ids, ids(5, T, 13, 18));
        Sequential features = randomized(new Sequential(GRU.builder(16).returnSequences(true).build(), new LSTM(12),
                new Dense(3)).inputShape(-1, 4), 0.5, 19);
        assertStepsEqualPredict(features, features(9, T, 4, 20));
    }

    @Test
    void benchModelShapeEqualsPredict() {
        // The bench's model, Embedding(100, 64) -> LSTM(256) -> Dense(100, softmax): a Dense of 256 inputs.
        Sequential m = randomized(new Sequential(new Embedding(100, 64), new LSTM(256), new Dense(100, "softmax"))
                .inputShape(-1), 0.1, 21);
        assertStepsEqualPredict(m, ids(1, T, 100, 22));
    }

    // ---- state -----------------------------------------------------------------------------------

    @Test
    void resetStartsAFreshSequenceAndResetOfOneStreamLeavesTheOthers() {
        Sequential m = randomized(new Sequential(new Embedding(13, 8), new LSTM(10), new Dense(4)).inputShape(-1), 0.4, 23);
        StepModel served = StepModel.compile(m);
        StepModel.State fresh = served.newState();
        float[] first = served.step(fresh, 3).clone();
        StepModel.State used = served.newState();
        served.step(used, 5);
        float[] afterStep = served.step(used, 3).clone();
        assertFalse(Arrays.equals(first, afterStep), "the state must carry over between steps");
        used.reset();
        assertArrayEquals(first, served.step(used, 3));

        StepModel.State two = served.newState(2);
        served.step(two, new int[] {5, 7});
        two.reset(0);
        float[] out = served.step(two, new int[] {3, 3});
        assertArrayEquals(first, Arrays.copyOfRange(out, 0, 4), "stream 0 restarted");
        assertFalse(Arrays.equals(first, Arrays.copyOfRange(out, 4, 8)), "stream 1 kept its state");
        assertThrows(IndexOutOfBoundsException.class, () -> two.reset(2));
    }

    @Test
    void stepReturnsTheStatesBufferAndTheModelCopiesTheWeights() {
        Sequential m = randomized(new Sequential(new Embedding(13, 8), new LSTM(10), new Dense(4)).inputShape(-1), 0.4, 25);
        StepModel served = StepModel.compile(m);
        StepModel.State s = served.newState();
        float[] a = served.step(s, 1);
        float[] before = a.clone();
        assertSame(a, served.step(s, 2), "the output is a view of the state's buffer");
        // Training the model after compile is not seen by the compiled copy.
        Tensor kernel = ((Dense) m.layers().get(2)).getWeights().get(0);
        kernel.set(0, kernel.get(0) + 1);
        s.reset();
        assertArrayEquals(before, served.step(s, 1));
        assertEquals(4, served.outputSize());
        assertEquals(13, served.vocabulary());
        assertEquals(8, served.featureSize());
        assertTrue(served.takesIds());
        assertFalse(served.outputPerStep());
    }

    // ---- threads ---------------------------------------------------------------------------------

    @Test
    void manyThreadsEachWithItsOwnStateGiveTheOneThreadResults() throws Exception {
        Sequential m = randomized(new Sequential(new Embedding(50, 16), LSTM.builder(32).returnSequences(true).build(),
                new GRU(24), new Dense(50, "softmax")).inputShape(-1), 0.3, 27);
        StepModel served = StepModel.compile(m);
        int streams = 16;
        int steps = 200;
        int[][] x = ids(streams, steps, 50, 28);
        float[][] expected = new float[streams][];
        for (int b = 0; b < streams; b++) {
            expected[b] = runStream(served, x[b]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int b = 0; b < streams; b++) {
                int[] seq = x[b];
                results.add(pool.submit(() -> runStream(served, seq)));
            }
            for (int b = 0; b < streams; b++) {
                assertArrayEquals(expected[b], results.get(b).get(), "stream " + b);
            }
        } finally {
            pool.shutdown();
        }
        assertNotEquals(Arrays.toString(expected[0]), Arrays.toString(expected[1]), "streams differ");
    }

    /** Every step's output of one sequence, concatenated. */
    private static float[] runStream(StepModel served, int[] seq) {
        StepModel.State s = served.newState();
        float[] all = new float[seq.length * served.outputSize()];
        for (int t = 0; t < seq.length; t++) {
            System.arraycopy(served.step(s, seq[t]), 0, all, t * served.outputSize(), served.outputSize());
        }
        return all;
    }

    // ---- errors ----------------------------------------------------------------------------------

    @Test
    void wrongFeatureLengthIdOutOfRangeAndWrongKindOfInputFail() {
        StepModel features = StepModel.compile(new Sequential(new LSTM(4), new Dense(2)).inputShape(-1, 3));
        StepModel.State fs = features.newState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> features.step(fs, new float[5]));
        assertEquals("StepModel: expects 3 features per step ([1, 3]), got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> features.step(fs, new float[5], 3));
        assertEquals("StepModel: a step needs 3 features ([1, 3]) from offset 3, the array has 5", e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> features.step(fs, 1));
        assertTrue(s.getMessage().contains("takes 3 features per step, not ids"), s.getMessage());
        StepModel.State two = features.newState(2);
        e = assertThrows(IllegalArgumentException.class, () -> features.step(two, new float[3]));
        assertEquals("StepModel: expects 6 features per step ([2, 3]), got 3", e.getMessage());

        StepModel ids = StepModel.compile(new Sequential(new Embedding(10, 4), new LSTM(4)).inputShape(-1));
        StepModel.State is = ids.newState();
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(is, 10));
        assertEquals("StepModel: Embedding 'embedding': id 10 (stream 0) is outside [0, 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(is, -1));
        assertEquals("StepModel: Embedding 'embedding': id -1 (stream 0) is outside [0, 10)", e.getMessage());
        StepModel.State three = ids.newState(3);
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(three, new int[] {1, 2, 12}));
        assertEquals("StepModel: Embedding 'embedding': id 12 (stream 2) is outside [0, 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(three, new int[] {1, 2}));
        assertEquals("StepModel: the state has 3 streams, got 2 ids", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(three, 1));
        assertTrue(e.getMessage().startsWith("StepModel: the state has 3 streams"), e.getMessage());
        s = assertThrows(IllegalStateException.class, () -> ids.step(is, new float[4]));
        assertTrue(s.getMessage().contains("takes ids (its first layer is Embedding 'embedding')"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ids.step(fs, 1));
        assertTrue(e.getMessage().contains("the state was made by another model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ids.newState(0));
        assertEquals("StepModel: streams must be positive, got 0", e.getMessage());
    }

    @Test
    void unsupportedLayersAreNamed() {
        assertRejected(new Sequential(new Bidirectional(new LSTM(4)), new Dense(2)).inputShape(-1, 3),
                "StepModel: layer 0 'bidirectional' (Bidirectional): not supported for step-by-step serving");
        assertRejected(new Sequential(LSTM.builder(4).goBackwards(true).build()).inputShape(-1, 3),
                "StepModel: layer 0 'lstm' (LSTM): goBackwards needs the whole sequence");
        assertRejected(new Sequential(new Embedding(5, 3), LSTM.builder(4).activation("relu").build()).inputShape(-1),
                "StepModel: layer 1 'lstm' (LSTM): activation relu, recurrentActivation sigmoid runs on the composed path");
        assertRejected(new Sequential(GRU.builder(4).resetAfter(false).build()).inputShape(-1, 3),
                "StepModel: layer 0 'gru' (GRU): activation tanh, recurrentActivation sigmoid (or resetAfter=false) runs"
                        + " on the composed path");
        assertRejected(new Sequential(new LSTM(4), new Dense(2, "elu")).inputShape(-1, 3),
                "StepModel: layer 1 'dense' (Dense): activation 'elu' is not supported for serving");
        assertRejected(new Sequential(LSTM.builder(4).dtype(DType.F64).build()).inputShape(-1, 3),
                "StepModel: layer 0 'lstm' (LSTM): serving runs in float32, this layer is F64");
        assertRejected(new Sequential(new Dense(4), new Dense(2)).inputShape(-1, 3),
                "StepModel: Sequential 'sequential' has no recurrent layer");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StepModel.compile(new Sequential(new LSTM(4))));
        assertTrue(e.getMessage().startsWith("StepModel: Sequential 'sequential' is not built"), e.getMessage());
    }

    private static void assertRejected(Sequential m, String messageStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepModel.compile(m));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    @Test
    void wideDenseAfterSequencesIsWithinTheSummationOrderBound() {
        // predict multiplies batch * T rows in that Dense, the step batch rows: over more than 128 inputs the GEMM
        // sums each row in blocks that depend on the row count (the class notes), so bits may differ. Each of the
        // two is a float dot product of k = 300 terms, each within gamma_k * sum|x_i w_ij| of the exact value
        // (recursive summation, any order; gamma_k = k u / (1 - k u), u = 2^-24), so they differ by at most twice
        // that; |x_i| <= 1 (tanh outputs); the bias is then added, one rounding each (<= 2u |y| more).
        int units = 300;
        int out = 20;
        Sequential m = randomized(new Sequential(new Embedding(20, 8), SimpleRNN.builder(units).returnSequences(true)
                .build(), new Dense(out)).inputShape(-1), 0.1, 15);
        float[] kernel = ((Dense) m.layers().get(2)).getWeights().get(0).toFloatArray();
        double u = Math.ulp(1f) / 2;
        double gamma = units * u / (1 - units * u);
        int[][] x = ids(1, T, 20, 16);
        float[] all = m.predict(x).toFloatArray();
        StepModel served = StepModel.compile(m);
        StepModel.State s = served.newState();
        int differing = 0;
        for (int t = 0; t < T; t++) {
            float[] y = served.step(s, x[0][t]);
            for (int j = 0; j < out; j++) {
                double absSum = 0;
                for (int i = 0; i < units; i++) {
                    absSum += Math.abs(kernel[i * out + j]);
                }
                float e = all[t * out + j];
                double bound = 2 * gamma * absSum + 2 * u * Math.abs(e);
                assertTrue(Math.abs(y[j] - e) <= bound, "step " + t + " output " + j + ": " + y[j] + " vs " + e
                        + ", bound " + bound);
                differing += y[j] != e ? 1 : 0;
            }
        }
        System.out.println("StepModelTest: wide Dense after sequences, " + differing + " of " + T * out
                + " outputs differ from predict in their last bits");
    }

    /**
     * A state saved after some steps and loaded into a fresh state (another stream of a batch) continues bit for bit
     * like the original: the layout lists every layer's h (and an LSTM's c) in order, and the sizes add up.
     */
    @Test
    void savedStateContinuesBitForBit() {
        Sequential model = randomized(new Sequential(LSTM.builder(12).returnSequences(true).build(), new GRU(5),
                new Dense(3, "sigmoid")).inputShape(-1, 4), 0.5, 91);
        StepModel served = StepModel.compile(model);
        assertEquals(List.of(new StepModel.StateBlock(0, dev.vectorgrad.cells.CellType.LSTM, "h", 12),
                new StepModel.StateBlock(0, dev.vectorgrad.cells.CellType.LSTM, "c", 12),
                new StepModel.StateBlock(1, dev.vectorgrad.cells.CellType.GRU, "h", 5)), served.stateLayout());
        assertEquals(29, served.stateSize());
        float[] x = new float[4];
        StepModel.State original = served.newState();
        for (int t = 0; t < 5; t++) {
            Arrays.fill(x, (t - 2) / 3f);
            served.step(original, x);
        }
        float[] saved = new float[served.stateSize() + 3];
        original.save(0, saved, 3);
        StepModel.State batch = served.newState(2);
        batch.load(1, saved, 3);
        float[] again = new float[served.stateSize()];
        batch.save(1, again, 0);
        assertArrayEquals(Arrays.copyOfRange(saved, 3, saved.length), again);
        float[] two = new float[8];
        for (int t = 0; t < 3; t++) {
            Arrays.fill(x, t / 5f);
            float[] expected = served.step(original, x).clone();
            System.arraycopy(x, 0, two, 4, 4);
            float[] got = served.step(batch, two);
            assertArrayEquals(expected, Arrays.copyOfRange(got, 3, 6), "step " + t);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> original.save(0, new float[28], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> original.load(1, saved, 0));
    }
}
