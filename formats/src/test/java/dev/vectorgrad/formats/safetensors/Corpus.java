package dev.vectorgrad.formats.safetensors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built safetensors byte layouts: valid files and one invalid file per validation rule, each
 * invalid one with the tensor and the words its error message must name. {@link CorpusTest} keeps
 * {@code src/test/resources/dev/vectorgrad/formats/safetensors/SafeTensorsFuzzTestInputs/read/{valid,invalid}/}
 * equal to these (the seed corpus of {@link SafeTensorsFuzzTest}); {@link ValidationTest} runs
 * every invalid case.
 */
final class Corpus {

    /**
     * One layout. {@code tensor} is the name the exception must report (null: none), {@code mentions}
     * the words its message must contain; {@code committed} is false for cases too large to commit.
     */
    record Case(String name, byte[] bytes, String tensor, List<String> mentions, boolean committed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Corpus() {
    }

    // ---- byte helpers --------------------------------------------------------------------------

    /** 8-byte little-endian length of {@code header}, the header's UTF-8 bytes, then {@code data}. */
    static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    /** A file whose data buffer is {@code dataBytes} bytes of a fixed pattern. */
    static byte[] file(String header, int dataBytes) {
        return file(header, pattern(dataBytes));
    }

    static byte[] file(byte[] header, byte[] data) {
        return concat(le64(header.length), header, data);
    }

    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] le16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Deterministic bytes that are finite F32/F64 values when read in aligned groups. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 4 == 3 || i % 8 == 7 ? 0x3f : i * 37 + 11);
        }
        return b;
    }

    /** A tensor entry as JSON. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    /** A header of one F32 tensor "w" of shape [2] whose entry is {@code body} (keys and values, no braces). */
    static byte[] oneTensor(String body, int dataBytes) {
        return file("{\"w\":{" + body + "}}", dataBytes);
    }

    private static final String W_OK = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    // ---- valid ---------------------------------------------------------------------------------

    static List<Case> valid() {
        List<Case> c = new ArrayList<>();
        c.add(ok("empty-header", file("{}      ", 0)));
        c.add(ok("empty-header-unpadded", file("{}", 0)));
        c.add(ok("f32-matrix", file("{" + entry("w", "F32", "[2,3]", 0, 24) + "}", 24)));
        c.add(ok("f64-vector", file("{" + entry("b", "F64", "[3]", 0, 24) + "}", 24)));
        c.add(ok("scalar-f32", file("{" + entry("s", "F32", "[]", 0, 4) + "}", 4)));
        c.add(ok("empty-tensors", file("{" + entry("e0", "F32", "[0]", 0, 0) + "," + entry("e1", "F64", "[3,0,2]", 0, 0)
                + "," + entry("x", "F32", "[1]", 0, 4) + "," + entry("z", "F32", "[0,4]", 4, 4) + "}", 4)));
        c.add(ok("mixed-written-layout", SafeTensors.toBytes(WriterFixtures.mixed(), WriterFixtures.metadata())));
        c.add(ok("header-order-differs-from-data-order", file("{" + entry("late", "F32", "[1]", 8, 12) + ","
                + entry("early", "F64", "[1]", 0, 8) + "}", 12)));
        c.add(ok("keys-in-any-order-and-whitespace", file("{ \"w\" :\n\t{ \"data_offsets\" : [ 0 , 8 ] ,\r\n"
                + " \"shape\" : [ 2 ] , \"dtype\" : \"F32\" } }\n  ", 8)));
        c.add(ok("escaped-and-unicode-names", file("{\"caf\\u00e9\\n\\\"q\\\"\\/\\ud83d\\ude00\":{" + W_OK + "},"
                + entry("gr\u00fc\u00df \ud83d\ude00", "F32", "[1]", 8, 12) + "}", 12)));
        c.add(ok("metadata", file("{\"__metadata__\":{\"format\":\"pt\",\"note\":\"\u00e9\\t\\u0001\",\"\":\"\"},"
                + entry("w", "F32", "[2]", 0, 8) + "}", 8)));
        c.add(ok("metadata-only", file("{\"__metadata__\":{\"format\":\"pt\"}}", 0)));
        c.add(ok("bf16-specials", file("{" + entry("h", "BF16", "[8]", 0, 16) + "}",
                le16(0x3F80, 0xC049, 0x0001, 0x7F7F, 0x7F80, 0xFF80, 0x7FC1, 0x8000))));
        c.add(ok("f16-specials", file("{" + entry("h", "F16", "[8]", 0, 16) + "}",
                le16(0x3C00, 0xC000, 0x0001, 0x03FF, 0x7BFF, 0xFC00, 0x7E01, 0x8000))));
        c.add(ok("all-dtypes", file("{" + entry("a", "F64", "[1]", 0, 8) + "," + entry("b", "F32", "[1]", 8, 12) + ","
                + entry("c", "BF16", "[1]", 12, 14) + "," + entry("d", "F16", "[1]", 14, 16) + "}", 16)));
        c.add(ok("rank-64", file("{" + entry("r", "F32", ones(Limits.MAX_RANK), 0, 4) + "}", 4)));
        return c;
    }

    // ---- invalid -------------------------------------------------------------------------------

    static List<Case> invalid() {
        List<Case> c = new ArrayList<>();
        String w = "w";
        // length prefix
        c.add(bad("file-empty", new byte[0], null, "0 bytes", "shorter than the 8-byte header length"));
        c.add(bad("file-7-bytes", new byte[] {2, 0, 0, 0, 0, 0, 0}, null, "7 bytes", "shorter than the 8-byte"));
        c.add(bad("header-length-u64-max", concat(le64(-1), "{}".getBytes(StandardCharsets.US_ASCII)), null,
                "18446744073709551615", "exceeds the limit of 100000000"));
        c.add(bad("header-length-2pow63", concat(le64(Long.MIN_VALUE), "{}".getBytes(StandardCharsets.US_ASCII)), null,
                "9223372036854775808", "exceeds the limit"));
        c.add(bad("header-length-above-cap", concat(le64(100_000_001L), "{}".getBytes(StandardCharsets.US_ASCII)), null,
                "100000001", "exceeds the limit of 100000000"));
        c.add(bad("header-length-past-end", concat(le64(100), "{\"w\":1}".getBytes(StandardCharsets.US_ASCII)), null,
                "header length 100", "runs past the end", "108", "there are 15"));
        c.add(bad("header-length-zero", file("", 0), null, "header is empty"));
        // first byte, UTF-8
        c.add(bad("header-leading-space", file(" {}     ", 0), null, "must start with '{'", "0x20"));
        c.add(bad("header-utf8-bom", file(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, new byte[0]), null,
                "must start with '{'", "0xEF"));
        c.add(bad("header-not-json-object", file("[1]", 0), null, "must start with '{'", "0x5B"));
        c.add(bad("utf8-invalid-byte", file(concat(bytes("{\"a"), new byte[] {(byte) 0xFF}, bytes("\":{}}")), new byte[0]),
                null, "not valid UTF-8", "header byte 3"));
        c.add(bad("utf8-overlong", file(concat(bytes("{\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\":{}}")),
                new byte[0]), null, "not valid UTF-8", "header byte 2"));
        c.add(bad("utf8-encoded-surrogate", file(concat(bytes("{\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                bytes("\":{}}")), new byte[0]), null, "not valid UTF-8", "header byte 2"));
        c.add(bad("utf8-truncated-sequence", file(concat(bytes("{}  "), new byte[] {(byte) 0xE2, (byte) 0x82}),
                new byte[0]), null, "not valid UTF-8", "header byte 4"));
        // JSON syntax
        c.add(bad("json-trailing-comma", file("{" + entry("w", "F32", "[2]", 0, 8) + ",}", 8), null,
                "malformed header JSON", "expected a tensor name"));
        c.add(bad("json-trailing-comma-in-array", oneTensor("\"dtype\":\"F32\",\"shape\":[2,],\"data_offsets\":[0,8]", 8),
                w, "expected a JSON value", "found ']'"));
        c.add(bad("json-missing-colon", file("{\"w\" {}}", 0), null, "malformed header JSON", "expected ':'"));
        c.add(bad("json-unterminated-string", file("{\"w", 0), null, "unterminated string"));
        c.add(bad("json-unclosed-object", file("{" + entry("w", "F32", "[2]", 0, 8), 8), null,
                "expected ',' or '}'", "the end of the header"));
        c.add(bad("json-garbage-after-object", file("{}x", 0), null, "unexpected 'x' after the header object"));
        c.add(bad("json-nul-padding", file("{}\0\0\0\0\0\0", 0), null, "U+0000 after the header object"));
        c.add(bad("json-two-objects", file("{}{}", 0), null, "unexpected '{' after the header object"));
        c.add(bad("json-comment", file("{/*c*/}", 0), null, "expected a tensor name", "'/'"));
        c.add(bad("json-single-quotes", file("{'w':{}}", 0), null, "expected a tensor name", "'''"));
        c.add(bad("json-control-char-in-string", file("{\"a\tb\":{" + W_OK + "}}", 8), null, "control character U+0009"));
        c.add(bad("json-invalid-escape", file("{\"a\\xb\":{" + W_OK + "}}", 8), null, "invalid escape", "'x'"));
        c.add(bad("json-short-unicode-escape", file("{\"a\\u12\":{" + W_OK + "}}", 8), null, "4 hex digits"));
        c.add(bad("json-unpaired-high-surrogate", file("{\"a\\ud800\":{" + W_OK + "}}", 8), null,
                "unpaired surrogate", "D800"));
        c.add(bad("json-unpaired-low-surrogate", file("{\"a\\udc00\":{" + W_OK + "}}", 8), null,
                "unpaired surrogate", "DC00"));
        c.add(bad("json-leading-zero", oneTensor("\"dtype\":\"F32\",\"shape\":[02],\"data_offsets\":[0,8]", 8), w,
                "leading zeros"));
        c.add(bad("json-number-missing-fraction-digits", oneTensor("\"dtype\":\"F32\",\"shape\":[2.],\"data_offsets\":[0,8]",
                8), w, "expected a digit after '.'"));
        c.add(bad("json-lone-minus", oneTensor("\"dtype\":\"F32\",\"shape\":[-],\"data_offsets\":[0,8]", 8), w,
                "malformed number"));
        c.add(bad("json-bad-literal", oneTensor("\"dtype\":tru,\"shape\":[2],\"data_offsets\":[0,8]", 8), w,
                "expected a JSON value", "'t'"));
        // wrong JSON types
        c.add(bad("type-entry-is-array", file("{\"w\":[1,2]}", 0), w, "the entry must be an object", "found an array"));
        c.add(bad("type-entry-is-true", file("{\"w\":true}", 0), w, "the entry must be an object", "found a boolean"));
        c.add(bad("type-dtype-is-number", oneTensor("\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]", 8), w,
                "\"dtype\" must be a string", "found a number"));
        c.add(bad("type-dtype-is-null", oneTensor("\"dtype\":null,\"shape\":[2],\"data_offsets\":[0,8]", 8), w,
                "\"dtype\" must be a string", "found null"));
        c.add(bad("type-shape-is-string", oneTensor("\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]", 8), w,
                "\"shape\" must be an array", "found a string"));
        c.add(bad("type-shape-element-is-string", oneTensor("\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]", 8),
                w, "an element of \"shape\" must be a non-negative integer", "found a string"));
        c.add(bad("type-offsets-is-object", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":{}", 8), w,
                "\"data_offsets\" must be an array", "found an object"));
        c.add(bad("type-metadata-is-array", file("{\"__metadata__\":[]}", 0), null,
                "\"__metadata__\" must be an object of string values", "found an array"));
        c.add(bad("type-metadata-is-null", file("{\"__metadata__\":null}", 0), null, "\"__metadata__\" must be an object",
                "found null"));
        c.add(bad("type-metadata-value-is-number", file("{\"__metadata__\":{\"epoch\":3}}", 0), null,
                "\"__metadata__\" value of key \"epoch\" must be a string", "found a number"));
        // nesting depth: the schema-driven parser rejects the first '[' where it expects an integer
        c.add(bad("nesting-deep-in-shape", oneTensor("\"dtype\":\"F32\",\"shape\":" + "[".repeat(1000) + "2"
                + "]".repeat(1000) + ",\"data_offsets\":[0,8]", 8), w, "an element of \"shape\"", "found an array"));
        c.add(bad("nesting-deep-in-metadata", file("{\"__metadata__\":{\"k\":" + "{\"k\":".repeat(1000) + "\"v\""
                + "}".repeat(1001) + "}", 0), null, "value of key \"k\" must be a string", "found an object"));
        // keys
        c.add(bad("key-unknown", oneTensor(W_OK + ",\"offsets\":[0,8]", 8), w, "unknown key \"offsets\""));
        c.add(bad("key-missing-shape", oneTensor("\"dtype\":\"F32\",\"data_offsets\":[0,8]", 8), w,
                "missing key \"shape\""));
        c.add(bad("key-missing-all", file("{\"w\":{}}", 0), w, "missing keys \"dtype\", \"shape\", \"data_offsets\""));
        c.add(bad("duplicate-tensor-name", file("{" + entry("w", "F32", "[2]", 0, 8) + "," + entry("w", "F32", "[2]", 8, 16)
                + "}", 16), w, "duplicate tensor name"));
        c.add(bad("duplicate-key-in-entry", oneTensor(W_OK + ",\"dtype\":\"F64\"", 8), w, "duplicate key \"dtype\""));
        c.add(bad("duplicate-metadata", file("{\"__metadata__\":{},\"__metadata__\":{}}", 0), null,
                "duplicate key \"__metadata__\""));
        c.add(bad("duplicate-metadata-key", file("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0), null,
                "duplicate key \"a\" in \"__metadata__\""));
        // dtypes
        c.add(bad("dtype-i64", file("{" + entry("ids", "I64", "[2]", 0, 16) + "}", 16), "ids",
                "dtype I64 is not supported", "expected F32, F64, BF16 or F16"));
        c.add(bad("dtype-u8", file("{" + entry("mask", "U8", "[2]", 0, 2) + "}", 2), "mask", "dtype U8 is not supported"));
        c.add(bad("dtype-bool", file("{" + entry("mask", "BOOL", "[2]", 0, 2) + "}", 2), "mask",
                "dtype BOOL is not supported"));
        c.add(bad("dtype-unknown", file("{" + entry("w", "FLOAT32", "[2]", 0, 8) + "}", 8), "w", "unknown dtype \"FLOAT32\""));
        c.add(bad("dtype-lowercase", file("{" + entry("w", "f32", "[2]", 0, 8) + "}", 8), "w", "unknown dtype \"f32\""));
        // shapes
        c.add(bad("shape-negative", file("{" + entry("w", "F32", "[-2]", 0, 8) + "}", 8), "w",
                "\"shape\" holds -2", "non-negative integer"));
        c.add(bad("shape-fraction", file("{" + entry("w", "F32", "[2.5]", 0, 8) + "}", 8), "w",
                "\"shape\" holds 2.5", "expected an integer"));
        c.add(bad("shape-integral-fraction", file("{" + entry("w", "F32", "[2.0]", 0, 8) + "}", 8), "w",
                "\"shape\" holds 2.0", "expected an integer"));
        c.add(bad("shape-exponent", file("{" + entry("w", "F32", "[2e0]", 0, 8) + "}", 8), "w",
                "\"shape\" holds 2e0", "expected an integer"));
        c.add(bad("shape-above-long", file("{" + entry("w", "F32", "[99999999999999999999]", 0, 8) + "}", 8), "w",
                "99999999999999999999", "larger than 9223372036854775807"));
        c.add(bad("shape-bytes-overflow", file("{" + entry("w", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8), "w",
                "[4294967296, 4294967296]", "overflow"));
        c.add(bad("shape-dimension-above-int", file("{" + entry("w", "F32", "[0,3000000000]", 0, 0) + "}", 0), "w",
                "dimension 3000000000", "larger than 2147483647"));
        c.add(bad("shape-elements-above-int", file("{" + entry("w", "BF16", "[65536,32768]", 0, 4294967296L) + "}", 0), "w",
                "2147483648 elements", "more than 2147483647"));
        c.add(bad("shape-rank-65", file("{" + entry("w", "F32", ones(Limits.MAX_RANK + 1), 0, 4) + "}", 4), "w",
                "more than 64 dimensions"));
        // data_offsets
        c.add(bad("offsets-one-integer", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]", 8), w,
                "must hold 2 integers", "found 1"));
        c.add(bad("offsets-three-integers", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]", 8), w,
                "must hold 2 integers", "found more"));
        c.add(bad("offsets-negative", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]", 8), w,
                "\"data_offsets\" holds -8"));
        c.add(bad("offsets-fraction", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]", 8), w,
                "\"data_offsets\" holds 8.0", "expected an integer"));
        c.add(bad("offsets-above-long", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551615]",
                8), w, "18446744073709551615", "larger than"));
        c.add(bad("offsets-end-before-begin", oneTensor("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]", 8), w,
                "[8, 0] end before they begin"));
        c.add(bad("offsets-size-mismatch", file("{" + entry("w", "F32", "[2,2]", 0, 12) + "}", 12), "w",
                "[0, 12] span 12 bytes", "shape [2, 2] of F32 needs 16 bytes"));
        c.add(bad("offsets-size-mismatch-f16", file("{" + entry("w", "F16", "[3]", 0, 12) + "}", 12), "w",
                "span 12 bytes", "of F16 needs 6 bytes"));
        // layout of the data buffer
        c.add(bad("layout-not-starting-at-0", file("{" + entry("w", "F32", "[2]", 4, 12) + "}", 12), "w",
                "must begin at 0", "gap of 4 bytes"));
        c.add(bad("layout-gap", file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
                "b", "begin at 8", "tensor \"a\" [0, 4] ends at 4", "gap of 4 bytes"));
        c.add(bad("layout-overlap", file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}",
                12), "b", "overlap tensor \"a\" [0, 8] by 4 bytes"));
        c.add(bad("layout-same-range", file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 0, 8) + "}",
                8), "b", "overlap tensor \"a\" [0, 8] by 8 bytes"));
        c.add(bad("layout-truncated", file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[4]", 8, 24) + "}",
                20), "b", "[8, 24] end past the data buffer, which has 20 bytes"));
        c.add(bad("layout-trailing-bytes", file("{" + entry("w", "F32", "[2]", 0, 8) + "}", 9), null,
                "data buffer has 9 bytes", "tensors end at 8", "1 trailing bytes"));
        c.add(bad("layout-no-tensors-but-data", file("{}", 4), null, "header lists no tensors", "4 trailing bytes"));
        // counts (too large to commit)
        c.add(tooMany("count-tensors", false));
        c.add(tooMany("count-metadata", true));
        return c;
    }

    /** MAX_ENTRIES + 1 empty tensors, or MAX_ENTRIES + 1 metadata entries. */
    private static Case tooMany(String name, boolean metadata) {
        StringBuilder h = new StringBuilder(metadata ? "{\"__metadata__\":{" : "{");
        for (int i = 0; i <= Limits.MAX_ENTRIES; i++) {
            h.append(i == 0 ? "" : ",");
            if (metadata) {
                h.append("\"k").append(i).append("\":\"\"");
            } else {
                h.append(entry("t" + i, "F32", "[0]", 0, 0));
            }
        }
        h.append(metadata ? "}}" : "}");
        return new Case(name, file(h.toString(), 0), null, List.of("more than 100000 entries"), false);
    }

    private static String ones(int rank) {
        String[] d = new String[rank];
        Arrays.fill(d, "1");
        return "[" + String.join(",", d) + "]";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Case ok(String name, byte[] bytes) {
        return new Case(name, bytes, null, List.of(), true);
    }

    private static Case bad(String name, byte[] bytes, String tensor, String... mentions) {
        return new Case(name, bytes, tensor, List.of(mentions), true);
    }
}
