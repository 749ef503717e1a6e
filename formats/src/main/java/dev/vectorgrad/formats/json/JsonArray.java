package dev.vectorgrad.formats.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A JSON array: elements in order. */
public final class JsonArray extends JsonValue {

    private final List<JsonValue> elements;
    private final List<JsonValue> view;

    JsonArray(Location location, long offset) {
        super(location, offset);
        this.elements = new ArrayList<>();
        this.view = Collections.unmodifiableList(elements);
    }

    /** An array of {@code elements} (copied); none may be null. */
    public static JsonArray of(List<? extends JsonValue> elements) {
        JsonArray a = new JsonArray(null, -1);
        for (JsonValue v : elements) {
            a.elements.add(Objects.requireNonNull(v, () -> "element " + a.elements.size() + " is null"));
        }
        return a;
    }

    /** Adds an element while the tree is being read. */
    void add(JsonValue value) {
        elements.add(value);
    }

    @Override
    public JsonType type() {
        return JsonType.ARRAY;
    }

    @Override
    public JsonArray asArray() {
        return this;
    }

    /** The number of elements. */
    public int size() {
        return elements.size();
    }

    /** The elements, unmodifiable. */
    public List<JsonValue> elements() {
        return view;
    }

    /** Element {@code index}; throws naming the index, the size and this array's path when it is out of range. */
    public JsonValue get(int index) throws JsonException {
        if (index < 0 || index >= elements.size()) {
            throw error("index " + index + " is out of range: the array has " + elements.size() + " element"
                    + (elements.size() == 1 ? "" : "s"));
        }
        return elements.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other && elements.equals(other.elements);
    }

    /** The hash code of {@link #elements()}. */
    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
