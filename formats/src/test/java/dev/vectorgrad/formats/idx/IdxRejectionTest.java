package dev.vectorgrad.formats.idx;

import static dev.vectorgrad.formats.idx.IdxBytes.allocatedBytes;
import static dev.vectorgrad.formats.idx.IdxBytes.concat;
import static dev.vectorgrad.formats.idx.IdxBytes.gzip;
import static dev.vectorgrad.formats.idx.IdxBytes.header;
import static dev.vectorgrad.formats.idx.IdxBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile IDX files, one per rule of {@link Idx}: each gives an {@link IdxException} whose
 * message names the expected and the found values, and none allocates what its header claims. The
 * issue's own case, a header claiming 2^31 images of 2^16 x 2^16 pixels, is here byte for byte.
 */
class IdxRejectionTest {

    private static String rejects(byte[] input) {
        return assertThrows(IdxException.class, () -> Idx.read(input)).getMessage();
    }

    private static String rejects(byte[] input, IdxLimits limits) {
        return assertThrows(IdxException.class, () -> Idx.read(input, limits)).getMessage();
    }

    /**
     * The bytes a rejected read allocates, measured on a second read so that class loading and the
     * first run of the error path are not counted.
     */
    private static long allocatedRejecting(byte[] input) {
        rejects(input);
        long before = allocatedBytes();
        rejects(input);
        return allocatedBytes() - before;
    }

    /**
     * What a rejected read may allocate: the reader's first data chunk (8 KiB), the exception with its
     * stack trace and message, and the buffers of a gzip stream (64 KiB), with room to spare. A read
     * that allocated what a header claims would pass it by 2^28 bytes or more.
     */
    private static final long SMALL = 256 * 1024;

    // ---- the magic number ---------------------------------------------------------------------

    @Test
    void inputShorterThanTheMagicNumber() {
        assertEquals("IDX data: the input ends after 0 of the 4 bytes of the magic number (0x00 0x00, the type byte,"
                + " the number of dimensions)", rejects(new byte[0]));
        assertEquals("IDX data: the input ends after 3 of the 4 bytes of the magic number (0x00 0x00, the type byte,"
                + " the number of dimensions)", rejects(hex("00 00 08")));
        assertTrue(rejects(hex("00")).startsWith("IDX data: the input ends after 1 of the 4 bytes"));
    }

    @Test
    void wrongMagicNumber() {
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x01 0x00",
                rejects(hex("01 00 08 01  00 00 00 01  05")));
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x00 0x01",
                rejects(hex("00 01 08 01  00 00 00 01  05")));
        // A PNG file.
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x89 0x50",
                rejects(hex("89 50 4e 47 0d 0a 1a 0a")));
        // A little-endian writer's header: the magic read backwards.
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x01 0x08",
                rejects(hex("01 08 00 00  01 00 00 00  05")));
    }

    @Test
    void unknownTypeByte() {
        for (String type : new String[] {"00", "07", "0a", "0f", "ff"}) {
            assertEquals("IDX data: unknown type byte 0x" + type + ": expected 0x08 (UNSIGNED_BYTE), 0x09 (SIGNED_BYTE),"
                    + " 0x0b (SHORT), 0x0c (INT), 0x0d (FLOAT) or 0x0e (DOUBLE)",
                    rejects(hex("00 00 " + type + " 01  00 00 00 01  05")));
        }
    }

    // ---- the number of dimensions -------------------------------------------------------------

    @Test
    void zeroDimensions() {
        assertEquals("IDX data: the number of dimensions is 0: expected 1 to 16 (IdxLimits.maxRank)",
                rejects(hex("00 00 08 00  05")));
    }

    @Test
    void moreDimensionsThanTheLimit() throws IdxException {
        long[] ones = new long[17];
        Arrays.fill(ones, 1);
        assertEquals("IDX data: the number of dimensions is 17: expected 1 to 16 (IdxLimits.maxRank)",
                rejects(concat(header(0x08, ones), hex("05"))));
        // 16, the default limit, is read.
        assertArrayEquals(new int[] {5}, Idx.read(concat(header(0x08, Arrays.copyOf(ones, 16)), hex("05"))).toInts());
        // 255, the most a header can name, is read when the limits allow it and refused at 254.
        long[] many = new long[255];
        Arrays.fill(many, 1);
        byte[] rank255 = concat(header(0x08, many), hex("07"));
        assertEquals(255, Idx.read(rank255, IdxLimits.defaults().withMaxRank(255)).rank());
        assertEquals("IDX data: the number of dimensions is 255: expected 1 to 254 (IdxLimits.maxRank)",
                rejects(rank255, IdxLimits.defaults().withMaxRank(254)));
    }

    @Test
    void dimensionsCutShort() {
        assertEquals("IDX data: the header ends after 6 of the 12 bytes of its dimensions",
                rejects(hex("00 00 08 03  00 00 00 01  00 00")));
        assertEquals("IDX data: the header ends after 0 of the 4 bytes of its dimensions", rejects(hex("00 00 0d 01")));
    }

    // ---- the element count --------------------------------------------------------------------

    /** The header, byte for byte: 00 00 08 03, then 2^31, 2^16 and 2^16. */
    static final byte[] HUGE = hex("00 00 08 03  80 00 00 00  00 01 00 00  00 01 00 00");

    static final String HUGE_MESSAGE = "the dimensions 2147483648 x 65536 x 65536 multiply to more than"
            + " 9223372036854775807 elements (the count overflows a long)";

    @Test
    void aHeaderClaiming2To31ImagesOf2To16By2To16PixelsIsRejectedWithoutAllocatingThem(@TempDir Path dir)
            throws IOException {
        assertEquals("IDX data: " + HUGE_MESSAGE, rejects(HUGE));
        assertEquals("IDX data: " + HUGE_MESSAGE, rejects(concat(HUGE, new byte[784])));
        assertEquals("IDX data: " + HUGE_MESSAGE, rejects(gzip(HUGE)));
        // The largest limits change nothing: the count overflows before any limit is asked.
        IdxLimits largest = IdxLimits.defaults().withMaxElements(IdxLimits.DATA_BYTES_CAP)
                .withMaxDataBytes(IdxLimits.DATA_BYTES_CAP).withMaxRank(IdxLimits.RANK_CAP);
        assertEquals("IDX data: " + HUGE_MESSAGE, rejects(HUGE, largest));
        Path file = Files.write(dir.resolve("train-images-idx3-ubyte"), HUGE);
        assertEquals(file + ": " + HUGE_MESSAGE, assertThrows(IdxException.class, () -> Idx.read(file)).getMessage());
        long allocated = allocatedRejecting(HUGE);
        assertTrue(allocated < SMALL, () -> "allocated " + allocated + " bytes");
    }

    @Test
    void dimensionsAreUnsignedSoOneASignedReaderCallsNegativeIsHugeAndRefused() {
        // ff ff ff ff is -1 to a signed reader, 4294967295 here; 80 00 00 00 is -2^31 or 2^31.
        assertEquals("IDX data: the dimensions 4294967295 claim an element count of 4294967295, more than the limit of"
                + " 268435456 (IdxLimits.maxElements)", rejects(hex("00 00 08 01  ff ff ff ff  01 02 03")));
        assertEquals("IDX data: the dimensions 2147483648 x 1 claim an element count of 2147483648, more than the limit"
                + " of 268435456 (IdxLimits.maxElements)", rejects(hex("00 00 08 02  80 00 00 00  00 00 00 01")));
        assertEquals("IDX data: the dimensions 1 x 4294967294 claim an element count of 4294967294, more than the limit"
                + " of 2147483639 (IdxLimits.maxElements)", rejects(hex("00 00 0e 02  00 00 00 01  ff ff ff fe"),
                IdxLimits.defaults().withMaxElements(IdxLimits.DATA_BYTES_CAP)));
    }

    @Test
    void theOverflowCheckIsExactAtTheLargestLong() {
        // 49 * 73 * 127 * 337 * 92737 * 649657 = 2^63 - 1 exactly (the factorisation of Long.MAX_VALUE):
        // it does not overflow, so the element limit names it; one more factor of 2 overflows.
        assertEquals("IDX data: the dimensions 49 x 73 x 127 x 337 x 92737 x 649657 claim an element count of 9223372036854775807,"
                + " more than the limit of 268435456 (IdxLimits.maxElements)",
                rejects(header(0x08, 49, 73, 127, 337, 92737, 649657)));
        assertEquals("IDX data: the dimensions 49 x 73 x 127 x 337 x 92737 x 649657 x 2 multiply to more than"
                + " 9223372036854775807 elements (the count overflows a long)",
                rejects(header(0x08, 49, 73, 127, 337, 92737, 649657, 2)));
        assertEquals("IDX data: the dimensions 2 x 649657 x 92737 x 337 x 127 x 73 x 49 multiply to more than"
                + " 9223372036854775807 elements (the count overflows a long)",
                rejects(header(0x08, 2, 649657, 92737, 337, 127, 73, 49)));
        assertEquals("IDX data: the dimensions 4294967295 x 4294967295 multiply to more than"
                + " 9223372036854775807 elements (the count overflows a long)",
                rejects(hex("00 00 08 02  ff ff ff ff  ff ff ff ff")));
    }

    @Test
    void aZeroDimensionMakesAnyProductEmptyButEachDimensionMustFitAnInt() throws IdxException {
        // 2^31 x 2^16 x 2^16 x 0 is 0 elements, not an overflow; but 2^31 is no int dimension.
        assertEquals("IDX data: dimension 0 of 2147483648 x 65536 x 65536 x 0 is 2147483648, more than 2147483647",
                rejects(header(0x08, 1L << 31, 1 << 16, 1 << 16, 0)));
        assertEquals("IDX data: dimension 1 of 0 x 4294967295 is 4294967295, more than 2147483647",
                rejects(hex("00 00 0e 02  00 00 00 00  ff ff ff ff")));
        assertEquals(0, Idx.read(header(0x0e, 0, Integer.MAX_VALUE)).size());
    }

    @Test
    void moreElementsThanTheDefaultLimit() {
        assertEquals("IDX data: the dimensions 268435457 claim an element count of 268435457, more than the limit of 268435456"
                + " (IdxLimits.maxElements)", rejects(header(0x08, (1 << 28) + 1)));
        assertEquals("IDX data: the dimensions 16385 x 16384 claim an element count of 268451840, more than the limit of 268435456"
                + " (IdxLimits.maxElements)", rejects(header(0x08, 16385, 16384)));
    }

    @Test
    void aClaimAtTheDefaultLimitIsReadAndFoundTruncatedWithoutAllocatingIt() {
        // 2^28 unsigned bytes: exactly the element limit and under the byte limit, so the reader starts on
        // the data, finds 10 bytes and stops, having allocated its first chunk and not 256 MiB.
        byte[] claim = concat(header(0x08, 1 << 28), new byte[10]);
        assertEquals("IDX data: truncated data: the header claims 268435456 UNSIGNED_BYTE values (268435456 bytes of"
                + " data), but the data ends after 10 bytes", rejects(claim));
        long allocated = allocatedRejecting(claim);
        assertTrue(allocated < SMALL, () -> "allocated " + allocated + " bytes");
        // 2^27 doubles are exactly the default byte limit, 2^30.
        byte[] doubles = header(0x0e, 1 << 27);
        assertEquals("IDX data: truncated data: the header claims 134217728 DOUBLE values (1073741824 bytes of data),"
                + " but the data ends after 0 bytes", rejects(doubles));
        long allocatedDoubles = allocatedRejecting(doubles);
        assertTrue(allocatedDoubles < SMALL, () -> "allocated " + allocatedDoubles + " bytes");
    }

    @Test
    void moreDataBytesThanTheDefaultLimit() {
        assertEquals("IDX data: the dimensions 134217729 of DOUBLE claim 1073741832 bytes of data, more than the limit"
                + " of 1073741824 (IdxLimits.maxDataBytes)", rejects(header(0x0e, (1 << 27) + 1)));
        assertEquals("IDX data: the dimensions 8192 x 16385 of DOUBLE claim 1073807360 bytes of data, more than the"
                + " limit of 1073741824 (IdxLimits.maxDataBytes)", rejects(header(0x0e, 8192, 16385)));
    }

    @Test
    void limitsSetByTheCallerAreExact() throws IdxException {
        IdxLimits six = IdxLimits.defaults().withMaxElements(6);
        assertEquals(6, Idx.read(concat(header(0x08, 2, 3), new byte[6]), six).size());
        assertEquals("IDX data: the dimensions 7 claim an element count of 7, more than the limit of 6 (IdxLimits.maxElements)",
                rejects(concat(header(0x08, 7), new byte[7]), six));
        IdxLimits eightBytes = IdxLimits.defaults().withMaxDataBytes(8);
        assertEquals(2, Idx.read(concat(header(0x0c, 2), new byte[8]), eightBytes).size());
        assertEquals("IDX data: the dimensions 3 of INT claim 12 bytes of data, more than the limit of 8"
                + " (IdxLimits.maxDataBytes)", rejects(concat(header(0x0c, 3), new byte[12]), eightBytes));
        IdxLimits none = IdxLimits.defaults().withMaxElements(0).withMaxDataBytes(0);
        assertEquals(0, Idx.read(header(0x0e, 0), none).size());
        assertEquals("IDX data: the dimensions 1 claim an element count of 1, more than the limit of 0 (IdxLimits.maxElements)",
                rejects(concat(header(0x08, 1), new byte[1]), none));
    }

    // ---- the data -----------------------------------------------------------------------------

    @Test
    void truncatedData() {
        assertEquals("IDX data: truncated data: the header claims 2 x 2 SHORT values (8 bytes of data), but the data"
                + " ends after 7 bytes", rejects(hex("00 00 0b 02  00 00 00 02  00 00 00 02  00 01 00 02 00 03 00")));
        assertEquals("IDX data: truncated data: the header claims 10 UNSIGNED_BYTE values (10 bytes of data), but the"
                + " data ends after 0 bytes", rejects(header(0x08, 10)));
    }

    @Test
    void trailingData() {
        assertEquals("IDX data: trailing data: more bytes follow the 3 bytes of data that the header claims"
                + " (3 SIGNED_BYTE values)", rejects(hex("00 00 09 01  00 00 00 03  01 02 03 04")));
        assertEquals("IDX data: trailing data: more bytes follow the 0 bytes of data that the header claims"
                + " (4 x 0 FLOAT values)", rejects(concat(header(0x0d, 4, 0), new byte[1000])));
    }

    // ---- gzip -----------------------------------------------------------------------------------

    private static final byte[] LABELS = IdxSourcesTest.LABELS;

    @Test
    void onlyBothGzipBytesMakeAGzipStream() {
        // 1f 8b alone is a gzip stream cut after its first two bytes; one byte off either way is plain IDX.
        assertTrue(rejects(hex("1f 8b")).startsWith("IDX data: the gzip stream is damaged: "));
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x1f 0x8c",
                rejects(hex("1f 8c 08 00")));
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x1e 0x8b",
                rejects(hex("1e 8b 08 00")));
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x00 0x8b",
                rejects(hex("00 8b 08 00")));
        assertEquals("IDX data: the input ends after 1 of the 4 bytes of the magic number (0x00 0x00, the type byte,"
                + " the number of dimensions)", rejects(hex("1f")));
    }

    @Test
    void aGzipStreamCutInsideItsHeaderIsDamaged() {
        IdxException e = assertThrows(IdxException.class, () -> Idx.read(hex("1f 8b 08")));
        assertTrue(e.getMessage().startsWith("IDX data: the gzip stream is damaged: "), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void aGzipStreamWithAnUnknownCompressionMethodIsDamaged() {
        // Method 7 instead of 8 (deflate).
        IdxException e = assertThrows(IdxException.class,
                () -> Idx.read(hex("1f 8b 07 00 00 00 00 00 00 ff 03 00 00 00 00 00 00 00 00 00")));
        assertEquals("IDX data: the gzip stream is damaged: Unsupported compression method", e.getMessage());
        assertInstanceOf(ZipException.class, e.getCause());
    }

    @Test
    void aGzipStreamWithCorruptDeflateDataIsDamaged() {
        byte[] gz = gzip(IdxSourcesTest.images());
        // Block type 3 is reserved in deflate (RFC 1951): set both type bits of the first block header.
        gz[10] |= 0x06;
        assertTrue(rejects(gz).startsWith("IDX data: the gzip stream is damaged: "));
    }

    @Test
    void aGzipStreamCutShortIsDamaged() {
        byte[] gz = gzip(IdxSourcesTest.images());
        // Cut inside the deflate data: the inflater runs out of input.
        assertEquals("IDX data: the gzip stream is damaged: Unexpected end of ZLIB input stream",
                rejects(Arrays.copyOf(gz, gz.length / 2)));
        // Cut inside the 8-byte trailer (CRC-32, length): the IDX data is complete, the trailer is not.
        assertTrue(rejects(Arrays.copyOf(gz, gz.length - 3)).startsWith("IDX data: the gzip stream is damaged: "));
    }

    @Test
    void aGzipTrailerThatDoesNotMatchTheDataIsDamaged() {
        byte[] gz = gzip(LABELS);
        gz[gz.length - 8] ^= 1; // the CRC-32's lowest byte (the trailer is little-endian)
        assertEquals("IDX data: the gzip stream is damaged: Corrupt GZIP trailer", rejects(gz));
        byte[] length = gzip(LABELS);
        length[length.length - 4] ^= 1; // the stored length
        assertEquals("IDX data: the gzip stream is damaged: Corrupt GZIP trailer", rejects(length));
    }

    @Test
    void aGzipStreamOfBadIdxGivesTheIdxProblem() {
        assertEquals("IDX data: wrong magic number: an IDX file starts with the bytes 0x00 0x00, found 0x01 0x00",
                rejects(gzip(hex("01 00 08 01  00 00 00 01  05"))));
        assertEquals("IDX data: truncated data: the header claims 10 UNSIGNED_BYTE values (10 bytes of data), but the"
                + " data ends after 9 bytes", rejects(gzip(Arrays.copyOf(LABELS, 17))));
        assertEquals("IDX data: trailing data: more bytes follow the 10 bytes of data that the header claims"
                + " (10 UNSIGNED_BYTE values)", rejects(gzip(concat(LABELS, hex("00")))));
    }

    @Test
    void gzipMembersOneAfterTheOtherAreOneStream() throws IdxException {
        // RFC 1952: a gzip file may hold several members; their contents follow one another.
        byte[] twoMembers = concat(gzip(Arrays.copyOf(LABELS, 11)), gzip(Arrays.copyOfRange(LABELS, 11, 18)));
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Idx.read(twoMembers).toInts());
        // A second member with more IDX bytes is trailing data.
        assertTrue(rejects(concat(gzip(LABELS), gzip(hex("01")))).startsWith("IDX data: trailing data:"));
    }

    @Test
    void bytesAfterTheGzipStreamThatStartNoMemberAreIgnoredAsGzipInputStreamDoes() throws IdxException {
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5},
                Idx.read(concat(gzip(LABELS), hex("00 01 02 03 04 05 06 07 08 09 0a 0b"))).toInts());
    }

    /** 1 GiB of zeros as 1024 gzip members of 1 MiB each: about 1 MiB compressed. */
    private static byte[] gibibyteOfZeros() {
        byte[] oneMiB = gzip(new byte[1 << 20]);
        byte[] bomb = new byte[1024 * oneMiB.length];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(oneMiB, 0, bomb, i * oneMiB.length, oneMiB.length);
        }
        return bomb;
    }

    /**
     * A gzip bomb: 1 GiB of zeros after a header that claims 16 bytes. The reader decompresses the 16
     * bytes and one more, finds trailing data and stops: it takes a small part of the compressed input
     * and allocates little.
     */
    @Test
    void aGzipBombIsDecompressedNoFurtherThanTheHeaderClaims() {
        byte[] bomb = concat(gzip(concat(header(0x08, 16), new byte[16])), gibibyteOfZeros());
        Counting in = new Counting(bomb);
        assertEquals("IDX data: trailing data: more bytes follow the 16 bytes of data that the header claims"
                + " (16 UNSIGNED_BYTE values)",
                assertThrows(IdxException.class, () -> Idx.read(in, IdxLimits.defaults())).getMessage());
        assertTrue(in.taken < 256 * 1024, () -> "took " + in.taken + " of " + bomb.length + " compressed bytes");
        long allocated = allocatedRejecting(bomb);
        assertTrue(allocated < SMALL, () -> "allocated " + allocated + " bytes");
    }

    /** A gzip bomb whose header claims more than the limits is refused before its data is decompressed. */
    @Test
    void aGzipBombWhoseHeaderClaimsTooMuchIsRefusedBeforeItsData() {
        byte[] bomb = concat(gzip(header(0x08, 1 << 26)), gibibyteOfZeros());
        IdxLimits small = IdxLimits.defaults().withMaxDataBytes(1 << 20);
        Counting in = new Counting(bomb);
        assertEquals("IDX data: the dimensions 67108864 of UNSIGNED_BYTE claim 67108864 bytes of data, more than the"
                + " limit of 1048576 (IdxLimits.maxDataBytes)",
                assertThrows(IdxException.class, () -> Idx.read(in, small)).getMessage());
        assertTrue(in.taken < 256 * 1024, () -> "took " + in.taken + " of " + bomb.length + " compressed bytes");
    }

    /** A stream over an array that counts the bytes taken from it. */
    static final class Counting extends FilterInputStream {
        long taken;

        Counting(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            taken += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            taken += Math.max(n, 0);
            return n;
        }
    }
}
