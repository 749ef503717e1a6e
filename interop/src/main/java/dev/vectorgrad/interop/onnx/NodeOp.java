package dev.vectorgrad.interop.onnx;

/** One compiled graph node: attributes checked at load time, run on its input values. */
interface NodeOp {

    /**
     * Computes the node's outputs. {@code inputs} has one slot per node input, null for an absent optional input;
     * the result has one slot per node output (null for an output the operator does not produce).
     *
     * @throws IllegalArgumentException for inputs of the wrong type or shape
     */
    OnnxTensor[] run(OnnxTensor[] inputs);
}
