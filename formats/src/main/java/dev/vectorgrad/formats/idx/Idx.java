package dev.vectorgrad.formats.idx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the IDX format of the MNIST and Fashion-MNIST data sets, plain or gzip'd.
 *
 * <h2>Format</h2>
 * A 4-byte magic number: two zero bytes, a type byte ({@code 0x08} unsigned byte, {@code 0x09}
 * signed byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D} float, {@code 0x0E} double, see
 * {@link IdxType}) and the number of dimensions; then each dimension as a 4-byte big-endian
 * unsigned integer, outermost first; then the elements, big-endian, in row-major order, and nothing
 * after them. Fashion-MNIST's {@code train-images-idx3-ubyte} starts {@code 00 00 08 03}, then
 * 60000, 28 and 28; its {@code train-labels-idx1-ubyte} starts {@code 00 00 08 01}, then 60000.
 * Dimensions are unsigned, as the format's other readers take them, so none is negative: a size
 * with its top bit set (which a signed reader would see as negative) is 2<sup>31</sup> or more, and
 * the checks below reject it.
 *
 * <h2>Reading</h2>
 * A file or stream whose first two bytes are gzip's {@code 1f 8b} is decompressed as it is read
 * (whatever its name); anything else is read as plain IDX. The reader checks, and reports as an
 * {@link IdxException} naming the expected and the found values:
 * <ul>
 *   <li>the magic number is complete and starts with two zero bytes; the type byte is one of the six
 *       above; the number of dimensions is at least 1 and at most {@link IdxLimits#maxRank()}
 *       (16 by default);</li>
 *   <li>the dimensions are complete and their product (the element count) does not overflow a
 *       {@code long}: a header claiming 2<sup>31</sup> images of 2<sup>16</sup> &times; 2<sup>16</sup>
 *       pixels is rejected this way;</li>
 *   <li>the element count is at most {@link IdxLimits#maxElements()} and the data bytes (count times
 *       the type's size) at most {@link IdxLimits#maxDataBytes()}; each dimension fits an {@code int};</li>
 *   <li>the data holds exactly the bytes the header claims: fewer is truncated data, more is
 *       trailing data, and both are rejected;</li>
 *   <li>a gzip stream is well formed up to the end of the IDX data, and its trailer's CRC-32 and
 *       length match what was decompressed.</li>
 * </ul>
 * All header checks come before anything is allocated for the data, and the data is then read in
 * chunks that grow as bytes arrive, so memory follows the bytes actually read, never the size a
 * header claims: a hostile header gives an {@link IdxException}, not an {@code OutOfMemoryError}.
 * The reader reads the header, the claimed data and one byte more, so a gzip bomb is decompressed
 * no further than the limits allow. Bytes after the end of a gzip stream that do not start another
 * gzip member are ignored, as {@link java.util.zip.GZIPInputStream} does; further members are read
 * as a continuation of the data (RFC 1952). No other exception escapes the reader for any input;
 * failures of the file system or of a caller's stream are plain {@link IOException}s. These
 * properties are checked on a committed corpus by a Jazzer fuzz test ({@code IdxFuzzTest}, see
 * {@code formats/FUZZING.md}).
 *
 * <pre>{@code
 * Path dir = Path.of("/usr/share/datasets/fashion-mnist");
 * IdxArray images = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"));   // UNSIGNED_BYTE 60000 x 28 x 28
 * IdxArray labels = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz"));   // UNSIGNED_BYTE 60000
 * float[] pixels = images.toUnitFloats();                                   // 47,040,000 values in [0, 1]
 * }</pre>
 */
public final class Idx {

    /** How messages name data that is not a file. */
    private static final String IN_MEMORY = "IDX data";

    private Idx() {
    }

    /** Reads a file with the {@link IdxLimits#defaults() default limits}. */
    public static IdxArray read(Path file) throws IOException {
        return read(file, IdxLimits.defaults());
    }

    /**
     * Reads a file, plain or gzip'd. Problems with its content are {@link IdxException}s whose messages
     * start with the path; a missing or unreadable file is the {@link IOException} the file system gives.
     */
    public static IdxArray read(Path file, IdxLimits limits) throws IOException {
        Objects.requireNonNull(limits, "limits");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return IdxReader.read(in, file.toString(), limits);
        }
    }

    /** Reads the whole array (not copied, not changed) with the {@link IdxLimits#defaults() default limits}. */
    public static IdxArray read(byte[] bytes) throws IdxException {
        return read(bytes, IdxLimits.defaults());
    }

    /** Reads the whole array (not copied, not changed), plain or gzip'd; messages start with {@code IDX data}. */
    public static IdxArray read(byte[] bytes, IdxLimits limits) throws IdxException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        try {
            return IdxReader.read(new ByteArrayInputStream(bytes), IN_MEMORY, limits);
        } catch (IdxException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("reading from memory does no I/O", e);
        }
    }

    /**
     * Reads one IDX array, plain or gzip'd, from the stream to its end (the stream must end where the
     * array does, or it is trailing data). The stream is not closed; messages start with {@code IDX data}.
     */
    public static IdxArray read(InputStream in, IdxLimits limits) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        return IdxReader.read(in, IN_MEMORY, limits);
    }
}
