package dev.vectorgrad.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows and targets against the examples in Keras's {@code timeseries_dataset_from_array} docstring and against
 * hand-worked cases of its alignment rule (window i starts at {@code startIndex + i * stride}, target
 * {@code targets[startIndex + i * stride]}, {@code numSeqs = end - start - (length - 1) * rate}, capped by the
 * number of targets).
 */
class TimeseriesDatasetTest {

    private static Tensor range(int from, int to) {
        float[] v = new float[to - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + i;
        }
        return Tensors.of(v);
    }

    private static List<Batch> batches(Dataset d) {
        List<Batch> out = new ArrayList<>();
        d.forEach(out::add);
        return out;
    }

    private static float[] row(Tensor t, int r) {
        int n = t.size() / t.dim(0);
        float[] out = new float[n];
        System.arraycopy(t.dataF32(), r * n, out, 0, n);
        return out;
    }

    @Test
    void kerasExampleOneStrideThreeSamplingRateTwo() {
        TimeseriesDataset d = Datasets.timeseriesDataset(range(0, 99), null, 10,
                TimeseriesOptions.defaults().withSamplingRate(2).withSequenceStride(3));
        assertEquals(27, d.windowCount()); // starts 0, 3, ..., 78
        List<Batch> bs = batches(d);
        assertEquals(1, bs.size()); // batch size 128 by default
        Tensor x = bs.get(0).x();
        assertNull(bs.get(0).y());
        assertArrayEquals(new int[] {27, 10}, x.shape());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, row(x, 0));
        assertArrayEquals(new float[] {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}, row(x, 1));
        assertArrayEquals(new float[] {6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, row(x, 2));
        assertArrayEquals(new float[] {78, 80, 82, 84, 86, 88, 90, 92, 94, 96}, row(x, 26));
    }

    @Test
    void kerasExampleTwoPastTenStepsPredictTheNext() {
        // data = 0..29; input_data = data[:-10], targets = data[10:]
        TimeseriesDataset d = Datasets.timeseriesDataset(range(0, 20), range(10, 30), 10,
                TimeseriesOptions.defaults().withBatchSize(4));
        assertEquals(11, d.windowCount()); // 20 - 9
        List<Batch> bs = batches(d);
        assertEquals(List.of(4, 4, 3), bs.stream().map(Batch::size).toList());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, row(bs.get(0).x(), 0));
        assertArrayEquals(new int[] {4}, bs.get(0).y().shape());
        assertEquals(10, bs.get(0).y().get(0)); // the step right after the first window
        assertArrayEquals(new float[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, row(bs.get(2).x(), 2));
        assertEquals(20, bs.get(2).y().get(2));
    }

    @Test
    void kerasExampleThreeNonOverlappingWindows() {
        TimeseriesDataset d = Datasets.timeseriesDataset(range(0, 100), null, 20,
                TimeseriesOptions.defaults().withSequenceStride(20));
        Tensor x = batches(d).get(0).x();
        assertArrayEquals(new int[] {5, 20}, x.shape());
        assertEquals(20, row(x, 1)[0]);
        assertEquals(39, row(x, 1)[19]);
        assertEquals(99, row(x, 4)[19]);
    }

    @Test
    void startAndEndIndexAndFeatureAxes() {
        float[][] data = new float[10][];
        for (int i = 0; i < 10; i++) {
            data[i] = new float[] {i, -i};
        }
        TimeseriesDataset d = Datasets.timeseriesDataset(Tensors.of(data), range(100, 110), 3,
                TimeseriesOptions.defaults().withStartIndex(2).withEndIndex(8));
        // numSeqs = 8 - 2 - 2 = 4: windows start at 2, 3, 4, 5; targets 102..105
        Batch b = batches(d).get(0);
        assertArrayEquals(new int[] {4, 3, 2}, b.x().shape());
        assertArrayEquals(new float[] {2, -2, 3, -3, 4, -4}, row(b.x(), 0));
        assertArrayEquals(new float[] {5, -5, 6, -6, 7, -7}, row(b.x(), 3));
        assertArrayEquals(new float[] {102, 103, 104, 105}, b.y().dataF32());
    }

    @Test
    void fewerTargetsThanWindowsCapTheWindowCount() {
        TimeseriesDataset d = Datasets.timeseriesDataset(range(0, 10), range(0, 3), 2);
        assertEquals(3, d.windowCount()); // min(10 - 1, 3)
    }

    @Test
    void shuffledPassesHoldEveryWindowOnceInANewSeededOrder() {
        TimeseriesOptions o = TimeseriesOptions.defaults().withShuffle(true).withSeed(5).withBatchSize(7);
        TimeseriesDataset a = Datasets.timeseriesDataset(range(0, 40), range(1000, 1040), 4, o);
        TimeseriesDataset b = Datasets.timeseriesDataset(range(0, 40), range(1000, 1040), 4, o);
        List<List<Integer>> passes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<Integer> starts = new ArrayList<>();
            for (Batch batch : a) {
                for (int r = 0; r < batch.size(); r++) {
                    float[] w = row(batch.x(), r);
                    assertArrayEquals(new float[] {w[0], w[0] + 1, w[0] + 2, w[0] + 3}, w);
                    assertEquals(1000 + w[0], batch.y().get(r)); // the target stays with its window
                    starts.add((int) w[0]);
                }
            }
            assertEquals(37, starts.size());
            assertEquals(37, new HashSet<>(starts).size());
            List<Integer> again = new ArrayList<>();
            for (Batch batch : b) {
                for (int r = 0; r < batch.size(); r++) {
                    again.add((int) batch.x().get(r * 4));
                }
            }
            assertEquals(starts, again);
            passes.add(starts);
        }
        assertNotEquals(passes.get(0), passes.get(1));
    }

    @Test
    void kerasArgumentChecks() {
        Tensor data = range(0, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(
                data, null, 3, TimeseriesOptions.defaults().withEndIndex(10)));
        assertEquals("endIndex must be lower than the length of the data, got endIndex=10 for data of length 10",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(
                data, null, 3, TimeseriesOptions.defaults().withStartIndex(5).withEndIndex(5)));
        assertEquals("endIndex must be higher than startIndex, got startIndex=5 and endIndex=5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(
                data, null, 3, TimeseriesOptions.defaults().withStartIndex(10)));
        assertEquals("startIndex must be lower than the length of the data, got startIndex=10 for data of length 10",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(
                data, null, 3, TimeseriesOptions.defaults().withSamplingRate(10)));
        assertEquals("samplingRate must be lower than the length of the data, got samplingRate=10 for data of length 10",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(data, null, 11));
        assertEquals("no window of sequenceLength=11 at samplingRate=1 fits in steps [0, 10)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeseriesOptions.defaults().withSequenceStride(0));
        assertThrows(IllegalArgumentException.class, () -> Datasets.timeseriesDataset(data, null, 0));
    }

    @Test
    void streamsAskTheirSupplierForEachPass() {
        int[] passes = {0};
        Dataset s = Datasets.stream(() -> {
            passes[0]++;
            return List.of(new Batch(range(0, 2), null), new Batch(range(2, 3), null)).iterator();
        });
        assertEquals(-1, s.batchCount());
        assertEquals(2, batches(s).size());
        assertEquals(2, batches(s).size());
        assertEquals(2, passes[0]);
        assertEquals(5, Datasets.stream(List.<Batch>of()::iterator, 5).batchCount());
        assertThrows(IllegalArgumentException.class, () -> Datasets.stream(List.<Batch>of()::iterator, -2));
    }
}
