/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, as Keras's callbacks: early stopping,
 * checkpoints, learning-rate schedules and plateaus, CSV logs, stopping on NaN, and the progress bar.
 */
package dev.vectorgrad.models.callbacks;
