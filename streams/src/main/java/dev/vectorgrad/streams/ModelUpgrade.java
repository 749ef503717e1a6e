package dev.vectorgrad.streams;

/**
 * What the processor does with a key's state that another model wrote (its fingerprint differs from the running
 * model's), for example after a new model version is rolled out. There is no default: the choice is the application's.
 */
public enum ModelUpgrade {
    /** The key starts again from a zero state (step count 0). */
    RESET,
    /**
     * The new model continues from the old state when the layouts match (the same recurrent layers, cells and sizes);
     * a state whose layout differs is handled by the {@link IncompatibleState} choice.
     */
    KEEP_WHEN_SHAPES_MATCH,
    /** Processing stops with a {@link StateMismatchException} naming both fingerprints. */
    FAIL
}
