package dev.vectorgrad.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Metric values by hand (Keras's docstring examples where it has them), running means weighted by sample count
 * across uneven batches, and the resolution of {@code "accuracy"} from the shapes. Values are exact fractions,
 * compared to 1e-15 (sums of a few doubles).
 */
class MetricsTest {

    private static final double TOL = 1e-15;

    private static Tensor t(double[] values, int... shape) {
        Tensor x = Tensor.zeros(DType.F32, shape);
        for (int i = 0; i < values.length; i++) {
            x.set(i, values[i]);
        }
        return x;
    }

    @Test
    void meanIsWeightedBySampleCountAndNaNBeforeTheFirstUpdate() {
        Mean loss = new Mean("loss");
        assertEquals("loss", loss.name());
        assertTrue(Double.isNaN(loss.result()));
        loss.update(0.5, 32);   // a batch of 32 with mean loss 0.5
        loss.update(1.0, 8);    // the last, smaller batch: (16 + 8) / 40, not (0.5 + 1) / 2
        assertEquals(0.6, loss.result(), TOL);
        assertEquals(40, loss.count());
        loss.resetState();
        assertTrue(Double.isNaN(loss.result()));
        loss.update(t(new double[] {1, 2, 3, 5}, 2, 2));   // samples' means 1.5 and 4
        assertEquals(2.75, loss.result(), TOL);
        loss.updateState(null, Tensor.scalar(DType.F64, 8));   // a scalar is one sample
        assertEquals((1.5 + 4 + 8) / 3, loss.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> loss.update(1, -1));
        assertThrows(IllegalArgumentException.class, () -> loss.update(1, Double.NaN));
        assertEquals("mean", new Mean().name());
    }

    @Test
    void binaryAccuracyThresholdsStrictlyAbove() {
        BinaryAccuracy acc = new BinaryAccuracy();
        // Keras's docstring: y = [[1], [1], [0], [0]], p = [[0.98], [1], [0], [0.6]] -> 0.75
        acc.updateState(t(new double[] {1, 1, 0, 0}, 4, 1), t(new double[] {0.98, 1, 0, 0.6}, 4, 1));
        assertEquals(0.75, acc.result(), TOL);
        acc.resetState();
        // 0.5 is not above the threshold: predicted 0, so target 1 is wrong and target 0 right; [2] against [2, 1]
        acc.updateState(t(new double[] {1, 0}, 2), t(new double[] {0.5, 0.5}, 2, 1));
        assertEquals(0.5, acc.result(), TOL);
        BinaryAccuracy high = new BinaryAccuracy("acc", 0.9);
        high.updateState(t(new double[] {1}, 1), t(new double[] {0.8}, 1));
        assertEquals(0, high.result(), TOL);
    }

    @Test
    void categoricalAndSparseAccuracyCompareArgmaxes() {
        // Keras's docstrings: y = [[0, 0, 1], [0, 1, 0]] (ids [2, 1]), p = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] -> 0.5
        Tensor p = t(new double[] {0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3);
        CategoricalAccuracy cat = new CategoricalAccuracy();
        cat.updateState(t(new double[] {0, 0, 1, 0, 1, 0}, 2, 3), p);
        assertEquals(0.5, cat.result(), TOL);
        SparseCategoricalAccuracy sparse = new SparseCategoricalAccuracy();
        sparse.updateState(t(new double[] {2, 1}, 2, 1), p);
        assertEquals(0.5, sparse.result(), TOL);
        sparse.resetState();
        sparse.updateState(t(new double[] {2, 1}, 2), p);
        assertEquals(0.5, sparse.result(), TOL);
        // ties go to the first maximum, as argmax: [0.5, 0.5] predicts class 0
        SparseCategoricalAccuracy tie = new SparseCategoricalAccuracy();
        tie.updateState(t(new double[] {0, 1}, 2), t(new double[] {0.5, 0.5, 0.5, 0.5}, 2, 2));
        assertEquals(0.5, tie.result(), TOL);
    }

    @Test
    void sparseAccuracyOnSequenceOutputs() {
        // [batch 2, time 3, classes 2]: sample 0 right at 2 of 3 positions, sample 1 at 3 of 3 -> (2/3 + 1) / 2
        Tensor p = t(new double[] {0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.3, 0.7, 0.8, 0.2}, 2, 3, 2);
        Tensor ids = t(new double[] {0, 1, 1, 1, 1, 0}, 2, 3);
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        acc.updateState(ids, p);
        assertEquals(5.0 / 6, acc.result(), TOL);
    }

    @Test
    void runningAveragesAcrossUnevenBatchesAreOverSamples() {
        SparseCategoricalAccuracy acc = new SparseCategoricalAccuracy();
        // batch of 4 with 3 right, then a batch of 1 right: 4 / 5 = 0.8 (the mean of batch means would be 0.875)
        acc.updateState(t(new double[] {0, 1, 1, 0}, 4), t(new double[] {0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6}, 4, 2));
        acc.updateState(t(new double[] {1}, 1), t(new double[] {0.1, 0.9}, 1, 2));
        assertEquals(0.8, acc.result(), TOL);
        MeanSquaredError mse = new MeanSquaredError("mse");
        // batch 1: samples [0 vs 1, 1 vs 1] -> mean 0.5, [0 vs 1, 0 vs 0] -> 0.5; batch 2: one sample with error 2 -> 4
        mse.updateState(t(new double[] {0, 1, 0, 0}, 2, 2), t(new double[] {1, 1, 1, 0}, 2, 2));
        assertEquals(0.5, mse.result(), TOL);
        mse.updateState(t(new double[] {0, 0}, 1, 2), t(new double[] {2, 2}, 1, 2));
        assertEquals((0.5 + 0.5 + 4) / 3, mse.result(), TOL);
        MeanAbsoluteError mae = new MeanAbsoluteError("mae");
        mae.updateState(t(new double[] {0, 1, 0, 0}, 2, 2), t(new double[] {1, 1, 1, 0}, 2, 2));
        mae.updateState(t(new double[] {0, 0}, 1, 2), t(new double[] {2, -3}, 1, 2));
        assertEquals((0.5 + 0.5 + 2.5) / 3, mae.result(), TOL);
        mae.resetState();
        assertTrue(Double.isNaN(mae.result()));
    }

    @Test
    void accuracyIsResolvedFromTheShapesAsKerasCompileDoes() {
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", new int[] {32, 1}, new int[] {32, 1}));
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", new int[] {32}, new int[] {32, 1}));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("accuracy", new int[] {32}, new int[] {32, 10}));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("accuracy", new int[] {32, 1}, new int[] {32, 10}));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", new int[] {32, 10}, new int[] {32, 10}));
        assertInstanceOf(SparseCategoricalAccuracy.class,
                Metrics.get("accuracy", new int[] {32, 50}, new int[] {32, 50, 100}));
        assertInstanceOf(CategoricalAccuracy.class,
                Metrics.get("accuracy", new int[] {32, 50, 100}, new int[] {32, 50, 100}));
        // shown under the name it was asked by
        assertEquals("accuracy", Metrics.get("accuracy", new int[] {4}, new int[] {4, 3}).name());
        assertEquals("acc", Metrics.get("acc", new int[] {4}, new int[] {4, 3}).name());
        assertEquals("Accuracy", Metrics.get("Accuracy", new int[] {4, 3}, new int[] {4, 3}).name());
    }

    @Test
    void explicitNames() {
        int[] y = {4, 1};
        int[] p = {4, 1};
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("binary_accuracy", y, p));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("categorical_accuracy", y, p));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("sparse_categorical_accuracy", y, p));
        Metric mae = Metrics.get("mae", y, p);
        assertInstanceOf(MeanAbsoluteError.class, mae);
        assertEquals("mae", mae.name());
        Metric mse = Metrics.get("mean_squared_error", y, p);
        assertInstanceOf(MeanSquaredError.class, mse);
        assertEquals("mean_squared_error", mse.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1", y, p));
        assertTrue(e.getMessage().startsWith("could not interpret metric identifier 'f1'"), e.getMessage());
    }

    @Test
    void badShapesNameBoth() {
        IllegalArgumentException cat = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalAccuracy().updateState(t(new double[2], 2), t(new double[6], 2, 3)));
        assertEquals("categorical_accuracy: y_true [2] and y_pred [2, 3] must have the same shape [batch, ..., classes]",
                cat.getMessage());
        IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalAccuracy().updateState(t(new double[3], 3), t(new double[6], 2, 3)));
        assertEquals("sparse_categorical_accuracy: y_true [3] does not fit y_pred [2, 3]: class ids must have y_pred's"
                + " shape without its last axis, or with 1 there", sparse.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().updateState(t(new double[4], 4), t(new double[4], 2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryAccuracy().updateState(t(new double[4], 4, 1), t(new double[8], 4, 2)));
    }
}
