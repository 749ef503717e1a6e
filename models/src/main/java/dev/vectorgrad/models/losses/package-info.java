/**
 * Keras's losses ({@code mse}, {@code mae}, {@code huber}, the three cross-entropies with {@code fromLogits}),
 * built from autograd ops so that their gradients come from the tape.
 */
package dev.vectorgrad.models.losses;
