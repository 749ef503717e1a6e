/** Recurrent cells and layers that match PyTorch's equations and parameter names. */
module dev.vectorgrad.cells {
    requires transitive dev.vectorgrad.autograd;

    exports dev.vectorgrad.cells.io;
}
