/**
 * Tape-based reverse-mode autograd over the vectorgrad kernels: tensors, the tape, differentiable
 * ops, the gradient checker and optimizers.
 */
module dev.vectorgrad.autograd {
    requires transitive dev.vectorgrad.kernels;

    exports dev.vectorgrad.autograd;
    exports dev.vectorgrad.autograd.check;
}
