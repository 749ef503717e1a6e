package dev.vectorgrad.formats.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A JSON value in a tree: {@link JsonObject}, {@link JsonArray}, {@link JsonString},
 * {@link JsonNumber}, {@link JsonBoolean} or {@link JsonNull}.
 *
 * <p>The typed accessors ({@link #asObject()}, {@link #asString()}, {@link #asInt()}, ...) return the
 * value as that type or throw a {@link JsonException} saying what was expected and what was found, at
 * the value's {@link #path()} and {@link #offset()}:
 * {@code config.layers[2].units at byte 345: expected an integer, found the string "32"}. Values
 * {@link Json#read(JsonCursor) read} from text know where they were; values made in code (the
 * {@code of} methods) have an empty path and offset -1.
 *
 * <p>Values are immutable and compare by content: objects as maps (member order aside), arrays
 * element by element, numbers by their text, ignoring where they were read.
 */
public abstract sealed class JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** Where a value was read: the container it is in, and its name or index there. */
    record Location(JsonValue parent, String name, int index) {
    }

    private final Location location;
    private final long offset;

    JsonValue(Location location, long offset) {
        this.location = location;
        this.offset = offset;
    }

    /** The value's kind. */
    public abstract JsonType type();

    /**
     * Where the value sits in the document it was read from, as {@code config.layers[2].units}: names
     * that are identifiers after a dot, other names quoted in brackets ({@code ["my key"]}), indices in
     * brackets. Empty for the top-level value and for values made in code.
     */
    public final String path() {
        Deque<Location> chain = new ArrayDeque<>();
        for (JsonValue v = this; v.location != null; v = v.location.parent()) {
            chain.push(v.location);
        }
        StringBuilder s = new StringBuilder();
        for (Location l : chain) {
            if (l.name() == null) {
                s.append('[').append(l.index()).append(']');
            } else if (isIdentifier(l.name())) {
                s.append(s.isEmpty() ? "" : ".").append(l.name());
            } else {
                s.append('[').append(JsonException.quote(l.name())).append(']');
            }
        }
        return s.toString();
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The byte offset of the value's first character in the text it was read from, or -1 for a value made in code. */
    public final long offset() {
        return offset;
    }

    /** This value as an object. */
    public JsonObject asObject() throws JsonException {
        throw expected("an object");
    }

    /** This value as an array. */
    public JsonArray asArray() throws JsonException {
        throw expected("an array");
    }

    /** This value as a string. */
    public String asString() throws JsonException {
        throw expected("a string");
    }

    /** This value as a long: a number whose value is an integer in the range of long (1, 1.0 and 1e0 alike). */
    public long asLong() throws JsonException {
        throw expected("an integer");
    }

    /** This value as an int: a number whose value is an integer in the range of int. */
    public int asInt() throws JsonException {
        throw expected("an integer");
    }

    /** This value as the nearest double: a number within the range of double. */
    public double asDouble() throws JsonException {
        throw expected("a number");
    }

    /** This value as a boolean. */
    public boolean asBoolean() throws JsonException {
        throw expected("a boolean");
    }

    /** True for {@code null}. */
    public final boolean isNull() {
        return type() == JsonType.NULL;
    }

    /**
     * An exception about this value, at its path and offset: for a reader of the document to report
     * what it does not accept ({@code value.error("unknown activation \"swish2\"")}).
     */
    public final JsonException error(String problem) {
        return new JsonException(path(), offset, problem);
    }

    /** "expected WHAT, found ..." about this value. */
    final JsonException expected(String what) {
        return error("expected " + what + ", found " + found());
    }

    /** How this value reads in a message. */
    String found() {
        return type().description();
    }

    /** The value as compact JSON text ({@link Json#write}). */
    @Override
    public final String toString() {
        return Json.write(this);
    }
}
