package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards the text users see from {@link SafeTensorsFile}: {@code toString} (tensors in file order
 * with dtype and shape, then the metadata count), the list of names in "missing tensor" errors (no
 * tensors, one, and more than ten shortened to the first ten), and how names are quoted in
 * messages (control characters and DEL escaped, space kept; a null name as null).
 */
class SafeTensorsFileMessagesTest {

    private static SafeTensorsFile read(String header, int dataBytes) throws SafeTensorsException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return SafeTensors.read(ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array());
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void toStringListsTensorsInFileOrderThenTheMetadataCount() throws SafeTensorsException {
        SafeTensorsFile f = read("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\"}," + entry("late", "F64", "[]", 8, 16) + ","
                + entry("early", "BF16", "[2,2]", 0, 8) + "}", 16);
        assertEquals("SafeTensorsFile(\"early\" BF16[2, 2], \"late\" F64[], metadata 2 entries)", f.toString());
    }

    @Test
    void toStringOfTensorsOnlyMetadataOnlyAndNothing() throws SafeTensorsException {
        assertEquals("SafeTensorsFile(\"w\" F32[1])", read("{" + entry("w", "F32", "[1]", 0, 4) + "}", 4).toString());
        assertEquals("SafeTensorsFile(metadata 1 entries)", read("{\"__metadata__\":{\"k\":\"v\"}}", 0).toString());
        assertEquals("SafeTensorsFile()", read("{}", 0).toString());
    }

    @Test
    void aMissingTensorInAFileWithNoTensorsSaysSo() throws SafeTensorsException {
        SafeTensorsFile f = read("{}", 0);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> f.require("w"));
        assertEquals("safetensors: tensor \"w\": missing: the file has no tensors", e.getMessage());
        assertEquals("w", e.tensorName());
    }

    @Test
    void aMissingTensorListsTheFirstTenNamesAndCountsTheRest() throws SafeTensorsException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i < 12; i++) {
            header.append(i == 0 ? "" : ",").append(entry("t" + (char) ('a' + i), "F32", "[1]", 4L * i, 4L * i + 4));
        }
        SafeTensorsFile f = read(header.append('}').toString(), 48);
        assertEquals("safetensors: tensor \"x\": missing: the file has 12 tensors: \"ta\", \"tb\", \"tc\", \"td\", \"te\","
                + " \"tf\", \"tg\", \"th\", \"ti\", \"tj\", ... (2 more)",
                assertThrows(SafeTensorsException.class, () -> f.require("x")).getMessage());
        SafeTensorsFile one = read("{" + entry("only", "F32", "[1]", 0, 4) + "}", 4);
        assertEquals("safetensors: tensor \"x\": missing: the file has 1 tensor: \"only\"",
                assertThrows(SafeTensorsException.class, () -> one.require("x")).getMessage());
    }

    @Test
    void exactlyTenNamesAreListedWithoutAnEllipsis() throws SafeTensorsException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i < 10; i++) {
            header.append(i == 0 ? "" : ",").append(entry("t" + i, "F32", "[1]", 4L * i, 4L * i + 4));
        }
        SafeTensorsFile f = read(header.append('}').toString(), 40);
        assertEquals("safetensors: tensor \"x\": missing: the file has 10 tensors: \"t0\", \"t1\", \"t2\", \"t3\", \"t4\","
                + " \"t5\", \"t6\", \"t7\", \"t8\", \"t9\"",
                assertThrows(SafeTensorsException.class, () -> f.require("x")).getMessage());
    }

    @Test
    void namesInMessagesEscapeControlCharactersAndDeleteButNotSpace() {
        // The name is "a b", U+001F, U+007F, "~" (escaped in the JSON header as backslash-u 001f and 007f).
        byte[] h = "{\"a b\\u001f\\u007f~\":{\"dtype\":\"X\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(bytes));
        assertEquals("a b\u001f\u007f~", e.tensorName());
        assertEquals("safetensors: tensor \"a b\\u001f\\u007f~\": unknown dtype \"X\": expected F32, F64, BF16 or F16",
                e.getMessage());
    }

    @Test
    void aNullNameIsQuotedAsNull() {
        // Not reachable through the public constructors (they skip the tensor part for a null name).
        assertEquals("null", SafeTensorsException.quote(null));
        assertEquals("\"a\\\"b\"", SafeTensorsException.quote("a\"b"));
    }
}
