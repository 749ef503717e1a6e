package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.callbacks.Callback;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.callbacks.InvalidLossException;
import dev.vectorgrad.models.callbacks.TerminateOnNaN;
import dev.vectorgrad.models.data.ArrayDataset;
import dev.vectorgrad.models.data.Tensors;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.losses.MeanSquaredError;
import dev.vectorgrad.models.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** compile/fit/evaluate/predict and the *OnBatch methods on small problems whose answers are known. */
class SequentialFitTest {

    /** n samples of 2 features uniform in [-1, 1), seeded. */
    static float[][] features(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        for (float[] row : x) {
            row[0] = (float) r.nextDouble(-1, 1);
            row[1] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    /** y = 2 x0 - 3 x1 + 0.5, exactly (no noise). */
    static float[][] line(float[][] x) {
        float[][] y = new float[x.length][1];
        for (int i = 0; i < x.length; i++) {
            y[i][0] = 2 * x[i][0] - 3 * x[i][1] + 0.5f;
        }
        return y;
    }

    private static Sequential linearModel() {
        return new Sequential(new Input(2), Dense.builder(1).seed(3).build());
    }

    @Test
    void linearRegressionReachesTheGeneratingWeights() {
        float[][] x = features(256, 1);
        Sequential m = linearModel().compile(new SGD(0.1), "mse");
        History h = m.fit(x, line(x), FitOptions.defaults().epochs(60).batchSize(16).verbose(0));
        float[] kernel = m.stateDict().get("dense.kernel").toFloatArray();
        float bias = m.stateDict().get("dense.bias").toFloatArray()[0];
        // the data are exactly linear, so SGD converges to the generating weights; 1e-3 leaves room for float32
        // rounding of the last steps (the loss is then ~1e-9)
        assertEquals(2.0, kernel[0], 1e-3);
        assertEquals(-3.0, kernel[1], 1e-3);
        assertEquals(0.5, bias, 1e-3);
        assertEquals(60, h.get("loss").size());
        assertTrue(h.get("loss").get(59) < 1e-6, h.get("loss").toString());
        assertEquals(List.of(0, 1, 2), h.epoch().subList(0, 3));
    }

    /** Mean squared error of the model's current weights over samples [from, to), computed by hand in double. */
    private static double handMse(Sequential m, float[][] x, float[][] y, int from, int to) {
        float[] k = m.stateDict().get("dense.kernel").toFloatArray();
        float b = m.stateDict().get("dense.bias").toFloatArray()[0];
        double sum = 0;
        for (int i = from; i < to; i++) {
            double p = (double) x[i][0] * k[0] + (double) x[i][1] * k[1] + b;
            sum += (p - y[i][0]) * (p - y[i][0]);
        }
        return sum / (to - from);
    }

    @Test
    void epochLossIsTheSampleWeightedMeanAndValidationSplitTakesTheLastSamples() {
        // learning rate 0: the weights never move, so every logged value can be computed by hand from them
        float[][] x = features(10, 2);
        float[][] y = new float[10][1];
        for (int i = 0; i < 10; i++) {
            y[i][0] = i; // targets that differ a lot between samples, so the wrong split or weighting shows
        }
        Sequential m = linearModel().compile(new SGD(0.0), "mse", "mae");
        // 10 samples, split 0.25: floor(10 * 0.75) = 7 train (batches 4 + 3), samples 7..9 validate
        History h = m.fit(x, y, FitOptions.defaults().epochs(2).batchSize(4).validationSplit(0.25).verbose(0));
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), List.copyOf(h.history().keySet()));
        // float32 forward vs double by hand: 1e-5 relative
        assertEquals(handMse(m, x, y, 0, 7), h.get("loss").get(1), 1e-5 * handMse(m, x, y, 0, 7));
        assertEquals(handMse(m, x, y, 7, 10), h.get("val_loss").get(0), 1e-5 * handMse(m, x, y, 7, 10));
        assertEquals(2, h.get("val_mae").size());
    }

    @Test
    void seededShuffleIsReproducibleAndTheSeedMatters() {
        float[][] x = features(50, 3);
        float[][] y = line(x);
        float[] a = train(x, y, 7);
        float[] b = train(x, y, 7);
        float[] c = train(x, y, 8);
        assertArrayEquals(a, b, "same seed, same weights, bit for bit");
        assertFalse(java.util.Arrays.equals(a, c), "another seed visits the samples in another order");
    }

    private static float[] train(float[][] x, float[][] y, long seed) {
        Sequential m = linearModel().compile(new SGD(0.05), "mse");
        m.fit(x, y, FitOptions.defaults().epochs(3).batchSize(8).seed(seed).verbose(0));
        return m.stateDict().get("dense.kernel").toFloatArray();
    }

    @Test
    void permutationsDependOnSeedAndEpochOnly() {
        int[] p = Batches.permutation(20, 5, 3);
        assertArrayEquals(p, Batches.permutation(20, 5, 3));
        assertFalse(java.util.Arrays.equals(p, Batches.permutation(20, 5, 4)));
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 20; i++) {
            assertEquals(i, sorted[i], "a permutation");
        }
    }

    @Test
    void predictInBatchesEqualsOneBigBatchBitwise() {
        float[][][] x = new float[37][6][3];
        SplittableRandom r = new SplittableRandom(4);
        for (float[][] s : x) {
            for (float[] t : s) {
                for (int k = 0; k < 3; k++) {
                    t[k] = (float) r.nextDouble(-1, 1);
                }
            }
        }
        Sequential m = new Sequential(new Input(6, 3), SimpleRNN.builder(8).seed(1).build(), Dense.builder(2).seed(2).build());
        Tensor small = m.predict(x, RunOptions.defaults().batchSize(5));
        Tensor big = m.predict(x, RunOptions.defaults().batchSize(1000));
        assertArrayEquals(new int[] {37, 2}, small.shape());
        assertArrayEquals(big.toFloatArray(), small.toFloatArray());
        assertArrayEquals(m.predictOnBatch(x).toFloatArray(), big.toFloatArray());
    }

    @Test
    void evaluateGivesListAndMapFormsAndTrainOnBatchSteps() {
        float[][] x = features(40, 5);
        float[][] y = line(x);
        Sequential m = linearModel().compile(new SGD(0.1), new MeanSquaredError(), "mae");
        Map<String, Double> named = m.evaluateAsMap(x, y, RunOptions.defaults().verbose(0));
        assertEquals(List.of("loss", "mae"), List.copyOf(named.keySet()));
        assertEquals(handMse(m, x, y, 0, 40), named.get("loss"), 1e-5 * named.get("loss"));
        assertEquals(List.copyOf(named.values()), m.evaluate(x, y, RunOptions.defaults().verbose(0)));
        double before = m.testOnBatch(x, y).get(0);
        assertEquals(named.get("loss"), before, 1e-6 * before);
        m.resetMetrics();
        for (int i = 0; i < 20; i++) {
            m.trainOnBatch(x, y);
        }
        m.resetMetrics();
        assertTrue(m.testOnBatch(x, y).get(0) < before / 10, "twenty full-batch steps reduce the loss");
    }

    @Test
    void fitTakesADatasetAndFlatArraysWithAShape() {
        float[][] x = features(64, 6);
        float[][] y = line(x);
        float[] flat = new float[128];
        for (int i = 0; i < 64; i++) {
            flat[2 * i] = x[i][0];
            flat[2 * i + 1] = x[i][1];
        }
        Sequential a = linearModel().compile(new SGD(0.1), "mse");
        a.fit(ArrayDataset.of(Tensors.of(x), Tensors.of(y)).withBatchSize(16).withShuffle(false),
                FitOptions.defaults().epochs(3).verbose(0));
        Sequential b = linearModel().compile(new SGD(0.1), "mse");
        b.fit(Tensors.ofFlat(flat, 64, 2), y, FitOptions.defaults().epochs(3).batchSize(16).shuffle(false).verbose(0));
        assertArrayEquals(a.stateDict().get("dense.kernel").toFloatArray(), b.stateDict().get("dense.kernel").toFloatArray(),
                "the same batches in the same order give the same weights, whatever the input form");
    }

    @Test
    void dataSetsWorkForValidationEvaluationAndPrediction() {
        float[][] x = features(40, 9);
        float[][] y = line(x);
        ArrayDataset train = ArrayDataset.of(Tensors.of(x), Tensors.of(y)).withBatchSize(8);
        ArrayDataset test = ArrayDataset.of(Tensors.of(x), Tensors.of(y)).withBatchSize(16).withShuffle(false);
        Sequential m = linearModel().compile(new SGD(0.1), "mse");
        History h = m.fit(train, FitOptions.defaults().epochs(2).verbose(0).validationData(test));
        assertEquals(List.of("loss", "val_loss"), List.copyOf(h.history().keySet()));
        Map<String, Double> evaluated = m.evaluateAsMap(test, RunOptions.defaults().verbose(0));
        assertEquals(h.get("val_loss").get(1), evaluated.get("loss"), 0.0, "the same data, the same weights");
        assertArrayEquals(m.predict(x).toFloatArray(), m.predict(test).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(train, FitOptions.defaults().validationSplit(0.2)));
        assertTrue(e.getMessage().startsWith("fit: validationSplit 0.2 needs array inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.fit(
                ArrayDataset.of(Tensors.of(new float[4][3]), Tensors.of(new float[4][1])), FitOptions.defaults().verbose(0)));
        assertEquals("layer 0 'dense': expects input shape (None, 2), got (None, 3) (batch 0 x)", e.getMessage());
    }

    @Test
    void callbacksSeeKerasOrderAndStopTrainingEndsTheEpoch() {
        float[][] x = features(20, 7);
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                events.add("batch " + batch);
                if (batch == 1) {
                    model.stopTraining();
                }
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                events.add("end " + epoch + " " + logs.keySet());
            }

            Sequential model;

            @Override
            public void setModel(dev.vectorgrad.models.callbacks.TrainingModel m) {
                model = (Sequential) m;
            }
        };
        Sequential m = linearModel().compile(new SGD(0.1), "mse");
        History h = m.fit(x, line(x), FitOptions.defaults().epochs(5).batchSize(4).verbose(0)
                .validationData(x, line(x)).callbacks(recorder));
        assertEquals(List.of("epoch 0", "batch 0", "batch 1", "end 0 [loss, val_loss]"), events);
        assertEquals(1, h.get("loss").size());
    }

    @Test
    void terminateOnNaNStopsAtTheBatchAndNamesIt() {
        float[][] x = features(16, 8);
        float[][] y = line(x);
        y[9][0] = Float.NaN; // sample 9 is in batch 2 (batches of 4, no shuffling)
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Sequential m = linearModel().compile(new SGD(0.1), "mse");
        List<Integer> batchesSeen = new ArrayList<>();
        Callback counter = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                batchesSeen.add(batch);
            }
        };
        History h = m.fit(x, y, FitOptions.defaults().epochs(3).batchSize(4).shuffle(false).verbose(0)
                .callbacks(new TerminateOnNaN().withOutput(new java.io.PrintStream(printed, true)), counter));
        assertEquals("Epoch 1, batch 2: invalid loss nan, terminating training\n", printed.toString());
        assertEquals(List.of(0, 1, 2), batchesSeen, "no batch after the NaN one");
        assertEquals(1, h.get("loss").size(), "no epoch after it");
        assertTrue(Double.isNaN(h.get("loss").get(0)));

        Sequential again = linearModel().compile(new SGD(0.1), "mse");
        InvalidLossException e = assertThrows(InvalidLossException.class, () -> again.fit(x, y,
                FitOptions.defaults().epochs(3).batchSize(4).shuffle(false).verbose(0)
                        .callbacks(new TerminateOnNaN().withRaiseError(true))));
        assertEquals(0, e.epoch());
        assertEquals(2, e.batch());
    }

    @Test
    void inputsAreCheckedBeforeAnyStep() {
        Sequential m = linearModel().compile(new SGD(0.1), "mse");
        float[] before = m.stateDict().get("dense.kernel").toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(new float[8][3], new float[8][1], FitOptions.defaults().verbose(0)));
        assertEquals("layer 0 'dense': expects input shape (None, 2), got (None, 3) (x)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(new float[8][2], new float[7][1], FitOptions.defaults().verbose(0)));
        assertEquals("fit: x has 8 samples but its targets have 7", e.getMessage());
        assertArrayEquals(before, m.stateDict().get("dense.kernel").toFloatArray(), "no step ran");
        assertThrows(IllegalStateException.class, () -> linearModel().fit(new float[2][2], new float[2][1]));
    }

    @Test
    void idsAreCheckedAgainstTheEmbedding() {
        Sequential m = new Sequential(new Embedding(10, 4), Dense.builder(1).build())
                .compile(new SGD(0.1), "mse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(new int[][] {{1, 2}, {3, 10}}, new float[2][2][1], FitOptions.defaults().verbose(0)));
        assertEquals("layer 0 'embedding': expects integer ids in [0, 10), got 10 at x[1][1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(new float[][] {{1, 2.5f}}, new float[1][2][1], FitOptions.defaults().verbose(0)));
        assertEquals("layer 0 'embedding': expects integer ids in [0, 10), got 2.5 at x[0][1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(new int[][] {{-1, 0}}));
        assertEquals("layer 0 'embedding': expects integer ids in [0, 10), got -1 at x[0][0]", e.getMessage());
    }
}
