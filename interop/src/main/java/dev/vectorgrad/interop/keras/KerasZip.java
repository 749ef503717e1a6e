package dev.vectorgrad.interop.keras;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The three entries of a {@code .keras} zip ({@code config.json}, {@code metadata.json}, {@code model.weights.h5}),
 * read with the caps of {@link KerasImport}: the entry count, each entry's uncompressed size (counted while inflating,
 * never taken from the headers), and the ratio of inflated to compressed bytes, so that a zip bomb stops after a
 * bounded amount of work with a {@link KerasFormatException}.
 */
final class KerasZip implements AutoCloseable {

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    /** Below this many inflated bytes the compression ratio is not checked (tiny entries compress well). */
    private static final long RATIO_FREE_BYTES = 1 << 20;

    private final ZipFile zip;
    private final String where;

    private KerasZip(ZipFile zip, String where) {
        this.zip = zip;
        this.where = where;
    }

    /** Opens {@code file} and checks its entry count; {@code where} names it in errors. */
    static KerasZip open(Path file, String where) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            // EOFException: the JDK's search for the end record ran past the start of a file too short to hold one.
            throw new KerasFormatException(where + ": not a readable zip archive: " + e, e);
        }
        KerasZip out = new KerasZip(zip, where);
        try {
            if (zip.size() > KerasImport.MAX_ZIP_ENTRIES) {
                throw new KerasFormatException(where + ": the zip has " + zip.size() + " entries, more than the cap of "
                        + KerasImport.MAX_ZIP_ENTRIES);
            }
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                e.nextElement();
            }
        } catch (IOException | RuntimeException e) {
            out.close();
            if (e instanceof KerasFormatException k) {
                throw k;
            }
            throw new KerasFormatException(where + ": damaged zip directory: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether the archive has an entry named {@code name}. */
    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /** The entry {@code name}, inflated, at most {@code cap} bytes. */
    byte[] readEntry(String name, int cap) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        copy(entry(name), out, cap);
        return out.toByteArray();
    }

    private ZipEntry entry(String name) throws KerasFormatException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new KerasFormatException(where + ": the .keras archive has no '" + name + "' (expected " + CONFIG + ", "
                    + METADATA + " and " + WEIGHTS + ")");
        }
        return e;
    }

    private void copy(ZipEntry e, OutputStream out, long cap) throws IOException {
        long compressed = Math.max(1, e.getCompressedSize());
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = open(e)) {
            for (int n; (n = read(e, in, buf)) > 0; ) {
                total += n;
                if (total > cap) {
                    throw new KerasFormatException(where + ": zip entry '" + e.getName() + "' inflates to more than the cap"
                            + " of " + cap + " bytes");
                }
                if (total > RATIO_FREE_BYTES && total > compressed * KerasImport.MAX_COMPRESSION_RATIO) {
                    throw new KerasFormatException(where + ": zip entry '" + e.getName() + "' inflates to more than "
                            + KerasImport.MAX_COMPRESSION_RATIO + " times its " + compressed + " compressed bytes"
                            + " (a zip bomb?)");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private InputStream open(ZipEntry e) throws KerasFormatException {
        try {
            return zip.getInputStream(e);
        } catch (IOException | RuntimeException ex) {
            throw damaged(e, ex);
        }
    }

    /** One read of the entry's data; a damaged entry (bad header, truncated or invalid deflate data) is reported. */
    private int read(ZipEntry e, InputStream in, byte[] buf) throws KerasFormatException {
        try {
            return in.read(buf);
        } catch (IOException | RuntimeException ex) {
            throw damaged(e, ex);
        }
    }

    private KerasFormatException damaged(ZipEntry e, Exception cause) {
        return new KerasFormatException(where + ": zip entry '" + e.getName() + "' is damaged: " + cause, cause);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
