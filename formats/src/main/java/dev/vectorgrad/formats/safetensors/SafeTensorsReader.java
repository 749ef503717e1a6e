package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.HeaderParser.Entry;
import dev.vectorgrad.formats.safetensors.HeaderParser.Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors layout from a {@link Source}: validates the length prefix, the header and the
 * layout of the data buffer completely, and only then allocates and fills the tensors.
 */
final class SafeTensorsReader {

    /** Bytes read per call from a channel while filling tensors. */
    private static final int CHANNEL_CHUNK = 1 << 20;

    /** Characters decoded at a time while the header's UTF-8 is checked. */
    private static final int UTF8_CHECK_CHARS = 4096;

    private SafeTensorsReader() {
    }

    /** Random access to the bytes of a file or buffer. */
    abstract static class Source {
        /** How the source is named in messages. */
        final String label;

        Source(String label) {
            this.label = label;
        }

        /** Total length in bytes. */
        abstract long size() throws IOException;

        /** Most bytes {@link #read} should be asked for at once. */
        abstract int chunk();

        /**
         * {@code length} bytes from {@code position}, little-endian, as the remaining bytes of a buffer
         * that stays valid until the next call.
         */
        abstract ByteBuffer read(long position, int length) throws IOException;
    }

    /** A source over the remaining bytes of a buffer (its position and limit are not changed). */
    static Source of(ByteBuffer buffer, String label) {
        ByteBuffer view = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Source(label) {
            @Override
            long size() {
                return view.capacity();
            }

            @Override
            int chunk() {
                return Integer.MAX_VALUE - 8;
            }

            @Override
            ByteBuffer read(long position, int length) {
                return view.slice((int) position, length).order(ByteOrder.LITTLE_ENDIAN);
            }
        };
    }

    /** A source over a channel, read from position 0 to its size. */
    static Source of(SeekableByteChannel channel, String label) {
        return new Source(label) {
            private ByteBuffer buffer;

            @Override
            long size() throws IOException {
                return channel.size();
            }

            @Override
            int chunk() {
                return CHANNEL_CHUNK;
            }

            @Override
            ByteBuffer read(long position, int length) throws IOException {
                // Callers ask only for bytes within the size checked before (the prefix, the header,
                // then tensor data in chunks), so these allocations are bounded by the channel's size.
                ByteBuffer b;
                if (length <= CHANNEL_CHUNK) {
                    if (buffer == null || buffer.capacity() < length) {
                        buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                    }
                    b = buffer;
                    b.clear().limit(length);
                } else {
                    b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                }
                if (!(channel instanceof FileChannel)) {
                    channel.position(position);
                }
                while (b.hasRemaining()) {
                    int n = channel instanceof FileChannel file ? file.read(b, position + b.position()) : channel.read(b);
                    if (n < 0) {
                        throw new SafeTensorsException(label, null, "the data ended at byte " + (position + b.position())
                                + " while reading bytes [" + position + ", " + (position + length)
                                + "); it was " + size() + " bytes when reading began (was it changed while being read?)");
                    }
                }
                return b.flip();
            }
        };
    }

    /** Reads everything: validation first, then the tensors in the order of their data. */
    static SafeTensorsFile read(Source source) throws IOException {
        String label = source.label;
        long size = source.size();
        if (size < 8) {
            throw new SafeTensorsException(label, null, "the data is " + size
                    + " bytes long, shorter than the 8-byte header length that starts a safetensors file");
        }
        long headerLength = source.read(0, 8).getLong();
        if (headerLength < 0 || headerLength > Limits.MAX_HEADER_BYTES) {
            throw new SafeTensorsException(label, null, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + Limits.MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - 8) {
            throw new SafeTensorsException(label, null, "header length " + headerLength + " runs past the end of the data: 8 + "
                    + headerLength + " = " + (8 + headerLength) + " bytes needed, but there are " + size);
        }
        if (headerLength == 0) {
            throw new SafeTensorsException(label, null, "the header is empty (length 0): expected a JSON object starting with '{'");
        }
        ByteBuffer headerBytes = source.read(8, (int) headerLength);
        byte first = headerBytes.get(headerBytes.position());
        if (first != '{') {
            throw new SafeTensorsException(label, null, "the header must start with '{' (0x7B), found byte 0x"
                    + HexFormat.of().withUpperCase().toHexDigits(first));
        }
        checkUtf8(headerBytes, label);
        Header header = parseHeader(headerBytes, label);
        long dataLength = size - 8 - headerLength;
        List<Entry> entries = layout(header.entries(), dataLength, label);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        long dataStart = 8 + headerLength;
        for (Entry e : entries) {
            tensors.put(e.name(), load(source, dataStart, e));
            dtypes.put(e.name(), e.dtype().name());
        }
        return new SafeTensorsFile(label, tensors, dtypes, header.metadata());
    }

    /** Checks strict UTF-8 (malformed and unmappable input reported, not replaced); the buffer is not moved. */
    private static void checkUtf8(ByteBuffer bytes, String label) throws SafeTensorsException {
        ByteBuffer in = bytes.slice(); // position 0 at the header's first byte
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(UTF8_CHECK_CHARS);
        CoderResult result;
        do {
            chars.clear();
            result = decoder.decode(in, chars, true);
        } while (result.isOverflow());
        if (result.isError()) {
            throw new SafeTensorsException(label, null, "the header is not valid UTF-8: " + result.length()
                    + " invalid byte(s) at header byte " + in.position() + " (file byte " + (8 + in.position()) + ")");
        }
    }

    /** Parses the header's bytes: in place when the buffer has an accessible array, else from a copy. */
    private static Header parseHeader(ByteBuffer bytes, String label) throws SafeTensorsException {
        ByteBuffer header = bytes.slice(); // position 0 at the header's first byte
        if (header.hasArray()) {
            return HeaderParser.parse(label, header.array(), header.arrayOffset(), header.remaining());
        }
        byte[] copy = new byte[header.remaining()];
        header.get(0, copy);
        return HeaderParser.parse(label, copy, 0, copy.length);
    }

    /**
     * Sorts the entries by their place in the data buffer (begin, then end, then name) and checks
     * that they tile it exactly: the first begins at 0, each begins where the previous ends, and the
     * last ends at the buffer's end.
     */
    private static List<Entry> layout(List<Entry> entries, long dataLength, String label) throws SafeTensorsException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)
                .thenComparing(Entry::name, SafeTensorsReader::compareUtf8));
        long at = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() != at) {
                String where = "[" + e.begin() + ", " + e.end() + "]";
                if (previous == null) {
                    throw new SafeTensorsException(label, e.name(), "\"data_offsets\" " + where
                            + " begin at " + e.begin() + ", but the first tensor's data must begin at 0 (a gap of "
                            + e.begin() + " bytes)");
                }
                String prev = "tensor " + SafeTensorsException.quote(previous.name()) + " [" + previous.begin() + ", "
                        + previous.end() + "]";
                throw new SafeTensorsException(label, e.name(), e.begin() > at
                        ? "\"data_offsets\" " + where + " begin at " + e.begin() + ", but " + prev + " ends at " + at
                                + ": a gap of " + (e.begin() - at) + " bytes (offsets must be contiguous)"
                        : "\"data_offsets\" " + where + " overlap " + prev + " by " + (at - e.begin())
                                + " bytes (offsets must be contiguous)");
            }
            if (e.end() > dataLength) {
                throw new SafeTensorsException(label, e.name(), "\"data_offsets\" [" + e.begin() + ", " + e.end()
                        + "] end past the data buffer, which has " + dataLength + " bytes (file truncated?)");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataLength) {
            throw new SafeTensorsException(label, null, "the data buffer has " + dataLength + " bytes, but "
                    + (sorted.isEmpty() ? "the header lists no tensors" : "the tensors end at " + at) + ": "
                    + (dataLength - at) + " trailing bytes");
        }
        return sorted;
    }

    /**
     * IEEE binary16 to float, exactly: normal and subnormal values, signed zeros and infinities, and
     * NaNs with their sign and payload (quiet or signalling) kept in the top fraction bits.
     * ({@code Float.float16ToFloat} may quiet signalling NaNs, depending on the CPU.)
     */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = half >>> 10 & 0x1F;
        int fraction = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | fraction << 13);
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | exponent + (127 - 15) << 23 | fraction << 13);
        }
        // Zero or subnormal: fraction * 2^-24, exact in float (a normal float for any fraction > 0).
        float magnitude = fraction * 0x1p-24f;
        return sign != 0 ? -magnitude : magnitude;
    }

    /** Orders strings by their UTF-8 bytes (that is, by code point). */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; ) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Allocates one tensor and fills it from the data buffer, widening BF16 and F16 exactly. */
    private static Tensor load(Source source, long dataStart, Entry e) throws IOException {
        Tensor t = Tensor.zeros(e.dtype().loadsAs, e.shape());
        int size = e.dtype().bytes;
        int total = e.elements();
        int perChunk = source.chunk() / size;
        long position = dataStart + e.begin();
        for (int done = 0; done < total; ) {
            int n = Math.min(total - done, perChunk);
            ByteBuffer bytes = source.read(position, n * size);
            switch (e.dtype()) {
                case F32 -> bytes.asFloatBuffer().get(t.dataF32(), done, n);
                case F64 -> bytes.asDoubleBuffer().get(t.dataF64(), done, n);
                case F16 -> {
                    ShortBuffer halves = bytes.asShortBuffer();
                    float[] out = t.dataF32();
                    for (int i = 0; i < n; i++) {
                        out[done + i] = halfToFloat(halves.get(i));
                    }
                }
                case BF16 -> {
                    ShortBuffer halves = bytes.asShortBuffer();
                    float[] out = t.dataF32();
                    for (int i = 0; i < n; i++) {
                        out[done + i] = Float.intBitsToFloat((halves.get(i) & 0xFFFF) << 16);
                    }
                }
            }
            done += n;
            position += (long) n * size;
        }
        return t;
    }
}
