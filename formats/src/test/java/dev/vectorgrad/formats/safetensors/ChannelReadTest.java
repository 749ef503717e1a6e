package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards reading through {@link SafeTensors#read(SeekableByteChannel)} with channels that behave as
 * the channel contracts allow but a plain file does not: reads that return fewer bytes than asked
 * (including none), channels not positioned at 0, a channel read twice, a file channel whose
 * positional reads are short, a channel that ends early (the message names the byte where the data
 * ended, the range being read and the size), and the reuse of one chunk buffer for tensor data.
 */
class ChannelReadTest {

    /** One F32 tensor "w" of shape [4] (16 bytes of data). */
    private static final String HEADER = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";

    private static byte[] fourFloats() {
        ByteBuffer b = ByteBuffer.allocate(8 + HEADER.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(HEADER.length()).put(HEADER.getBytes(StandardCharsets.US_ASCII));
        b.putFloat(1.5f).putFloat(-2f).putFloat(0.125f).putFloat(1e30f);
        return b.array();
    }

    private static final float[] FOUR = {1.5f, -2f, 0.125f, 1e30f};

    /**
     * An in-memory channel (not a {@link FileChannel}) that returns at most {@code maxPerRead}
     * bytes per read and, when {@code zeroEvery} is set, returns 0 on every other read. Its size may
     * be claimed larger than its content, like a file truncated after its size was taken.
     */
    private static final class MemoryChannel implements SeekableByteChannel {
        private final byte[] content;
        private final long claimedSize;
        private final int maxPerRead;
        private final boolean zeroEvery;
        private long position;
        private int reads;

        MemoryChannel(byte[] content, long claimedSize, int maxPerRead, boolean zeroEvery) {
            this.content = content;
            this.claimedSize = claimedSize;
            this.maxPerRead = maxPerRead;
            this.zeroEvery = zeroEvery;
        }

        MemoryChannel(byte[] content) {
            this(content, content.length, Integer.MAX_VALUE, false);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (zeroEvery && reads++ % 2 == 0) {
                return 0;
            }
            if (position >= content.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(dst.remaining(), maxPerRead), content.length - position);
            dst.put(content, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return claimedSize;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void readsThatReturnFewBytesOrNoneAreRetried() throws IOException {
        byte[] bytes = fourFloats();
        assertArrayEquals(FOUR, SafeTensors.read(new MemoryChannel(bytes, bytes.length, 3, false)).tensors().get("w").dataF32());
        assertArrayEquals(FOUR, SafeTensors.read(new MemoryChannel(bytes, bytes.length, 5, true)).tensors().get("w").dataF32());
    }

    @Test
    void aChannelIsReadFromPositionZeroWhereverItIsPositioned() throws IOException {
        byte[] bytes = fourFloats();
        MemoryChannel ch = new MemoryChannel(bytes);
        ch.position(13);
        assertArrayEquals(FOUR, SafeTensors.read(ch).tensors().get("w").dataF32());
        // Read again: the first read left the channel at its end.
        assertArrayEquals(FOUR, SafeTensors.read(ch).tensors().get("w").dataF32());
    }

    @Test
    void aChannelEndingEarlyIsReportedNamingWhereTheDataEndedAndTheRangeBeingRead() {
        byte[] bytes = fourFloats();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        // Claims the full size: the header and the layout check pass, the data ends 6 bytes into the tensor.
        int dataStart = 8 + HEADER.length();
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensors.read(new MemoryChannel(truncated, bytes.length, Integer.MAX_VALUE, false)));
        assertEquals("safetensors: the data ended at byte " + (dataStart + 6) + " while reading bytes [" + dataStart + ", "
                + (dataStart + 16) + "); it was " + bytes.length + " bytes when reading began (was it changed while being"
                + " read?)", e.getMessage());
    }

    /** A file channel over memory whose positional reads return at most 3 bytes. */
    private static final class ShortReadFileChannel extends FileChannel {
        private final byte[] content;
        private long position;

        ShortReadFileChannel(byte[] content) {
            this.content = content;
        }

        @Override
        public int read(ByteBuffer dst, long at) {
            if (at >= content.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(dst.remaining(), 3), content.length - at);
            dst.put(content, (int) at, n);
            return n;
        }

        @Override
        public int read(ByteBuffer dst) {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public FileChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public FileChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public void force(boolean metaData) {
        }

        @Override
        public long transferTo(long at, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long at, long count) {
            throw new NonWritableChannelException();
        }

        @Override
        public int write(ByteBuffer src, long at) {
            throw new NonWritableChannelException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long at, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }

    @Test
    void aFileChannelWhosePositionalReadsAreShortIsReadCompletely() throws IOException {
        try (FileChannel ch = new ShortReadFileChannel(fourFloats())) {
            assertArrayEquals(FOUR, SafeTensors.read(ch).tensors().get("w").dataF32());
        }
    }

    @Test
    void tensorDataIsReadThroughOneReusedChunkBuffer() throws IOException {
        // 8 MiB of F32 data: eight 1 MiB chunks. Reading allocates the tensor (8 MiB) and one chunk
        // buffer (1 MiB) plus small objects, not a new buffer per chunk (which would add 7 MiB).
        int elements = 2 * 1024 * 1024;
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + 4L * elements + "]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 4 * elements).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < elements; i++) {
            b.putFloat(i);
        }
        byte[] bytes = b.array();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        SafeTensors.read(new MemoryChannel(bytes)); // warm up
        long before = threads.getThreadAllocatedBytes(id);
        float[] read = SafeTensors.read(new MemoryChannel(bytes)).tensors().get("big").dataF32();
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        for (int i = 0; i < elements; i++) {
            if (read[i] != i) {
                throw new AssertionError("element " + i + " is " + read[i]);
            }
        }
        long budget = 4L * elements + (3L << 20);
        assertTrue(allocated < budget, "allocated " + allocated + " bytes, budget " + budget);
    }
}
