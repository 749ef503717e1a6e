/**
 * Layers with Keras's names, arguments and defaults ({@code Dense}, {@code Embedding}, {@code Dropout},
 * {@code Activation}, {@code SimpleRNN}, {@code LSTM}, {@code GRU}, {@code Bidirectional}, {@code Input}) and
 * Keras's seeded initialisers. Tensors are batch-major, {@code [batch, time, features]}; the recurrent layers run on
 * the cells' fused kernels.
 */
package dev.vectorgrad.models.layers;
