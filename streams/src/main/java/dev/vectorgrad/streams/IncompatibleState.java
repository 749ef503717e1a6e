package dev.vectorgrad.streams;

/**
 * What the processor does with a stored state it cannot continue from: not written by this codec (another magic),
 * another format version, a state layout that differs from the model's, or a length that does not match its header.
 */
public enum IncompatibleState {
    /** Processing stops with a {@link StateMismatchException} naming what was expected and what was found (default). */
    FAIL,
    /** The key starts again from a zero state (step count 0). */
    RESET
}
