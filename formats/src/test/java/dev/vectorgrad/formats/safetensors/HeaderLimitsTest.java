package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards the reader's limits at their exact values, on hand-built files: the header-length prefix
 * at {@link Limits#MAX_HEADER_BYTES} and one more, the entry count at
 * {@link Limits#MAX_ENTRIES} counting metadata, the shape arithmetic at the edge of
 * {@code long} overflow, dimensions and element counts at {@code Integer.MAX_VALUE} and one more,
 * offset spans that do not begin at 0, and tensor names shortened in messages after exactly 120
 * characters.
 */
class HeaderLimitsTest {

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array();
    }

    private static String rejects(String header, int dataBytes) {
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file(header, dataBytes))).getMessage();
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    // ---- the length prefix --------------------------------------------------------------------

    private static byte[] prefixOnly(long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
    }

    @Test
    void aHeaderLengthOfExactlyTheLimitIsAcceptedAndThenCheckedAgainstTheData() {
        // 100000000 passes the limit check and fails the next one: the 8-byte input has no room for it.
        assertEquals("safetensors: header length 100000000 runs past the end of the data: 8 + 100000000 = 100000008"
                + " bytes needed, but there are 8",
                assertThrows(SafeTensorsException.class, () -> SafeTensors.read(prefixOnly(100_000_000L))).getMessage());
    }

    @Test
    void aHeaderLengthOfOneMoreThanTheLimitIsRejectedNamingBoth() {
        assertEquals("safetensors: header length 100000001 exceeds the limit of 100000000 bytes",
                assertThrows(SafeTensorsException.class, () -> SafeTensors.read(prefixOnly(100_000_001L))).getMessage());
    }

    // ---- the entry count ----------------------------------------------------------------------

    /** A metadata object of {@code n} entries "k0":"", "k1":"", ... */
    private static String metadata(int n) {
        StringBuilder b = new StringBuilder("\"__metadata__\":{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"\"");
        }
        return b.append('}').toString();
    }

    @Test
    void metadataCountsTowardsTheEntryLimitOfATensorThatFollowsIt() throws SafeTensorsException {
        String tensor = entry("w", "F32", "[0]", "[0,0]");
        // 99999 metadata entries + 1 tensor = 100000: accepted.
        SafeTensorsFile f = SafeTensors.read(file("{" + metadata(99_999) + "," + tensor + "}", 0));
        assertEquals(99_999, f.metadata().size());
        assertArrayEquals(new int[] {0}, f.tensors().get("w").shape());
        // 100000 metadata entries + 1 tensor = 100001: rejected when the tensor is reached.
        assertEquals("safetensors: the header has more than 100000 entries (tensors and metadata), the most this reader"
                + " accepts", rejects("{" + metadata(100_000) + "," + tensor + "}", 0));
    }

    // ---- shape arithmetic ---------------------------------------------------------------------

    @Test
    void aShapeWhoseByteCountIsJustBelowLongOverflowIsNotAnOverflow() {
        // 4 * 2305843009213693951 = 9223372036854775804 <= Long.MAX_VALUE: no overflow, but the dimension is too large.
        assertEquals("safetensors: tensor \"w\": shape [2305843009213693951] has dimension 2305843009213693951, larger"
                + " than 2147483647 (the largest tensor dimension)",
                rejects("{" + entry("w", "F32", "[2305843009213693951]", "[0,9223372036854775804]") + "}", 0));
        // 4 * 2305843009213693952 = 2^63: overflow.
        assertEquals("safetensors: tensor \"w\": shape [2305843009213693952] of F32 needs more than 9223372036854775807"
                + " bytes (overflow)", rejects("{" + entry("w", "F32", "[2305843009213693952]", "[0,0]") + "}", 0));
        // Overflow found at the second dimension: 4 * 2^31 * 2^31 = 2^64.
        assertEquals("safetensors: tensor \"w\": shape [2147483648, 2147483648] of F32 needs more than"
                + " 9223372036854775807 bytes (overflow)",
                rejects("{" + entry("w", "F32", "[2147483648,2147483648]", "[0,0]") + "}", 0));
    }

    @Test
    void aDimensionAndElementCountOfIntMaxValueAreAccepted() {
        // [2147483647] of F32 spans 8589934588 bytes: valid as an entry, so the layout check reports the missing data.
        assertEquals("safetensors: tensor \"w\": \"data_offsets\" [0, 8589934588] end past the data buffer, which has 0"
                + " bytes (file truncated?)", rejects("{" + entry("w", "F32", "[2147483647]", "[0,8589934588]") + "}", 0));
        assertEquals("safetensors: tensor \"h\": \"data_offsets\" [0, 4294967294] end past the data buffer, which has 0"
                + " bytes (file truncated?)", rejects("{" + entry("h", "F16", "[2147483647]", "[0,4294967294]") + "}", 0));
    }

    @Test
    void aDimensionOrElementCountOfIntMaxValuePlusOneIsRejectedNamingIt() {
        assertEquals("safetensors: tensor \"w\": shape [2147483648] has dimension 2147483648, larger than 2147483647"
                + " (the largest tensor dimension)",
                rejects("{" + entry("w", "F32", "[2147483648]", "[0,8589934592]") + "}", 0));
        // 65536 * 32768 = 2^31 elements of 2 bytes.
        assertEquals("safetensors: tensor \"h\": shape [65536, 32768] has 2147483648 elements, more than 2147483647 (the"
                + " most a tensor holds)", rejects("{" + entry("h", "BF16", "[65536,32768]", "[0,4294967296]") + "}", 0));
    }

    @Test
    void aSpanThatDoesNotBeginAtZeroIsReportedWithItsLength() {
        String header = "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[4,12]") + "}";
        assertEquals("safetensors: tensor \"b\": \"data_offsets\" [4, 12] span 8 bytes, but shape [1] of F32 needs 4"
                + " bytes", rejects(header, 12));
    }

    @Test
    void tensorsNotBeginningAtZeroAreReadFromTheirOffsets() throws SafeTensorsException {
        String header = "{" + entry("b", "F32", "[1]", "[4,8]") + "," + entry("a", "F32", "[1]", "[0,4]") + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .putFloat(3f).putFloat(-7f).array();
        SafeTensorsFile f = SafeTensors.read(bytes);
        assertArrayEquals(new float[] {3f}, f.tensors().get("a").dataF32());
        assertArrayEquals(new float[] {-7f}, f.tensors().get("b").dataF32());
    }

    // ---- names in messages --------------------------------------------------------------------

    @Test
    void namesOfUpTo120CharactersAreShownWholeAndLongerOnesShortened() {
        String n120 = "n".repeat(120);
        assertEquals("safetensors: tensor \"" + n120 + "\": unknown dtype \"X\": expected F32, F64, BF16 or F16",
                rejects("{" + entry(n120, "X", "[1]", "[0,4]") + "}", 4));
        String n121 = n120 + "m";
        assertEquals("safetensors: tensor \"" + n120 + "\"... (121 characters): unknown dtype \"X\": expected F32, F64,"
                + " BF16 or F16", rejects("{" + entry(n121, "X", "[1]", "[0,4]") + "}", 4));
    }
}
