package dev.vectorgrad.models;

import dev.vectorgrad.formats.json.JsonArray;
import dev.vectorgrad.formats.json.JsonBoolean;
import dev.vectorgrad.formats.json.JsonNull;
import dev.vectorgrad.formats.json.JsonNumber;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.formats.json.JsonString;
import dev.vectorgrad.formats.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Keras configs from the plain Java values that {@code config()} methods return (maps, lists,
 * strings, numbers, booleans, {@code null}, {@code int[]}/{@code double[]}) to JSON values; the way back is
 * {@link dev.vectorgrad.formats.json.Json#toPlain}.
 */
final class ConfigJson {

    private ConfigJson() {
    }

    /** {@code value} as JSON; {@code where} names it in errors. */
    static JsonValue toJson(Object value, String where) {
        if (value == null) {
            return JsonNull.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof String s) {
            return JsonString.of(s);
        }
        if (value instanceof Boolean b) {
            return JsonBoolean.of(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JsonNumber.of(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(where + ": a config value must be finite, got " + d);
            }
            return JsonNumber.of(d);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, JsonValue> members = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                members.put(key, toJson(e.getValue(), where + "." + key));
            }
            return JsonObject.of(members);
        }
        if (value instanceof List<?> list) {
            List<JsonValue> elements = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                elements.add(toJson(list.get(i), where + "[" + i + "]"));
            }
            return JsonArray.of(elements);
        }
        if (value instanceof int[] ints) {
            List<JsonValue> elements = new ArrayList<>(ints.length);
            for (int v : ints) {
                elements.add(JsonNumber.of(v));
            }
            return JsonArray.of(elements);
        }
        if (value instanceof double[] doubles) {
            List<JsonValue> elements = new ArrayList<>(doubles.length);
            for (double v : doubles) {
                elements.add(toJson(v, where));
            }
            return JsonArray.of(elements);
        }
        throw new IllegalArgumentException(where + ": cannot write a " + value.getClass().getName()
                + " into a config (expected a map, list, string, number, boolean or null)");
    }
}
