package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which texts are JSON (RFC 8259, strictly) and what the reader says about those that are not: the
 * problem and its byte offset, for every syntax rule. The invalid cases are written byte by byte
 * with the offset counted by hand.
 */
class JsonSyntaxTest {

    private static JsonValue parse(String text) throws JsonException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejects(byte[] text) {
        return assertThrows(JsonException.class, () -> Json.parse(text)).getMessage();
    }

    private static String rejects(String text) {
        return rejects(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- valid -------------------------------------------------------------------------------

    @Test
    void everyKindOfValueReadsAtTheTopLevelWithWhitespaceAround() throws JsonException {
        assertEquals(JsonNumber.of(0), parse("0"));
        assertEquals(JsonNumber.of("-0"), parse(" -0 "));
        assertEquals(JsonNumber.of("1.5e-3"), parse("\t1.5e-3\n"));
        assertEquals(JsonString.of("s"), parse("\r\"s\"\r\n"));
        assertEquals(JsonBoolean.TRUE, parse("true"));
        assertEquals(JsonBoolean.FALSE, parse(" false"));
        assertEquals(JsonNull.NULL, parse("null "));
        assertEquals(JsonObject.of(Map.of()), parse("{}"));
        assertEquals(JsonArray.of(List.of()), parse("[]"));
    }

    @Test
    void nestedValuesReadWithWhitespaceBetweenEveryToken() throws JsonException {
        JsonValue expected = JsonObject.of(Map.of(
                "a", JsonArray.of(List.of(JsonNumber.of(1), JsonObject.of(Map.of("b", JsonNull.NULL)), JsonArray.of(List.of()))),
                "", JsonObject.of(Map.of()),
                "c", JsonString.of("d")));
        assertEquals(expected, parse("{\"a\":[1,{\"b\":null},[]],\"\":{},\"c\":\"d\"}"));
        assertEquals(expected, parse(" \t\n\r{ \"a\" \n: [ 1 ,\t{ \"b\" : null } , [ ] ] , \"\" : { } ,\r\"c\" : \"d\" } \r\n"));
    }

    @Test
    void membersKeepTheirOrder() throws JsonException {
        JsonObject o = parse("{\"z\":1,\"a\":2,\"m\":3}").asObject();
        assertEquals(List.of("z", "a", "m"), List.copyOf(o.members().keySet()));
    }

    @Test
    void everyEscapeDecodes() throws JsonException {
        assertEquals("\" \\ / \b \f \n \r \t A \u00e9 \u20ac \ud83d\ude00 \u0000 \uffff",
                parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u20AC \\ud83d\\ude00 \\u0000 \\uFFFF\"").asString());
    }

    @Test
    void hexDigitsOfEitherCaseDecode() throws JsonException {
        assertEquals("\uabcd\uabcd\u09af\u09AF", parse("\"\\uabcd\\uABCD\\u09af\\u09AF\"").asString());
    }

    @Test
    void charactersOfOneToFourUtf8BytesReadAsThemselves() throws JsonException {
        // 1, 2, 3 and 4 bytes, DEL, the line separator U+2028 (allowed unescaped in JSON), escapes between them.
        String s = "a\u00e9\u20ac\ud83d\ude00\u007f\u2028";
        assertEquals(s, parse("\"" + s + "\"").asString());
        assertEquals("x" + s + "\ny" + s, parse("\"x" + s + "\\ny" + s + "\"").asString());
    }

    // ---- invalid -----------------------------------------------------------------------------

    static Stream<Arguments> invalid() {
        return Stream.of(
                // nothing, or not a value
                Arguments.of("", "at byte 0: expected a JSON value, found the end of the input"),
                Arguments.of("   ", "at byte 3: expected a JSON value, found the end of the input"),
                Arguments.of("\f1", "at byte 0: expected a JSON value, found U+000C"),
                Arguments.of("+1", "at byte 0: expected a JSON value, found '+'"),
                Arguments.of(".5", "at byte 0: expected a JSON value, found '.'"),
                Arguments.of("tru", "at byte 0: expected a JSON value, found 't'"),
                Arguments.of("True", "at byte 0: expected a JSON value, found 'T'"),
                Arguments.of("nul", "at byte 0: expected a JSON value, found 'n'"),
                Arguments.of("fals", "at byte 0: expected a JSON value, found 'f'"),
                Arguments.of("NaN", "at byte 0: expected a JSON value, found 'N'"),
                Arguments.of("/*c*/1", "at byte 0: expected a JSON value, found '/'"),
                Arguments.of("'a'", "at byte 0: expected a JSON value, found '''"),
                Arguments.of("\u00e9", "at byte 0: expected a JSON value, found U+00E9"),
                Arguments.of("\ud83d\ude00", "at byte 0: expected a JSON value, found U+1F600"),
                Arguments.of("\u0080", "at byte 0: expected a JSON value, found U+0080"),
                Arguments.of("\u07ff", "at byte 0: expected a JSON value, found U+07FF"),
                Arguments.of("\u0800", "at byte 0: expected a JSON value, found U+0800"),
                Arguments.of("\uffff", "at byte 0: expected a JSON value, found U+FFFF"),
                Arguments.of("\ud800\udc00", "at byte 0: expected a JSON value, found U+10000"),
                Arguments.of("\udbff\udfff", "at byte 0: expected a JSON value, found U+10FFFF"),
                Arguments.of("\ufeff1", "at byte 0: expected a JSON value, found U+FEFF"),
                // objects
                Arguments.of("{", "at byte 1: expected a key (a string) or '}', found the end of the input"),
                Arguments.of("{\"a\"", "at byte 4: expected ':' after the key \"a\", found the end of the input"),
                Arguments.of("{\"a\" 1}", "at byte 5: expected ':' after the key \"a\", found '1'"),
                Arguments.of("{\"a\":}", "at byte 5: expected a JSON value, found '}'"),
                Arguments.of("{\"a\":1,}", "at byte 7: expected a key (a string) or '}', found '}'"),
                Arguments.of("{\"a\":1 \"b\":2}", "at byte 7: expected ',' or '}' after the value of \"a\", found '\"'"),
                Arguments.of("{\"a\":1", "at byte 6: expected ',' or '}' after the value of \"a\", found the end of the input"),
                Arguments.of("{'a':1}", "at byte 1: expected a key (a string) or '}', found '''"),
                Arguments.of("{a:1}", "at byte 1: expected a key (a string) or '}', found 'a'"),
                Arguments.of("{1:1}", "at byte 1: expected a key (a string) or '}', found '1'"),
                Arguments.of("{\"a\":1,\"a\":2}", "at byte 7: duplicate key \"a\" (the keys of an object must be unique)"),
                Arguments.of("{\"a\":{\"b\":1,\"b\":1}}", "at byte 12: duplicate key \"b\" (the keys of an object must be unique)"),
                // arrays
                Arguments.of("[", "at byte 1: expected a JSON value, found the end of the input"),
                Arguments.of("[1,]", "at byte 3: expected a JSON value, found ']'"),
                Arguments.of("[,1]", "at byte 1: expected a JSON value, found ','"),
                Arguments.of("[1 2]", "at byte 3: expected ',' or ']' after the element at index 0, found '2'"),
                Arguments.of("[1,2", "at byte 4: expected ',' or ']' after the element at index 1, found the end of the input"),
                Arguments.of("[1}", "at byte 2: expected ',' or ']' after the element at index 0, found '}'"),
                Arguments.of("[\"\u00e9\",x]", "at byte 6: expected a JSON value, found 'x'"),
                // numbers
                Arguments.of("01", "at byte 1: malformed number: leading zeros are not allowed"),
                Arguments.of("-01", "at byte 2: malformed number: leading zeros are not allowed"),
                Arguments.of("-", "at byte 1: malformed number: expected a digit, found the end of the input"),
                Arguments.of("-a", "at byte 1: malformed number: expected a digit, found 'a'"),
                Arguments.of("1.", "at byte 2: malformed number: expected a digit after '.', found the end of the input"),
                Arguments.of("1.e5", "at byte 2: malformed number: expected a digit after '.', found 'e'"),
                Arguments.of("1e", "at byte 2: malformed number: expected a digit in the exponent, found the end of the input"),
                Arguments.of("1E+", "at byte 3: malformed number: expected a digit in the exponent, found the end of the input"),
                Arguments.of("1e-x", "at byte 3: malformed number: expected a digit in the exponent, found 'x'"),
                Arguments.of("0x1", "at byte 1: unexpected 'x' after the top-level value (only whitespace may follow it)"),
                Arguments.of("1.5.5", "at byte 3: unexpected '.' after the top-level value (only whitespace may follow it)"),
                // strings
                Arguments.of("\"abc", "at byte 0: unterminated string"),
                Arguments.of("[\"a\\\"]", "at byte 1: unterminated string"),
                Arguments.of("\"a\tb\"", "at byte 2: control character U+0009 in a string must be escaped"),
                Arguments.of("\"\u001f\"", "at byte 1: control character U+001F in a string must be escaped"),
                Arguments.of("[\"a\u0000\"]", "at byte 3: control character U+0000 in a string must be escaped"),
                Arguments.of("\"\\x\"", "at byte 2: invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX,"
                        + " found 'x' after '\\'"),
                Arguments.of("\"\\U0041\"", "at byte 2: invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t"
                        + " \\uXXXX, found 'U' after '\\'"),
                Arguments.of("\"\\", "at byte 2: invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX,"
                        + " found the end of the input after '\\'"),
                Arguments.of("\"\\u12\"", "at byte 5: invalid \\u escape: expected 4 hex digits, found '\"'"),
                Arguments.of("\"\\u00g0\"", "at byte 5: invalid \\u escape: expected 4 hex digits, found 'g'"),
                Arguments.of("\"\\u", "at byte 3: invalid \\u escape: expected 4 hex digits, found the end of the input"),
                Arguments.of("\"\\ud800\"", "at byte 7: unpaired surrogate escape \\uD800 (a high surrogate must be followed by"
                        + " a \\u escape of a low surrogate)"),
                Arguments.of("\"\\ud800\\n\"", "at byte 7: unpaired surrogate escape \\uD800 (a high surrogate must be followed"
                        + " by a \\u escape of a low surrogate)"),
                Arguments.of("\"\\ud800\\", "at byte 7: unpaired surrogate escape \\uD800 (a high surrogate must be followed by"
                        + " a \\u escape of a low surrogate)"),
                Arguments.of("\"\\udc00\"", "at byte 7: unpaired surrogate escape \\uDC00 (a low surrogate with no high"
                        + " surrogate)"),
                Arguments.of("\"\\ud800\\u0041\"", "at byte 13: unpaired surrogate escape \\uD800 followed by \\u0041, not a"
                        + " low surrogate"),
                Arguments.of("\"\\ud800\\ud800\"", "at byte 13: unpaired surrogate escape \\uD800 followed by \\uD800, not a"
                        + " low surrogate"),
                // after the value
                Arguments.of("1 2", "at byte 2: unexpected '2' after the top-level value (only whitespace may follow it)"),
                Arguments.of("{}}", "at byte 2: unexpected '}' after the top-level value (only whitespace may follow it)"),
                Arguments.of("[1]\u0000", "at byte 3: unexpected U+0000 after the top-level value (only whitespace may follow"
                        + " it)"),
                Arguments.of("null\u00e9", "at byte 4: unexpected U+00E9 after the top-level value (only whitespace may"
                        + " follow it)"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("invalid")
    void invalidTextIsRejectedNamingTheProblemAndItsByteOffset(String text, String message) {
        assertEquals(message, rejects(text));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("invalid")
    void aCursorSkippingTheValueRejectsItTheSameWay(String text, String message) {
        JsonException e = assertThrows(JsonException.class, () -> {
            JsonCursor c = JsonCursor.of(text.getBytes(StandardCharsets.UTF_8));
            c.skipValue();
            c.end();
        });
        assertEquals(message, e.getMessage());
        assertEquals(message, "at byte " + e.offset() + ": " + e.problem());
        assertEquals("", e.path());
    }

    // ---- UTF-8 -------------------------------------------------------------------------------

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void invalidUtf8IsRejectedAtItsByteBeforeAnySyntaxError() {
        // A byte that never starts a character.
        assertEquals("at byte 1: invalid UTF-8: 1 byte(s) that do not form a character", rejects(bytes('"', 0xFF, '"')));
        // An overlong form of '/', an encoded surrogate (ED A0 80 is U+D800: the JDK's decoder counts its three
        // bytes), a character past U+10FFFF.
        assertEquals("at byte 1: invalid UTF-8: 1 byte(s) that do not form a character", rejects(bytes('"', 0xC0, 0xAF, '"')));
        assertEquals("at byte 1: invalid UTF-8: 3 byte(s) that do not form a character",
                rejects(bytes('"', 0xED, 0xA0, 0x80, '"')));
        assertEquals("at byte 1: invalid UTF-8: 1 byte(s) that do not form a character",
                rejects(bytes('"', 0xF4, 0x90, 0x80, 0x80, '"')));
        // A continuation byte alone, and a three-byte character (E2 82 AC) cut after two bytes at the end.
        assertEquals("at byte 2: invalid UTF-8: 1 byte(s) that do not form a character", rejects(bytes('"', 'a', 0x80, '"')));
        assertEquals("at byte 3: invalid UTF-8: 2 byte(s) that do not form a character", rejects(bytes('[', '1', ']', 0xE2, 0x82)));
        // The encoding is checked first: the syntax error at byte 0 is not the one reported.
        assertEquals("at byte 2: invalid UTF-8: 1 byte(s) that do not form a character", rejects(bytes('}', ' ', 0xFF)));
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRejectedAtItsUtf8Offset() {
        assertEquals("at byte 3: unpaired surrogate U+D800 in the text (it has no UTF-8 form)",
                assertThrows(JsonException.class, () -> Json.parse("\"\u00e9\ud800\"")).getMessage());
        assertEquals("at byte 5: unpaired surrogate U+DC00 in the text (it has no UTF-8 form)",
                assertThrows(JsonException.class, () -> Json.parse("\"\ud83d\ude00\udc00\"")).getMessage());
        assertEquals("at byte 1: unpaired surrogate U+D83D in the text (it has no UTF-8 form)",
                assertThrows(JsonException.class, () -> Json.parse("\"\ud83d")).getMessage());
        // Characters of 1, 2, 2, 3 bytes before it, at the edges of each length: U+007F, U+0080, U+07FF, U+0800.
        assertEquals("at byte 9: unpaired surrogate U+D800 in the text (it has no UTF-8 form)",
                assertThrows(JsonException.class, () -> Json.parse("\"\u007f\u0080\u07ff\u0800\ud800\"")).getMessage());
    }

    @Test
    void aStringIsReadWithOffsetsOfItsUtf8Form() throws JsonException {
        // "é" is two bytes: the error after it is at byte 5, not character 4.
        assertEquals("at byte 5: expected ',' or ']' after the element at index 0, found 'x'",
                assertThrows(JsonException.class, () -> Json.parse("[\"\u00e9\"x]")).getMessage());
        assertEquals(List.of(1L, 12L), List.of(Json.parse("[\"\ud83d\ude00\u20ac\", 2]").asArray().get(0).offset(),
                Json.parse("[\"\ud83d\ude00\u20ac\", 2]").asArray().get(1).offset()));
    }
}
