package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.ParameterVector;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sequential#computeGradients}, {@link Sequential#applyGradients}, {@link Sequential#trainableWeights} and the model as bytes. */
class SequentialGradientsTest {

    private static Sequential model() {
        Sequential m = new Sequential(new Input(6, 2), new LSTM(5), new Dense(1));
        m.compile("adam", "mse");
        return m;
    }

    private static float[][][] x(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[n][6][2];
        for (float[][] s : x) {
            for (float[] step : s) {
                step[0] = (float) r.nextDouble(-1, 1);
                step[1] = (float) r.nextDouble(-1, 1);
            }
        }
        return x;
    }

    private static float[][] y(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] y = new float[n][1];
        for (float[] v : y) {
            v[0] = (float) r.nextDouble(-1, 1);
        }
        return y;
    }

    @Test
    void computeThenApplyIsTrainOnBatchBitForBit() throws IOException {
        Sequential a = model();
        a.inputShape(6, 2);
        Sequential b = Sequential.loadModel(a.toBytes());
        for (int step = 0; step < 4; step++) {
            float[][][] xs = x(step, 8);
            float[][] ys = y(step + 100, 8);
            double trained = a.trainOnBatch(xs, ys).get(0);
            double loss = b.computeGradients(xs, ys);
            float[] g = ParameterVector.gradients(b.trainableWeights());
            assertTrue(g.length > 0 && b.trainableWeights().get(0).grad() != null);
            b.applyGradients();
            assertNull(b.trainableWeights().get(0).grad(), "applyGradients clears the gradients");
            assertArrayEquals(ParameterVector.values(a.trainableWeights()), ParameterVector.values(b.trainableWeights()),
                    "step " + step);
            if (step == 0) {
                assertEquals(trained, loss, "the first step's loss (trainOnBatch reports a running mean after it)");
            }
        }
        assertEquals(a.optimizer().iterations(), b.optimizer().iterations());
    }

    /** A gradient replaced between the halves is the one applied (what a data-parallel trainer does). */
    @Test
    void replacedGradientIsApplied() {
        Sequential a = model();
        Sequential b = model();
        a.inputShape(6, 2);
        b.inputShape(6, 2);
        ParameterVector.setValues(b.trainableWeights(), ParameterVector.values(a.trainableWeights()));
        a.computeGradients(x(1, 4), y(2, 4));
        float[] g = ParameterVector.gradients(a.trainableWeights());
        a.applyGradients();
        b.computeGradients(x(3, 4), y(4, 4));            // another batch's gradient, then replaced
        ParameterVector.setGradients(b.trainableWeights(), g);
        b.applyGradients();
        assertArrayEquals(ParameterVector.values(a.trainableWeights()), ParameterVector.values(b.trainableWeights()));
    }

    @Test
    void trainableWeightsAreTheRequiringParametersInOrder() {
        Sequential unbuiltModel = new Sequential(new LSTM(5), new Dense(1));
        IllegalStateException unbuilt = assertThrows(IllegalStateException.class, unbuiltModel::trainableWeights);
        assertTrue(unbuilt.getMessage().contains("not built"), unbuilt.getMessage());
        Sequential m = model();
        List<Tensor> expected = new ArrayList<>(m.namedParameters().values());
        assertEquals(expected, m.trainableWeights());
        assertEquals(m.parameterCount(), ParameterVector.size(m.trainableWeights()));
        assertThrows(UnsupportedOperationException.class, () -> m.trainableWeights().clear());
    }

    @Test
    void applyGradientsNeedsCompileAndGradients() {
        Sequential m = new Sequential(new Input(6, 2), new LSTM(5), new Dense(1));
        IllegalStateException notCompiled = assertThrows(IllegalStateException.class, m::applyGradients);
        assertTrue(notCompiled.getMessage().startsWith("applyGradients: Sequential 'sequential' is not compiled"),
                notCompiled.getMessage());
        m.compile("sgd", "mse");
        IllegalStateException none = assertThrows(IllegalStateException.class, m::applyGradients);
        assertTrue(none.getMessage().contains("no gradients"), none.getMessage());
    }

    @Test
    void bytesAreTheFileAndLoadBack(@TempDir Path dir) throws IOException {
        Sequential m = model();
        m.trainOnBatch(x(7, 4), y(8, 4));
        Path file = dir.resolve("m.safetensors");
        m.save(file);
        byte[] bytes = m.toBytes();
        assertArrayEquals(Files.readAllBytes(file), bytes);
        Sequential back = Sequential.loadModel(bytes);
        assertNotNull(back.optimizer());
        assertEquals(m.optimizer().iterations(), back.optimizer().iterations());
        float[][][] probe = x(9, 3);
        assertArrayEquals(m.predict(probe).toFloatArray(), back.predict(probe).toFloatArray());
        IOException damaged = assertThrows(IOException.class, () -> Sequential.loadModel(new byte[] {1, 2, 3}));
        assertNotNull(damaged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sequential.loadModel((byte[]) null));
    }
}
