package dev.vectorgrad.formats.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads JSON text into a tree of {@link JsonValue}s and writes trees as text.
 *
 * <pre>{@code
 * JsonValue config = Json.parse(Files.readAllBytes(Path.of("config.json")));
 * int units = config.asObject().get("config").asObject().get("units").asInt();   // errors name config.units
 * String text = Json.write(config);                                              // compact, deterministic
 * }</pre>
 */
public final class Json {

    private Json() {
    }

    /** The value {@code json} (UTF-8) holds, read with the {@link JsonLimits#defaults() default limits}. */
    public static JsonValue parse(byte[] json) throws JsonException {
        return parse(json, JsonLimits.defaults());
    }

    /** The value {@code json} (UTF-8) holds; only whitespace may follow it. */
    public static JsonValue parse(byte[] json, JsonLimits limits) throws JsonException {
        return readAll(JsonCursor.of(json, limits));
    }

    /** The value {@code json} holds, read with the {@link JsonLimits#defaults() default limits}; offsets are those of its UTF-8 form. */
    public static JsonValue parse(String json) throws JsonException {
        return parse(json, JsonLimits.defaults());
    }

    /** The value {@code json} holds; only whitespace may follow it. Offsets are those of its UTF-8 form. */
    public static JsonValue parse(String json, JsonLimits limits) throws JsonException {
        return readAll(JsonCursor.of(json, limits));
    }

    private static JsonValue readAll(JsonCursor cursor) throws JsonException {
        JsonValue value = read(cursor);
        cursor.end();
        return value;
    }

    /**
     * Reads the value that is due at {@code cursor} into a tree whose paths start at that value. Duplicate
     * keys are rejected (unless the cursor was told {@link JsonCursor#uncheckedNames()}, when the last
     * one wins). The tree is built without recursion, so nesting costs no stack.
     */
    public static JsonValue read(JsonCursor cursor) throws JsonException {
        Deque<JsonValue> open = new ArrayDeque<>();
        JsonValue.Location where = null;
        JsonValue top = null;
        while (true) {
            JsonType type = cursor.peek();
            long offset = cursor.offset();
            JsonValue value = switch (type) {
                case OBJECT -> {
                    cursor.beginObject();
                    yield new JsonObject(where, offset);
                }
                case ARRAY -> {
                    cursor.beginArray();
                    yield new JsonArray(where, offset);
                }
                case STRING -> new JsonString(where, offset, cursor.nextString());
                case NUMBER -> cursor.readNumber(where);
                case TRUE, FALSE -> new JsonBoolean(where, offset, cursor.nextBoolean());
                case NULL -> {
                    cursor.nextNull();
                    yield new JsonNull(where, offset);
                }
            };
            if (where == null) {
                top = value;
            } else if (where.parent() instanceof JsonObject o) {
                o.add(where.name(), value);
            } else {
                ((JsonArray) where.parent()).add(value);
            }
            if (type == JsonType.OBJECT || type == JsonType.ARRAY) {
                open.push(value);
            }
            // Find the next value that is due, closing the containers that end first.
            where = null;
            while (where == null && !open.isEmpty()) {
                JsonValue container = open.peek();
                if (container instanceof JsonObject o) {
                    String name = cursor.nextName();
                    if (name != null) {
                        where = new JsonValue.Location(o, name, -1);
                    }
                } else if (cursor.nextElement()) {
                    JsonArray a = (JsonArray) container;
                    where = new JsonValue.Location(a, null, a.size());
                }
                if (where == null) {
                    open.pop();
                }
            }
            if (where == null) {
                return top;
            }
        }
    }

    /**
     * {@code value} as plain Java values, for code that reads configurations as maps: objects become
     * {@link java.util.LinkedHashMap}s in member order, arrays {@link java.util.ArrayList}s, strings {@code String}s,
     * booleans {@code Boolean}s, null {@code null}; a number written as an integer that fits a {@code long} becomes a
     * {@code Long}, any other number a {@code Double}.
     */
    public static Object toPlain(JsonValue value) {
        return switch (value.type()) {
            case NULL -> null;
            case STRING -> ((JsonString) value).value();
            case TRUE, FALSE -> ((JsonBoolean) value).value();
            case NUMBER -> {
                JsonNumber n = (JsonNumber) value;
                if (n.isIntegerLiteral()) {
                    try {
                        yield n.asLong();
                    } catch (JsonException outOfRange) {
                        yield Double.parseDouble(n.text());
                    }
                }
                yield Double.parseDouble(n.text());
            }
            case ARRAY -> {
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (JsonValue e : ((JsonArray) value).elements()) {
                    out.add(toPlain(e));
                }
                yield out;
            }
            case OBJECT -> {
                java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
                for (java.util.Map.Entry<String, JsonValue> e : ((JsonObject) value).members().entrySet()) {
                    out.put(e.getKey(), toPlain(e.getValue()));
                }
                yield out;
            }
        };
    }

    /** {@code value} as compact JSON text ({@link JsonWriter}). */
    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).value(value);
        return out.toString();
    }
}
