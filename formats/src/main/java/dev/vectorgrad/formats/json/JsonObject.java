package dev.vectorgrad.formats.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A JSON object: members by name, in the order they were read or given. */
public final class JsonObject extends JsonValue {

    private final Map<String, JsonValue> members;
    private final Map<String, JsonValue> view;

    JsonObject(Location location, long offset) {
        super(location, offset);
        this.members = new LinkedHashMap<>();
        this.view = Collections.unmodifiableMap(members);
    }

    /** An object with {@code members} (copied, in their iteration order); no name or value may be null. */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
        JsonObject o = new JsonObject(null, -1);
        members.forEach((name, value) -> o.members.put(Objects.requireNonNull(name, "a member name is null"),
                Objects.requireNonNull(value, () -> "the value of member " + JsonException.quote(name) + " is null")));
        return o;
    }

    /** Adds a member while the tree is being read. */
    void add(String name, JsonValue value) {
        members.put(name, value);
    }

    @Override
    public JsonType type() {
        return JsonType.OBJECT;
    }

    @Override
    public JsonObject asObject() {
        return this;
    }

    /** The number of members. */
    public int size() {
        return members.size();
    }

    /** The members by name, unmodifiable, in order. */
    public Map<String, JsonValue> members() {
        return view;
    }

    /** True when the object has member {@code name}. */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** Member {@code name}, if present. */
    public Optional<JsonValue> find(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** Member {@code name}; throws naming it and this object's path when it is missing. */
    public JsonValue get(String name) throws JsonException {
        JsonValue v = members.get(name);
        if (v == null) {
            throw error("missing member " + JsonException.quote(name));
        }
        return v;
    }

    /** Member {@code name} as an object. */
    public JsonObject getObject(String name) throws JsonException {
        return get(name).asObject();
    }

    /** Member {@code name} as an array. */
    public JsonArray getArray(String name) throws JsonException {
        return get(name).asArray();
    }

    /** Member {@code name} as a string. */
    public String getString(String name) throws JsonException {
        return get(name).asString();
    }

    /** Member {@code name} as a long ({@link JsonValue#asLong()}). */
    public long getLong(String name) throws JsonException {
        return get(name).asLong();
    }

    /** Member {@code name} as an int ({@link JsonValue#asInt()}). */
    public int getInt(String name) throws JsonException {
        return get(name).asInt();
    }

    /** Member {@code name} as a double ({@link JsonValue#asDouble()}). */
    public double getDouble(String name) throws JsonException {
        return get(name).asDouble();
    }

    /** Member {@code name} as a boolean. */
    public boolean getBoolean(String name) throws JsonException {
        return get(name).asBoolean();
    }

    /** Member {@code name} as a string, or {@code ifAbsent} when it is missing or null. */
    public String getString(String name, String ifAbsent) throws JsonException {
        JsonValue v = members.get(name);
        return v == null || v.isNull() ? ifAbsent : v.asString();
    }

    /** Member {@code name} as a long, or {@code ifAbsent} when it is missing or null. */
    public long getLong(String name, long ifAbsent) throws JsonException {
        JsonValue v = members.get(name);
        return v == null || v.isNull() ? ifAbsent : v.asLong();
    }

    /** Member {@code name} as an int, or {@code ifAbsent} when it is missing or null. */
    public int getInt(String name, int ifAbsent) throws JsonException {
        JsonValue v = members.get(name);
        return v == null || v.isNull() ? ifAbsent : v.asInt();
    }

    /** Member {@code name} as a double, or {@code ifAbsent} when it is missing or null. */
    public double getDouble(String name, double ifAbsent) throws JsonException {
        JsonValue v = members.get(name);
        return v == null || v.isNull() ? ifAbsent : v.asDouble();
    }

    /** Member {@code name} as a boolean, or {@code ifAbsent} when it is missing or null. */
    public boolean getBoolean(String name, boolean ifAbsent) throws JsonException {
        JsonValue v = members.get(name);
        return v == null || v.isNull() ? ifAbsent : v.asBoolean();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && members.equals(other.members);
    }

    /** The hash code of {@link #members()}. */
    @Override
    public int hashCode() {
        return members.hashCode();
    }
}
