package dev.vectorgrad.models.losses;

import static dev.vectorgrad.models.losses.LossValuesTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape and class-id errors name what was expected and found; names, aliases and configs resolve as in Keras. */
class LossErrorsAndNamesTest {

    @Test
    void shapeMismatchesNameBothShapes() {
        IllegalArgumentException mse = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().call(t(new double[6], 2, 3), t(new double[6], 3, 2)));
        assertEquals("mean_squared_error: y_true [2, 3] and y_pred [3, 2] must have the same shape (or differ by a last"
                + " axis of size 1)", mse.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossentropy().call(t(new double[3], 3), t(new double[6], 3, 2)));
        IllegalArgumentException cce = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().call(t(new double[] {1, 2}, 2), t(new double[6], 2, 3)));
        assertTrue(cce.getMessage().startsWith("categorical_crossentropy: y_true [2] and y_pred [2, 3] must have the same"
                + " shape"), cce.getMessage());
        IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(t(new double[3], 3), t(new double[6], 2, 3)));
        assertEquals("sparse_categorical_crossentropy: y_true [3] does not fit y_pred [2, 3]: sparse targets are class"
                + " ids of shape [2] or [2, 1]", sparse.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().call(t(new double[2], 2), t(new double[2], 2)));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().call(Tensor.scalar(dev.vectorgrad.autograd.DType.F64, 1),
                        Tensor.scalar(dev.vectorgrad.autograd.DType.F64, 1)));
    }

    @Test
    void sparseTargetsMustBeIntegralIdsInRangeAndTheMessageNamesValueAndPosition() {
        Tensor p = t(new double[2 * 3 * 4], 2, 3, 4);
        for (boolean logits : new boolean[] {false, true}) {
            SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy(logits);
            IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                    () -> loss.call(t(new double[] {0, 1, 2, 3, 1.5, 0}, 2, 3), p));
            assertEquals("sparse_categorical_crossentropy: y_true holds 1.5 at position [1, 1] (flat index 4); class ids"
                    + " must be integers in [0, 4)", frac.getMessage());
            IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                    () -> loss.call(t(new double[] {0, 1, 4, 3, 1, 0}, 2, 3), p));
            assertEquals("sparse_categorical_crossentropy: y_true holds 4.0 at position [0, 2] (flat index 2); class ids"
                    + " must be integers in [0, 4)", high.getMessage());
            assertThrows(IllegalArgumentException.class, () -> loss.call(t(new double[] {0, -1, 0, 0, 0, 0}, 2, 3), p));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.call(t(new double[] {0, Double.NaN, 0, 0, 0, 0}, 2, 3), p));
        }
    }

    @Test
    void namesAndAliasesAsKeras() {
        for (String n : List.of("mse", "MSE", "mean_squared_error", "MeanSquaredError")) {
            assertInstanceOf(MeanSquaredError.class, Losses.get(n), n);
        }
        for (String n : List.of("mae", "MAE", "mean_absolute_error", "MeanAbsoluteError")) {
            assertInstanceOf(MeanAbsoluteError.class, Losses.get(n), n);
        }
        assertInstanceOf(Huber.class, Losses.get("huber"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("bce"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("binary_crossentropy"));
        assertInstanceOf(CategoricalCrossentropy.class, Losses.get("categorical_crossentropy"));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("sparse_categorical_crossentropy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("Mse"));
        assertTrue(e.getMessage().startsWith("could not interpret loss identifier 'Mse': known losses are ["),
                e.getMessage());
        assertEquals("huber_loss", new Huber().name());
        assertEquals("mean_squared_error", Losses.get("mse").name());
    }

    @Test
    void crossentropyShortcutIsResolvedFromTheShapesAsKerasCompileDoes() {
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("crossentropy", new int[] {32, 1}, new int[] {32, 1}));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("ce", new int[] {32}, new int[] {32, 10}));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("CE", new int[] {32, 1}, new int[] {32, 10}));
        assertInstanceOf(CategoricalCrossentropy.class, Losses.get("crossentropy", new int[] {32, 10}, new int[] {32, 10}));
        assertInstanceOf(MeanSquaredError.class, Losses.get("mse", new int[] {32}, new int[] {32, 10}));
    }

    @Test
    void configsRoundTripAndKerasFeaturesNotBuiltAreRefused() {
        List<Loss> all = List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(0.5),
                new BinaryCrossentropy(true).withLabelSmoothing(0.1), new CategoricalCrossentropy(true),
                new SparseCategoricalCrossentropy(true));
        for (Loss loss : all) {
            Loss back = Losses.fromConfig(loss.config());
            assertEquals(loss.getClass(), back.getClass());
            assertEquals(loss.config(), back.config(), loss.name());
        }
        Map<String, Object> bce = new BinaryCrossentropy().config();
        assertEquals("BinaryCrossentropy", bce.get("class_name"));
        assertEquals(Map.of("name", "binary_crossentropy", "reduction", "sum_over_batch_size", "from_logits", false,
                "label_smoothing", 0.0, "axis", -1), withoutNulls(bce.get("config")));
        Map<String, Object> sum = new HashMap<>();
        sum.put("reduction", "sum");
        IllegalArgumentException reduction = assertThrows(IllegalArgumentException.class,
                () -> Losses.fromConfig(Map.of("class_name", "MeanSquaredError", "config", sum)));
        assertEquals("MeanSquaredError: config 'reduction' = sum is not supported (only [sum_over_batch_size, mean] or"
                + " null)", reduction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.fromConfig(
                Map.of("class_name", "SparseCategoricalCrossentropy", "config", Map.of("ignore_class", 0))));
        assertThrows(IllegalArgumentException.class, () -> Losses.fromConfig(
                Map.of("class_name", "MeanSquaredError", "config", Map.of("from_logits", true))));
        assertThrows(IllegalArgumentException.class, () -> Losses.fromConfig(
                Map.of("class_name", "Huber", "config", Map.of("delta", "one"))));
        assertThrows(IllegalArgumentException.class, () -> Losses.fromConfig(
                Map.of("class_name", "Huber", "config", Map.of("delt", 1.0))));
        assertInstanceOf(MeanSquaredError.class, Losses.fromConfig(Map.of("class_name", "mse")));
    }

    private static Map<Object, Object> withoutNulls(Object m) {
        Map<Object, Object> out = new HashMap<>();
        ((Map<?, ?>) m).forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
