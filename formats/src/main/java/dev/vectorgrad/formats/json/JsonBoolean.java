package dev.vectorgrad.formats.json;

/** A JSON {@code true} or {@code false}. */
public final class JsonBoolean extends JsonValue {

    /** {@code true}, made in code. */
    public static final JsonBoolean TRUE = new JsonBoolean(null, -1, true);

    /** {@code false}, made in code. */
    public static final JsonBoolean FALSE = new JsonBoolean(null, -1, false);

    private final boolean value;

    JsonBoolean(Location location, long offset, boolean value) {
        super(location, offset);
        this.value = value;
    }

    /** {@link #TRUE} or {@link #FALSE}. */
    public static JsonBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public JsonType type() {
        return value ? JsonType.TRUE : JsonType.FALSE;
    }

    /** The boolean. */
    public boolean value() {
        return value;
    }

    @Override
    public boolean asBoolean() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonBoolean other && value == other.value;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(value);
    }
}
