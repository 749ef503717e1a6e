package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tree: typed accessors return the value or say what was expected and found, at the value's path
 * and byte offset; members and elements are found by name and index; values compare by content.
 */
class JsonTreeTest {

    /** A Keras-like configuration; the comments give the byte offsets used below. */
    private static final String CONFIG = "{\"config\": {\"name\": \"seq\", \"layers\": ["
            + "{\"class_name\": \"Dense\", \"units\": 32}, "
            + "{\"units\": 1.5, \"my key\": [true, null], \"_x9\": \"\", \"9a\": {}}, "
            + "{\"units\": \"32\", \"\": -0}]}, \"ok\": false}";

    private static JsonObject config() throws JsonException {
        return Json.parse(CONFIG).asObject();
    }

    private static JsonValue at(String... path) throws JsonException {
        JsonValue v = config();
        for (String step : path) {
            v = step.matches("[0-9]+") ? v.asArray().get(Integer.parseInt(step)) : v.asObject().get(step);
        }
        return v;
    }

    @Test
    void pathsNameIdentifiersAfterDotsOtherKeysInQuotesAndIndicesInBrackets() throws JsonException {
        assertEquals("", config().path());
        assertEquals("config", at("config").path());
        assertEquals("config.layers", at("config", "layers").path());
        assertEquals("config.layers[0].units", at("config", "layers", "0", "units").path());
        assertEquals("config.layers[1][\"my key\"][1]", at("config", "layers", "1", "my key", "1").path());
        assertEquals("config.layers[1]._x9", at("config", "layers", "1", "_x9").path());
        assertEquals("config.layers[1][\"9a\"]", at("config", "layers", "1", "9a").path());
        assertEquals("config.layers[2][\"\"]", at("config", "layers", "2", "").path());
        assertEquals("ok", at("ok").path());
    }

    @Test
    void identifiersAreLettersDigitsAndUnderscoresNotStartingWithADigit() throws JsonException {
        // Letters and digits at the edges of their ranges, and the characters just outside them.
        JsonValue v = Json.parse("{\"az\":{\"AZ\":{\"_09\":{\"a`\":{\"a{\":{\"a@\":{\"a[\":{\"a/\":{\"a:\":{\"0a\":"
                + "{\"`\":[true]}}}}}}}}}}}");
        for (String step : List.of("az", "AZ", "_09", "a`", "a{", "a@", "a[", "a/", "a:", "0a", "`")) {
            v = v.asObject().get(step);
        }
        assertEquals("az.AZ._09[\"a`\"][\"a{\"][\"a@\"][\"a[\"][\"a/\"][\"a:\"][\"0a\"][\"`\"][0]",
                v.asArray().get(0).path());
    }

    @Test
    void offsetsAreThoseOfTheValuesFirstByte() throws JsonException {
        assertEquals(0, config().offset());
        assertEquals(CONFIG.indexOf("{\"name\""), at("config").offset());
        assertEquals(CONFIG.indexOf("32}"), at("config", "layers", "0", "units").offset());
        assertEquals(CONFIG.indexOf("null"), at("config", "layers", "1", "my key", "1").offset());
        assertEquals(CONFIG.indexOf("false"), at("ok").offset());
    }

    @Test
    void aWrongTypeNamesThePathTheOffsetTheExpectedAndTheFoundValue() throws JsonException {
        JsonObject layer2 = at("config", "layers", "2").asObject();
        long units2 = CONFIG.indexOf("\"32\"");
        assertEquals("config.layers[2].units at byte " + units2 + ": expected an integer, found the string \"32\"",
                assertThrows(JsonException.class, () -> layer2.getInt("units")).getMessage());
        JsonObject layer1 = at("config", "layers", "1").asObject();
        long units1 = CONFIG.indexOf("1.5");
        JsonException e = assertThrows(JsonException.class, () -> layer1.getLong("units"));
        assertEquals("config.layers[1].units at byte " + units1 + ": expected an integer, found the number 1.5",
                e.getMessage());
        assertEquals("config.layers[1].units", e.path());
        assertEquals(units1, e.offset());
        assertEquals("expected an integer, found the number 1.5", e.problem());
        String where = "config.layers[1][\"my key\"] at byte " + CONFIG.indexOf("[true");
        assertEquals(where + ": expected an object, found an array",
                assertThrows(JsonException.class, () -> layer1.getObject("my key")).getMessage());
        assertEquals(where + ": expected a string, found an array",
                assertThrows(JsonException.class, () -> layer1.getString("my key")).getMessage());
        assertEquals(where + ": expected a number, found an array",
                assertThrows(JsonException.class, () -> layer1.getDouble("my key")).getMessage());
        assertEquals(where + ": expected a boolean, found an array",
                assertThrows(JsonException.class, () -> layer1.getBoolean("my key")).getMessage());
        assertEquals(where + ": expected an integer, found an array",
                assertThrows(JsonException.class, () -> layer1.getInt("my key")).getMessage());
        String x9 = "config.layers[1]._x9 at byte " + CONFIG.indexOf("\"\", \"9a\"");
        assertEquals(x9 + ": expected an array, found the string \"\"",
                assertThrows(JsonException.class, () -> layer1.getArray("_x9")).getMessage());
        JsonArray flags = layer1.getArray("my key");
        assertEquals("config.layers[1][\"my key\"][0] at byte " + CONFIG.indexOf("true")
                        + ": expected a string, found a boolean (true)",
                assertThrows(JsonException.class, () -> flags.get(0).asString()).getMessage());
        assertEquals("config.layers[1][\"my key\"][1] at byte " + CONFIG.indexOf("null") + ": expected a number, found null",
                assertThrows(JsonException.class, () -> flags.get(1).asDouble()).getMessage());
        assertEquals("ok at byte " + CONFIG.indexOf("false") + ": expected an object, found a boolean (false)",
                assertThrows(JsonException.class, () -> config().getObject("ok")).getMessage());
        assertEquals("at byte 0: expected an array, found an object",
                assertThrows(JsonException.class, () -> config().asArray()).getMessage());
    }

    @Test
    void theTypedAccessorsReturnValuesOfTheirType() throws JsonException {
        JsonObject layer0 = at("config", "layers", "0").asObject();
        assertEquals("Dense", layer0.getString("class_name"));
        assertEquals(32, layer0.getInt("units"));
        assertEquals(32L, layer0.getLong("units"));
        assertEquals(32.0, layer0.getDouble("units"));
        assertEquals(1.5, at("config", "layers", "1").asObject().getDouble("units"));
        assertTrue(at("config", "layers", "1", "my key").asArray().get(0).asBoolean());
        assertFalse(config().getBoolean("ok"));
        assertTrue(Json.parse("{\"t\": true}").asObject().getBoolean("t"));
        assertEquals(3, config().getObject("config").getArray("layers").size());
        assertTrue(at("config", "layers", "1", "my key", "1").isNull());
        assertFalse(at("config", "layers", "1", "my key", "0").isNull());
        JsonObject o = config();
        assertSame(o, o.asObject());
        JsonArray a = o.getObject("config").getArray("layers");
        assertSame(a, a.asArray());
    }

    @Test
    void aMissingMemberOrIndexIsNamed() throws JsonException {
        JsonObject layer0 = at("config", "layers", "0").asObject();
        long offset = CONFIG.indexOf("{\"class_name\"");
        assertEquals("config.layers[0] at byte " + offset + ": missing member \"activation\"",
                assertThrows(JsonException.class, () -> layer0.getString("activation")).getMessage());
        JsonArray layers = at("config", "layers").asArray();
        long at = CONFIG.indexOf("[{");
        assertEquals("config.layers at byte " + at + ": index 3 is out of range: the array has 3 elements",
                assertThrows(JsonException.class, () -> layers.get(3)).getMessage());
        assertEquals("config.layers at byte " + at + ": index -1 is out of range: the array has 3 elements",
                assertThrows(JsonException.class, () -> layers.get(-1)).getMessage());
        JsonArray one = (JsonArray) Json.parse("[1]");
        assertEquals("at byte 0: index 1 is out of range: the array has 1 element",
                assertThrows(JsonException.class, () -> one.get(1)).getMessage());
        assertEquals(JsonNumber.of(1), one.get(0));
    }

    @Test
    void defaultsStandForMissingAndNullMembersOnly() throws JsonException {
        String text = "{\"n\": null, \"s\": \"x\", \"i\": 3, \"d\": 2.5, \"b\": true}";
        JsonObject o = Json.parse(text).asObject();
        assertEquals("dflt", o.getString("missing", "dflt"));
        assertEquals("dflt", o.getString("n", "dflt"));
        assertEquals("x", o.getString("s", "dflt"));
        assertEquals(9, o.getInt("missing", 9));
        assertEquals(9, o.getInt("n", 9));
        assertEquals(3, o.getInt("i", 9));
        assertEquals(9L, o.getLong("missing", 9L));
        assertEquals(9L, o.getLong("n", 9L));
        assertEquals(3L, o.getLong("i", 9L));
        assertEquals(0.5, o.getDouble("missing", 0.5));
        assertEquals(0.5, o.getDouble("n", 0.5));
        assertEquals(2.5, o.getDouble("d", 0.5));
        assertFalse(o.getBoolean("missing", false));
        assertTrue(o.getBoolean("n", true));
        assertTrue(o.getBoolean("b", false));
        // A member of another type is an error, not the default.
        String prefix = "s at byte " + text.indexOf("\"x\"") + ": expected ";
        assertEquals(prefix + "an integer, found the string \"x\"",
                assertThrows(JsonException.class, () -> o.getInt("s", 1)).getMessage());
        assertEquals(prefix + "an integer, found the string \"x\"",
                assertThrows(JsonException.class, () -> o.getLong("s", 1)).getMessage());
        assertEquals(prefix + "a number, found the string \"x\"",
                assertThrows(JsonException.class, () -> o.getDouble("s", 1)).getMessage());
        assertEquals(prefix + "a boolean, found the string \"x\"",
                assertThrows(JsonException.class, () -> o.getBoolean("s", true)).getMessage());
        assertEquals("i at byte " + text.indexOf('3') + ": expected a string, found the number 3",
                assertThrows(JsonException.class, () -> o.getString("i", "")).getMessage());
    }

    @Test
    void membersAreFoundByNameAndListedInOrder() throws JsonException {
        JsonObject o = Json.parse("{\"b\": 1, \"a\": [2]}").asObject();
        assertTrue(o.has("a"));
        assertFalse(o.has("c"));
        assertEquals(Optional.of(JsonNumber.of(1)), o.find("b"));
        assertEquals(Optional.empty(), o.find("c"));
        assertEquals(2, o.size());
        assertEquals(List.of("b", "a"), List.copyOf(o.members().keySet()));
        assertEquals(List.of(JsonNumber.of(2)), o.getArray("a").elements());
        assertThrows(UnsupportedOperationException.class, () -> o.members().put("c", JsonNull.NULL));
        assertThrows(UnsupportedOperationException.class, () -> o.getArray("a").elements().add(JsonNull.NULL));
    }

    @Test
    void valuesMadeInCodeHaveNoPathOrOffsetAndTheirErrorsSaySo() {
        JsonObject o = JsonObject.of(Map.of("a", JsonString.of("x")));
        assertEquals("", o.path());
        assertEquals(-1, o.offset());
        assertEquals("missing member \"b\"", assertThrows(JsonException.class, () -> o.get("b")).getMessage());
        assertEquals("expected an integer, found the string \"x\"",
                assertThrows(JsonException.class, () -> o.getInt("a")).getMessage());
        assertEquals("expected a string, found null", assertThrows(JsonException.class, JsonNull.NULL::asString).getMessage());
        assertEquals("expected an object, found a boolean (true)",
                assertThrows(JsonException.class, JsonBoolean.TRUE::asObject).getMessage());
    }

    @Test
    void aReaderOfTheDocumentReportsItsOwnProblemsAtAValue() throws JsonException {
        JsonValue units = at("config", "layers", "2", "units");
        JsonException e = units.error("unknown unit count \"32\"");
        assertEquals("config.layers[2].units at byte " + CONFIG.indexOf("\"32\"") + ": unknown unit count \"32\"",
                e.getMessage());
        assertEquals("unknown activation", JsonString.of("x").error("unknown activation").getMessage());
    }

    @Test
    void valuesMadeInCodeRejectNulls() {
        Map<String, JsonValue> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertEquals("the value of member \"a\" is null",
                assertThrows(NullPointerException.class, () -> JsonObject.of(withNull)).getMessage());
        Map<String, JsonValue> nullName = new LinkedHashMap<>();
        nullName.put(null, JsonNull.NULL);
        assertEquals("a member name is null", assertThrows(NullPointerException.class, () -> JsonObject.of(nullName)).getMessage());
        assertEquals("element 1 is null",
                assertThrows(NullPointerException.class, () -> JsonArray.of(Arrays.asList(JsonNull.NULL, null))).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> JsonString.of(null)).getMessage());
    }

    @Test
    void valuesCompareByContentAndNotByWhereTheyWereRead() throws JsonException {
        JsonValue a = Json.parse("{\"x\": [1, \"s\", true, null, {}], \"y\": 2.5}");
        JsonValue b = Json.parse("  {\"y\":2.5,\"x\":[1,\"s\",true,null,{}]}");
        JsonValue made = JsonObject.of(Map.of("x", JsonArray.of(List.of(JsonNumber.of(1), JsonString.of("s"),
                JsonBoolean.of(true), JsonNull.NULL, JsonObject.of(Map.of()))), "y", JsonNumber.of("2.5")));
        assertEquals(a, b);
        assertEquals(a, made);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.hashCode(), made.hashCode());
        assertNotEquals(a, Json.parse("{\"x\": [1, \"s\", true, null, {}], \"y\": 2.50}"));
        assertNotEquals(Json.parse("[1, 2]"), Json.parse("[2, 1]"));
        assertNotEquals(Json.parse("[1]"), Json.parse("{\"1\": 1}"));
        assertNotEquals(Json.parse("\"a\""), Json.parse("\"b\""));
        assertNotEquals(JsonBoolean.TRUE, JsonBoolean.FALSE);
        assertNotEquals(JsonBoolean.TRUE.hashCode(), JsonBoolean.FALSE.hashCode());
        assertNotEquals(JsonNull.NULL, JsonBoolean.FALSE);
        assertNotEquals(JsonString.of("1"), JsonNumber.of(1));
        assertEquals(Json.parse("null"), JsonNull.NULL);
        assertEquals(Json.parse("null").hashCode(), JsonNull.NULL.hashCode());
        assertEquals(Json.parse("\"a\"").hashCode(), JsonString.of("a").hashCode());
        assertEquals(Json.parse("false"), JsonBoolean.of(false));
        assertEquals(Json.parse("false").hashCode(), JsonBoolean.FALSE.hashCode());
        assertSame(JsonBoolean.TRUE, JsonBoolean.of(true));
    }

    @Test
    void hashCodesAreThoseOfTheContent() throws JsonException {
        JsonObject o = Json.parse("{\"a\": [1, \"s\", 2.50, -0]}").asObject();
        assertEquals(o.members().hashCode(), o.hashCode());
        JsonArray a = o.getArray("a");
        assertEquals(a.elements().hashCode(), a.hashCode());
        assertEquals("s".hashCode(), a.get(1).hashCode());
        assertEquals("1".hashCode(), a.get(0).hashCode());
        assertEquals("2.50".hashCode(), a.get(2).hashCode());
        assertEquals("-0".hashCode(), a.get(3).hashCode());
    }

    @Test
    void eachValueKnowsItsKind() throws JsonException {
        JsonArray all = Json.parse("[{}, [], \"\", 0, true, false, null]").asArray();
        List<JsonType> kinds = all.elements().stream().map(JsonValue::type).toList();
        assertEquals(List.of(JsonType.OBJECT, JsonType.ARRAY, JsonType.STRING, JsonType.NUMBER, JsonType.TRUE,
                JsonType.FALSE, JsonType.NULL), kinds);
        assertEquals(List.of("an object", "an array", "a string", "a number", "a boolean (true)", "a boolean (false)",
                "null"), kinds.stream().map(JsonType::description).toList());
        assertEquals("[{},[],\"\",0,true,false,null]", all.toString());
        assertEquals("s", JsonString.of("s").value());
        assertTrue(JsonBoolean.TRUE.value());
    }

    @Test
    void theLastOfDuplicateKeysWinsOnlyWhenTheCursorWasToldNotToCheck() throws JsonException {
        byte[] text = "{\"a\": 1, \"a\": 2}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(JsonNumber.of(2), Json.read(JsonCursor.of(text).uncheckedNames()).asObject().get("a"));
        assertThrows(JsonException.class, () -> Json.read(JsonCursor.of(text)));
    }

    @Test
    void toPlainGivesMapsListsAndBoxedValuesInOrder() throws JsonException {
        Object plain = Json.toPlain(Json.parse("{\"z\": [1, -0, 1.0, 1e2, 9223372036854775807, 9223372036854775808,"
                + " \"s\", true, false, null], \"a\": {}}"));
        assertTrue(plain instanceof LinkedHashMap<?, ?>);
        Map<?, ?> map = (Map<?, ?>) plain;
        assertEquals(List.of("z", "a"), List.copyOf(map.keySet()), "member order");
        assertEquals(Map.of(), map.get("a"));
        List<?> z = (List<?>) map.get("z");
        // integers that fit a long are Longs; a fraction, an exponent or a long's overflow make a Double
        assertEquals(Arrays.asList(1L, 0L, 1.0, 100.0, Long.MAX_VALUE, 9.223372036854775808e18, "s", true, false, null),
                z);
        assertTrue(z.get(0) instanceof Long && z.get(2) instanceof Double && z.get(5) instanceof Double);
    }
}
