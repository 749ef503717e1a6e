package dev.vectorgrad.formats.idx;

/**
 * The element type of an IDX file, named by the third byte of its magic number. All multi-byte
 * types are stored big-endian.
 */
public enum IdxType {
    /** Type byte {@code 0x08}: unsigned 8-bit integers, 0 to 255 (the pixels and labels of MNIST). */
    UNSIGNED_BYTE(0x08, 1),
    /** Type byte {@code 0x09}: signed 8-bit integers, -128 to 127. */
    SIGNED_BYTE(0x09, 1),
    /** Type byte {@code 0x0B}: signed 16-bit integers. */
    SHORT(0x0B, 2),
    /** Type byte {@code 0x0C}: signed 32-bit integers. */
    INT(0x0C, 4),
    /** Type byte {@code 0x0D}: IEEE 754 binary32 floats. */
    FLOAT(0x0D, 4),
    /** Type byte {@code 0x0E}: IEEE 754 binary64 doubles. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The type byte of the magic number, for example {@code 0x08} for {@link #UNSIGNED_BYTE}. */
    public int code() {
        return code;
    }

    /** The size of one element in bytes: 1, 2, 4 or 8. */
    public int bytes() {
        return bytes;
    }

    /** Whether the elements are integers (every type but {@link #FLOAT} and {@link #DOUBLE}). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type whose type byte is {@code code}, or null when no type has it. */
    static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
