package dev.vectorgrad.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest {

    /** x row i is [i, 100 + i]; y row i is [-i], so every batch shows which samples it holds and that x, y agree. */
    private static ArrayDataset samples(int n) {
        float[][] x = new float[n][];
        float[][] y = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {i, 100 + i};
            y[i] = new float[] {-i};
        }
        return ArrayDataset.of(Tensors.of(x), Tensors.of(y));
    }

    /** The sample ids of one pass, in order, checking each batch's x and y rows belong together. */
    private static List<Integer> pass(Dataset data, List<Integer> batchSizes) {
        List<Integer> ids = new ArrayList<>();
        for (Batch b : data) {
            batchSizes.add(b.size());
            for (int r = 0; r < b.size(); r++) {
                int id = (int) b.x().get(2 * r);
                assertEquals(100 + id, b.x().get(2 * r + 1));
                assertEquals(-id, b.y().get(r));
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void batchesInOrderWithASmallerLastBatch() {
        ArrayDataset data = samples(10).withBatchSize(4);
        assertEquals(3, data.batchCount());
        List<Integer> sizes = new ArrayList<>();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), pass(data, sizes));
        assertEquals(List.of(4, 4, 2), sizes);
        assertArrayEquals(new int[] {4, 2}, data.iterator().next().x().shape());
        assertEquals(1, samples(10).batchCount()); // Keras's default batch size 32
    }

    @Test
    void shuffledPassesHoldEverySampleOnceInANewOrderEachEpochAndRepeatWithTheSeed() {
        ArrayDataset a = samples(50).withBatchSize(8).withShuffle(true).withSeed(42);
        ArrayDataset b = samples(50).withBatchSize(8).withShuffle(true).withSeed(42);
        List<List<Integer>> epochsA = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> ids = pass(a, sizes);
            assertEquals(List.of(8, 8, 8, 8, 8, 8, 2), sizes);
            Set<Integer> distinct = new HashSet<>(ids);
            assertEquals(50, ids.size());
            assertEquals(50, distinct.size(), "every sample exactly once in epoch " + epoch);
            assertEquals(b.sampleCount(), distinct.size());
            assertEquals(ids, pass(b, new ArrayList<>()), "same seed, same order in epoch " + epoch);
            epochsA.add(ids);
        }
        assertNotEquals(epochsA.get(0), epochsA.get(1));
        assertNotEquals(epochsA.get(1), epochsA.get(2));
        assertNotEquals(epochsA.get(0), pass(samples(50).withShuffle(true).withSeed(43), new ArrayList<>()));
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            inOrder.add(i);
        }
        assertNotEquals(inOrder, epochsA.get(0));
    }

    @Test
    void inputsWithoutTargetsForPredict() {
        ArrayDataset data = ArrayDataset.of(Tensors.of(new float[][] {{1}, {2}, {3}})).withBatchSize(2);
        for (Batch b : data) {
            assertNull(b.y());
        }
    }

    @Test
    void splitIndexFollowsKerasFloorOfNTimesOneMinusSplitInDouble() {
        // Expected values from Python: int(math.floor(n * (1.0 - split))), keras array_slicing.train_validation_split.
        assertEquals(8, ArrayDataset.splitIndex(10, 0.2));
        assertEquals(3, ArrayDataset.splitIndex(7, 0.5)); // floor(3.5)
        assertEquals(9, ArrayDataset.splitIndex(10, 0.05)); // floor(9.5)
        assertEquals(2, ArrayDataset.splitIndex(3, 0.1)); // floor(2.7)
        // Double rounding: 10 * (1.0 - 0.8) = 1.9999999999999996 in IEEE double, so Keras cuts at 1, not 2.
        assertEquals(1, ArrayDataset.splitIndex(10, 0.8));
        assertEquals(1, ArrayDataset.splitIndex(20, 0.9)); // 1.9999999999999996
        assertEquals(10, ArrayDataset.splitIndex(25, 0.56)); // 10.999999999999998
        // 5 * (1.0 - 0.8) = 0.9999999999999998: no training sample, Keras's error.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.splitIndex(5, 0.8));
        assertEquals("the data has 5 samples, which is not enough to split into a training and a validation set with"
                + " validationSplit=0.8", e.getMessage());
        assertEquals(9, ArrayDataset.splitIndex(10, 0.01)); // floor(9.9)
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.splitIndex(1, 0.5)); // floor(0.5) = 0
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.splitIndex(10, 1e-17)); // 1.0 - 1e-17 == 1.0: no validation
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.splitIndex(10, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.splitIndex(10, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.splitIndex(10, Double.NaN));
    }

    @Test
    void splitTakesTheLastSamplesBeforeShufflingAndNeverShufflesValidation() {
        ArrayDataset.Split split = samples(10).withBatchSize(3).withShuffle(true).withSeed(7).split(0.3);
        assertEquals(7, split.train().sampleCount());
        assertEquals(List.of(7, 8, 9), pass(split.validation(), new ArrayList<>()));
        assertEquals(List.of(7, 8, 9), pass(split.validation(), new ArrayList<>()));
        assertTrue(split.train().shuffle());
        assertEquals(3, split.validation().batchSize());
        List<Integer> train = pass(split.train(), new ArrayList<>());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), new HashSet<>(train));
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensors.of(new float[][] {{1}, {2}, {3}});
        Tensor y = Tensors.of(new float[][] {{1}, {2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrayDataset.of(x, y));
        assertEquals("inputs have 3 samples but targets have 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ArrayDataset.of(x).withBatchSize(0));
        assertEquals("batchSize must be positive, got 0", e.getMessage());
    }
}
