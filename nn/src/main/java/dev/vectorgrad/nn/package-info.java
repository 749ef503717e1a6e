/**
 * Modules: a {@link dev.vectorgrad.nn.Module} owns named parameters and named child modules, so a
 * whole model is one tree whose {@code namedParameters()}, {@code stateDict()}, {@code train(boolean)}
 * and save/load reach every part, with PyTorch's dotted {@code state_dict} names. The generic layers
 * ({@link dev.vectorgrad.nn.Linear}, {@link dev.vectorgrad.nn.Embedding}, {@link dev.vectorgrad.nn.Dropout}),
 * the image layers ({@link dev.vectorgrad.nn.Conv2d}, {@link dev.vectorgrad.nn.MaxPool2d},
 * {@link dev.vectorgrad.nn.AvgPool2d}, {@link dev.vectorgrad.nn.Flatten}, channels-first as PyTorch)
 * and the initialisers ({@link dev.vectorgrad.nn.Init}) live here; recurrent layers build on them in
 * {@code dev.vectorgrad.cells}.
 */
package dev.vectorgrad.nn;
