package dev.vectorgrad.formats.json;

import java.io.IOException;

/**
 * JSON text that is malformed, over a {@link JsonLimits limit}, or not what a reader of it expected.
 *
 * <p>The message reads {@code PATH at byte OFFSET: PROBLEM}, for example
 * {@code at byte 17: expected ':' after the key "units", found '}'} or
 * {@code config.layers[2].units at byte 345: expected an integer, found the string "32"}; the path is
 * left out where there is none (the cursor does not track one) and the offset where the value was
 * made in code rather than read.
 */
public final class JsonException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Strings longer than this are shortened by {@link #quote}. */
    private static final int SHOWN_CHARS = 120;

    /** The path of the value the problem is at, such as {@code config.layers[2].units}, or empty. */
    private final String path;
    /** The byte offset of the problem in the input, or -1 when it is not known. */
    private final long offset;
    /** The problem, without the path and offset. */
    private final String problem;

    JsonException(String path, long offset, String problem) {
        super(where(path, offset) + problem);
        this.path = path;
        this.offset = offset;
        this.problem = problem;
    }

    private static String where(String path, long offset) {
        String at = offset < 0 ? "" : "at byte " + offset;
        if (path.isEmpty()) {
            return at.isEmpty() ? "" : at + ": ";
        }
        return path + (at.isEmpty() ? "" : " " + at) + ": ";
    }

    /** The problem alone, without the path and offset. */
    public String problem() {
        return problem;
    }

    /** Where the value concerned sits in the document ({@code config.layers[2].units}); empty when unknown or at the top. */
    public String path() {
        return path;
    }

    /** The byte offset in the UTF-8 text where the problem is, or -1 for a value made in code. */
    public long offset() {
        return offset;
    }

    /**
     * {@code text} as a quoted string for a message: {@code "} and {@code \} escaped with a backslash,
     * control characters and DEL as backslash-u escapes, and shortened to its first 120 characters
     * followed by its length when longer; {@code null} for null. (The hex digits are written by hand:
     * {@code String.format} costs about a kilobyte per call, and a name of control characters made one
     * safetensors message cost over 100 KB, found by fuzzing; see {@code formats/FUZZING.md}.)
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        int shown = Math.min(text.length(), SHOWN_CHARS);
        StringBuilder s = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                s.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                s.append(c);
            }
        }
        s.append('"');
        if (text.length() > shown) {
            s.append("... (").append(text.length()).append(" characters)");
        }
        return s.toString();
    }
}
