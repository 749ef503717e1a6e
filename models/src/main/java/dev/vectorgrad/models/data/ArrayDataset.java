package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * An in-memory {@link Dataset} over sample-major tensors {@code x [n, ...]} and optional targets {@code y [n, ...]}:
 * batches of {@code batchSize} samples in order (the last one smaller when {@code n} is not a multiple), or, with
 * shuffling on, in a new permutation on every {@link #iterator()} call (every epoch), drawn from a stream seeded
 * once, as Keras's {@code fit(shuffle=True)} reshuffles each epoch. The same seed gives the same sequence of
 * permutations on every machine. Immutable in its options; each {@code withX} returns a new data set with a fresh
 * stream. Defaults: batch size 32 (Keras's), no shuffling, seed 0. Like a tape, a data set is confined to one
 * thread: {@link #iterator()} advances its stream.
 */
public final class ArrayDataset implements Dataset {

    /** Keras's default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Tensor x;
    private final Tensor y;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final SplittableRandom random;

    private ArrayDataset(Tensor x, Tensor y, int batchSize, boolean shuffle, long seed) {
        if (x == null) {
            throw new IllegalArgumentException("inputs are null");
        }
        if (x.rank() == 0) {
            throw new IllegalArgumentException("inputs must have a sample axis, got a scalar");
        }
        if (y != null && (y.rank() == 0 || y.dim(0) != x.dim(0))) {
            throw new IllegalArgumentException("inputs have " + x.dim(0) + " samples but targets have "
                    + (y.rank() == 0 ? "none (a scalar)" : String.valueOf(y.dim(0))));
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Inputs and targets, batch size 32, in order. */
    public static ArrayDataset of(Tensor x, Tensor y) {
        return new ArrayDataset(x, y, DEFAULT_BATCH_SIZE, false, 0);
    }

    /** Inputs alone (for {@code predict}), batch size 32, in order. */
    public static ArrayDataset of(Tensor x) {
        return new ArrayDataset(x, null, DEFAULT_BATCH_SIZE, false, 0);
    }

    /** The same samples in batches of {@code value}. */
    public ArrayDataset withBatchSize(int value) {
        return new ArrayDataset(x, y, value, shuffle, seed);
    }

    /** The same samples, shuffled anew each pass when {@code value} is true. */
    public ArrayDataset withShuffle(boolean value) {
        return new ArrayDataset(x, y, batchSize, value, seed);
    }

    /** The same samples with the shuffling stream seeded by {@code value}. */
    public ArrayDataset withSeed(long value) {
        return new ArrayDataset(x, y, batchSize, shuffle, value);
    }

    /** The inputs, {@code [n, ...]}. */
    public Tensor x() {
        return x;
    }

    /** The targets, or {@code null} when there are none. */
    public Tensor y() {
        return y;
    }

    /** Samples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether each pass draws a new permutation. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The seed of the shuffling stream. */
    public long seed() {
        return seed;
    }

    /** The number of samples. */
    public int sampleCount() {
        return x.dim(0);
    }

    @Override
    public int batchCount() {
        return (sampleCount() + batchSize - 1) / batchSize;
    }

    /**
     * Splits off the last {@code validationSplit} fraction of the samples, in their order before any shuffling,
     * as Keras's {@code fit(validation_split=...)}: the training part keeps this data set's options, the validation
     * part has the same batch size and is never shuffled.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1) or leaves either part empty (see
     *     {@link #splitIndex})
     */
    public Split split(double validationSplit) {
        int n = sampleCount();
        int at = splitIndex(n, validationSplit);
        ArrayDataset train = new ArrayDataset(Rows.slice(x, 0, at), y == null ? null : Rows.slice(y, 0, at),
                batchSize, shuffle, seed);
        ArrayDataset validation = new ArrayDataset(Rows.slice(x, at, n), y == null ? null : Rows.slice(y, at, n),
                batchSize, false, seed);
        return new Split(train, validation);
    }

    /**
     * Where Keras cuts {@code n} samples for a validation fraction: {@code floor(n * (1 - validationSplit))} computed
     * in double, as {@code keras/src/trainers/data_adapters/array_slicing.py} {@code train_validation_split} does;
     * samples before it train, the rest validate.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1), or if the cut leaves no training or no
     *     validation sample (Keras's error), naming the sample count and the fraction
     */
    public static int splitIndex(int n, double validationSplit) {
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + validationSplit);
        }
        int at = (int) Math.floor(n * (1.0 - validationSplit));
        if (at == 0 || at == n) {
            throw new IllegalArgumentException("the data has " + n + " samples, which is not enough to split into a"
                    + " training and a validation set with validationSplit=" + validationSplit);
        }
        return at;
    }

    /** A training part and a validation part. */
    public record Split(ArrayDataset train, ArrayDataset validation) {}

    /** Starts a pass: in order, or in the stream's next permutation. */
    @Override
    public Iterator<Batch> iterator() {
        int n = sampleCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Batch next() {
                if (next >= n) {
                    throw new NoSuchElementException("the pass has " + batchCount() + " batches");
                }
                int end = Math.min(n, next + batchSize);
                Batch batch = shuffle
                        ? new Batch(Rows.gather(x, order, next, end), y == null ? null : Rows.gather(y, order, next, end))
                        : new Batch(Rows.slice(x, next, end), y == null ? null : Rows.slice(y, next, end));
                next = end;
                return batch;
            }
        };
    }
}
