package dev.vectorgrad.formats.json;

/** The kind of a JSON value, as its first character shows it; booleans are split by value for messages. */
public enum JsonType {
    /** An object: {@code {...}}. */
    OBJECT("an object"),
    /** An array: {@code [...]}. */
    ARRAY("an array"),
    /** A string: {@code "..."}. */
    STRING("a string"),
    /** A number. */
    NUMBER("a number"),
    /** The literal {@code true}. */
    TRUE("a boolean (true)"),
    /** The literal {@code false}. */
    FALSE("a boolean (false)"),
    /** The literal {@code null}. */
    NULL("null");

    private final String description;

    JsonType(String description) {
        this.description = description;
    }

    /** How the kind reads in a message: "an object", "a boolean (true)", "null", ... */
    public String description() {
        return description;
    }
}
