package dev.vectorgrad.autograd;

/**
 * Element type of a {@link Tensor}: {@code F32} for production, {@code F64} for gradient checks
 * and reference runs.
 */
public enum DType {
    /** 32-bit IEEE float, stored in a {@code float[]}. */
    F32(4),
    /** 64-bit IEEE double, stored in a {@code double[]}. */
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
