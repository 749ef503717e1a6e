package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

    @TempDir
    Path dir;

    /** Same dtype, shape and bits (NaN payloads and signed zeros included). */
    static void assertSameTensor(String name, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        if (expected.dtype() == DType.F32) {
            float[] e = expected.dataF32();
            float[] a = actual.dataF32();
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), name + "[" + i + "]");
            }
        } else {
            double[] e = expected.dataF64();
            double[] a = actual.dataF64();
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), name + "[" + i + "]");
            }
        }
    }

    static void assertSameContent(Map<String, Tensor> expected, Map<String, String> metadata, SafeTensorsFile read) {
        assertEquals(expected.keySet(), read.tensors().keySet());
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            assertSameTensor(e.getKey(), e.getValue(), read.tensors().get(e.getKey()));
            assertEquals(e.getValue().dtype().name(), read.storedDtype(e.getKey()));
        }
        assertEquals(metadata == null ? Map.of() : metadata, read.metadata());
    }

    @Test
    void f32AndF64RoundTripThroughEveryReadApiWithScalarsEmptyTensorsAndSpecialValues() throws IOException {
        Map<String, Tensor> tensors = WriterFixtures.mixed();
        Map<String, String> metadata = WriterFixtures.metadata();
        Path file = dir.resolve("mixed.safetensors");
        SafeTensors.write(file, tensors, metadata);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(SafeTensors.toBytes(tensors, metadata), bytes);

        assertSameContent(tensors, metadata, SafeTensors.read(file));
        assertSameContent(tensors, metadata, SafeTensors.read(bytes));
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            assertSameContent(tensors, metadata, SafeTensors.read(ch));
        }
        // A buffer with bytes before its position and after its limit, a direct one and a read-only one.
        ByteBuffer framed = ByteBuffer.allocate(bytes.length + 11);
        framed.position(5).put(bytes).put(new byte[6]).position(5).limit(5 + bytes.length);
        assertSameContent(tensors, metadata, SafeTensors.read(framed));
        assertEquals(5, framed.position());
        assertEquals(5 + bytes.length, framed.limit());
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertSameContent(tensors, metadata, SafeTensors.read(direct));
        assertSameContent(tensors, metadata, SafeTensors.read(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
    }

    @Test
    void writesTheReferenceLayoutByteForByte() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1, 2}, 2));
        tensors.put("a", Tensor.of(new double[] {0.5}, 1));
        byte[] actual = SafeTensors.toBytes(tensors, Map.of("format", "pt"));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        assertEquals(139, json.length()); // padded with 5 spaces to 144
        byte[] expected = Corpus.concat(
                new byte[] {(byte) 144, 0, 0, 0, 0, 0, 0, 0},
                json.getBytes(StandardCharsets.US_ASCII),
                "     ".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xE0, 0x3F}, // 0.5 = 0x3FE0000000000000, little-endian
                new byte[] {0, 0, (byte) 0x80, 0x3F}, // 1.0f = 0x3F800000
                new byte[] {0, 0, 0, 0x40}); // 2.0f = 0x40000000
        assertArrayEquals(expected, actual);
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOf8() throws SafeTensorsException {
        for (int nameLength = 1; nameLength <= 16; nameLength++) {
            byte[] bytes = SafeTensors.toBytes(Map.of("x".repeat(nameLength), Tensor.of(new float[] {1}, 1)), null);
            long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8, "name length " + nameLength);
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            String json = header.stripTrailing();
            assertTrue(json.endsWith("}") && header.substring(json.length()).chars().allMatch(c -> c == ' '), header);
            assertTrue(header.length() - json.length() < 8, header);
            assertEquals(4, bytes.length - 8 - headerLength);
            assertEquals(1.0f, SafeTensors.read(bytes).require("x".repeat(nameLength)).item());
        }
    }

    @Test
    void tensorsAreWrittenF64FirstThenByNameAndReadInFileOrder() throws SafeTensorsException {
        Map<String, Tensor> tensors = new HashMap<>();
        for (String n : new String[] {"b", "a", "\uff5e", "\ud83d\ude00", "c", "B"}) {
            tensors.put(n, Tensor.of(new float[] {1}, 1));
        }
        tensors.put("z64", Tensor.of(new double[] {1}, 1));
        tensors.put("y64", Tensor.of(new double[] {1}, 1));
        SafeTensorsFile read = SafeTensors.read(SafeTensors.toBytes(tensors, null));
        // By UTF-8 bytes: U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80), unlike String.compareTo.
        assertEquals(List.of("y64", "z64", "B", "a", "b", "c", "\uff5e", "\ud83d\ude00"),
                new ArrayList<>(read.tensors().keySet()));
    }

    @Test
    void metadataIsWrittenWithSortedKeysAndOmittedWhenEmpty() throws SafeTensorsException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z", "1");
        metadata.put("a", "2");
        byte[] bytes = SafeTensors.toBytes(Map.of(), metadata);
        String header = new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8).strip();
        assertEquals("{\"__metadata__\":{\"a\":\"2\",\"z\":\"1\"}}", header);
        assertEquals(List.of("a", "z"), new ArrayList<>(SafeTensors.read(bytes).metadata().keySet()));

        byte[] none = SafeTensors.toBytes(Map.of(), Map.of());
        assertArrayEquals(Corpus.file("{}      ", 0), none);
        assertArrayEquals(none, SafeTensors.toBytes(Map.of(), null));
        assertTrue(SafeTensors.read(none).metadata().isEmpty());
        assertTrue(SafeTensors.read(none).tensors().isEmpty());
    }

    @Test
    void stringsAreEscapedAsSerdeJsonDoes() {
        byte[] bytes = SafeTensors.toBytes(Map.of("q\"\\/\b\f\n\r\t\u0001\u001f\u007f\u00e9", Tensor.of(new float[] {1}, 1)),
                null);
        String header = new String(bytes, 8, bytes.length - 12, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"q\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u00e9\":"), header);
    }

    @Test
    void writingToAStreamMatchesToBytesAndLargeTensorsCrossChunkBoundaries() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("big32", Tensor.uniform(DType.F32, -1, 1, 7, 300_001)); // 1.2 MB: several writer and reader chunks
        tensors.put("big64", Tensor.uniform(DType.F64, -1, 1, 8, 200_003));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, null);
        byte[] bytes = out.toByteArray();
        assertArrayEquals(SafeTensors.toBytes(tensors, null), bytes);
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, tensors);
        assertSameContent(tensors, null, SafeTensors.read(file));
        assertSameContent(tensors, null, SafeTensors.read(bytes));
    }

    @Test
    void writerRejectsBadArgumentsBeforeWritingAnything() {
        Path file = dir.resolve("never.safetensors");
        Tensor one = Tensor.of(new float[] {1}, 1);
        Map<String, Tensor> withNull = new HashMap<>();
        withNull.put("w", null);
        Map<String, Tensor> nullName = new HashMap<>();
        nullName.put(null, one);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        List<Object[]> cases = List.of(
                new Object[] {Map.of("__metadata__", one), null, "reserved"},
                new Object[] {withNull, null, "tensor \"w\" is null"},
                new Object[] {nullName, null, "tensor name is null"},
                new Object[] {Map.of("bad\ud800", one), null, "unpaired surrogate at index 3"},
                new Object[] {Map.of("w", one), Map.of("k\udc00", "v"), "metadata key"},
                new Object[] {Map.of("w", one), nullValue, "metadata value is null"},
                new Object[] {Map.of("w", Tensor.zeros(DType.F32, new int[Limits.MAX_RANK + 1])), null, "rank 65"});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Tensor> t = (Map<String, Tensor>) c[0];
            @SuppressWarnings("unchecked")
            Map<String, String> m = (Map<String, String>) c[1];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, t, m));
            assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(t, m));
            assertFalse(Files.exists(file));
        }
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(null, null));
    }

    @Test
    void validatorsNameTheTensorAndTheExpectedAndFoundValues() throws SafeTensorsException {
        SafeTensorsFile read = SafeTensors.read(SafeTensors.toBytes(WriterFixtures.mixed(), null));
        assertArrayEquals(new int[] {4, 3}, read.requireShape("lstm.weight_ih_l0", 4, 3).shape());
        assertEquals(2.5, read.requireShape("scalar32").item());

        SafeTensorsException shape = assertThrows(SafeTensorsException.class, () -> read.requireShape("lstm.weight_ih_l0", 3, 4));
        assertEquals("lstm.weight_ih_l0", shape.tensorName());
        assertTrue(shape.getMessage().contains("tensor \"lstm.weight_ih_l0\": expected shape [3, 4], found [4, 3]"),
                shape.getMessage());

        SafeTensorsException missing = assertThrows(SafeTensorsException.class, () -> read.require("lstm.weight_hh_l0"));
        assertEquals("lstm.weight_hh_l0", missing.tensorName());
        assertTrue(missing.getMessage().contains("missing: the file has 10 tensors: "), missing.getMessage());

        read.requireNames(WriterFixtures.mixed().keySet());
        List<String> expected = new ArrayList<>(WriterFixtures.mixed().keySet());
        expected.remove("cube");
        expected.add("lstm.weight_hh_l0");
        SafeTensorsException names = assertThrows(SafeTensorsException.class, () -> read.requireNames(expected));
        assertTrue(names.getMessage().contains("missing 1 tensor: \"lstm.weight_hh_l0\"; unexpected 1 tensor: \"cube\""),
                names.getMessage());
    }
}
