/**
 * Keras's optimizers with Keras's defaults and update rules ({@code SGD}, {@code Adam}, {@code AdamW},
 * {@code RMSprop}, {@code Adagrad}) and gradient clipping; the PyTorch-rule ones stay in
 * {@code dev.vectorgrad.autograd.optim}.
 *
 * <pre>{@code
 * Optimizer adam = new Adam();                                    // keras.optimizers.Adam()
 * Optimizer rms = new RMSprop(0.01).withClipnorm(1.0);            // RMSprop(learning_rate=0.01, clipnorm=1.0)
 * Optimizer sgd = new SGD(0.1).withMomentum(0.9).withNesterov(true);
 * Optimizer byName = Optimizers.get("adam");                      // compile(optimizer="adam")
 *
 * adam.build(model.trainableWeights());                           // once
 * // per batch: backward pass, then
 * adam.apply();                                                   // clip, decay, update, iterations += 1
 * }</pre>
 *
 * A whole-model file stores {@link dev.vectorgrad.models.optimizers.Optimizer#config()} and
 * {@link dev.vectorgrad.models.optimizers.Optimizer#variables()}; {@link dev.vectorgrad.models.optimizers.Optimizers#fromConfig}
 * then {@code build} and copying the saved variables back resumes training exactly.
 */
package dev.vectorgrad.models.optimizers;
