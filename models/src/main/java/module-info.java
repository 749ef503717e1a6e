/**
 * Keras-style models over the cells and the autograd: {@code Sequential} with layers that carry Keras's
 * names, arguments and defaults, {@code compile}/{@code fit}/{@code evaluate}/{@code predict}, Keras's
 * optimizers, losses and metrics, callbacks, input pipelines, and whole-model files.
 */
module dev.vectorgrad.models {
    requires transitive dev.vectorgrad.cells;

    exports dev.vectorgrad.models;
    exports dev.vectorgrad.models.callbacks;
    exports dev.vectorgrad.models.data;
    exports dev.vectorgrad.models.layers;
    exports dev.vectorgrad.models.losses;
    exports dev.vectorgrad.models.metrics;
    exports dev.vectorgrad.models.optimizers;
    exports dev.vectorgrad.models.serving;
}
