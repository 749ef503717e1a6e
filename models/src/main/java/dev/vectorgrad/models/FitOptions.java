package dev.vectorgrad.models;

import dev.vectorgrad.models.callbacks.Callback;
import dev.vectorgrad.models.data.Dataset;
import java.util.List;

/**
 * The optional arguments of {@link Sequential#fit}, with Keras's defaults: {@code batchSize} 32, {@code epochs} 1,
 * {@code verbose} 1, no validation, {@code shuffle} true, {@code initialEpoch} 0, no callbacks. Immutable; each
 * method returns a changed copy:
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(100).batchSize(32).validationData(xTest, yTest));
 * }</pre>
 *
 * <p>Shuffling is seeded: epoch {@code e} visits the samples in a permutation drawn from {@code (seed, e)} alone,
 * so a run resumed at {@code initialEpoch(k)} sees the same batches as an uninterrupted one.
 */
public final class FitOptions {

    private static final FitOptions DEFAULTS = new FitOptions(32, 1, 1, null, null, 0.0, true, 0L, 0, List.of());

    private final int batchSize;
    private final int epochs;
    private final int verbose;
    private final Object validationX;
    private final Object validationY;
    private final double validationSplit;
    private final boolean shuffle;
    private final long seed;
    private final int initialEpoch;
    private final List<Callback> callbacks;

    private FitOptions(int batchSize, int epochs, int verbose, Object validationX, Object validationY,
                       double validationSplit, boolean shuffle, long seed, int initialEpoch, List<Callback> callbacks) {
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.verbose = verbose;
        this.validationX = validationX;
        this.validationY = validationY;
        this.validationSplit = validationSplit;
        this.shuffle = shuffle;
        this.seed = seed;
        this.initialEpoch = initialEpoch;
        this.callbacks = callbacks;
    }

    /** Keras's defaults (see the class comment); the shuffle seed is 0. */
    public static FitOptions defaults() {
        return DEFAULTS;
    }

    /** Samples per gradient step (Keras's {@code batch_size}, default 32). */
    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("fit: batchSize must be at least 1, got " + batchSize);
        }
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /** The index of the last epoch plus one (Keras's {@code epochs}: with {@code initialEpoch} k, runs k..epochs-1). */
    public FitOptions epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        }
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /** 0 silent, 1 progress bar (the default), 2 one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, got " + verbose);
        }
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /**
     * Data evaluated at the end of each epoch (Keras's {@code validation_data}); any input {@link Sequential#fit}
     * takes. Overrides {@link #validationSplit}.
     */
    public FitOptions validationData(Object x, Object y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("fit: validationData needs both x and y, got " + (x == null ? "null" : "x")
                    + " and " + (y == null ? "null" : "y"));
        }
        return new FitOptions(batchSize, epochs, verbose, x, y, validationSplit, shuffle, seed, initialEpoch, callbacks);
    }

    /** A data set evaluated at the end of each epoch (Keras's {@code validation_data}); overrides {@link #validationSplit}. */
    public FitOptions validationData(Dataset validation) {
        if (validation == null) {
            throw new IllegalArgumentException("fit: validationData is null");
        }
        return new FitOptions(batchSize, epochs, verbose, validation, null, validationSplit, shuffle, seed, initialEpoch,
                callbacks);
    }

    /**
     * The fraction of the samples, taken from the end before any shuffling, held out for validation (Keras's
     * {@code validation_split}): the first {@code floor(n * (1 - fraction))} samples train.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        }
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, fraction, shuffle, seed,
                initialEpoch, callbacks);
    }

    /** Whether each epoch visits the training samples in a new seeded order (default true). */
    public FitOptions shuffle(boolean shuffle) {
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /** The seed of the shuffle stream (default 0). */
    public FitOptions seed(long seed) {
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /** The epoch to start at, to resume a run (Keras's {@code initial_epoch}, default 0). */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new IllegalArgumentException("fit: initialEpoch must be >= 0, got " + initialEpoch);
        }
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, callbacks);
    }

    /**
     * Callbacks (replaces any set before), called in this order, then the run's {@code History} and, when
     * {@code verbose} is not 0, a {@code ProgbarLogger}, as Keras adds them.
     */
    public FitOptions callbacks(Callback... callbacks) {
        List<Callback> list = List.of(callbacks);
        return new FitOptions(batchSize, epochs, verbose, validationX, validationY, validationSplit, shuffle, seed,
                initialEpoch, list);
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The end epoch (exclusive). */
    public int epochs() {
        return epochs;
    }

    /** The verbosity: 0, 1 or 2. */
    public int verbose() {
        return verbose;
    }

    /** The held-out fraction (0 for none). */
    public double validationSplit() {
        return validationSplit;
    }

    /** Whether epochs shuffle the training samples. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffle seed. */
    public long seed() {
        return seed;
    }

    /** The first epoch to run. */
    public int initialEpoch() {
        return initialEpoch;
    }

    /** The user callbacks, in order. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    Object validationX() {
        return validationX;
    }

    Object validationY() {
        return validationY;
    }
}
