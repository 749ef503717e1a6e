package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Guards the writer's limits at their exact values: the entry count (tensors plus metadata) at
 * {@link Limits#MAX_ENTRIES} and one more, the rank at {@link Limits#MAX_RANK} and one
 * more, the header length at {@link Limits#MAX_HEADER_BYTES} (exactly at the limit is written
 * and read back; past it is rejected, as soon as the JSON text passes the limit while metadata or
 * tensors are added, naming the length reached), and {@link SafeTensors#toBytes} refusing files
 * over the size of a byte array, naming the file's length.
 */
class WriterLimitsTest {

    private static final long MAX = Limits.MAX_HEADER_BYTES;

    /** Discards what it receives. */
    private static final OutputStream NOWHERE = OutputStream.nullOutputStream();

    // ---- entries and rank ---------------------------------------------------------------------

    private static Map<String, String> metadata(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "");
        }
        return m;
    }

    @Test
    void exactlyMaxEntriesAreWrittenAndReadBack() throws SafeTensorsException {
        Map<String, String> metadata = metadata(100_000);
        SafeTensorsFile f = SafeTensors.read(SafeTensors.toBytes(Map.of(), metadata));
        assertEquals(metadata, f.metadata());
        Map<String, Tensor> one = Map.of("w", Tensor.of(new float[] {3f}, 1));
        f = SafeTensors.read(SafeTensors.toBytes(one, metadata(99_999)));
        assertEquals(99_999, f.metadata().size());
        assertArrayEquals(new float[] {3f}, f.tensors().get("w").dataF32());
    }

    @Test
    void oneEntryMoreThanMaxIsRejectedCountingTensorsAndMetadata() {
        Map<String, Tensor> one = Map.of("w", Tensor.of(new float[] {3f}, 1));
        assertEquals("write: 100001 tensors and metadata entries, more than the 100000 a reader accepts",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(one, metadata(100_000))).getMessage());
        assertEquals("write: 100001 tensors and metadata entries, more than the 100000 a reader accepts",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(Map.of(), metadata(100_001)))
                        .getMessage());
    }

    private static int[] ones(int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        return shape;
    }

    @Test
    void rankMaxRankIsWrittenAndReadBackAndOneMoreIsRejected() throws SafeTensorsException {
        Map<String, Tensor> r64 = Map.of("t", Tensor.of(new float[] {2.5f}, ones(64)));
        Tensor back = SafeTensors.read(SafeTensors.toBytes(r64, null)).tensors().get("t");
        assertArrayEquals(ones(64), back.shape());
        assertArrayEquals(new float[] {2.5f}, back.dataF32());
        Map<String, Tensor> r65 = Map.of("t", Tensor.of(new float[] {2.5f}, ones(65)));
        assertEquals("write: tensor \"t\" has rank 65, more than the 64 a reader accepts",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(r65, null)).getMessage());
    }

    // ---- header length ------------------------------------------------------------------------

    /**
     * Metadata {"k": "x" * valueLength}. The JSON text is {"__metadata__":{"k":"xxx...x"}} : 17
     * characters before "k", then "k":"...", (6 + valueLength), then the two closing braces; the
     * length is checked after the entry (17 + 6 + valueLength characters) and once the text is done.
     */
    private static Map<String, String> oneValue(long valueLength) {
        return Map.of("k", "x".repeat((int) valueLength));
    }

    @Test
    void aHeaderOfExactlyTheLimitIsWrittenAndReadBack() throws SafeTensorsException {
        long value = MAX - 2 - 6 - 17; // text = 17 + 6 + value + 2 = MAX bytes, a multiple of 8: no padding
        byte[] bytes = SafeTensors.toBytes(Map.of(), oneValue(value));
        assertEquals(8 + MAX, bytes.length);
        assertEquals(MAX, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals('}', bytes[bytes.length - 1]);
        SafeTensorsFile f = SafeTensors.read(bytes);
        bytes = null;
        assertEquals(value, f.metadata().get("k").length());
    }

    private static String tooLong(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(NOWHERE, tensors, metadata))
                .getMessage();
    }

    @Test
    void jsonOfExactlyTheLimitBeforeTheClosingBracesFailsOnlyOncePadded() {
        // After the entry the text is exactly MAX characters (not past the limit); the two braces make
        // it MAX + 2, padded to MAX + 8.
        assertEquals("write: the header would be 100000008 bytes, more than the 100000000 a reader accepts",
                tooLong(Map.of(), oneValue(MAX - 17 - 6)));
    }

    @Test
    void metadataTakingTheJsonPastTheLimitIsRejectedAsSoonAsItIsAdded() {
        assertEquals("write: the header would be more than 100000001 bytes, more than the 100000000 a reader accepts",
                tooLong(Map.of(), oneValue(MAX - 17 - 6 + 1)));
    }

    @Test
    void aTensorTakingTheJsonPastTheLimitIsRejectedAsSoonAsItIsAdded() {
        long value = MAX - 10 - 17 - 6; // the metadata entry ends at MAX - 10 characters
        String tensorEntry = ",\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}"; // after the metadata '}'
        long reached = MAX - 10 + 1 + tensorEntry.length();
        assertEquals(100_000_044L, reached); // the entry is 53 characters
        assertEquals("write: the header would be more than " + reached + " bytes, more than the 100000000 a reader accepts",
                tooLong(Map.of("t", Tensor.of(new float[] {1f}, 1)), oneValue(value)));
    }

    // ---- toBytes ------------------------------------------------------------------------------

    @Test
    void toBytesRefusesAFileLargerThanAByteArrayNamingItsLength() {
        // One 4 MiB tensor under 513 names: 513 * 4194304 = 2151677952 data bytes, more than 2^31 - 1.
        Tensor shared = Tensor.zeros(dev.vectorgrad.autograd.DType.F32, 1 << 20);
        Map<String, Tensor> tensors = new TreeMap<>();
        for (int i = 0; i < 513; i++) {
            tensors.put(String.format("t%03d", i), shared);
        }
        // The header as documented: compact JSON, tensors by name (all F32), offsets in data order, padded to 8.
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (String name : tensors.keySet()) {
            json.append(offset == 0 ? "" : ",").append('"').append(name).append("\":{\"dtype\":\"F32\",\"shape\":[1048576],")
                    .append("\"data_offsets\":[").append(offset).append(',').append(offset + 4194304).append("]}");
            offset += 4194304;
        }
        json.append('}');
        long header = (json.length() + 7) / 8 * 8;
        long length = 8 + header + 513L * 4194304;
        assertEquals("toBytes: the file would be " + length + " bytes, more than a byte array holds; write to a file or"
                + " stream instead",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(tensors, null)).getMessage());
    }

    @Test
    void aStreamReceivesTheSameBytesAsToBytes() throws IOException {
        Map<String, Tensor> tensors = Map.of("a", Tensor.of(new float[] {1, 2, 3}, 3), "b", Tensor.of(new double[] {4}, 1));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SafeTensors.write(out, tensors, Map.of("m", "v"));
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of("m", "v"));
        assertArrayEquals(bytes, out.toByteArray());
        // 8 + header (a multiple of 8) + 8 (b, F64 first) + 12 (a).
        long header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, header % 8);
        assertEquals(8 + header + 8 + 12, bytes.length);
    }
}
