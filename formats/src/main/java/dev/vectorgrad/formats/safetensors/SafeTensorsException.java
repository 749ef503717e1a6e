package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.formats.json.JsonException;
import java.io.IOException;

/**
 * A safetensors file (or byte array, buffer, channel) is malformed, unsupported, or does not hold
 * the tensors a caller required.
 *
 * <p>This is the only exception the reader throws for anything found in the data itself: bad
 * lengths, invalid UTF-8 or JSON, unknown or missing keys, wrong JSON types, duplicate names,
 * unsupported dtypes, bad shapes or offsets, truncated or trailing data. The message names the
 * tensor (when there is one), the problem and the expected and found values, for example
 * {@code tensor "lstm.weight_ih_l0": data_offsets [0, 48] span 48 bytes, but shape [4, 4] of F32
 * needs 64 bytes}. Failures of the underlying file or channel (missing file, I/O error) are plain
 * {@link IOException}s.
 */
public class SafeTensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The tensor concerned, or null. */
    private final String tensorName;

    /** A problem not tied to one tensor. */
    public SafeTensorsException(String message) {
        super(message);
        this.tensorName = null;
    }

    /**
     * A problem with tensor {@code tensorName}; the message becomes
     * {@code tensor "NAME": problem}.
     */
    public SafeTensorsException(String tensorName, String problem) {
        this(null, tensorName, problem);
    }

    /**
     * A problem found in {@code source} (a file name or a description of the bytes, may be null),
     * with tensor {@code tensorName} (may be null): {@code source: tensor "NAME": problem}.
     */
    SafeTensorsException(String source, String tensorName, String problem) {
        super((source == null ? "" : source + ": ") + (tensorName == null ? "" : "tensor " + quote(tensorName) + ": ")
                + problem);
        this.tensorName = tensorName;
    }

    /** The name of the tensor concerned, or {@code null} when the problem is not tied to one tensor. */
    public String tensorName() {
        return tensorName;
    }

    /**
     * A name as a JSON-style quoted string for messages: control characters and quotes escaped,
     * and shortened to its first 120 characters when longer ({@link JsonException#quote}).
     */
    static String quote(String name) {
        return JsonException.quote(name);
    }
}
