package dev.vectorgrad.models.callbacks;

/**
 * The sizes of a {@code fit} run, as Keras's {@code callback.params}.
 *
 * @param epochs the number of epochs ({@code fit}'s {@code epochs})
 * @param steps batches per epoch, or -1 when the data set does not know
 * @param verbose 0 silent, 1 progress bar, 2 one line per epoch
 */
public record TrainingParams(int epochs, int steps, int verbose) {}
