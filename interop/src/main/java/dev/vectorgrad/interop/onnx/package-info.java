/**
 * ONNX import: reads an {@code .onnx} file (protobuf wire format, field numbers of the ONNX schema) into a runnable
 * model over vectorgrad's kernels, with step inference for recurrent graphs ({@link
 * dev.vectorgrad.interop.onnx.OnnxStepPlan}: compiled for a fixed batch, allocation-free per step).
 */
package dev.vectorgrad.interop.onnx;
