package dev.vectorgrad.interop.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.formats.json.JsonValue;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Bidirectional;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.serving.StepModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture of {@code src/test/resources/keras/} (written by {@code src/test/python/keras_fixtures.py}, without
 * Keras: h5py laid out as Keras's saving code does) loads through {@link KerasImport#load} and predicts what the
 * float64 NumPy reference of Keras's equations predicts, in each format: Keras 3 {@code .keras}, tf.keras 2.13
 * {@code .keras} ({@code _layer_checkpoint_dependencies/}), tf.keras 2.15 {@code .keras} ({@code layers/}), legacy
 * {@code .h5}. The {@code tfjs_*} files carry the
 * weights and inputs of models' TF.js fixtures and TF.js's own outputs.
 */
class KerasImportTest {

    static final Path DIR = Path.of("src/test/resources/keras");

    /**
     * |java - expected| <= ATOL + RTOL |expected|. The weights and inputs are float32 values and the reference is
     * float64 on the same values, so the difference is the Java side's float32 rounding alone: about 6e-8 relative
     * per operation, summed over at most ~100 terms of magnitude below 1 per output (a 3x3x2 convolution, a 16-wide
     * kernel, 5 recurrent steps whose tanh/sigmoid are contractions), i.e. a few 1e-6 at worst; 1e-5 leaves room for
     * the activations' float32 evaluation. The models module holds its layers to the same 1e-5 against TF.js.
     */
    static final double ATOL = 1e-5;
    static final double RTOL = 1e-5;

    static final List<String> MODELS = List.of("dense", "embedding_lstm", "simple_rnn", "gru_reset_after",
            "gru_reset_before", "bidirectional", "time_distributed", "conv");

    static Stream<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String m : MODELS) {
            out.add(m + ".keras");
            out.add(m + ".tf213.keras");
            out.add(m + ".tf215.keras");
            out.add(m + ".h5");
        }
        out.add("dense.no_input_layer.h5");
        for (String t : List.of("lstm_seq", "gru_reset_before_seq", "simple_rnn_tanh_seq", "dense_tanh", "conv2d_valid",
                "time_distributed_dense")) {
            out.add("tfjs_" + t + ".keras");
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void predictsTheReference(String file) throws IOException {
        String model = file.substring(0, file.indexOf('.'));
        JsonObject expected = Json.parse(Files.readAllBytes(DIR.resolve(model + ".json"))).asObject();
        Sequential imported = KerasImport.load(DIR.resolve(file));
        Tensor x = tensor(expected.getObject("input"));
        Tensor y = imported.predict(x);
        Tensor want = tensor(expected.getObject("output"));
        assertEquals(List.of(boxed(want.shape())), List.of(boxed(y.shape())), file + ": output shape");
        double worst = 0;
        for (int i = 0; i < want.size(); i++) {
            double err = Math.abs(y.get(i) - want.get(i));
            assertTrue(err <= ATOL + RTOL * Math.abs(want.get(i)), () -> file + ": output " + y + " vs " + want);
            worst = Math.max(worst, err);
        }
        System.out.printf("%s: max abs error %.3g%n", file, worst);
    }

    /** The four files of one model give the same model: same layers and bitwise the same weights. */
    @Test
    void theFormatsAgree() throws IOException {
        for (String m : MODELS) {
            Sequential a = KerasImport.load(DIR.resolve(m + ".keras"));
            for (String other : List.of(m + ".tf213.keras", m + ".tf215.keras", m + ".h5")) {
                Sequential b = KerasImport.load(DIR.resolve(other));
                assertEquals(a.layers().size(), b.layers().size(), other);
                for (int i = 0; i < a.layers().size(); i++) {
                    assertEquals(a.layers().get(i).className(), b.layers().get(i).className(), other);
                }
                assertEquals(a.stateDict().keySet(), b.stateDict().keySet(), other);
                for (String key : a.stateDict().keySet()) {
                    assertTrue(java.util.Arrays.equals(a.stateDict().get(key).toFloatArray(),
                            b.stateDict().get(key).toFloatArray()), other + ": " + key);
                }
            }
        }
    }

    /** The layers come back with the options the files give: GRU's reset_after both ways, Bidirectional's modes. */
    @Test
    void optionsSurvive() throws IOException {
        assertTrue(((GRU) KerasImport.load(DIR.resolve("gru_reset_after.keras")).layers().get(0)).isResetAfter());
        assertTrue(!((GRU) KerasImport.load(DIR.resolve("gru_reset_before.h5")).layers().get(0)).isResetAfter());
        List<Layer> bi = KerasImport.load(DIR.resolve("bidirectional.tf213.keras")).layers();
        assertEquals("concat", ((Bidirectional) bi.get(0)).mergeMode());
        assertEquals("sum", ((Bidirectional) bi.get(1)).mergeMode());
    }

    /**
     * An imported model serves step by step: {@link StepModel} over the Embedding + LSTM + Dense fixture, fed one
     * token per call, ends each sequence where {@code predict} over the whole sequence ends (1e-5: the same float32
     * arithmetic, summed in the step kernels' order), and where the NumPy reference ends.
     */
    @Test
    void anImportedModelServesStepByStep() throws IOException {
        JsonObject expected = Json.parse(Files.readAllBytes(DIR.resolve("embedding_lstm.json"))).asObject();
        Sequential imported = KerasImport.load(DIR.resolve("embedding_lstm.keras"));
        Tensor x = tensor(expected.getObject("input"));
        Tensor whole = imported.predict(x);
        Tensor want = tensor(expected.getObject("output"));
        StepModel serving = StepModel.compile(imported);
        int batch = x.shape()[0];
        int time = x.shape()[1];
        int outputs = want.shape()[1];
        for (int b = 0; b < batch; b++) {
            StepModel.State state = serving.newState();
            float[] last = null;
            for (int t = 0; t < time; t++) {
                last = serving.step(state, (int) x.get(b * time + t));
            }
            for (int o = 0; o < outputs; o++) {
                double w = want.get(b * outputs + o);
                assertEquals(whole.get(b * outputs + o), last[o], 1e-5, "sequence " + b + ", output " + o);
                assertTrue(Math.abs(last[o] - w) <= ATOL + RTOL * Math.abs(w), "sequence " + b + ": " + last[o]
                        + " vs the reference " + w);
            }
        }
    }

    static Tensor tensor(JsonObject t) throws IOException {
        List<JsonValue> shapeJson = t.getArray("shape").elements();
        int[] shape = new int[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).asInt();
        }
        List<JsonValue> data = t.getArray("data").elements();
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data.get(i).asDouble();
        }
        return Tensor.of(values, shape);
    }

    private static Integer[] boxed(int[] a) {
        return java.util.Arrays.stream(a).boxed().toArray(Integer[]::new);
    }
}
