package dev.vectorgrad.formats.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/**
 * Hand-built IDX bytes for the tests, written with the JDK alone (never with the reader under test):
 * bytes spelled in hex, a header from a type byte and dimensions, concatenation, gzip.
 */
final class IdxBytes {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private IdxBytes() {
    }

    /** Bytes spelled as hex pairs separated by spaces: {@code "00 00 08 01"}. */
    static byte[] hex(String pairs) {
        String[] parts = pairs.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /**
     * The header {@code 00 00 type rank} followed by each dimension as 4 big-endian bytes; a dimension is
     * given as a long so that values from 2^31 to 2^32 - 1 can be written (its low 32 bits are stored).
     */
    static byte[] header(int type, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (long d : dims) {
            b.putInt((int) d);
        }
        return b.array();
    }

    /** The arrays one after the other. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The bytes compressed by the JDK's gzip writer. */
    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new AssertionError("writing to memory does no I/O", e);
        }
        return out.toByteArray();
    }

    /** Bytes allocated by this thread so far (HotSpot's per-thread counter). */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
