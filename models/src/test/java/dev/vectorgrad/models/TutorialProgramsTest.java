package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.optimizers.Adam;
import dev.vectorgrad.models.optimizers.RMSprop;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The three tutorial programs, end to end on small samples, written as a Keras user writes them. Each asserts
 * that training lowers the loss by a stated factor (measured values in the comments, the thresholds well below them
 * so that a correct change of rounding does not break the test, while a model that does not learn fails).
 */
class TutorialProgramsTest {

    @Test
    void forecastTwoSimpleRnnsAndDenseWithAdamAndMse() {
        // a synthetic series; windows of 10 steps predict the next value
        int window = 10;
        int n = 240;
        float[] series = new float[n + window];
        for (int t = 0; t < series.length; t++) {
            series[t] = (float) (Math.sin(0.2 * t) + 0.5 * Math.sin(0.05 * t));
        }
        float[][][] x = new float[n][window][1];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < window; t++) {
                x[i][t][0] = series[i + t];
            }
            y[i][0] = series[i + window];
        }
        int split = 200;
        float[][][] xTrain = java.util.Arrays.copyOfRange(x, 0, split);
        float[][] yTrain = java.util.Arrays.copyOfRange(y, 0, split);
        float[][][] xTest = java.util.Arrays.copyOfRange(x, split, n);
        float[][] yTest = java.util.Arrays.copyOfRange(y, split, n);

        Sequential model = new Sequential(new Input(window, 1),
                SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
                SimpleRNN.builder(50).activation("relu").build(),
                new Dense(1));
        model.compile("adam", "mse");
        double initial = model.evaluate(xTest, yTest, RunOptions.defaults().verbose(0)).get(0);
        History h = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(15).batchSize(32).verbose(0)
                .validationData(xTest, yTest));
        double last = model.evaluate(xTest, yTest, RunOptions.defaults().verbose(0)).get(0);
        // measured: 0.657 -> 6.5e-4 (x1000)
        assertTrue(last < initial / 50, "test MSE falls at least 50x: " + initial + " -> " + last);
        assertEquals(List.of(15), List.of(h.get("val_loss").size()));
        assertEquals(40, model.predict(xTest).dim(0));
    }

    @Test
    void classifyEmbeddingLstmDenseSoftmaxWithAccuracy() {
        // label 1 when the sequence contains token 3: an LSTM has to remember it
        SplittableRandom r = new SplittableRandom(5);
        int n = 320;
        int[][] x = new int[n][10];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 10; t++) {
                x[i][t] = 1 + r.nextInt(19);
                if (x[i][t] == 3) {
                    y[i] = 1;
                }
            }
        }
        Sequential model = new Sequential(new Embedding(20, 8), new LSTM(16), new Dense(2, "softmax"));
        // Adam at 0.01 rather than Keras's 0.001: the sample is small (256 training sequences, 8 steps an epoch)
        model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(x, y, FitOptions.defaults().epochs(8).batchSize(32).validationSplit(0.2).verbose(0));
        List<Double> loss = h.get("loss");
        List<Double> accuracy = h.get("accuracy");
        // measured: loss 0.693 -> 0.0020 (x340), accuracy 0.53 -> 1.0, val_accuracy 0.73 -> 1.0
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 10, "loss falls at least 10x: " + loss);
        assertTrue(accuracy.get(accuracy.size() - 1) > 0.95, "accuracy: " + accuracy);
        assertTrue(h.get("val_accuracy").get(loss.size() - 1) > 0.9, "val_accuracy: " + h.get("val_accuracy"));
    }

    @Test
    void characterModelSimpleRnnSequencesDenseSoftmaxWithRmsprop() {
        String text = "hello world, hello keras, hello java. ".repeat(12);
        List<Character> vocab = List.copyOf(new TreeSet<>(text.chars().mapToObj(c -> (char) c).toList()));
        int v = vocab.size();
        int steps = 12;
        int n = (text.length() - steps - 1) / 3;
        float[][][] x = new float[n][steps][v];
        int[][] y = new int[n][steps];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                x[i][t][vocab.indexOf(text.charAt(3 * i + t))] = 1;
                y[i][t] = vocab.indexOf(text.charAt(3 * i + t + 1));
            }
        }
        Sequential model = new Sequential(new Input(steps, v),
                SimpleRNN.builder(64).returnSequences(true).build(),
                new Dense(v, "softmax"));
        model.compile(new RMSprop(0.01), "sparse_categorical_crossentropy");
        History h = model.fit(x, y, FitOptions.defaults().epochs(10).batchSize(32).verbose(0));
        List<Double> loss = h.get("loss");
        // measured: 1.77 -> 0.163 (x10.8)
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 4, "loss falls at least 4x: " + loss);
    }
}
