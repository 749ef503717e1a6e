package dev.vectorgrad.formats.idx;

import java.io.IOException;

/**
 * An IDX file (or byte array, or stream) is malformed, or claims more than the {@link IdxLimits}
 * allow. This is the only exception {@link Idx} throws for anything found in the data itself: a
 * short header, a wrong magic number, an unknown type byte, a dimension count of 0 or over the
 * limit, dimensions whose product overflows or passes a limit, truncated data, trailing data, and a
 * damaged gzip stream. The message starts with the source (the file's path, or {@code IDX data})
 * and names the expected and the found values, for example
 * {@code train-images-idx3-ubyte: truncated data: the header claims 60000 x 28 x 28 UNSIGNED_BYTE values
 * (47040000 bytes of data), but the data ends after 1000 bytes}. Failures of the file system or of a caller's
 * stream are plain {@link IOException}s.
 */
public final class IdxException extends IOException {

    private static final long serialVersionUID = 1L;

    IdxException(String source, String problem) {
        super(source + ": " + problem);
    }

    IdxException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
