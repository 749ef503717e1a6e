package dev.vectorgrad.formats.idx;

import static dev.vectorgrad.formats.idx.IdxBytes.concat;
import static dev.vectorgrad.formats.idx.IdxBytes.gzip;
import static dev.vectorgrad.formats.idx.IdxBytes.header;
import static dev.vectorgrad.formats.idx.IdxBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labels file and an images file shaped like Fashion-MNIST's (the same magic numbers and layout,
 * fewer images), read from a byte array, from plain and gzip'd files (gzip found by content, not by
 * name), and from a stream that hands out one byte at a time; every route gives the same values.
 */
class IdxSourcesTest {

    /** Fashion-MNIST's first ten training labels, as {@code zcat train-labels-idx1-ubyte.gz | od} shows them. */
    static final byte[] LABELS = hex("00 00 08 01  00 00 00 0a  09 00 00 03 00 02 07 02 05 05");

    static final int IMAGES = 3;
    static final int SIDE = 28;

    /** Pixel {@code (row, col)} of image {@code i} in {@link #images()}: a pattern with every byte value. */
    static int pixel(int i, int row, int col) {
        return (i * 97 + row * 28 + col) & 0xff;
    }

    /** Three 28 x 28 images: the header of {@code train-images-idx3-ubyte} with 3 for 60000, then the pixels. */
    static byte[] images() {
        byte[] pixels = new byte[IMAGES * SIDE * SIDE];
        int at = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    pixels[at++] = (byte) pixel(i, r, c);
                }
            }
        }
        return concat(hex("00 00 08 03  00 00 00 03  00 00 00 1c  00 00 00 1c"), pixels);
    }

    private static void assertLabels(IdxArray labels) {
        assertEquals(IdxType.UNSIGNED_BYTE, labels.type());
        assertArrayEquals(new int[] {10}, labels.dims());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, labels.toInts());
    }

    private static void assertImages(IdxArray images) {
        assertEquals(IdxType.UNSIGNED_BYTE, images.type());
        assertArrayEquals(new int[] {IMAGES, SIDE, SIDE}, images.dims());
        float[] unit = images.toUnitFloats();
        int[] ints = images.toInts();
        for (int i = 0; i < IMAGES; i++) {
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    int at = i * SIDE * SIDE + r * SIDE + c;
                    assertEquals(pixel(i, r, c), ints[at]);
                    assertEquals(pixel(i, r, c) / 255f, unit[at]);
                }
            }
        }
        // The second image alone, through the range method.
        float[] second = images.toUnitFloats(SIDE * SIDE, SIDE * SIDE);
        assertEquals(pixel(1, 0, 0) / 255f, second[0]);
        assertEquals(pixel(1, 27, 27) / 255f, second[SIDE * SIDE - 1]);
    }

    @Test
    void fromBytes() throws IdxException {
        assertLabels(Idx.read(LABELS));
        assertImages(Idx.read(images()));
    }

    @Test
    void fromGzipBytes() throws IdxException {
        assertLabels(Idx.read(gzip(LABELS)));
        assertImages(Idx.read(gzip(images())));
    }

    @Test
    void fromPlainAndGzipFilesWhateverTheirNames(@TempDir Path dir) throws IOException {
        Path plain = Files.write(dir.resolve("train-labels-idx1-ubyte"), LABELS);
        Path gz = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images()));
        Path gzNamedPlain = Files.write(dir.resolve("labels.idx"), gzip(LABELS));
        Path plainNamedGz = Files.write(dir.resolve("images.gz"), images());
        assertLabels(Idx.read(plain));
        assertImages(Idx.read(gz));
        assertLabels(Idx.read(gzNamedPlain, IdxLimits.defaults()));
        assertImages(Idx.read(plainNamedGz));
    }

    @Test
    void messagesNameTheFile(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("bad-labels.gz"), gzip(concat(LABELS, hex("00"))));
        assertEquals(bad + ": trailing data: more bytes follow the 10 bytes of data that the header claims"
                + " (10 UNSIGNED_BYTE values)", assertThrows(IdxException.class, () -> Idx.read(bad)).getMessage());
    }

    @Test
    void aMissingFileIsTheFileSystemsException(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Idx.read(dir.resolve("absent")));
    }

    @Test
    void fromStreamsThatHandOutOneByteAtATime() throws IOException {
        assertLabels(Idx.read(new Trickle(LABELS), IdxLimits.defaults()));
        assertImages(Idx.read(new Trickle(images()), IdxLimits.defaults()));
        assertImages(Idx.read(new Trickle(gzip(images())), IdxLimits.defaults()));
        assertEquals("IDX data: truncated data: the header claims 10 UNSIGNED_BYTE values (10 bytes of data),"
                + " but the data ends after 9 bytes", assertThrows(IdxException.class,
                () -> Idx.read(new Trickle(Arrays.copyOf(LABELS, 17)), IdxLimits.defaults())).getMessage());
    }

    @Test
    void theStreamIsReadToItsEndAndLeftOpen() throws IOException {
        Trickle in = new Trickle(images());
        Idx.read(in, IdxLimits.defaults());
        assertEquals(-1, in.read());
        assertFalse(in.closed);
        Trickle gz = new Trickle(gzip(images()));
        Idx.read(gz, IdxLimits.defaults());
        assertFalse(gz.closed);
    }

    @Test
    void anArrayLargerThanTheFirstChunkGrowsToExactlyItsSize() throws IdxException {
        // 100,003 shorts (200,006 bytes) pass several doublings of the reader's first 8 KiB chunk.
        int n = 100_003;
        byte[] data = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            data[2 * i] = (byte) (i >> 8);
            data[2 * i + 1] = (byte) i;
        }
        IdxArray a = Idx.read(concat(header(0x0b, n), data));
        assertEquals(n, a.size());
        int[] v = a.toInts();
        for (int i = 0; i < n; i++) {
            assertEquals((short) i, v[i]);
        }
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        assertEquals("limits", assertThrows(NullPointerException.class, () -> Idx.read(LABELS, null)).getMessage());
        assertEquals("bytes", assertThrows(NullPointerException.class, () -> Idx.read((byte[]) null)).getMessage());
        assertEquals("in", assertThrows(NullPointerException.class,
                () -> Idx.read((InputStream) null, IdxLimits.defaults())).getMessage());
        assertEquals("limits", assertThrows(NullPointerException.class,
                () -> Idx.read(new ByteArrayInputStream(LABELS), null)).getMessage());
        assertEquals("limits", assertThrows(NullPointerException.class,
                () -> Idx.read(Path.of("absent"), null)).getMessage());
    }

    /** A stream that returns at most one byte per read, and remembers whether it was closed. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int at;
        boolean closed;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at >= bytes.length) {
                return -1;
            }
            b[off] = bytes[at++];
            return 1;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
