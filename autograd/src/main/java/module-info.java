/**
 * Tape-based reverse-mode autograd over the vectorgrad kernels: tensors, the tape, differentiable
 * ops, the gradient checker and optimizers.
 */
module dev.vectorgrad.autograd {
    requires transitive dev.vectorgrad.kernels;

    exports dev.vectorgrad.autograd;
    exports dev.vectorgrad.autograd.check;
    exports dev.vectorgrad.autograd.optim;
    // The dtype-generic view of the kernels, for the fused cells.
    exports dev.vectorgrad.autograd.internal to dev.vectorgrad.cells;
}
