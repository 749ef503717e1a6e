package dev.vectorgrad.streams;

/**
 * A key's stored state cannot be used by the running model, under the {@link IncompatibleState#FAIL} or
 * {@link ModelUpgrade#FAIL} choice; the message names what was expected and what was found.
 */
public final class StateMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public StateMismatchException(String message) {
        super(message);
    }
}
