package dev.vectorgrad.interop.keras;

import java.io.IOException;

/**
 * A Keras file that cannot be imported: damaged, hostile (a zip bomb, a size over a cap of {@link KerasImport}), or
 * describing something these importers do not support (an unknown layer or key). The message names the file, what
 * was expected and what was found, and the layer, zip entry or HDF5 path concerned. The one exception type the
 * importer throws for a bad file; an unreadable file (permissions, a disk error) stays a plain {@link IOException}.
 */
public final class KerasFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public KerasFormatException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public KerasFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
