/** A character-level LSTM language model: corpus, model, training loop, sampling, safetensors save and load. */
package dev.vectorgrad.examples.charlm;
