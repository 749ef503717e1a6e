package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;

/**
 * A running measure over the batches of an epoch, as a Keras {@code Metric}: {@link #updateState} per batch,
 * {@link #result} at any time, {@link #resetState} at the start of each epoch. Runs outside the tape.
 */
public interface Metric {

    /** The name shown in logs and histories, e.g. {@code "accuracy"}; validation adds the {@code val_} prefix. */
    String name();

    /**
     * Adds one batch.
     *
     * @throws IllegalArgumentException if the shapes do not fit together, naming both
     */
    void updateState(Tensor yTrue, Tensor yPred);

    /** The value over every sample added since the last reset; {@code NaN} before the first update. */
    double result();

    /** Forgets every sample added so far. */
    void resetState();
}
