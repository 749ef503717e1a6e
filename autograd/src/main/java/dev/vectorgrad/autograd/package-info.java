/**
 * Tensors, the tape (a Wengert list), differentiable ops, the gradient checker and optimizers.
 * Not built yet: this package is a placeholder until its issue is taken.
 */
package dev.vectorgrad.autograd;
