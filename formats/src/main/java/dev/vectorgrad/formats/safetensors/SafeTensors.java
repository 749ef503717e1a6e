package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format.
 *
 * <h2>Format</h2>
 * An 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON; then the data buffer.
 * The JSON is an object mapping each tensor name to
 * {@code {"dtype":"F32","shape":[2,3],"data_offsets":[BEGIN,END]}} (offsets into the data buffer,
 * END exclusive), plus an optional {@code "__metadata__"} object of string values. Tensor data is
 * little-endian and row-major.
 *
 * <h2>Reading</h2>
 * The {@code read} methods accept F32 and F64 tensors (loaded as themselves) and BF16 and F16
 * tensors (widened exactly to F32: every value, including subnormals, infinities, signed zeros and
 * NaN payloads, maps to the F32 value with the same meaning). The returned
 * {@link SafeTensorsFile#tensors()} iterate in <em>file order</em>: by data offset (begin, then
 * end, then name for empty tensors sharing an offset).
 *
 * <p>Before allocating anything for tensor data the reader checks, and reports as a
 * {@link SafeTensorsException} naming the tensor and the expected and found values:
 * <ul>
 *   <li>the data is at least 8 bytes long; the header length is at most 100,000,000 bytes (the
 *       limit of the reference implementation), fits in the data and is not 0;</li>
 *   <li>the header starts with <code>'&#123;'</code>, is valid UTF-8 and is well-formed JSON
 *       (RFC 8259, strictly: no trailing commas, comments, leading zeros, unescaped control
 *       characters or unpaired surrogates; only whitespace after the object);</li>
 *   <li>no key appears twice in any object (so no duplicate tensor names);</li>
 *   <li>each entry has exactly the keys {@code dtype}, {@code shape} and {@code data_offsets},
 *       with a string, an array of at most 64 non-negative integers and an array of
 *       two non-negative integers (JSON integers: no fraction or exponent, at most
 *       {@link Long#MAX_VALUE}); {@code __metadata__} is an object of strings;</li>
 *   <li>the dtype is F32, F64, BF16 or F16 (other safetensors dtypes are named as unsupported);</li>
 *   <li>END &ge; BEGIN, and END &minus; BEGIN equals the product of the shape times the dtype size,
 *       computed with overflow checks; dimensions fit in an {@code int} and the element count in
 *       an {@code int} (the limits of {@link Tensor});</li>
 *   <li>sorted by offset, the tensors tile the data buffer exactly: the first begins at 0, each
 *       begins where the previous ends (no gaps, no overlaps), and the last ends at the end of the
 *       data (no truncation, no trailing bytes);</li>
 *   <li>the header has at most 100,000 tensors and metadata entries together.</li>
 * </ul>
 * The header parser follows the schema as it reads, so it never nests deeper than three levels
 * and keeps only names, dtypes, metadata and shapes. Memory used is therefore bounded by a small
 * multiple of the input's size (the header is kept while parsing; BF16 and F16 data
 * doubles when widened): at most 64 KiB plus 48 bytes per input byte, whatever sizes the header
 * claims. Nothing is read outside the input. No other exception escapes the reader for any input;
 * failures of the file or channel itself are {@link IOException}s. These properties are checked
 * on every committed corpus input by a Jazzer fuzz test ({@code SafeTensorsFuzzTest}, see
 * {@code formats/FUZZING.md}).
 *
 * <h2>Writing</h2>
 * The {@code write} methods store each tensor as its own dtype (F32 or F64), in a deterministic
 * layout matching the reference implementation: tensors ordered by dtype size (F64 first, then
 * F32), then by name (by UTF-8 bytes); the header as compact JSON with {@code __metadata__} first
 * (keys sorted, omitted when there is none) followed by the tensors in data order, padded with
 * spaces to a multiple of 8 bytes so that the data is 8-byte aligned. Bad arguments (null names or
 * tensors, the reserved name {@code __metadata__}, strings with unpaired surrogates, more than a
 * reader accepts) throw {@link IllegalArgumentException} before anything is written.
 *
 * <pre>{@code
 * SafeTensors.write(Path.of("model.safetensors"), model.stateDict(), Map.of("epochs", "10"));
 * SafeTensorsFile file = SafeTensors.read(Path.of("model.safetensors"));
 * Tensor w = file.requireShape("head.weight", 10, 256);   // names the tensor and both shapes if it differs
 * String epochs = file.metadata().get("epochs");
 * }</pre>
 */
public final class SafeTensors {

    private static final String IN_MEMORY = "safetensors";

    private SafeTensors() {
    }

    /**
     * Reads a file. Format problems are {@link SafeTensorsException}s whose messages start with
     * the path; a missing or unreadable file is the {@link IOException} the file system gives.
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafeTensorsReader.read(SafeTensorsReader.of(channel, file.toString()));
        }
    }

    /** Reads the whole array (not copied, not changed). */
    public static SafeTensorsFile read(byte[] bytes) throws SafeTensorsException {
        return read(ByteBuffer.wrap(bytes));
    }

    /**
     * Reads the bytes between the buffer's position and its limit; the buffer's position, limit
     * and contents are not changed. Works on heap, direct, read-only and memory-mapped buffers.
     */
    public static SafeTensorsFile read(ByteBuffer buffer) throws SafeTensorsException {
        try {
            return SafeTensorsReader.read(SafeTensorsReader.of(buffer, IN_MEMORY));
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("reading from memory does no I/O", e);
        }
    }

    /**
     * Reads a channel's content from position 0 to its {@link SeekableByteChannel#size() size}. The
     * channel is not closed; its position afterwards is unspecified. A channel that shrinks while
     * being read gives a {@link SafeTensorsException}.
     */
    public static SafeTensorsFile read(SeekableByteChannel channel) throws IOException {
        return SafeTensorsReader.read(SafeTensorsReader.of(channel, IN_MEMORY));
    }

    /** Writes {@code tensors} with no metadata to {@code file}, replacing it if it exists. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, null);
    }

    /**
     * Writes {@code tensors} and {@code metadata} (may be null) to {@code file}, replacing it if it
     * exists. The file is written in place, not atomically.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafeTensorsWriter.length(tensors, metadata); // checks the arguments before the file is created or truncated
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensorsWriter.write(out, tensors, metadata);
        }
    }

    /**
     * Writes {@code tensors} and {@code metadata} (may be null) to {@code out}, which is neither
     * buffered further nor closed (it receives writes of up to 64 KiB).
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafeTensorsWriter.write(out, tensors, metadata);
    }

    /** The bytes {@link #write(OutputStream, Map, Map)} would write; throws if they exceed 2 GiB. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        long length = SafeTensorsWriter.length(tensors, metadata);
        if (length > Limits.MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("toBytes: the file would be " + length
                    + " bytes, more than a byte array holds; write to a file or stream instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        try {
            SafeTensorsWriter.write(out, tensors, metadata);
        } catch (IOException e) {
            throw new AssertionError("writing to memory does no I/O", e);
        }
        return out.toByteArray();
    }
}
