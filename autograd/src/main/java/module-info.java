/** Tape-based reverse-mode autograd over the vectorgrad kernels. */
module dev.vectorgrad.autograd {
    requires transitive dev.vectorgrad.kernels;

    exports dev.vectorgrad.autograd;
}
