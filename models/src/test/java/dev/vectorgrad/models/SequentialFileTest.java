package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.callbacks.ModelCheckpoint;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-model files: bitwise reload, exact resume of fit, weights-only files, damaged files and unknown layers. */
class SequentialFileTest {

    @TempDir
    Path dir;

    static float[][][] sequences(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[n][5][2];
        for (float[][] s : x) {
            for (float[] t : s) {
                t[0] = (float) r.nextDouble(-1, 1);
                t[1] = (float) r.nextDouble(-1, 1);
            }
        }
        return x;
    }

    /** Target: the sum of the first feature over time, a task a small RNN learns. */
    static float[][] sums(float[][][] x) {
        float[][] y = new float[x.length][1];
        for (int i = 0; i < x.length; i++) {
            for (float[] t : x[i]) {
                y[i][0] += t[0];
            }
        }
        return y;
    }

    static Sequential model() {
        return new Sequential(new Input(5, 2), SimpleRNN.builder(6).seed(1).build(), Dense.builder(1).seed(2).build())
                .compile(new Adam(0.01), "mse", "mae");
    }

    private static Map<String, float[]> weights(Sequential m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static void assertSameWeights(Sequential a, Sequential b) {
        Map<String, float[]> wa = weights(a);
        Map<String, float[]> wb = weights(b);
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) {
            assertArrayEquals(wa.get(k), wb.get(k), k);
        }
    }

    @Test
    void aReloadedModelPredictsBitwiseTheSame() throws IOException {
        float[][][] x = sequences(40, 1);
        Sequential m = model();
        m.fit(x, sums(x), FitOptions.defaults().epochs(2).batchSize(8).verbose(0));
        Path file = dir.resolve("model.safetensors");
        m.save(file);
        Sequential back = Sequential.loadModel(file);
        assertEquals(List.of("simple_rnn", "dense"), back.layers().stream().map(l -> l.name()).toList());
        assertArrayEquals(new int[] {5, 2}, back.inputShape());
        assertSameWeights(m, back);
        assertArrayEquals(m.predict(x).toFloatArray(), back.predict(x).toFloatArray());
        assertEquals(m.modelConfig(), back.modelConfig(), "the architecture round-trips");
        assertEquals(List.of(), back.metrics(), "metrics are resolved on the first data, as for a new compile");
        assertEquals(m.evaluate(x, sums(x), RunOptions.defaults().verbose(0)),
                back.evaluate(x, sums(x), RunOptions.defaults().verbose(0)), "same loss and metrics");
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRunsWeightsBitwise() throws IOException {
        float[][][] x = sequences(50, 2);
        float[][] y = sums(x);
        FitOptions options = FitOptions.defaults().batchSize(8).seed(11).verbose(0); // shuffle on (the default)
        Sequential straight = model();
        straight.fit(x, y, options.epochs(4));

        Sequential first = model();
        first.fit(x, y, options.epochs(2));
        Path file = dir.resolve("checkpoint.safetensors");
        first.save(file);
        Sequential resumed = Sequential.loadModel(file);
        resumed.fit(x, y, options.epochs(4).initialEpoch(2));

        assertSameWeights(straight, resumed);
        assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations());
        float[] a = straight.optimizer().variables().get(2).toFloatArray();
        assertArrayEquals(a, resumed.optimizer().variables().get(2).toFloatArray(), "Adam's moments match too");
    }

    @Test
    void aModelCheckpointWrittenDuringARunResumesItExactly() throws IOException {
        float[][][] x = sequences(50, 5);
        float[][] y = sums(x);
        FitOptions options = FitOptions.defaults().batchSize(8).seed(3).verbose(0).validationData(x, y);
        Sequential straight = model();
        straight.fit(x, y, options.epochs(4).callbacks(
                new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}.safetensors").toString())));
        // Keras names the file after epoch index 1 "ckpt-02"
        Sequential resumed = Sequential.loadModel(dir.resolve("ckpt-02.safetensors"));
        History rest = resumed.fit(x, y, options.epochs(4).initialEpoch(2));
        assertSameWeights(straight, resumed);
        assertEquals(List.of(2, 3), rest.epoch());
    }

    @Test
    void theFileHoldsKerasConfigJsonAndPlainWeights() throws IOException {
        Sequential m = model();
        Path file = dir.resolve("m.safetensors");
        m.save(file);
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("dense.bias", "dense.kernel", "simple_rnn.bias", "simple_rnn.kernel",
                "simple_rnn.recurrent_kernel"), read.tensors().keySet().stream().sorted().toList());
        String config = read.metadata().get("model_config");
        assertTrue(config.startsWith("{\"module\":\"keras\",\"class_name\":\"Sequential\",\"config\":{\"name\":\"sequential\""),
                config);
        assertTrue(config.contains("\"layers\":[{\"module\":\"keras.layers\",\"class_name\":\"InputLayer\",\"config\":"
                + "{\"batch_shape\":[null,5,2],\"dtype\":\"float32\",\"sparse\":false,\"name\":\"input_layer\"},"
                + "\"registered_name\":null},{\"module\":\"keras.layers\",\"class_name\":\"SimpleRNN\""), config);
        assertTrue(config.contains("\"registered_name\":null,\"build_config\":{\"input_shape\":[null,6]}}]"),
                "the Dense is built on the SimpleRNN's last output, 6 units: " + config);
        assertTrue(config.contains("\"build_input_shape\":[null,5,2]"), config);
        assertTrue(read.metadata().get("compile_config").contains("\"metrics\":[\"mae\"]"), read.metadata().toString());
        assertTrue(!read.metadata().containsKey("optimizer_state"), "no state before the optimizer is built");
    }

    @Test
    void weightsOnlyFilesRoundTripAndNameMismatches() throws IOException {
        float[][][] x = sequences(16, 3);
        Sequential m = model();
        m.fit(x, sums(x), FitOptions.defaults().epochs(1).verbose(0));
        Path file = dir.resolve("w.safetensors");
        m.saveWeights(file);
        Sequential fresh = model();
        fresh.loadWeights(file);
        assertSameWeights(m, fresh);

        Sequential wider = new Sequential(new Input(5, 2), SimpleRNN.builder(7).seed(1).build(), Dense.builder(1).build());
        IOException e = assertThrows(IOException.class, () -> wider.loadWeights(file));
        assertTrue(e.getMessage().contains("\"simple_rnn.kernel\" has shape [2, 6], expected [2, 7]"), e.getMessage());
    }

    /** Rewrites a saved file with {@code edit} applied to its metadata and tensors. */
    private Path rewrite(Path file, java.util.function.BiConsumer<Map<String, String>, Map<String, Tensor>> edit)
            throws IOException {
        SafeTensorsFile read = SafeTensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(read.metadata());
        Map<String, Tensor> tensors = new LinkedHashMap<>(read.tensors());
        edit.accept(meta, tensors);
        Path out = dir.resolve("edited.safetensors");
        SafeTensors.write(out, tensors, meta);
        return out;
    }

    @Test
    void anUnknownLayerIsNamedWithItsPosition() throws IOException {
        Path file = dir.resolve("m.safetensors");
        model().save(file);
        Path edited = rewrite(file, (meta, t) -> meta.put("model_config",
                meta.get("model_config").replace("\"class_name\":\"SimpleRNN\"", "\"class_name\":\"SimpleRNN9\"")));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(edited));
        assertTrue(e.getMessage().startsWith("model file " + edited + ": layers[1] 'simple_rnn' (class_name 'SimpleRNN9'): "
                + "unknown layer class_name 'SimpleRNN9'"), e.getMessage());
    }

    @Test
    void aMissingOrMisshapenWeightIsNamed() throws IOException {
        Path file = dir.resolve("m.safetensors");
        model().save(file);
        Path missing = rewrite(file, (meta, t) -> t.remove("dense.kernel"));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(missing));
        assertTrue(e.getMessage().contains("the weights do not match the architecture")
                && e.getMessage().contains("missing \"dense.kernel\" [6, 1]"), e.getMessage());
        Path bad = rewrite(file, (meta, t) -> t.put("dense.bias", Tensor.zeros(dev.vectorgrad.autograd.DType.F32, 2)));
        e = assertThrows(IOException.class, () -> Sequential.loadModel(bad));
        assertTrue(e.getMessage().contains("\"dense.bias\" has shape [2], expected [1]"), e.getMessage());
    }

    @Test
    void damagedFilesFailClearly() throws IOException {
        Path file = dir.resolve("m.safetensors");
        model().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(IOException.class, () -> Sequential.loadModel(truncated));

        Path badJson = rewrite(file, (meta, t) -> meta.put("model_config", meta.get("model_config").substring(0, 40)));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(badJson));
        assertTrue(e.getMessage().startsWith("model file " + badJson + ": metadata 'model_config' is not valid JSON: "),
                e.getMessage());

        Path weightsOnly = dir.resolve("w.safetensors");
        model().saveWeights(weightsOnly);
        e = assertThrows(IOException.class, () -> Sequential.loadModel(weightsOnly));
        assertTrue(e.getMessage().contains("not a whole-model file"), e.getMessage());
    }

    @Test
    void aConfigClaimingHugeLayersIsRefusedBeforeAnyWeightIsMade() throws IOException {
        // 2^30 units on 2 features: 3 * 2^30 weights (12 GiB) claimed by a file that holds 61. Refused by count,
        // before any allocation, rather than an OutOfMemoryError.
        Path file = dir.resolve("m.safetensors");
        model().save(file);
        Path huge = rewrite(file, (meta, t) -> meta.put("model_config",
                meta.get("model_config").replace("\"units\":6", "\"units\":1073741824")));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(huge));
        assertEquals("model file " + huge + ": the layers up to layers[1] 'simple_rnn' describe 1152921507828072448"
                + " weights, but the file holds 61 (a config may describe at most 1048576 more weights than its file"
                + " holds)", e.getMessage());
    }

    @Test
    void aConfigWhoseWeightCountOverflowsALongIsRefused() throws IOException {
        // An LSTM of 2^31 - 1 units on 2^31 - 1 features: 4 x 2^31 x 2^32 weights pass Long.MAX_VALUE; the count
        // must not wrap around to a small number.
        Path file = dir.resolve("lstm.safetensors");
        new Sequential(new Input(5, 2), LSTM.builder(6).seed(1).build(), Dense.builder(1).seed(2).build())
                .compile(new Adam(0.01), "mse").save(file);
        Path huge = rewrite(file, (meta, t) -> meta.put("model_config", meta.get("model_config")
                .replace("\"units\":6", "\"units\":2147483647")
                .replace("\"batch_shape\":[null,5,2]", "\"batch_shape\":[null,5,2147483647]")));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(huge));
        assertEquals("model file " + huge + ": the layers up to layers[1] 'lstm' describe more weights than a long"
                + " counts", e.getMessage());
    }

    @Test
    void aBuildShapeThatIsNotPositiveIntegersIsRefused() throws IOException {
        Path file = dir.resolve("m.safetensors");
        model().save(file);
        for (String bad : new String[] {"[null,\"5\",2]", "[null,5,2.5]", "[null,5,0]", "[null,5,1e12]", "[null]"}) {
            Path edited = rewrite(file, (meta, t) -> meta.put("model_config", meta.get("model_config")
                    .replace("\"build_input_shape\":[null,5,2]", "\"build_input_shape\":" + bad)));
            IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(edited), bad);
            assertTrue(e.getMessage().contains(": build_input_shape "), bad + ": " + e.getMessage());
        }
    }

    @Test
    void aDamagedOptimizerStateIsRefused() throws IOException {
        float[][][] x = sequences(8, 4);
        Sequential m = model();
        m.fit(x, sums(x), FitOptions.defaults().verbose(0));
        Path file = dir.resolve("m.safetensors");
        m.save(file);
        Path edited = rewrite(file, (meta, t) -> meta.put("optimizer_state",
                meta.get("optimizer_state").replaceFirst("\"shape\":\\[2,6\\]", "\"shape\":[3,6]")));
        IOException e = assertThrows(IOException.class, () -> Sequential.loadModel(edited));
        assertTrue(e.getMessage().contains("optimizer_state variable 2 is F32 [3, 6], the optimizer's is F32 [2, 6]"),
                e.getMessage());
    }
}
