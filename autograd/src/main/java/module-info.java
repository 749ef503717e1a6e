/** Tape-based reverse-mode autograd over the vectorgrad kernels. */
module dev.vectorgrad.autograd {
    requires transitive dev.vectorgrad.kernels;
    // Exports come with the first public type of this module.
}
