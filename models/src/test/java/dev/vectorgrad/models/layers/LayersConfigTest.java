package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Configs in Keras's vocabulary: round trips through {@link Layers#fromConfig}, Keras-written configs, errors. */
class LayersConfigTest {

    static Stream<KerasLayer> layers() {
        return Stream.of(new Dense(10), Dense.builder(3).activation("softmax").useBias(false).seed(4).name("out").build(),
                new Activation("relu"), new Dropout(0.2), new Dropout(0.5, 9),
                Embedding.builder(100, 16).maskZero(true).dtype(DType.F64).build(),
                new SimpleRNN(50), SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
                new LSTM(8), LSTM.builder(8).returnState(true).goBackwards(true).dropout(0.1).unitForgetBias(false)
                        .recurrentActivation("hard_sigmoid").seed(3).build(),
                new GRU(4), GRU.builder(4).resetAfter(false).useBias(false).build(),
                new Bidirectional(LSTM.builder(5).returnSequences(true).build(), "ave"),
                new Input(-1, 8), new Input(50, 1));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void configRoundTrips(KerasLayer layer) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("class_name", layer.className());
        spec.put("config", layer.config());
        KerasLayer copy = Layers.fromConfig(spec);
        assertEquals(layer.getClass(), copy.getClass());
        assertEquals(layer.config(), copy.config());
    }

    @ParameterizedTest
    @MethodSource("layers")
    void weightCountIsTheNumberOfWeightsBuildMakes(KerasLayer layer) {
        int[] shape = layer instanceof Input input ? input.shape()
                : layer instanceof Dense || layer instanceof Activation || layer instanceof Dropout ? new int[] {4, 7}
                : layer instanceof Embedding ? new int[] {9} : new int[] {6, 3};
        long counted = layer.weightCount(shape);
        layer.build(shape);
        long made = 0;
        for (Tensor w : layer.getWeights()) {
            made += w.size();
        }
        assertEquals(made, counted, layer.className());
    }

    @Test
    void sameNameAndConfigGiveTheSameWeights() {
        LSTM a = new LSTM(6);
        a.assignName("lstm_2");
        KerasLayer b = Layers.fromConfig(Map.of("class_name", "LSTM", "config", a.config()));
        a.build(new int[] {-1, 3});
        b.build(new int[] {-1, 3});
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.getWeights().get(i).toDoubleArray(), b.getWeights().get(i).toDoubleArray(), 0);
        }
    }

    @Test
    void readsAConfigAsKeras3WritesIt() {
        // Keras 3.x serialisation of LSTM(32, return_sequences=True, activation="relu", dropout=0.2), with the dtype
        // policy object, module keys and initialiser objects as keras.saving writes them.
        Map<String, Object> glorotConfig = new HashMap<>();
        glorotConfig.put("seed", null);
        Map<String, Object> glorot = new HashMap<>(Map.of("module", "keras.initializers", "class_name", "GlorotUniform",
                "config", glorotConfig));
        glorot.put("registered_name", null);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "lstm");
        config.put("trainable", true);
        config.put("dtype", Map.of("module", "keras", "class_name", "DTypePolicy", "config", Map.of("name", "float32")));
        config.put("return_sequences", true);
        config.put("return_state", false);
        config.put("go_backwards", false);
        config.put("stateful", false);
        config.put("unroll", false);
        config.put("zero_output_for_mask", true);
        config.put("units", 32L);
        config.put("activation", "relu");
        config.put("recurrent_activation", "sigmoid");
        config.put("use_bias", true);
        config.put("kernel_initializer", glorot);
        config.put("recurrent_initializer", Map.of("class_name", "Orthogonal", "config", Map.of("gain", 1.0)));
        config.put("bias_initializer", Map.of("class_name", "Zeros", "config", Map.of()));
        config.put("unit_forget_bias", true);
        config.put("kernel_regularizer", null);
        config.put("recurrent_regularizer", null);
        config.put("bias_regularizer", null);
        config.put("activity_regularizer", null);
        config.put("kernel_constraint", null);
        config.put("recurrent_constraint", null);
        config.put("bias_constraint", null);
        config.put("dropout", 0.2);
        config.put("recurrent_dropout", 0.0);
        config.put("seed", null);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("module", "keras.layers");
        spec.put("class_name", "LSTM");
        spec.put("config", config);
        spec.put("registered_name", null);
        spec.put("build_config", Map.of("input_shape", List.of()));
        LSTM lstm = assertInstanceOf(LSTM.class, Layers.fromConfig(spec));
        assertEquals("lstm", lstm.name());
        assertEquals(32, lstm.units());
        assertEquals("relu", lstm.activation());
        assertTrue(lstm.returnSequences());
        assertEquals(0.2, lstm.dropout());
        assertFalse(lstm.runsFused());
    }

    @Test
    void errorsNameTheClassAndKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Layers.fromConfig(Map.of("class_name", "Conv1D", "config", Map.of())));
        assertTrue(unknown.getMessage().startsWith("unknown layer class_name 'Conv1D'; known: [Dense,"),
                unknown.getMessage());
        Map<String, Object> extra = new Dense(3).config();
        extra.put("kernel_size", 3);
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Layers.fromConfig(Map.of("class_name", "Dense", "config", extra)));
        assertEquals("Dense: unknown config keys [kernel_size]", key.getMessage());
        Map<String, Object> init = new Dense(3).config();
        init.put("kernel_initializer", "he_normal");
        IllegalArgumentException initializer = assertThrows(IllegalArgumentException.class,
                () -> Layers.fromConfig(Map.of("class_name", "Dense", "config", init)));
        assertEquals("Dense: kernel_initializer 'he_normal' is not supported (only Keras's default GlorotUniform)",
                initializer.getMessage());
        Map<String, Object> stateful = new LSTM(3).config();
        stateful.put("stateful", true);
        IllegalArgumentException st = assertThrows(IllegalArgumentException.class,
                () -> Layers.fromConfig(Map.of("class_name", "LSTM", "config", stateful)));
        assertEquals("LSTM: stateful=true is not supported", st.getMessage());
        Map<String, Object> noUnits = new Dense(3).config();
        noUnits.remove("units");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Layers.fromConfig(Map.of("class_name", "Dense", "config", noUnits)));
        assertEquals("Dense: config has no 'units'", missing.getMessage());
    }

    @Test
    void snakeCaseFollowsKeras() {
        // Keras's layer names and weight-file groups: dense, simple_rnn, lstm, gru, bidirectional, input_layer.
        assertEquals(List.of("dense", "simple_rnn", "lstm", "gru", "bidirectional", "input_layer", "embedding",
                        "max_pooling2d", "conv2d"),
                Stream.of("Dense", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "InputLayer", "Embedding",
                        "MaxPooling2D", "Conv2D").map(Layers::snakeCase).toList());
    }

    @Test
    void inputLayerConfigIsKerasBatchShape() {
        Map<String, Object> c = new Input(-1, 8).config();
        assertEquals(java.util.Arrays.asList(null, null, 8), c.get("batch_shape"));
        Input in = assertInstanceOf(Input.class, Layers.fromConfig(Map.of("class_name", "InputLayer", "config", c)));
        assertArrayEquals(new int[] {-1, 8}, in.shape());
        in.build(new int[] {5, 8});
        Tensor x = Tensor.zeros(DType.F32, 2, 5, 8);
        assertEquals(x, in.call(x));
    }
}
