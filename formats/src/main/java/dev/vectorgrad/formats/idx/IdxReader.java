package dev.vectorgrad.formats.idx;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The reading behind {@link Idx}: sniffs gzip, then checks the header against the limits before
 * allocating anything for the data, and reads the data in growing chunks so that memory follows the
 * bytes that actually arrive, not the size the header claims.
 */
final class IdxReader {

    /** The first two bytes of every gzip stream (RFC 1952). */
    private static final int GZIP_ID1 = 0x1f;
    private static final int GZIP_ID2 = 0x8b;

    /** The first allocation for the data; it doubles as data arrives, up to the size the header claims. */
    private static final int FIRST_CHUNK = 8192;

    private IdxReader() {
    }

    /** Reads one IDX array from {@code raw}, plain or gzip'd, naming {@code source} in messages. */
    static IdxArray read(InputStream raw, String source, IdxLimits limits) throws IOException {
        PushbackInputStream sniffed = new PushbackInputStream(raw, 2);
        byte[] first = new byte[2];
        int n = sniffed.readNBytes(first, 0, 2);
        sniffed.unread(first, 0, n);
        if (n < 2 || (first[0] & 0xff) != GZIP_ID1 || (first[1] & 0xff) != GZIP_ID2) {
            return parse(sniffed, source, limits);
        }
        // Closing the gzip reader frees its inflater at once; the wrapper keeps the caller's stream open.
        try (InputStream gzip = new GZIPInputStream(new KeepOpen(sniffed), 1 << 16)) {
            return parse(gzip, source, limits);
        } catch (ZipException | EOFException e) {
            throw new IdxException(source, "the gzip stream is damaged: " + e.getMessage(), e);
        }
    }

    private static IdxArray parse(InputStream in, String source, IdxLimits limits) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new IdxException(source, "the input ends after " + got + " of the 4 bytes of the magic number"
                    + " (0x00 0x00, the type byte, the number of dimensions)");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxException(source, "wrong magic number: an IDX file starts with the bytes 0x00 0x00, found "
                    + hex(magic[0]) + " " + hex(magic[1]));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xff);
        if (type == null) {
            throw new IdxException(source, "unknown type byte " + hex(magic[2]) + ": expected 0x08 (UNSIGNED_BYTE),"
                    + " 0x09 (SIGNED_BYTE), 0x0b (SHORT), 0x0c (INT), 0x0d (FLOAT) or 0x0e (DOUBLE)");
        }
        int rank = magic[3] & 0xff;
        if (rank == 0 || rank > limits.maxRank()) {
            throw new IdxException(source, "the number of dimensions is " + rank + ": expected 1 to "
                    + limits.maxRank() + " (IdxLimits.maxRank)");
        }

        byte[] sizes = new byte[4 * rank];
        got = in.readNBytes(sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw new IdxException(source, "the header ends after " + got + " of the " + sizes.length
                    + " bytes of its dimensions");
        }
        long[] dims = new long[rank];
        boolean empty = false;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((sizes[4 * i] & 0xffL) << 24) | ((sizes[4 * i + 1] & 0xff) << 16)
                    | ((sizes[4 * i + 2] & 0xff) << 8) | (sizes[4 * i + 3] & 0xff);
            empty |= dims[i] == 0;
        }
        long elements = 0;
        if (!empty) {
            elements = 1;
            for (long d : dims) {
                if (elements > Long.MAX_VALUE / d) {
                    throw new IdxException(source, "the dimensions " + shape(dims) + " multiply to more than "
                            + Long.MAX_VALUE + " elements (the count overflows a long)");
                }
                elements *= d;
            }
        }
        if (elements > limits.maxElements()) {
            throw new IdxException(source, "the dimensions " + shape(dims) + " claim an element count of "
                    + elements + ", more than the limit of " + limits.maxElements() + " (IdxLimits.maxElements)");
        }
        long dataBytes = elements * type.bytes();
        if (dataBytes > limits.maxDataBytes()) {
            throw new IdxException(source, "the dimensions " + shape(dims) + " of " + type.name() + " claim "
                    + dataBytes + " bytes of data, more than the limit of " + limits.maxDataBytes()
                    + " (IdxLimits.maxDataBytes)");
        }
        int[] intDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            // Only an empty array (another dimension is 0) gets here with a dimension this large.
            if (dims[i] > Integer.MAX_VALUE) {
                throw new IdxException(source, "dimension " + i + " of " + shape(dims) + " is " + dims[i]
                        + ", more than " + Integer.MAX_VALUE);
            }
            intDims[i] = (int) dims[i];
        }

        byte[] data = readData(in, (int) dataBytes, source, type, dims);
        if (in.read() >= 0) {
            throw new IdxException(source, "trailing data: more bytes follow the " + dataBytes
                    + " bytes of data that the header claims (" + shape(dims) + " " + type.name() + " values)");
        }
        return new IdxArray(type, intDims, data);
    }

    /**
     * Reads exactly {@code length} bytes, allocating as they arrive: a chunk of at most
     * {@value #FIRST_CHUNK} bytes that doubles when full, so a short input costs a few kilobytes
     * whatever the header claims.
     */
    private static byte[] readData(InputStream in, int length, String source, IdxType type, long[] dims)
            throws IOException {
        byte[] data = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            // Fewer bytes than asked for only at the end of the input.
            filled += in.readNBytes(data, filled, data.length - filled);
            if (filled < data.length) {
                throw new IdxException(source, "truncated data: the header claims " + shape(dims) + " "
                        + type.name() + " values (" + length + " bytes of data), but the data ends after "
                        + filled + " bytes");
            }
        }
        return data;
    }

    /** Dimensions as {@code 60000 x 28 x 28}. */
    static String shape(long[] dims) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return b.toString();
    }

    /** A byte as {@code 0x} and two lower-case hex digits. */
    static String hex(int b) {
        String digits = "0123456789abcdef";
        return "0x" + digits.charAt((b >> 4) & 0xf) + digits.charAt(b & 0xf);
    }

    /** A stream whose {@code close} leaves the stream under it open. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
