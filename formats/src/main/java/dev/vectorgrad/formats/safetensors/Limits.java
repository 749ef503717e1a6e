package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.formats.json.JsonLimits;

/**
 * What the reader and the writer agree on: the reserved metadata key and the limits of a file. A
 * header the writer accepts is one the reader accepts.
 */
final class Limits {

    /** The reserved root key for the string-to-string metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /** Longest header, in bytes (the limit of the reference implementation). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Most tensors plus metadata entries one header may hold. */
    static final int MAX_ENTRIES = 100_000;

    /** Most dimensions one tensor may have. */
    static final int MAX_RANK = 64;

    /** Longest file {@link SafeTensors#toBytes} returns: the most a byte array holds. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /**
     * The JSON limits of the header: its length, and the three levels of its schema (root object,
     * entry, shape or offsets array). Strings, numbers and counts are bounded by the header's length
     * and checked by the schema itself, which names tensors in its messages.
     */
    static final JsonLimits HEADER_JSON = JsonLimits.defaults()
            .withMaxInputBytes((int) MAX_HEADER_BYTES)
            .withMaxDepth(3)
            .withMaxStringLength(Integer.MAX_VALUE)
            .withMaxNumberLength(Integer.MAX_VALUE)
            .withMaxMembers(Integer.MAX_VALUE)
            .withMaxElements(Integer.MAX_VALUE);

    private Limits() {
    }
}
