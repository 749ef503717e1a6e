/**
 * A layer's parameters by PyTorch {@code state_dict} names: {@link dev.vectorgrad.cells.io.StateDict}
 * saves and loads them through the safetensors codec of {@code dev.vectorgrad.formats.safetensors}.
 */
package dev.vectorgrad.cells.io;
