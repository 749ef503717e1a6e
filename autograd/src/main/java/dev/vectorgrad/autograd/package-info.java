/**
 * Tensors ({@link dev.vectorgrad.autograd.Tensor}), the tape ({@link dev.vectorgrad.autograd.Tape},
 * a Wengert list) and the differentiable ops ({@link dev.vectorgrad.autograd.Ops},
 * {@link dev.vectorgrad.autograd.Shapes}, {@link dev.vectorgrad.autograd.Losses}).
 */
package dev.vectorgrad.autograd;
