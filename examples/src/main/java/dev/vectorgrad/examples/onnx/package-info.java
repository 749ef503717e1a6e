/** Loading a PyTorch model exported to ONNX and checking its outputs against PyTorch's. */
package dev.vectorgrad.examples.onnx;
