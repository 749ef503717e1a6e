/** Loading a PyTorch-trained LSTM from safetensors and checking its outputs against PyTorch's. */
package dev.vectorgrad.examples.pytorch;
