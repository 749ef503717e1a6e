package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.layers.Dropout;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Naming, building, shape errors and the summary of {@link Sequential}, on test-local layers. */
class SequentialBuildTest {

    @Test
    void snakeCaseFollowsKerasToSnakeCase() {
        // expected values: Keras's to_snake_case rules applied by hand
        assertEquals("simple_rnn", Layers.snakeCase("SimpleRNN"));
        assertEquals("lstm", Layers.snakeCase("LSTM"));
        assertEquals("gru", Layers.snakeCase("GRU"));
        assertEquals("dense", Layers.snakeCase("Dense"));
        assertEquals("bidirectional", Layers.snakeCase("Bidirectional"));
        assertEquals("time_distributed", Layers.snakeCase("TimeDistributed"));
        assertEquals("conv2d", Layers.snakeCase("Conv2D"));
    }

    @Test
    void layersAreNamedWithAPerModelCounter() {
        Sequential m = new Sequential(new TinyDense(3), new TinyDense(4),
                new TinyDense(2, 1, DType.F32, null, "SimpleRNN"), new TinyDense(2));
        assertEquals(List.of("dense", "dense_1", "simple_rnn", "dense_2"),
                m.layers().stream().map(l -> l.name()).toList());
        Sequential other = new Sequential(new TinyDense(3));
        assertEquals("dense", other.layers().get(0).name(), "the counter is per model");
        assertEquals("sequential", m.name());
    }

    @Test
    void autoNamesSkipNamesTakenByNamedLayers() {
        Sequential m = new Sequential(new TinyDense(3, 1, DType.F32, "dense", "Dense"), new TinyDense(2));
        assertEquals("dense_1", m.layers().get(1).name());
    }

    @Test
    void duplicateNamesAreRefused() {
        Sequential m = new Sequential(new TinyDense(3, 1, DType.F32, "head", "Dense"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.add(new TinyDense(3, 1, DType.F32, "head", "Dense")));
        assertEquals("layer 1 'head': the name is already used by layer 0; layer names in a Sequential model must be unique",
                e.getMessage());
    }

    @Test
    void stateDictUsesLayerNames() {
        Sequential m = new Sequential(new TinyDense(3), new TinyDense(1)).inputShape(2);
        assertEquals(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertArrayEquals(new int[] {2, 3}, m.stateDict().get("dense.kernel").shape());
        assertArrayEquals(new int[] {3, 1}, m.stateDict().get("dense_1.kernel").shape());
    }

    @Test
    void declaredInputBuildsEveryLayerAndLaterAdds() {
        Sequential m = new Sequential(new TinyDense(5)).inputShape(4);
        assertTrue(m.isBuilt());
        assertTrue(m.layers().get(0).isBuilt());
        m.add(new TinyDense(2));
        assertTrue(m.layers().get(1).isBuilt(), "a layer added to a built model is built at once");
        assertArrayEquals(new int[] {5}, m.layers().get(1).inputShape());
        assertArrayEquals(new int[] {2}, m.outputShape());
    }

    @Test
    void anInputDeclaresTheShapeAndIsNotALayer() {
        Sequential m = new Sequential(new dev.vectorgrad.models.layers.Input(-1, 4), new dev.vectorgrad.models.layers.SimpleRNN(2));
        assertArrayEquals(new int[] {-1, 4}, m.inputShape());
        assertEquals(List.of("simple_rnn"), m.layers().stream().map(l -> l.name()).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.add(new dev.vectorgrad.models.layers.Input(3)));
        assertEquals("Sequential.add: an Input declares the model's input and must come first, before any layer; the model"
                + " already has 1 layers and input shape [-1, 4]", e.getMessage());
    }

    @Test
    void shapeInferenceOnTheFirstBatch() {
        Sequential m = new Sequential(new TinyDense(5), new TinyDense(1));
        assertFalse(m.isBuilt());
        Tensor out = m.call(Tensor.zeros(DType.F32, 7, 3));
        assertArrayEquals(new int[] {7, 1}, out.shape());
        assertArrayEquals(new int[] {3}, m.inputShape());
    }

    @Test
    void aPrebuiltLayerThatDoesNotFitNamesPositionNameAndBothShapes() {
        TinyDense head = new TinyDense(1);
        new Sequential(head).inputShape(50); // head is now built for last dimension 50
        Sequential m = new Sequential(new TinyDense(64, 1, DType.F32, null, "SimpleRNN"),
                new TinyDense(64, 1, DType.F32, null, "SimpleRNN")).inputShape(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(head));
        assertEquals("layer 2 'dense': expects last dimension 50, got 64", e.getMessage());
        assertEquals(2, m.layers().size(), "a layer that fails is not added");
    }

    @Test
    void aLayerRefusingItsInputIsNamedWithoutRepeatingItself() {
        Sequential m = new Sequential(new TinyDense(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.inputShape(4, 2));
        assertEquals("layer 0 'dense': expects rank-1 samples, got [4, 2]", e.getMessage());
        assertFalse(m.isBuilt());
    }

    @Test
    void aBatchOfTheWrongShapeNamesTheFirstLayer() {
        Sequential m = new Sequential(new TinyDense(3)).inputShape(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.call(Tensor.zeros(DType.F32, 2, 5)));
        assertEquals("layer 0 'dense': expects input shape (None, 4), got (None, 5) (input)", e.getMessage());
    }

    @Test
    void aLayerAfterAMaskingEmbeddingIsRefusedNamingBoth() {
        // Keras would skip the padded steps; without mask support the model would silently differ, so it refuses.
        Sequential m = new Sequential(Embedding.builder(10, 4).maskZero(true).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(new LSTM(3)));
        assertTrue(e.getMessage().startsWith("layer 1 'lstm': follows layer 0 'embedding', an Embedding with"
                + " mask_zero=true."), e.getMessage());
        assertTrue(e.getMessage().contains("maskZero(false)"), e.getMessage());
        assertEquals(1, m.layers().size());
        assertThrows(IllegalArgumentException.class, () -> m.add(new Dropout(0.1)));
        // Without mask_zero the same model builds.
        new Sequential(new Embedding(10, 4), new Dropout(0.1), new LSTM(3));
    }

    @Test
    void badInputShapesAreRefused() {
        Sequential m = new Sequential(new TinyDense(3));
        assertThrows(IllegalArgumentException.class, () -> m.inputShape(new int[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.inputShape(0));
        assertEquals("Sequential 'sequential': input shape [0] has a size 0; sizes are positive, or -1 for one known"
                + " only from the data", e.getMessage());
    }

    @Test
    void summaryMatchesKerasLayout() {
        // Keras 3: 88-wide Rich table, cells 36/27/15 wide; counts by hand: 4*5+5 = 25, 5*1+1 = 6, total 31;
        // 31 float32 = 124 B.
        Sequential m = new Sequential(new TinyDense(5), new TinyDense(1)).inputShape(4);
        String expected = String.join("\n",
                "Model: \"sequential\"",
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
                "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
                "│ dense (Dense)                        │ (None, 5)                   │              25 │",
                "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
                "│ dense_1 (Dense)                      │ (None, 1)                   │               6 │",
                "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
                " Total params: 31 (124.00 B)",
                " Trainable params: 31 (124.00 B)",
                " Non-trainable params: 0 (0.00 B)",
                "");
        assertEquals(expected, m.summary());
    }

    @Test
    void summaryOfAnUnbuiltModelAndThousandsSeparators() {
        Sequential m = new Sequential(new TinyDense(1000));
        String s = m.summary();
        assertTrue(s.contains("│ dense (Dense)                        │ ?                           │     0 (unbuilt) │"), s);
        m.inputShape(300);
        // 300*1000 + 1000 = 301,000 params; 1,204,000 bytes / 1024 / 1024 = 1.148... MB
        assertTrue(m.summary().contains("│         301,000 │"), m.summary());
        assertTrue(m.summary().contains(" Total params: 301,000 (1.15 MB)"), m.summary());
    }

    @Test
    void readableSizeRoundsHalfEvenAsPython() {
        // 1152 B = 1.125 KB exactly: Python's '{:.2f}' gives 1.12 (round half to even)
        assertEquals("1.12 KB", ModelSummary.readableSize(1152));
        assertEquals("30.08 KB", ModelSummary.readableSize(30804));
        assertEquals("0.00 B", ModelSummary.readableSize(0));
        assertEquals("1023.00 B", ModelSummary.readableSize(1023));
        assertEquals("1.00 KB", ModelSummary.readableSize(1024));
    }
}
