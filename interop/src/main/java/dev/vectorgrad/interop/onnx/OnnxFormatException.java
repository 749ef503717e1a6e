package dev.vectorgrad.interop.onnx;

import java.io.IOException;

/**
 * A model file that cannot be loaded: not ONNX protobuf, truncated, over one of the {@link OnnxLimits}, inconsistent
 * (a tensor whose data does not match its shape, a cycle, a value read before it is defined, a gate weight of the wrong
 * shape), or using an operator, opset or attribute this importer does not support. The message names what was
 * expected, what was found, and where (tensor, node, attribute or path).
 */
public class OnnxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** An exception with the given message, caused by {@code cause} (an I/O or protobuf decoding failure). */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
