package dev.vectorgrad.examples.common;

import picocli.CommandLine.Option;

/**
 * The {@code --seed} option of the training examples, a picocli {@code @Mixin}: the one number every random choice
 * of a run derives from (generated data, initial weights, batch order, sampling), so that a rerun prints the same
 * figures.
 */
public final class SeedOption {

    @Option(names = "--seed", description = "seeds every random choice of the run: data, weights, batches, sampling"
            + " [${DEFAULT-VALUE}]", defaultValue = "1")
    private long seed;

    /** The seed given, or 1. */
    public long value() {
        return seed;
    }
}
