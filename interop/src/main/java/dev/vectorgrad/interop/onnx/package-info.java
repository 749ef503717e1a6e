/**
 * ONNX import: reads an {@code .onnx} file (protobuf wire format, field numbers of the ONNX schema) into a runnable
 * model over vectorgrad's kernels, with step inference for recurrent graphs.
 */
package dev.vectorgrad.interop.onnx;
