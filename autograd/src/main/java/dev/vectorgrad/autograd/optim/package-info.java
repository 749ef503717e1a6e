/**
 * Optimizers and gradient clipping for the parameters of a model: {@link dev.vectorgrad.autograd.optim.Sgd}
 * (momentum, dampening, Nesterov, weight decay), {@link dev.vectorgrad.autograd.optim.Adam} (L2 weight
 * decay, AMSGrad), {@link dev.vectorgrad.autograd.optim.AdamW} (decoupled weight decay),
 * {@link dev.vectorgrad.autograd.optim.RmsProp} (momentum, centered) behind one
 * {@link dev.vectorgrad.autograd.optim.Optimizer} interface, and
 * {@link dev.vectorgrad.autograd.optim.GradClip} (by global L2 norm and by value).
 *
 * <p>The update rules are PyTorch 1.13's single-tensor ({@code foreach=False}) paths, operation for
 * operation and in the same order, so F64 runs match PyTorch to the last bit or two (the tests compare
 * against reference files written by {@code autograd/src/test/python/optimizer_reference.py}). F32
 * parameters are updated in {@code float} arithmetic with the hyperparameters rounded to float, as
 * PyTorch does for float32 tensors.
 *
 * <pre>{@code
 * Optimizer opt = Adam.builder(1e-3).weightDecay(1e-4).build(List.of(w, b));
 * for (Batch batch : batches) {
 *     opt.zeroGrad();
 *     try (Tape tape = Tape.open()) {
 *         tape.backward(loss(batch, w, b));
 *     }
 *     GradClip.byNorm(opt.parameters(), 1.0);
 *     opt.step();
 * }
 * }</pre>
 */
package dev.vectorgrad.autograd.optim;
