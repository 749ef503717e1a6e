/**
 * The image-sequence demo: Fashion-MNIST images in sequences whose label depends on their order, classified with
 * {@code TimeDistributed} convolutions, an LSTM and a softmax, written with {@code models} as the Keras tutorial
 * writes it ({@code FashionSequences}).
 */
package dev.vectorgrad.examples.fashion;
