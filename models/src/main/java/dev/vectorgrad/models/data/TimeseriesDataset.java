package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Sliding windows over a time series, as Keras's {@code timeseries_dataset_from_array}; made by
 * {@link Datasets#timeseriesDataset}. Windows are copied out batch by batch, so the series is held once.
 *
 * <p>Shuffling: Keras shuffles the window starts once with NumPy's generator and then again within a buffer of
 * {@code 8 * batchSize} windows each pass; here every pass draws a full permutation of the windows from a stream
 * seeded once, so each window still comes exactly once per pass, in an order that differs between passes and is the
 * same for the same seed. The orders themselves are not NumPy's.
 */
public final class TimeseriesDataset implements Dataset {

    private final Tensor data;
    private final Tensor targets;
    private final int sequenceLength;
    private final TimeseriesOptions options;
    private final int start;
    private final int[] starts;
    private final SplittableRandom random;

    TimeseriesDataset(Tensor data, Tensor targets, int sequenceLength, TimeseriesOptions options) {
        if (data == null || options == null) {
            throw new IllegalArgumentException("data and options must not be null");
        }
        if (data.rank() == 0) {
            throw new IllegalArgumentException("data must have a time axis, got a scalar");
        }
        if (targets != null && targets.rank() == 0) {
            throw new IllegalArgumentException("targets must have a time axis, got a scalar");
        }
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("sequenceLength must be higher than 0, got " + sequenceLength);
        }
        int n = data.dim(0);
        int startIndex = options.startIndex();
        int endIndex = options.endIndex();
        if (startIndex > 0 && startIndex >= n) {
            throw new IllegalArgumentException("startIndex must be lower than the length of the data, got startIndex="
                    + startIndex + " for data of length " + n);
        }
        if (endIndex != -1) {
            if (startIndex > 0 && endIndex <= startIndex) {
                throw new IllegalArgumentException("endIndex must be higher than startIndex, got startIndex="
                        + startIndex + " and endIndex=" + endIndex);
            }
            if (endIndex >= n) {
                throw new IllegalArgumentException("endIndex must be lower than the length of the data, got endIndex="
                        + endIndex + " for data of length " + n);
            }
        }
        if (options.samplingRate() >= n) {
            throw new IllegalArgumentException("samplingRate must be lower than the length of the data, got "
                    + "samplingRate=" + options.samplingRate() + " for data of length " + n);
        }
        if (options.sequenceStride() >= n) {
            throw new IllegalArgumentException("sequenceStride must be lower than the length of the data, got "
                    + "sequenceStride=" + options.sequenceStride() + " for data of length " + n);
        }
        int end = endIndex == -1 ? n : endIndex;
        long span = (long) (sequenceLength - 1) * options.samplingRate();
        long numSeqs = end - startIndex - span;
        if (targets != null) {
            numSeqs = Math.min(numSeqs, targets.dim(0));
        }
        if (numSeqs <= 0) {
            throw new IllegalArgumentException("no window of sequenceLength=" + sequenceLength + " at samplingRate="
                    + options.samplingRate() + " fits in steps [" + startIndex + ", " + end + ")"
                    + (targets == null ? "" : " with " + targets.dim(0) + " targets"));
        }
        int count = (int) ((numSeqs + options.sequenceStride() - 1) / options.sequenceStride());
        this.starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = i * options.sequenceStride();
        }
        if (targets != null && startIndex + starts[count - 1] >= targets.dim(0)) {
            throw new IllegalArgumentException("the last window needs target " + (startIndex + starts[count - 1])
                    + " but targets have " + targets.dim(0) + " rows");
        }
        this.data = data;
        this.targets = targets;
        this.sequenceLength = sequenceLength;
        this.options = options;
        this.start = startIndex;
        this.random = new SplittableRandom(options.seed());
    }

    /** The number of windows per pass. */
    public int windowCount() {
        return starts.length;
    }

    @Override
    public int batchCount() {
        return (starts.length + options.batchSize() - 1) / options.batchSize();
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = starts.clone();
        if (options.shuffle()) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int batchSize = options.batchSize();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (next >= order.length) {
                    throw new NoSuchElementException("the pass has " + batchCount() + " batches");
                }
                int end = Math.min(order.length, next + batchSize);
                Batch batch = new Batch(windows(order, next, end), targets == null ? null : targetRows(order, next, end));
                next = end;
                return batch;
            }
        };
    }

    private Tensor windows(int[] order, int from, int to) {
        int step = Rows.rowSize(data);
        int[] shape = new int[data.rank() + 1];
        shape[0] = to - from;
        shape[1] = sequenceLength;
        for (int d = 1; d < data.rank(); d++) {
            shape[d + 1] = data.dim(d);
        }
        Tensor out = Tensor.zeros(data.dtype(), shape);
        int pos = 0;
        for (int w = from; w < to; w++) {
            int first = start + order[w];
            for (int k = 0; k < sequenceLength; k++) {
                Rows.copy(data, (first + k * options.samplingRate()) * step, out, pos, step);
                pos += step;
            }
        }
        return out;
    }

    private Tensor targetRows(int[] order, int from, int to) {
        int[] rows = new int[to - from];
        for (int w = from; w < to; w++) {
            rows[w - from] = start + order[w];
        }
        return Rows.gather(targets, rows, 0, rows.length);
    }
}
