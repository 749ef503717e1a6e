package dev.vectorgrad.formats.json;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes compact JSON text into a {@link StringBuilder}, deterministically: no whitespace, members in
 * the order given, strings escaped as short escapes where JSON has them ({@code \" \\ \b \f \n \r \t}),
 * backslash-u with lower-case hex for the other control characters, and every other character as
 * itself. Numbers are written as {@link Long#toString(long)}, {@link Double#toString(double)} or, for a
 * {@link JsonNumber}, as its text.
 *
 * <pre>{@code
 * new JsonWriter(out).beginObject().name("units").value(32).name("activation").value("tanh").endObject();
 * }</pre>
 *
 * Calls out of the grammar's order (a value where a name is due, a second top-level value, closing
 * what is not open) throw {@link IllegalStateException}; a string with an unpaired surrogate (which
 * has no UTF-8 form) or a non-finite double throws {@link IllegalArgumentException}.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // What the innermost open container expects next.
    private static final byte OBJECT_FIRST = 0;
    private static final byte OBJECT_VALUE = 1;
    private static final byte OBJECT_NEXT = 2;
    private static final byte ARRAY_FIRST = 3;
    private static final byte ARRAY_NEXT = 4;

    private final StringBuilder out;
    private byte[] stack = new byte[8];
    private int depth;
    private boolean done;

    /** A writer appending to {@code out}. */
    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    /** Starts an object. */
    public JsonWriter beginObject() {
        beforeValue("beginObject");
        out.append('{');
        push(OBJECT_FIRST);
        return this;
    }

    /** Ends the object being written. */
    public JsonWriter endObject() {
        if (depth == 0 || stack[depth - 1] != OBJECT_FIRST && stack[depth - 1] != OBJECT_NEXT) {
            throw new IllegalStateException("endObject: " + (depth > 0 && stack[depth - 1] == OBJECT_VALUE
                    ? "the last name has no value" : "no object is open"));
        }
        out.append('}');
        depth--;
        afterValue();
        return this;
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        beforeValue("beginArray");
        out.append('[');
        push(ARRAY_FIRST);
        return this;
    }

    /** Ends the array being written. */
    public JsonWriter endArray() {
        if (depth == 0 || stack[depth - 1] != ARRAY_FIRST && stack[depth - 1] != ARRAY_NEXT) {
            throw new IllegalStateException("endArray: no array is open");
        }
        out.append(']');
        depth--;
        afterValue();
        return this;
    }

    /** The name of the next member of the object being written; its value follows. */
    public JsonWriter name(String name) {
        if (depth == 0 || stack[depth - 1] != OBJECT_FIRST && stack[depth - 1] != OBJECT_NEXT) {
            throw new IllegalStateException("name " + JsonException.quote(name) + ": "
                    + (depth > 0 && stack[depth - 1] == OBJECT_VALUE ? "the last name has no value" : "not in an object"));
        }
        if (stack[depth - 1] == OBJECT_NEXT) {
            out.append(',');
        }
        string(name);
        out.append(':');
        stack[depth - 1] = OBJECT_VALUE;
        return this;
    }

    /** A string value. */
    public JsonWriter value(String value) {
        beforeValue("value");
        string(value);
        afterValue();
        return this;
    }

    /** An integer value. */
    public JsonWriter value(long value) {
        beforeValue("value");
        out.append(value);
        afterValue();
        return this;
    }

    /** A finite double value. */
    public JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        beforeValue("value");
        out.append(value);
        afterValue();
        return this;
    }

    /** A boolean value. */
    public JsonWriter value(boolean value) {
        beforeValue("value");
        out.append(value);
        afterValue();
        return this;
    }

    /** A null value. */
    public JsonWriter nullValue() {
        beforeValue("nullValue");
        out.append("null");
        afterValue();
        return this;
    }

    /** A whole tree as one value. */
    public JsonWriter value(JsonValue value) {
        switch (value) {
            case JsonObject o -> {
                beginObject();
                for (Map.Entry<String, JsonValue> m : o.members().entrySet()) {
                    name(m.getKey());
                    value(m.getValue());
                }
                endObject();
            }
            case JsonArray a -> {
                beginArray();
                for (JsonValue v : a.elements()) {
                    value(v);
                }
                endArray();
            }
            case JsonString s -> value(s.value());
            case JsonNumber n -> {
                beforeValue("value");
                out.append(n.text());
                afterValue();
            }
            case JsonBoolean b -> value(b.value());
            case JsonNull n -> nullValue();
        }
        return this;
    }

    private void beforeValue(String method) {
        if (depth == 0) {
            if (done) {
                throw new IllegalStateException(method + ": the top-level value is already written");
            }
            return;
        }
        switch (stack[depth - 1]) {
            case OBJECT_VALUE, ARRAY_FIRST -> {
            }
            case ARRAY_NEXT -> out.append(',');
            default -> throw new IllegalStateException(method + ": a member of an object needs its name() first");
        }
    }

    private void afterValue() {
        if (depth == 0) {
            done = true;
        } else {
            stack[depth - 1] = stack[depth - 1] == OBJECT_VALUE ? OBJECT_NEXT : ARRAY_NEXT;
        }
    }

    private void push(byte state) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, 2 * depth);
        }
        stack[depth++] = state;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("the string " + JsonException.quote(s)
                                + " has an unpaired surrogate at index " + i + " (it has no UTF-8 form)");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
