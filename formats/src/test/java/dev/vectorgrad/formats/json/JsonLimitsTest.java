package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every limit at its boundary: a text exactly at the limit is read, one unit over it is rejected with
 * a message naming the limit and the byte offset where it was passed.
 */
class JsonLimitsTest {

    private static final JsonLimits DEFAULTS = JsonLimits.defaults();

    private static JsonValue parse(String text, JsonLimits limits) throws JsonException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8), limits);
    }

    private static String rejects(String text, JsonLimits limits) {
        return assertThrows(JsonException.class, () -> parse(text, limits)).getMessage();
    }

    // ---- the limits object -------------------------------------------------------------------

    @Test
    void theDefaultsAreTheDocumentedValues() {
        assertEquals(64 << 20, DEFAULTS.maxInputBytes());
        assertEquals(256, DEFAULTS.maxDepth());
        assertEquals(16 << 20, DEFAULTS.maxStringLength());
        assertEquals(1000, DEFAULTS.maxNumberLength());
        assertEquals(100_000, DEFAULTS.maxMembers());
        assertEquals(1_000_000, DEFAULTS.maxElements());
        assertSame(DEFAULTS, JsonLimits.defaults());
        assertEquals("JsonLimits[maxInputBytes=67108864, maxDepth=256, maxStringLength=16777216, maxNumberLength=1000,"
                + " maxMembers=100000, maxElements=1000000]", DEFAULTS.toString());
    }

    @Test
    void eachSetterChangesItsLimitOnlyAndLeavesTheOriginal() {
        JsonLimits l = DEFAULTS.withMaxInputBytes(1).withMaxDepth(2).withMaxStringLength(3).withMaxNumberLength(4)
                .withMaxMembers(5).withMaxElements(6);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), List.of(l.maxInputBytes(), l.maxDepth(), l.maxStringLength(),
                l.maxNumberLength(), l.maxMembers(), l.maxElements()));
        assertEquals(64 << 20, DEFAULTS.maxInputBytes());
        assertEquals(256, DEFAULTS.maxDepth());
        assertNotSame(DEFAULTS, DEFAULTS.withMaxDepth(256));
    }

    @Test
    void limitsTakeZeroAndTheirMaximumAndRejectValuesOutside() {
        assertEquals(0, DEFAULTS.withMaxInputBytes(0).maxInputBytes());
        assertEquals(Integer.MAX_VALUE, DEFAULTS.withMaxInputBytes(Integer.MAX_VALUE).maxInputBytes());
        assertEquals(0, DEFAULTS.withMaxDepth(0).maxDepth());
        assertEquals(1000, DEFAULTS.withMaxDepth(JsonLimits.DEPTH_CAP).maxDepth());
        assertEquals("maxDepth must be in [0, 1000], got 1001",
                assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxDepth(1001)).getMessage());
        List<Function<Integer, JsonLimits>> setters = List.of(DEFAULTS::withMaxInputBytes, DEFAULTS::withMaxDepth,
                DEFAULTS::withMaxStringLength, DEFAULTS::withMaxNumberLength, DEFAULTS::withMaxMembers, DEFAULTS::withMaxElements);
        List<String> names = List.of("maxInputBytes", "maxDepth", "maxStringLength", "maxNumberLength", "maxMembers",
                "maxElements");
        for (int i = 0; i < setters.size(); i++) {
            Function<Integer, JsonLimits> set = setters.get(i);
            String max = i == 1 ? "1000" : "2147483647";
            assertEquals(names.get(i) + " must be in [0, " + max + "], got -1",
                    assertThrows(IllegalArgumentException.class, () -> set.apply(-1)).getMessage());
        }
    }

    // ---- input size --------------------------------------------------------------------------

    @Test
    void inputOfExactlyMaxInputBytesIsReadAndOneMoreByteIsNot() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxInputBytes(5);
        assertEquals(JsonNumber.of(12345), parse("12345", l));
        assertEquals("at byte 5: the input of 6 bytes exceeds the limit maxInputBytes = 5", rejects("123456", l));
        // Whitespace counts, and a String is measured in UTF-8 bytes: "é" is two, U+1F600 four.
        assertEquals("at byte 5: the input of 6 bytes exceeds the limit maxInputBytes = 5", rejects("1     ", l));
        assertEquals(JsonString.of("a\u00e9"), Json.parse("\"a\u00e9\"", l));
        assertEquals("at byte 5: the input of 6 bytes exceeds the limit maxInputBytes = 5",
                assertThrows(JsonException.class, () -> Json.parse("\"\u00e9\u00e9\"", l)).getMessage());
        assertEquals("at byte 5: the input of 6 bytes exceeds the limit maxInputBytes = 5",
                assertThrows(JsonException.class, () -> Json.parse("\"\ud83d\ude00\"", l)).getMessage());
    }

    @Test
    void aSubRangeOfAnArrayIsMeasuredAndReadAlone() throws JsonException {
        byte[] b = "xx[1, 2]yy".getBytes(StandardCharsets.US_ASCII);
        JsonCursor c = JsonCursor.of(b, 2, 6, DEFAULTS.withMaxInputBytes(6), "slice");
        assertEquals(JsonArray.of(List.of(JsonNumber.of(1), JsonNumber.of(2))), Json.read(c));
        c.end();
        assertEquals("at byte 6: the input of 7 bytes exceeds the limit maxInputBytes = 6",
                assertThrows(JsonException.class, () -> JsonCursor.of(b, 2, 7, DEFAULTS.withMaxInputBytes(6), "slice"))
                        .getMessage());
        // Offsets count from the start of the range; the end is named as the caller named the input.
        JsonCursor cut = JsonCursor.of(b, 2, 2, DEFAULTS, "slice");
        cut.beginArray();
        cut.nextElement();
        cut.nextNumber();
        assertEquals("at byte 2: expected ',' or ']' after the element at index 0, found the end of the slice",
                assertThrows(JsonException.class, cut::nextElement).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> JsonCursor.of(b, 8, 3, DEFAULTS, "slice"));
        // Offsets of values, of the cursor and of errors, UTF-8 errors included, all count from the start of the range.
        JsonCursor numbers = JsonCursor.of(b, 2, 6, DEFAULTS, "slice");
        numbers.beginArray();
        assertEquals(1, numbers.offset());
        numbers.nextElement();
        assertEquals(1, numbers.nextNumber().offset());
        numbers.nextElement();
        assertEquals(4, numbers.offset());
        assertEquals(4, Json.read(numbers).offset());
        byte[] bad = {'x', 'x', '[', '"', (byte) 0xFF, '"', ']'};
        assertEquals("at byte 2: invalid UTF-8: 1 byte(s) that do not form a character",
                assertThrows(JsonException.class, () -> JsonCursor.of(bad, 2, 5, DEFAULTS, "slice")).getMessage());
    }

    // ---- depth -------------------------------------------------------------------------------

    @Test
    void nestingOfExactlyMaxDepthIsReadAndOneLevelMoreIsNot() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxDepth(3);
        assertEquals(3, depth(parse("[[[1]]]", l)));
        assertEquals(3, depth(parse("{\"a\":[{\"b\":1}]}", l)));
        // The fourth bracket is at byte 3, the innermost brace at byte 17.
        assertEquals("at byte 3: an array nested 4 deep exceeds the limit maxDepth = 3", rejects("[[[[1]]]]", l));
        assertEquals("at byte 17: an object nested 4 deep exceeds the limit maxDepth = 3",
                rejects("{\"a\":[{\"b\":1,\"c\":{}}]}", l));
        // Depth 0: scalars only.
        assertEquals(JsonNumber.of(7), parse("7", DEFAULTS.withMaxDepth(0)));
        assertEquals("at byte 1: an object nested 1 deep exceeds the limit maxDepth = 0", rejects(" {}", DEFAULTS.withMaxDepth(0)));
    }

    @Test
    void theDeepestNestingAllowedReadsWithoutRecursion() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxDepth(JsonLimits.DEPTH_CAP);
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertEquals(1000, depth(parse(deep, l)));
        assertEquals("at byte 1000: an array nested 1001 deep exceeds the limit maxDepth = 1000",
                rejects("[" + deep + "]", l));
        // Skipping a value follows the same rule.
        JsonCursor c = JsonCursor.of(deep.getBytes(StandardCharsets.US_ASCII), l);
        c.skipValue();
        c.end();
    }

    private static int depth(JsonValue v) throws JsonException {
        int d = 0;
        while (v.type() == JsonType.ARRAY || v.type() == JsonType.OBJECT) {
            d++;
            if (v.type() == JsonType.ARRAY) {
                JsonArray a = v.asArray();
                if (a.size() == 0) {
                    return d;
                }
                v = a.get(0);
            } else {
                JsonObject o = v.asObject();
                if (o.size() == 0) {
                    return d;
                }
                v = o.members().values().iterator().next();
            }
        }
        return d;
    }

    // ---- strings -----------------------------------------------------------------------------

    @Test
    void stringsOfExactlyMaxStringLengthAreReadAndOneCharacterMoreIsNot() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxStringLength(4);
        assertEquals("abcd", parse("\"abcd\"", l).asString());
        assertEquals("at byte 0: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("\"abcde\"", l));
        // Characters are UTF-16 units once decoded: an escape is one, U+1F600 two (raw or escaped), é one.
        assertEquals("\u00e9\u00e9\ud83d\ude00", parse("\"\u00e9\u00e9\ud83d\ude00\"", l).asString());
        assertEquals("\u00e9\u00e9\ud83d\ude00", parse("\"\\u00e9\u00e9\\ud83d\\ude00\"", l).asString());
        assertEquals("A\nB\t", parse("\"\\u0041\\nB\\t\"", l).asString());
        assertEquals("at byte 0: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("\"\u00e9\u00e9\u00e9\ud83d\ude00\"", l));
        assertEquals("at byte 0: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("\"abc\\ud83d\\ude00\"", l));
        assertEquals("at byte 0: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("\"abcd\\n\"", l));
        assertEquals("at byte 0: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("\"abcd\\u0041\"", l));
        // Keys too; the offset is that of the opening quote.
        assertEquals(JsonNumber.of(1), parse("{\"abcd\":1}", l).asObject().get("abcd"));
        assertEquals("at byte 8: a string longer than 4 characters exceeds the limit maxStringLength = 4",
                rejects("{\"a\":1, \"abcde\":1}", l));
        // An empty string is within a limit of 0.
        assertEquals("", parse("\"\"", DEFAULTS.withMaxStringLength(0)).asString());
    }

    // ---- numbers -----------------------------------------------------------------------------

    @Test
    void numbersOfExactlyMaxNumberLengthAreReadWhateverTheirForm() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxNumberLength(8);
        assertEquals(JsonNumber.of("-1.5e+10"), parse("-1.5e+10", l));
        assertEquals(JsonNumber.of(12345678), parse("12345678", l));
        assertEquals("at byte 1: a number of 9 characters exceeds the limit maxNumberLength = 8", rejects("[-1.5e+100]", l));
        assertEquals("at byte 0: a number of 9 characters exceeds the limit maxNumberLength = 8", rejects("123456789", l));
        // The integer fast path of a cursor leaves a number over the limit to nextNumber, which reports it.
        JsonCursor c = JsonCursor.of("123456789".getBytes(StandardCharsets.US_ASCII), l);
        assertEquals(-1, c.tryNextNonNegativeLong());
        assertEquals("at byte 0: a number of 9 characters exceeds the limit maxNumberLength = 8",
                assertThrows(JsonException.class, c::nextNumber).getMessage());
        assertEquals(12345678, JsonCursor.of("12345678".getBytes(StandardCharsets.US_ASCII), l).tryNextNonNegativeLong());
    }

    // ---- members and elements ----------------------------------------------------------------

    @Test
    void objectsOfExactlyMaxMembersAreReadAndOneMemberMoreIsNot() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxMembers(2);
        assertEquals(2, parse("{\"a\":1,\"b\":{\"c\":1,\"d\":2}}", l).asObject().size());
        // The third name starts at byte 13.
        assertEquals("at byte 13: an object with more than 2 members exceeds the limit maxMembers = 2",
                rejects("{\"a\":1,\"b\":2,\"c\":3}", l));
        assertEquals("at byte 1: an object with more than 0 members exceeds the limit maxMembers = 0",
                rejects("{\"a\":1}", DEFAULTS.withMaxMembers(0)));
        assertEquals(0, parse("{}", DEFAULTS.withMaxMembers(0)).asObject().size());
    }

    @Test
    void arraysOfExactlyMaxElementsAreReadAndOneElementMoreIsNot() throws JsonException {
        JsonLimits l = DEFAULTS.withMaxElements(3);
        assertEquals(3, parse("[1,[2,3,4],[]]", l).asArray().size());
        // The fourth element starts at byte 8, after the comma and a space.
        assertEquals("at byte 8: an array with more than 3 elements exceeds the limit maxElements = 3",
                rejects("[1,2,3, 4]", l));
        assertEquals("at byte 1: an array with more than 0 elements exceeds the limit maxElements = 0",
                rejects("[1]", DEFAULTS.withMaxElements(0)));
        assertEquals(0, parse("[ ]", DEFAULTS.withMaxElements(0)).asArray().size());
    }
}
