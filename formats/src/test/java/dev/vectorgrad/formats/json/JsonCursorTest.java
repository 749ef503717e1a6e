package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pull API: walking a document, skipping values, the integer fast path, the words of errors and misuse. */
class JsonCursorTest {

    private static JsonCursor cursor(String text) throws JsonException {
        return JsonCursor.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentIsWalkedValueByValue() throws JsonException {
        JsonCursor c = cursor(" {\"a\": [1, \"two\", true, false, null, {}], \"b\": -2.5e1} ");
        assertEquals(0, c.offset());
        assertEquals(JsonType.OBJECT, c.peek());
        assertEquals(1, c.offset());
        c.beginObject();
        assertEquals("a", c.nextName());
        assertEquals(JsonType.ARRAY, c.peek());
        c.beginArray();
        List<Object> seen = new ArrayList<>();
        while (c.nextElement()) {
            switch (c.peek()) {
                case NUMBER -> seen.add(c.nextNumber().asLong());
                case STRING -> seen.add(c.nextString());
                case TRUE, FALSE -> seen.add(c.nextBoolean());
                case NULL -> {
                    c.nextNull();
                    seen.add("null");
                }
                case OBJECT -> {
                    c.beginObject();
                    assertNull(c.nextName());
                    seen.add("{}");
                }
                case ARRAY -> throw new AssertionError("no array here");
            }
        }
        assertEquals(List.of(1L, "two", true, false, "null", "{}"), seen);
        assertEquals("b", c.nextName());
        JsonNumber b = c.nextNumber();
        assertEquals("-2.5e1", b.text());
        assertEquals(-25, b.asLong());
        assertNull(c.nextName());
        c.end();
        assertEquals(55, c.offset());
    }

    @Test
    void numbersFromACursorCarryTheirOffsetButNoPath() throws JsonException {
        JsonCursor c = cursor("[0, 1.5]");
        c.beginArray();
        c.nextElement();
        c.nextNumber();
        c.nextElement();
        JsonNumber n = c.nextNumber();
        assertEquals(4, n.offset());
        assertEquals("", n.path());
        assertEquals("at byte 4: expected an integer, found the number 1.5",
                assertThrows(JsonException.class, n::asLong).getMessage());
    }

    @Test
    void skipValueReadsAWholeValueOfAnyKindAndLeavesTheRest() throws JsonException {
        JsonCursor c = cursor("{\"skip\": {\"a\": [1, [2, {\"b\": \"\\u0041\"}], null], \"c\": {}}, \"s\": \"x\", \"t\": true,"
                + " \"n\": 1e5, \"z\": null, \"keep\": 7}");
        c.beginObject();
        List<String> names = new ArrayList<>();
        long keep = -1;
        for (String name; (name = c.nextName()) != null; ) {
            names.add(name);
            if (name.equals("keep")) {
                keep = c.nextNumber().asLong();
            } else {
                c.skipValue();
            }
        }
        c.end();
        assertEquals(List.of("skip", "s", "t", "n", "z", "keep"), names);
        assertEquals(7, keep);
        JsonCursor scalar = cursor("\"x\"");
        scalar.skipValue();
        scalar.end();
    }

    @Test
    void skipValueChecksWhatItSkips() {
        assertEquals("at byte 9: duplicate key \"a\" (the keys of an object must be unique)",
                assertThrows(JsonException.class, () -> cursor("[{\"a\":1, \"a\":2}]").skipValue()).getMessage());
        assertEquals("at byte 3: malformed number: expected a digit after '.', found ']'",
                assertThrows(JsonException.class, () -> cursor("[1.]").skipValue()).getMessage());
    }

    @Test
    void keysMayRepeatInOtherObjectsAndAtOtherLevels() throws JsonException {
        JsonValue v = Json.parse("[{\"a\": 1}, {\"a\": {\"a\": 2}}, {\"a\": [{\"a\": 3}, {\"a\": 4}]}]");
        assertEquals(4, v.asArray().get(2).asObject().getArray("a").get(1).asObject().getInt("a"));
    }

    @Test
    void aCursorToldNotToCheckNamesReportsRepeatedKeys() throws JsonException {
        JsonCursor c = cursor("{\"a\": 1, \"a\": 2}").uncheckedNames();
        c.beginObject();
        assertEquals("a", c.nextName());
        c.skipValue();
        assertEquals("a", c.nextName());
        assertEquals(2, c.nextNumber().asInt());
        assertNull(c.nextName());
        c.end();
    }

    // ---- the integer fast path ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "7", " 42", "9223372036854775807", "10"})
    void tryNextNonNegativeLongReadsNonNegativeIntegerLiterals(String text) throws JsonException {
        JsonCursor c = cursor(text);
        assertEquals(Long.parseLong(text.strip()), c.tryNextNonNegativeLong());
        c.end();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-1", "-0", "1.5", "1.0", "1e3", "1E3", "9223372036854775808", "99999999999999999999",
        "\"1\"", "true", "null", "[1]"})
    void tryNextNonNegativeLongLeavesAnythingElseToTheMethodForIt(String text) throws JsonException {
        JsonCursor c = cursor(text);
        assertEquals(-1, c.tryNextNonNegativeLong());
        assertEquals(0, c.offset());
        assertEquals(Json.parse(text), Json.read(c));
        c.end();
    }

    @Test
    void tryNextNonNegativeLongLeavesMalformedNumbersToNextNumber() throws JsonException {
        JsonCursor c = cursor("[1, 01]");
        c.beginArray();
        assertTrue(c.nextElement());
        assertEquals(1, c.tryNextNonNegativeLong());
        assertTrue(c.nextElement());
        assertEquals(-1, c.tryNextNonNegativeLong());
        assertEquals(4, c.offset());
        assertEquals("at byte 5: malformed number: leading zeros are not allowed",
                assertThrows(JsonException.class, c::nextNumber).getMessage());
    }

    @Test
    void tryNextNonNegativeLongReadsEveryElementOfAnArray() throws JsonException {
        JsonCursor c = cursor("[3, 0, 12]");
        c.beginArray();
        List<Long> values = new ArrayList<>();
        while (c.nextElement()) {
            values.add(c.tryNextNonNegativeLong());
        }
        c.end();
        assertEquals(List.of(3L, 0L, 12L), values);
    }

    // ---- the words of errors -----------------------------------------------------------------

    @Test
    void callersNameTheKeysAndThePlaceOfAnObjectInItsErrors() throws JsonException {
        AtomicInteger asked = new AtomicInteger();
        Supplier<String> where = () -> {
            asked.incrementAndGet();
            return "in the entry of tensor \"w\"";
        };
        JsonCursor ok = cursor("{\"a\": 1, \"b\": 2}");
        ok.beginObject();
        while (ok.nextName("a tensor name", where) != null) {
            ok.skipValue();
        }
        assertEquals(0, asked.get(), "the place is asked for only to report an error");
        JsonCursor first = cursor("{1}");
        first.beginObject();
        assertEquals("at byte 1: expected a tensor name (a string) or '}' in the entry of tensor \"w\", found '1'",
                assertThrows(JsonException.class, () -> first.nextName("a tensor name", where)).getMessage());
        JsonCursor afterComma = cursor("{\"a\": 1, }");
        afterComma.beginObject();
        afterComma.nextName("a key", where);
        afterComma.skipValue();
        assertEquals("at byte 9: expected a key (a string) or '}' in the entry of tensor \"w\", found '}'",
                assertThrows(JsonException.class, () -> afterComma.nextName("a key", where)).getMessage());
        JsonCursor afterValue = cursor("{\"a\": 1 2}");
        afterValue.beginObject();
        afterValue.nextName("a key", null);
        afterValue.skipValue();
        assertEquals("at byte 8: expected ',' or '}' in the entry of tensor \"w\", found '2'",
                assertThrows(JsonException.class, () -> afterValue.nextName("a key", where)).getMessage());
        JsonCursor generic = cursor("{\"a\": 1 2}");
        generic.beginObject();
        generic.nextName();
        generic.skipValue();
        assertEquals("at byte 8: expected ',' or '}' after the value of \"a\", found '2'",
                assertThrows(JsonException.class, () -> generic.nextName("a key", null)).getMessage());
    }

    @Test
    void callersNameThePlaceOfAnArrayAndWhatTheyReadInErrors() throws JsonException {
        JsonCursor c = cursor("[1 2]");
        c.beginArray();
        c.nextElement(() -> "in \"shape\"");
        c.skipValue();
        assertEquals("at byte 3: expected ',' or ']' in \"shape\", found '2'",
                assertThrows(JsonException.class, () -> c.nextElement(() -> "in \"shape\"")).getMessage());
        JsonCursor trailing = cursor("{} x");
        trailing.skipValue();
        assertEquals("at byte 3: unexpected 'x' after the header object (only whitespace may follow it)",
                assertThrows(JsonException.class, () -> trailing.end("the header object")).getMessage());
    }

    @Test
    void aValueOfAnotherKindThanAskedForIsNamed() throws JsonException {
        String[][] cases = {
            {"1", "string", "at byte 0: expected a string, found a number"},
            {"\"1\"", "number", "at byte 0: expected a number, found a string"},
            {" null", "boolean", "at byte 1: expected a boolean, found null"},
            {"false", "null", "at byte 0: expected null, found a boolean (false)"},
            {"[]", "object", "at byte 0: expected an object, found an array"},
            {"{}", "array", "at byte 0: expected an array, found an object"},
            {"true", "object", "at byte 0: expected an object, found a boolean (true)"},
        };
        for (String[] k : cases) {
            JsonCursor c = cursor(k[0]);
            JsonException e = assertThrows(JsonException.class, () -> {
                switch (k[1]) {
                    case "string" -> c.nextString();
                    case "number" -> c.nextNumber();
                    case "boolean" -> c.nextBoolean();
                    case "null" -> c.nextNull();
                    case "object" -> c.beginObject();
                    default -> c.beginArray();
                }
            });
            assertEquals(k[2], e.getMessage(), k[0]);
        }
    }

    // ---- misuse ------------------------------------------------------------------------------

    private static String misuse(JsonCursor c, Step step) {
        return assertThrows(IllegalStateException.class, () -> step.run(c)).getMessage();
    }

    /** One call on a cursor. */
    interface Step {
        void run(JsonCursor c) throws JsonException;
    }

    @Test
    void callsOutOfTheGrammarsOrderAreMistakesOfTheCaller() throws JsonException {
        assertEquals("nextName: not between the members of an object (a value is due)",
                misuse(cursor("{}"), JsonCursor::nextName));
        assertEquals("nextElement: not between the elements of an array (a value is due)",
                misuse(cursor("[]"), JsonCursor::nextElement));
        assertEquals("end: the top-level value has not been read (a value is due)", misuse(cursor("1"), JsonCursor::end));

        JsonCursor object = cursor("{\"a\": [1]}");
        object.beginObject();
        assertEquals("peek: no value is due here (inside an object: call nextName())", misuse(object, JsonCursor::peek));
        assertEquals("reading an array: no value is due here (inside an object: call nextName())",
                misuse(object, JsonCursor::beginArray));
        assertEquals("nextElement: not between the elements of an array (inside an object: call nextName())",
                misuse(object, JsonCursor::nextElement));
        assertEquals("end: the top-level value has not been read (inside an object: call nextName())",
                misuse(object, JsonCursor::end));
        object.nextName();
        assertEquals("nextName: not between the members of an object (a value is due)", misuse(object, JsonCursor::nextName));
        object.beginArray();
        assertEquals("tryNextNonNegativeLong: no value is due here (inside an array: call nextElement())",
                misuse(object, JsonCursor::tryNextNonNegativeLong));
        assertEquals("nextBoolean: no value is due here (inside an array: call nextElement())",
                misuse(object, JsonCursor::nextBoolean));
        assertEquals("nextName: not between the members of an object (inside an array: call nextElement())",
                misuse(object, JsonCursor::nextName));
        object.nextElement();
        assertEquals("nextElement: not between the elements of an array (a value is due)",
                misuse(object, JsonCursor::nextElement));
        object.nextNumber();
        assertFalse(object.nextElement());
        assertNull(object.nextName());
        assertEquals("reading a string: no value is due here (the top-level value has been read: call end())",
                misuse(object, JsonCursor::nextString));
        assertEquals("nextName: not between the members of an object (the top-level value has been read: call end())",
                misuse(object, JsonCursor::nextName));
        object.end();
        object.end();
    }
}
