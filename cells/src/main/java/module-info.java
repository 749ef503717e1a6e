/**
 * Recurrent cells and sequence layers that match PyTorch's equations and parameter names, their fused
 * training path, allocation-free step inference, and truncated BPTT.
 */
module dev.vectorgrad.cells {
    requires transitive dev.vectorgrad.nn;

    exports dev.vectorgrad.cells;
    exports dev.vectorgrad.cells.train;
}
