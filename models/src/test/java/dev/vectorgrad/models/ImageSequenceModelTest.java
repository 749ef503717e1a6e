package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import dev.vectorgrad.autograd.check.Report;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.data.Tensors;
import dev.vectorgrad.models.layers.Conv2D;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Flatten;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.MaxPooling2D;
import dev.vectorgrad.models.layers.TimeDistributed;
import dev.vectorgrad.models.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model of issue 19 (the tutorial's image-sequence classifier) on the Keras-style API: it builds with Keras's
 * shapes and parameter counts, summarises, trains on rank-5 inputs given as a tensor or a Java array, evaluates,
 * predicts, saves and loads, and its gradients match finite differences; a file whose config claims huge convolutions
 * is refused before any weight is made.
 */
class ImageSequenceModelTest {

    @TempDir
    Path dir;

    /** The issue's model, for windows of {@code window} frames of 28x28x1. */
    static Sequential issueModel(int window) {
        Sequential model = new Sequential(new Input(window, 28, 28, 1),
                new TimeDistributed(new Conv2D(32, 3, "relu")), new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Conv2D(64, 3, "relu")), new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Flatten()), new LSTM(50), new Dense(10, "softmax"));
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
        return model;
    }

    /**
     * Keras's counts, by its formulas: Conv2D {@code kh*kw*in*filters + filters} (3*3*1*32 + 32 = 320,
     * 3*3*32*64 + 64 = 18,496); LSTM {@code 4 * (units * (features + units) + units)} on 5*5*64 = 1600 features
     * (4 * (50 * 1650 + 50) = 330,200); Dense 50*10 + 10 = 510. Shapes: 28 - 2 = 26, 26 / 2 = 13, 13 - 2 = 11,
     * floor(11 / 2) = 5.
     */
    @Test
    void buildsWithKerasShapesAndParameterCounts() {
        Sequential model = issueModel(8);
        List<Layer> layers = model.layers();
        long[] counts = {320, 0, 18_496, 0, 0, 330_200, 510};
        int[][] shapes = {{8, 26, 26, 32}, {8, 13, 13, 32}, {8, 11, 11, 64}, {8, 5, 5, 64}, {8, 1600}, {50}, {10}};
        List<String> names = List.of("time_distributed", "time_distributed_1", "time_distributed_2",
                "time_distributed_3", "time_distributed_4", "lstm", "dense");
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(names.get(i), layers.get(i).name());
            assertEquals(counts[i], layers.get(i).parameterCount(), names.get(i));
            assertArrayEquals(shapes[i], model.outputShapeOf(i), names.get(i));
        }
        // Keras names the wrapped layers by their own counters.
        assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten"),
                layers.subList(0, 5).stream().map(l -> ((TimeDistributed) l).layer().name()).toList());
        assertEquals(List.of("time_distributed.layer.kernel", "time_distributed.layer.bias",
                "time_distributed_2.layer.kernel", "time_distributed_2.layer.bias", "lstm.kernel",
                "lstm.recurrent_kernel", "lstm.bias", "dense.kernel", "dense.bias"),
                List.copyOf(model.stateDict().keySet()));
        String summary = model.summary();
        for (String row : List.of("time_distributed (TimeDistributed)", "(None, 8, 26, 26, 32)", "(None, 8, 1600)",
                "330,200", "18,496", "Total params: 349,526")) {
            assertTrue(summary.contains(row), row + " in\n" + summary);
        }
    }

    /** {@code n} windows of {@code window} frames: frame noise plus an offset of 0.1 times the label. */
    private static float[][][][][] frames(int n, int window, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][][][] x = new float[n][window][28][28][1];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
            for (float[][][] frame : x[i]) {
                for (float[][] row : frame) {
                    for (float[] pixel : row) {
                        pixel[0] = (float) (0.1 * labels[i] + r.nextDouble(-0.2, 0.2));
                    }
                }
            }
        }
        return x;
    }

    private static Tensor flat(float[][][][][] x) {
        return Tensors.of(x);
    }

    @Test
    void trainsEvaluatesPredictsAndRoundTripsThroughAFile() throws IOException {
        int n = 12;
        int window = 3;
        int[] labels = new int[n];
        float[][][][][] x = frames(n, window, labels, 5);
        FitOptions options = FitOptions.defaults().epochs(4).batchSize(4).seed(2).verbose(0);

        Sequential fromArray = issueModel(window);
        History history = fromArray.fit(x, labels, options);
        List<Double> loss = history.get("loss");
        assertEquals(4, loss.size());
        assertTrue(loss.get(3) < loss.get(0), "training loss falls: " + loss);

        // The same model (same names, so the same seeds) fed a rank-5 Tensor learns bit for bit the same.
        Sequential fromTensor = issueModel(window);
        assertEquals(loss, fromTensor.fit(flat(x), Tensors.ofFlat(labels, n), options).get("loss"));
        assertEquals(fromArray.stateDict().keySet(), fromTensor.stateDict().keySet());
        for (Map.Entry<String, Tensor> e : fromArray.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().dataF32(), fromTensor.stateDict().get(e.getKey()).dataF32(), e.getKey());
        }

        List<Double> evaluated = fromArray.evaluate(x, labels);
        assertEquals(2, evaluated.size(), "loss and accuracy");
        assertTrue(evaluated.get(1) >= 0 && evaluated.get(1) <= 1);
        Tensor p = fromArray.predict(x);
        assertArrayEquals(new int[] {n, 10}, p.shape());
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += p.get(i * 10 + c);
            }
            assertEquals(1, sum, 1e-5, "softmax row " + i);
        }

        Path file = dir.resolve("image-sequence.safetensors");
        fromArray.save(file);
        Sequential back = Sequential.loadModel(file);
        assertEquals(fromArray.modelConfig(), back.modelConfig());
        assertArrayEquals(p.dataF32(), back.predict(x).dataF32(), "predictions after loading, bit for bit");
        assertEquals(fromArray.summary(), back.summary());
    }

    /** The whole model in double against finite differences, per parameter, through {@code checkGradients}. */
    @Test
    void gradientsOfTheModelMatchFiniteDifferences() {
        Sequential model = new Sequential(new Input(2, 6, 5, 2),
                new TimeDistributed(Conv2D.builder(3, 3).padding("same").strides(2, 1).activation("tanh")
                        .dtype(DType.F64).build()),
                new TimeDistributed(MaxPooling2D.builder(2).dtype(DType.F64).build()),
                new TimeDistributed(new Flatten(null, DType.F64)),
                LSTM.builder(3).dtype(DType.F64).build(), Dense.builder(4).activation("softmax").dtype(DType.F64).build());
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy");
        SplittableRandom r = new SplittableRandom(4);
        double[][][][][] x = new double[3][2][6][5][2];
        for (double[][][][] s : x) {
            for (double[][][] f : s) {
                for (double[][] row : f) {
                    for (double[] px : row) {
                        px[0] = r.nextDouble(-1, 1);
                        px[1] = r.nextDouble(-1, 1);
                    }
                }
            }
        }
        Report report = model.checkGradients(GradCheck.defaults(), x, new int[] {0, 3, 1});
        assertTrue(report.passed(), report::toString);
    }

    /** A file whose config claims 2^30 filters (9 * 2^30 weights) is refused by count before any weight is made. */
    @Test
    void aConfigClaimingHugeConvolutionsIsRefusedBeforeAnyWeightIsMade() throws IOException {
        Sequential small = new Sequential(new Input(2, 6, 6, 1), new TimeDistributed(new Conv2D(2, 3, "relu")),
                new TimeDistributed(new Flatten()), new Dense(1));
        Path file = dir.resolve("small.safetensors");
        small.save(file);
        SafeTensorsFile read = SafeTensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(read.metadata());
        meta.put("model_config", meta.get("model_config").replace("\"filters\":2", "\"filters\":1073741824"));
        Path huge = dir.resolve("huge.safetensors");
        SafeTensors.write(huge, read.tensors(), meta);
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(huge));
        assertEquals("model file " + huge + ": the layers up to layers[1] 'time_distributed' describe 10737418240"
                + " weights, but the file holds 53 (a config may describe at most 1048576 more weights than its file"
                + " holds)", e.getMessage());

        meta.put("model_config", read.metadata().get("model_config").replace("\"batch_shape\":[null,2,6,6,1]",
                "\"batch_shape\":[null,2,65536,65536,1]"));
        Path wide = dir.resolve("wide.safetensors");
        SafeTensors.write(wide, read.tensors(), meta);
        e = assertThrows(IOException.class, () -> Sequential.loadModel(wide));
        assertEquals("model file " + wide + ": TimeDistributed 'time_distributed': input [batch, 2, 65536, 65536, 1]"
                + " gives each step [batch, 65536, 65536, 1]: Conv2D 'conv2d': an image of input [batch, 65536, 65536, 1]"
                + " has more elements than an array holds", e.getMessage());
    }
}
