/** Recurrent cells and layers that match PyTorch's equations and parameter names, and their weight I/O. */
module dev.vectorgrad.cells {
    requires transitive dev.vectorgrad.autograd;

    exports dev.vectorgrad.cells;
    exports dev.vectorgrad.cells.io;
    exports dev.vectorgrad.cells.train;
}
