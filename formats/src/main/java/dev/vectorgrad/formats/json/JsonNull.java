package dev.vectorgrad.formats.json;

/** A JSON {@code null}. */
public final class JsonNull extends JsonValue {

    /** {@code null}, made in code. */
    public static final JsonNull NULL = new JsonNull(null, -1);

    JsonNull(Location location, long offset) {
        super(location, offset);
    }

    @Override
    public JsonType type() {
        return JsonType.NULL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNull;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
