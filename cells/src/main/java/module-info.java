/** Recurrent cells and layers that match PyTorch's equations and parameter names, and their weights by PyTorch names. */
module dev.vectorgrad.cells {
    requires transitive dev.vectorgrad.autograd;
    requires dev.vectorgrad.formats;

    exports dev.vectorgrad.cells;
    exports dev.vectorgrad.cells.io;
    exports dev.vectorgrad.cells.train;
}
