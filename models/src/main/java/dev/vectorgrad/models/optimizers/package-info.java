/**
 * Keras's optimizers with Keras's defaults and update rules ({@code SGD}, {@code Adam}, {@code AdamW},
 * {@code RMSprop}, {@code Adagrad}) and gradient clipping; the PyTorch-rule ones stay in
 * {@code dev.vectorgrad.autograd.optim}.
 */
package dev.vectorgrad.models.optimizers;
