/**
 * Character-level language models: an LSTM with corpus, model, training loop, sampling, safetensors save and load
 * ({@code CharLm}), and the Keras tutorial's SimpleRNN generator with {@code models} ({@code CharRnn}).
 */
package dev.vectorgrad.examples.charlm;
