package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer: exact escapes, compact deterministic text, and refusal of calls out of order and of text JSON cannot hold. */
class JsonWriterTest {

    private static String written(String s) {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).value(s);
        return out.toString();
    }

    @Test
    void shortEscapesWhereJsonHasThemAndLowerCaseHexForOtherControls() {
        assertEquals("\"\\\" \\\\ \\b \\f \\n \\r \\t\"", written("\" \\ \b \f \n \r \t"));
        StringBuilder expected = new StringBuilder("\"");
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
            String shortForm = switch (c) {
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            expected.append(shortForm != null ? shortForm : "\\u00" + "0123456789abcdef".charAt(c >> 4)
                    + "0123456789abcdef".charAt(c & 0xF));
        }
        assertEquals(expected.append('"').toString(), written(controls.toString()));
        assertEquals("\"\\u0000\\u001f\\u000b\"", written("\u0000\u001f\u000b"));
    }

    @Test
    void everyOtherCharacterIsWrittenAsItself() {
        String s = " /!~\u007f\u0080\u00e9\u2028\u2029\ud83d\ude00\uffff'";
        assertEquals("\"" + s + "\"", written(s));
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRefused() {
        assertEquals("the string \"a\ud800\" has an unpaired surrogate at index 1 (it has no UTF-8 form)",
                assertThrows(IllegalArgumentException.class, () -> written("a\ud800")).getMessage());
        assertEquals("the string \"\udc00\" has an unpaired surrogate at index 0 (it has no UTF-8 form)",
                assertThrows(IllegalArgumentException.class, () -> written("\udc00")).getMessage());
        assertEquals("the string \"\ud800a\" has an unpaired surrogate at index 0 (it has no UTF-8 form)",
                assertThrows(IllegalArgumentException.class, () -> written("\ud800a")).getMessage());
        assertEquals("the string \"\ud83d\ude00\ude00\" has an unpaired surrogate at index 2 (it has no UTF-8 form)",
                assertThrows(IllegalArgumentException.class, () -> written("\ud83d\ude00\ude00")).getMessage());
    }

    @Test
    void aDocumentIsWrittenCompactlyInTheOrderGiven() {
        StringBuilder out = new StringBuilder("prefix:");
        JsonWriter w = new JsonWriter(out);
        assertSame(w, w.beginObject());
        w.name("z").value(1).name("a").beginArray().value(-2.5).value(true).value(false).nullValue().value("s")
                .beginObject().endObject().beginArray().endArray().value(JsonNumber.of("1e3")).endArray()
                .name("").value(Long.MIN_VALUE).endObject();
        assertEquals("prefix:{\"z\":1,\"a\":[-2.5,true,false,null,\"s\",{},[],1e3],\"\":-9223372036854775808}", out.toString());
    }

    @Test
    void doublesAreWrittenAsJavaWritesThemAndNonFiniteOnesAreRefused() {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).beginArray().value(1.0).value(-0.0).value(1e-5).value(1e21).value(Double.MIN_VALUE).endArray();
        assertEquals("[1.0,-0.0,1.0E-5,1.0E21,4.9E-324]", out.toString());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            JsonWriter w = new JsonWriter(new StringBuilder());
            assertEquals("JSON has no number " + bad, assertThrows(IllegalArgumentException.class, () -> w.value(bad))
                    .getMessage());
        }
    }

    @Test
    void aTreeIsWrittenInItsMembersOrder() throws JsonException {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("b", JsonArray.of(List.of(JsonNumber.of(1), JsonString.of("\n"), JsonBoolean.FALSE, JsonNull.NULL)));
        members.put("a", JsonObject.of(Map.of()));
        assertEquals("{\"b\":[1,\"\\n\",false,null],\"a\":{}}", Json.write(JsonObject.of(members)));
        String text = "{\"x\":[1.50,-0,1E+2,{\"\":\"\\u0001\"}],\"y\":true}";
        assertEquals(text, Json.write(Json.parse(text)));
        assertEquals("\"s\"", Json.write(JsonString.of("s")));
        assertEquals("null", Json.write(JsonNull.NULL));
    }

    private static String misuse(Step step) {
        return assertThrows(IllegalStateException.class, () -> step.run(new JsonWriter(new StringBuilder())))
                .getMessage();
    }

    /** Calls on a new writer. */
    interface Step {
        void run(JsonWriter w);
    }

    @Test
    void callsOutOfTheGrammarsOrderAreRefused() {
        assertEquals("name \"a\": not in an object", misuse(w -> w.name("a")));
        assertEquals("name \"a\": not in an object", misuse(w -> w.beginArray().name("a")));
        assertEquals("name \"b\": the last name has no value", misuse(w -> w.beginObject().name("a").name("b")));
        assertEquals("value: a member of an object needs its name() first", misuse(w -> w.beginObject().value(1)));
        assertEquals("value: a member of an object needs its name() first",
                misuse(w -> w.beginObject().name("a").value(1).value("x")));
        assertEquals("beginArray: a member of an object needs its name() first", misuse(w -> w.beginObject().beginArray()));
        assertEquals("beginObject: a member of an object needs its name() first", misuse(w -> w.beginObject().beginObject()));
        assertEquals("nullValue: a member of an object needs its name() first", misuse(w -> w.beginObject().nullValue()));
        assertEquals("endObject: the last name has no value", misuse(w -> w.beginObject().name("a").endObject()));
        assertEquals("endObject: no object is open", misuse(JsonWriter::endObject));
        assertEquals("endObject: no object is open", misuse(w -> w.beginArray().endObject()));
        assertEquals("endArray: no array is open", misuse(JsonWriter::endArray));
        assertEquals("endArray: no array is open", misuse(w -> w.beginObject().endArray()));
        assertEquals("endArray: no array is open", misuse(w -> w.beginObject().name("a").endArray()));
        assertEquals("value: the top-level value is already written", misuse(w -> w.value(1).value(2)));
        assertEquals("beginObject: the top-level value is already written", misuse(w -> w.beginArray().endArray().beginObject()));
        assertEquals("nullValue: the top-level value is already written", misuse(w -> w.value("a").nullValue()));
    }

    @Test
    void nestingDeeperThanTheInitialStackGrowsIt() throws JsonException {
        StringBuilder out = new StringBuilder();
        JsonWriter w = new JsonWriter(out);
        for (int i = 0; i < 40; i++) {
            w.beginArray();
        }
        w.value(1);
        for (int i = 0; i < 40; i++) {
            w.endArray();
        }
        assertEquals("[".repeat(40) + "1" + "]".repeat(40), out.toString());
        assertEquals(Json.parse(out.toString()), Json.parse(Json.write(Json.parse(out.toString()))));
    }
}
