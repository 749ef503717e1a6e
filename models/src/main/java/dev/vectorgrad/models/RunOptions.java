package dev.vectorgrad.models;

import dev.vectorgrad.models.callbacks.Callback;
import java.util.List;

/**
 * The optional arguments of {@link Sequential#evaluate} and {@link Sequential#predict}, with Keras's defaults:
 * {@code batchSize} 32, {@code verbose} 1, no callbacks. Immutable; each method returns a changed copy:
 * {@code model.predict(x, RunOptions.defaults().batchSize(256).verbose(0))}.
 */
public final class RunOptions {

    private static final RunOptions DEFAULTS = new RunOptions(32, 1, List.of());

    private final int batchSize;
    private final int verbose;
    private final List<Callback> callbacks;

    private RunOptions(int batchSize, int verbose, List<Callback> callbacks) {
        this.batchSize = batchSize;
        this.verbose = verbose;
        this.callbacks = callbacks;
    }

    /** Keras's defaults: batch size 32, verbose 1, no callbacks. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** Samples per batch (default 32); the results do not depend on it beyond rounding. */
    public RunOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        return new RunOptions(batchSize, verbose, callbacks);
    }

    /** 0 silent, 1 progress bar (the default), 2 one line at the end. */
    public RunOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        return new RunOptions(batchSize, verbose, callbacks);
    }

    /** Callbacks whose test hooks are called (replaces any set before). */
    public RunOptions callbacks(Callback... callbacks) {
        return new RunOptions(batchSize, verbose, List.of(callbacks));
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The verbosity: 0, 1 or 2. */
    public int verbose() {
        return verbose;
    }

    /** The callbacks, in order. */
    public List<Callback> callbacks() {
        return callbacks;
    }
}
