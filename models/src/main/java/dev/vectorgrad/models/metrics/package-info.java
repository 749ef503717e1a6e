/**
 * Keras's metrics ({@code accuracy} and its binary, categorical and sparse variants, {@code mae}, {@code mse}, a
 * running {@code Mean}): stateful running averages over an epoch, outside the tape.
 */
package dev.vectorgrad.models.metrics;
