package dev.vectorgrad.formats.json;

import java.util.Objects;

/** A JSON string. */
public final class JsonString extends JsonValue {

    private final String value;

    JsonString(Location location, long offset, String value) {
        super(location, offset);
        this.value = value;
    }

    /** The string {@code value} (not null). */
    public static JsonString of(String value) {
        return new JsonString(null, -1, Objects.requireNonNull(value, "value"));
    }

    @Override
    public JsonType type() {
        return JsonType.STRING;
    }

    /** The string, escapes decoded. */
    public String value() {
        return value;
    }

    @Override
    public String asString() {
        return value;
    }

    @Override
    String found() {
        return "the string " + JsonException.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString other && value.equals(other.value);
    }

    /** The hash code of {@link #value()}. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
