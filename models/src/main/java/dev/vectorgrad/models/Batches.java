package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.models.data.Batch;
import dev.vectorgrad.models.data.Dataset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** The batches of one epoch, from arrays (gathered by a seeded permutation) or from a {@link Dataset}. */
abstract class Batches {

    /** Batches per epoch, or -1 when the source does not know. */
    abstract int steps();

    /** Whether every batch was checked against the model before the run (arrays), so steps need not check them. */
    abstract boolean prechecked();

    /** The batches of epoch {@code epoch} (0-based), in {@code dtype}. */
    abstract Iterator<Batch> epoch(int epoch, DType dtype);

    /** Arrays cut into batches of {@code batchSize}, the last one smaller; shuffled per epoch when {@code seeded}. */
    static Batches of(ArrayData x, ArrayData y, int batchSize, boolean shuffle, long seed) {
        return new ArrayBatches(x, y, batchSize, shuffle, seed);
    }

    /** The data set's own batches (its own order and shuffling). */
    static Batches of(Dataset dataset) {
        return new Batches() {
            @Override
            int steps() {
                return dataset.batchCount();
            }

            @Override
            boolean prechecked() {
                return false;
            }

            @Override
            Iterator<Batch> epoch(int epoch, DType dtype) {
                return dataset.iterator();
            }
        };
    }

    /**
     * The order in which epoch {@code epoch} visits {@code n} samples: a Fisher-Yates shuffle driven by a
     * {@link SplittableRandom} seeded from {@code seed} and {@code epoch} alone, so any epoch's order can be
     * reproduced without replaying the ones before it (resuming {@code fit} at an epoch sees the same batches).
     */
    static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static final class ArrayBatches extends Batches {
        private final ArrayData x;
        private final ArrayData y;
        private final int batchSize;
        private final boolean shuffle;
        private final long seed;

        ArrayBatches(ArrayData x, ArrayData y, int batchSize, boolean shuffle, long seed) {
            this.x = x;
            this.y = y;
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.seed = seed;
        }

        @Override
        int steps() {
            return (x.samples() + batchSize - 1) / batchSize;
        }

        @Override
        boolean prechecked() {
            return true;
        }

        @Override
        Iterator<Batch> epoch(int epoch, DType dtype) {
            int[] order = shuffle ? permutation(x.samples(), seed, epoch) : null;
            int n = x.samples();
            return new Iterator<>() {
                private int from;

                @Override
                public boolean hasNext() {
                    return from < n;
                }

                @Override
                public Batch next() {
                    if (from >= n) {
                        throw new NoSuchElementException("epoch " + epoch + " has " + steps() + " batches");
                    }
                    int to = Math.min(n, from + batchSize);
                    Batch b = new Batch(x.gather(order, from, to, dtype), y == null ? null : y.gather(order, from, to, dtype));
                    from = to;
                    return b;
                }
            };
        }
    }
}
