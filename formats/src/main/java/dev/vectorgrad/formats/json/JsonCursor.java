package dev.vectorgrad.formats.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads JSON text one value at a time (pull style), strictly (RFC 8259) and within {@link JsonLimits}.
 *
 * <p>At a place where a value is due (the start, after {@link #nextName}, after {@link #nextElement}
 * returned true), {@link #peek()} tells its kind, and one of {@link #beginObject()},
 * {@link #beginArray()}, {@link #nextString()}, {@link #nextNumber()}, {@link #nextBoolean()},
 * {@link #nextNull()} or {@link #skipValue()} reads it. Inside an object, {@link #nextName()} returns
 * each member's name (its value is then due) and null after the closing brace; inside an array,
 * {@link #nextElement()} returns true before each element and false after the closing bracket. After
 * the top-level value, {@link #end()} checks that only whitespace follows:
 *
 * <pre>{@code
 * JsonCursor c = JsonCursor.of(bytes);
 * c.beginObject();
 * for (String name; (name = c.nextName()) != null; ) {
 *     if (name.equals("units")) units = c.nextNumber().asInt(); else c.skipValue();
 * }
 * c.end();
 * }</pre>
 *
 * <p>The text is checked to be UTF-8 when the cursor is made, so an encoding error is reported before
 * any syntax error. Every problem in the text is a {@link JsonException} at its byte offset (counted
 * from the start of the text); calling a method where the grammar does not allow it (a value where a
 * name is due, say) is a mistake of the caller and an {@link IllegalStateException}. A cursor rejects a
 * key that appears twice in one object unless told not to ({@link #uncheckedNames()}). Values a cursor
 * returns carry their byte offset but no path; the tree {@link Json#read(JsonCursor)} builds has both.
 */
public final class JsonCursor {

    private static final int END = -1;
    private static final int UTF8_CHUNK_CHARS = 1024;

    // What the innermost open container expects next.
    private static final byte OBJECT_FIRST = 0; // after '{': a name or '}'
    private static final byte OBJECT_VALUE = 1; // after a name and ':': the member's value
    private static final byte OBJECT_NEXT = 2; // after a member's value: ',' or '}'
    private static final byte ARRAY_FIRST = 3; // after '[': an element or ']'
    private static final byte ARRAY_VALUE = 4; // nextElement() returned true: the element's value
    private static final byte ARRAY_NEXT = 5; // after an element: ',' or ']'

    private final byte[] b;
    private final int base;
    private final int end;
    private final JsonLimits limits;
    private final String inputName;
    private boolean checkNames = true;
    private int pos;
    private int depth;
    private byte[] state = new byte[4];
    private int[] count = new int[4];
    private String[] lastName = new String[4];
    private final List<Set<String>> names = new ArrayList<>();
    /** The top-level value has been begun (or read). */
    private boolean started;
    /** The top-level value has been read. */
    private boolean done;

    private JsonCursor(byte[] b, int base, int end, JsonLimits limits, String inputName) {
        this.b = b;
        this.base = base;
        this.end = end;
        this.pos = base;
        this.limits = limits;
        this.inputName = inputName;
    }

    /** A cursor over all of {@code json} (UTF-8) with the {@link JsonLimits#defaults() default limits}. */
    public static JsonCursor of(byte[] json) throws JsonException {
        return of(json, 0, json.length, JsonLimits.defaults(), "input");
    }

    /** A cursor over all of {@code json} (UTF-8). */
    public static JsonCursor of(byte[] json, JsonLimits limits) throws JsonException {
        return of(json, 0, json.length, limits, "input");
    }

    /**
     * A cursor over {@code length} bytes of {@code json} (UTF-8) from {@code offset}, which messages
     * call {@code inputName} ("found the end of the header"); offsets count from {@code offset}. The
     * array is read, not copied: it must not change while the cursor is used.
     *
     * @throws JsonException when the text is longer than {@link JsonLimits#maxInputBytes()} or not UTF-8
     */
    public static JsonCursor of(byte[] json, int offset, int length, JsonLimits limits, String inputName)
            throws JsonException {
        Objects.checkFromIndexSize(offset, length, json.length);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(inputName, "inputName");
        if (length > limits.maxInputBytes()) {
            throw new JsonException("", limits.maxInputBytes(), "the input of " + length
                    + " bytes exceeds the limit maxInputBytes = " + limits.maxInputBytes());
        }
        checkUtf8(json, offset, length);
        return new JsonCursor(json, offset, offset + length, limits, inputName);
    }

    /**
     * A cursor over {@code json}, encoded as UTF-8 (offsets are those of the encoded bytes).
     *
     * @throws JsonException when the text has an unpaired surrogate (it has no UTF-8 form) or its UTF-8
     *     form is longer than {@link JsonLimits#maxInputBytes()}
     */
    public static JsonCursor of(String json, JsonLimits limits) throws JsonException {
        long bytes = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsonException("", bytes, "unpaired surrogate " + codePoint(c)
                        + " in the text (it has no UTF-8 form)");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > limits.maxInputBytes()) {
            throw new JsonException("", limits.maxInputBytes(), "the input of " + bytes
                    + " bytes exceeds the limit maxInputBytes = " + limits.maxInputBytes());
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCursor(utf8, 0, utf8.length, limits, "input");
    }

    /** Checks strict UTF-8 (no overlong forms, no encoded surrogates, nothing past U+10FFFF). */
    private static void checkUtf8(byte[] json, int offset, int length) throws JsonException {
        ByteBuffer in = ByteBuffer.wrap(json, offset, length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(UTF8_CHUNK_CHARS);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (result.isError()) {
            throw new JsonException("", in.position() - offset, "invalid UTF-8: " + result.length()
                    + " byte(s) that do not form a character");
        }
    }

    /**
     * Stops this cursor from rejecting a key that appears twice in one object, for a caller that
     * checks keys itself (with its own messages, at its own time). Returns this cursor.
     */
    public JsonCursor uncheckedNames() {
        checkNames = false;
        return this;
    }

    /** The byte offset of the next character to read, from the start of the text. */
    public long offset() {
        return pos - base;
    }

    // ---- values ------------------------------------------------------------------------------

    /**
     * The kind of the value that is due, without reading it (whitespace before it is skipped).
     *
     * @throws JsonException when no value starts here ("expected a JSON value, found ']'")
     */
    public JsonType peek() throws JsonException {
        requireValue("peek");
        skipWhitespace();
        return typeHere();
    }

    /** Reads the '{' of the object that is due; then call {@link #nextName()} for its members. */
    public void beginObject() throws JsonException {
        expect(JsonType.OBJECT);
        open(OBJECT_FIRST, "an object");
    }

    /** Reads the '[' of the array that is due; then call {@link #nextElement()} before each element. */
    public void beginArray() throws JsonException {
        expect(JsonType.ARRAY);
        open(ARRAY_FIRST, "an array");
    }

    /** Reads the string that is due, its escapes decoded. */
    public String nextString() throws JsonException {
        expect(JsonType.STRING);
        String s = string();
        valueDone();
        return s;
    }

    /** Reads the number that is due, keeping its text. */
    public JsonNumber nextNumber() throws JsonException {
        expect(JsonType.NUMBER);
        return readNumber(null);
    }

    /**
     * Reads the number that is due when it is written as a non-negative integer (digits only: no sign,
     * fraction or exponent) that fits in a long, and returns it, allocating nothing. Otherwise returns
     * -1 and reads nothing, so that {@link #nextNumber()} (or the method for what is there) reads it and
     * reports what it is. For schemas full of counts, sizes and offsets.
     */
    public long tryNextNonNegativeLong() {
        requireValue("tryNextNonNegativeLong");
        skipWhitespace();
        int at = pos;
        long value = 0;
        while (isDigit(peekByte())) {
            int digit = b[pos++] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                pos = at;
                return -1;
            }
            value = value * 10 + digit;
        }
        int length = pos - at;
        int next = peekByte();
        if (length == 0 || length > 1 && b[at] == '0' || length > limits.maxNumberLength() || next == '.' || next == 'e'
                || next == 'E') {
            pos = at;
            return -1;
        }
        valueDone();
        return value;
    }

    /** Reads the {@code true} or {@code false} that is due. */
    public boolean nextBoolean() throws JsonException {
        requireValue("nextBoolean");
        skipWhitespace();
        JsonType t = typeHere();
        if (t != JsonType.TRUE && t != JsonType.FALSE) {
            throw error("expected a boolean, found " + t.description());
        }
        pos += t == JsonType.TRUE ? 4 : 5;
        valueDone();
        return t == JsonType.TRUE;
    }

    /** Reads the {@code null} that is due. */
    public void nextNull() throws JsonException {
        expect(JsonType.NULL);
        pos += 4;
        valueDone();
    }

    /** Reads the value that is due, whatever it is, checking it as strictly as reading it would. */
    public void skipValue() throws JsonException {
        int outer = depth;
        startValue();
        while (depth > outer) {
            boolean more = state[depth - 1] == OBJECT_NEXT || state[depth - 1] == OBJECT_FIRST
                    ? nextName() != null : nextElement();
            if (more) {
                startValue();
            }
        }
    }

    /** Reads a scalar, or the opening bracket of a container. */
    private void startValue() throws JsonException {
        switch (peek()) {
            case OBJECT -> beginObject();
            case ARRAY -> beginArray();
            case STRING -> nextString();
            case NUMBER -> nextNumber();
            case TRUE, FALSE -> nextBoolean();
            case NULL -> nextNull();
        }
    }

    // ---- objects and arrays ------------------------------------------------------------------

    /**
     * The name of the next member of the object being read, with its ':' read (its value is then
     * due), or null after the object's closing '}'.
     */
    public String nextName() throws JsonException {
        return nextName("a key", null);
    }

    /**
     * {@link #nextName()} with the words of its syntax errors: "expected KEYNOUN (a string) or '}'
     * WHERE, found ..." and "expected ',' or '}' WHERE, found ..."; with {@code where} null, the first
     * has no WHERE and the second says "after the value of KEY".
     */
    public String nextName(String keyNoun, Supplier<String> where) throws JsonException {
        int level = depth - 1;
        if (level < 0 || state[level] != OBJECT_FIRST && state[level] != OBJECT_NEXT) {
            throw new IllegalStateException("nextName: not between the members of an object (" + expectation() + ")");
        }
        skipWhitespace();
        int c = peekByte();
        if (state[level] == OBJECT_NEXT) {
            if (c == ',') {
                pos++;
                skipWhitespace();
                c = peekByte();
                if (c != '"') {
                    throw expectedName(keyNoun, where);
                }
            } else if (c != '}') {
                throw error("expected ',' or '}' " + (where == null ? "after the value of " + JsonException.quote(lastName[level])
                        : where.get()) + ", found " + found());
            }
        } else if (c != '"' && c != '}') {
            throw expectedName(keyNoun, where);
        }
        if (c == '}') {
            pos++;
            close();
            return null;
        }
        if (count[level] == limits.maxMembers()) {
            throw error("an object with more than " + limits.maxMembers() + " members exceeds the limit maxMembers = "
                    + limits.maxMembers());
        }
        count[level]++;
        int at = pos;
        String name = string();
        if (checkNames && !namesAt(level).add(name)) {
            pos = at;
            throw error("duplicate key " + JsonException.quote(name) + " (the keys of an object must be unique)");
        }
        skipWhitespace();
        if (peekByte() != ':') {
            throw error("expected ':' after the key " + JsonException.quote(name) + ", found " + found());
        }
        pos++;
        lastName[level] = name;
        state[level] = OBJECT_VALUE;
        return name;
    }

    private JsonException expectedName(String keyNoun, Supplier<String> where) {
        return error("expected " + keyNoun + " (a string) or '}'" + (where == null ? "" : " " + where.get()) + ", found "
                + found());
    }

    private Set<String> namesAt(int level) {
        while (names.size() <= level) {
            names.add(null);
        }
        Set<String> set = names.get(level);
        if (set == null) {
            set = new HashSet<>();
            names.set(level, set);
        }
        return set;
    }

    /** True before each element of the array being read (the element is then due), false after its closing ']'. */
    public boolean nextElement() throws JsonException {
        return nextElement(null);
    }

    /**
     * {@link #nextElement()} with the words of its syntax error: "expected ',' or ']' WHERE, found
     * ..."; with {@code where} null, WHERE is "after the element at index N".
     */
    public boolean nextElement(Supplier<String> where) throws JsonException {
        int level = depth - 1;
        if (level < 0 || state[level] != ARRAY_FIRST && state[level] != ARRAY_NEXT) {
            throw new IllegalStateException("nextElement: not between the elements of an array (" + expectation() + ")");
        }
        skipWhitespace();
        int c = peekByte();
        if (c == ']') {
            pos++;
            close();
            return false;
        }
        if (state[level] == ARRAY_NEXT) {
            if (c != ',') {
                throw error("expected ',' or ']' " + (where == null ? "after the element at index " + (count[level] - 1)
                        : where.get()) + ", found " + found());
            }
            pos++;
            skipWhitespace();
        }
        if (count[level] == limits.maxElements()) {
            throw error("an array with more than " + limits.maxElements() + " elements exceeds the limit maxElements = "
                    + limits.maxElements());
        }
        count[level]++;
        state[level] = ARRAY_VALUE;
        return true;
    }

    /** Checks that only whitespace follows the top-level value. */
    public void end() throws JsonException {
        end("the top-level value");
    }

    /** {@link #end()}, naming what was read in its error: "unexpected 'x' after WHAT (only whitespace may follow it)". */
    public void end(String what) throws JsonException {
        if (!done) {
            throw new IllegalStateException("end: the top-level value has not been read (" + expectation() + ")");
        }
        skipWhitespace();
        if (pos != end) {
            throw error("unexpected " + found() + " after " + what + " (only whitespace may follow it)");
        }
    }

    // ---- the grammar's state -----------------------------------------------------------------

    private void requireValue(String method) {
        boolean due = depth == 0 ? !started : state[depth - 1] == OBJECT_VALUE || state[depth - 1] == ARRAY_VALUE;
        if (!due) {
            throw new IllegalStateException(method + ": no value is due here (" + expectation() + ")");
        }
    }

    /** What the caller should call next, for the messages of misuse. */
    private String expectation() {
        if (depth == 0) {
            return done ? "the top-level value has been read: call end()" : "a value is due";
        }
        return switch (state[depth - 1]) {
            case OBJECT_FIRST, OBJECT_NEXT -> "inside an object: call nextName()";
            case ARRAY_FIRST, ARRAY_NEXT -> "inside an array: call nextElement()";
            default -> "a value is due";
        };
    }

    /** Requires a value of kind {@code type} here (whitespace skipped). */
    private void expect(JsonType type) throws JsonException {
        requireValue("reading " + type.description());
        skipWhitespace();
        JsonType found = typeHere();
        if (found != type) {
            throw error("expected " + type.description() + ", found " + found.description());
        }
    }

    private void open(byte first, String what) throws JsonException {
        if (depth == limits.maxDepth()) {
            throw error(what + " nested " + (depth + 1) + " deep exceeds the limit maxDepth = " + limits.maxDepth());
        }
        if (depth == state.length) {
            int n = Math.min(2 * depth, limits.maxDepth());
            state = Arrays.copyOf(state, n);
            count = Arrays.copyOf(count, n);
            lastName = Arrays.copyOf(lastName, n);
        }
        state[depth] = first;
        count[depth] = 0;
        depth++;
        started = true;
        pos++;
    }

    private void close() {
        depth--;
        lastName[depth] = null;
        if (depth < names.size() && names.get(depth) != null) {
            names.get(depth).clear();
        }
        valueDone();
    }

    private void valueDone() {
        if (depth == 0) {
            started = true;
            done = true;
        } else {
            state[depth - 1] = state[depth - 1] == OBJECT_VALUE ? OBJECT_NEXT : ARRAY_NEXT;
        }
    }

    // ---- lexing ------------------------------------------------------------------------------

    /** The kind of value starting at the current position; literals are checked whole. */
    private JsonType typeHere() throws JsonException {
        int c = peekByte();
        switch (c) {
            case '{' -> {
                return JsonType.OBJECT;
            }
            case '[' -> {
                return JsonType.ARRAY;
            }
            case '"' -> {
                return JsonType.STRING;
            }
            case 't' -> {
                if (literal("true")) {
                    return JsonType.TRUE;
                }
            }
            case 'f' -> {
                if (literal("false")) {
                    return JsonType.FALSE;
                }
            }
            case 'n' -> {
                if (literal("null")) {
                    return JsonType.NULL;
                }
            }
            default -> {
                if (c == '-' || isDigit(c)) {
                    return JsonType.NUMBER;
                }
            }
        }
        throw error("expected a JSON value, found " + found());
    }

    private boolean literal(String word) {
        if (end - pos < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The number at the current position (its first character checked), with {@code where} as its location. */
    JsonNumber readNumber(JsonValue.Location where) throws JsonException {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) {
            pos++;
        }
        if (!isDigit(peekByte())) {
            throw error("malformed number: expected a digit, found " + found());
        }
        long magnitude = 0;
        boolean compact = true; // an integer whose magnitude fits in a long so far
        if (b[pos] == '0') {
            pos++;
            if (isDigit(peekByte())) {
                throw error("malformed number: leading zeros are not allowed");
            }
        } else {
            while (isDigit(peekByte())) {
                int digit = b[pos++] - '0';
                if (compact) {
                    try {
                        magnitude = Math.addExact(Math.multiplyExact(magnitude, 10), digit);
                    } catch (ArithmeticException tooLarge) {
                        compact = false; // kept as text
                    }
                }
            }
        }
        if (peekByte() == '.') {
            compact = false;
            pos++;
            if (!isDigit(peekByte())) {
                throw error("malformed number: expected a digit after '.', found " + found());
            }
            while (isDigit(peekByte())) {
                pos++;
            }
        }
        if (peekByte() == 'e' || peekByte() == 'E') {
            compact = false;
            pos++;
            if (peekByte() == '+' || peekByte() == '-') {
                pos++;
            }
            if (!isDigit(peekByte())) {
                throw error("malformed number: expected a digit in the exponent, found " + found());
            }
            while (isDigit(peekByte())) {
                pos++;
            }
        }
        int length = pos - start;
        if (length > limits.maxNumberLength()) {
            pos = start;
            throw error("a number of " + length + " characters exceeds the limit maxNumberLength = "
                    + limits.maxNumberLength());
        }
        valueDone();
        long offset = start - base;
        // "-0" keeps its text: as a long it would read back as "0".
        return compact && !(negative && magnitude == 0)
                ? new JsonNumber(where, offset, negative ? -magnitude : magnitude)
                : new JsonNumber(where, offset, new String(b, start, length, StandardCharsets.ISO_8859_1));
    }

    /** A JSON string starting at the current '"', decoded. */
    private String string() throws JsonException {
        int open = pos;
        pos++;
        int run = pos;
        StringBuilder decoded = null;
        int units = 0;
        int max = limits.maxStringLength();
        while (true) {
            if (pos >= end) {
                pos = open;
                throw error("unterminated string");
            }
            int c = b[pos];
            if (c == '"') {
                String s = new String(b, run, pos - run, StandardCharsets.UTF_8);
                pos++;
                return decoded == null ? s : decoded.append(s).toString();
            }
            if (c == '\\') {
                if (decoded == null) {
                    decoded = new StringBuilder();
                }
                decoded.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                units += escape(decoded);
                run = pos;
            } else if (c >= 0 && c < 0x20) {
                throw error("control character " + codePoint(c) + " in a string must be escaped");
            } else {
                // The text is valid UTF-8: a character starts at every byte but a continuation byte
                // (10xxxxxx), and one of four bytes (11110xxx) is two UTF-16 units.
                if ((c & 0xC0) != 0x80) {
                    units += (c & 0xF8) == 0xF0 ? 2 : 1;
                }
                pos++;
            }
            if (units > max) {
                pos = open;
                throw error("a string longer than " + max + " characters exceeds the limit maxStringLength = " + max);
            }
        }
    }

    /** One escape after its backslash; returns the UTF-16 units it adds. */
    private int escape(StringBuilder out) throws JsonException {
        int c = peekByte();
        switch (c) {
            case '"', '\\', '/' -> out.append((char) c);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                pos++;
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (peekByte() != '\\' || pos + 1 >= end || b[pos + 1] != 'u') {
                        throw error("unpaired surrogate escape \\u" + hex(unit) + " (a high surrogate must be followed by"
                                + " a \\u escape of a low surrogate)");
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error("unpaired surrogate escape \\u" + hex(unit) + " followed by \\u" + hex(low)
                                + ", not a low surrogate");
                    }
                    out.append(unit).append(low);
                    return 2;
                }
                if (Character.isLowSurrogate(unit)) {
                    throw error("unpaired surrogate escape \\u" + hex(unit) + " (a low surrogate with no high surrogate)");
                }
                out.append(unit);
                return 1;
            }
            default -> throw error("invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found "
                    + found() + " after '\\'");
        }
        pos++;
        return 1;
    }

    private char hex4() throws JsonException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = peekByte();
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw error("invalid \\u escape: expected 4 hex digits, found " + found());
            }
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    /** The byte at the current position (0 to 255), or END. */
    private int peekByte() {
        return pos < end ? b[pos] & 0xFF : END;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    // ---- errors ------------------------------------------------------------------------------

    /** A problem at the current position. */
    private JsonException error(String problem) {
        return new JsonException("", pos - base, problem);
    }

    /** What is at the current position, for messages: 'x', U+0009, U+00E9, or the end of the input. */
    private String found() {
        if (pos >= end) {
            return "the end of the " + inputName;
        }
        int c = b[pos] & 0xFF;
        if ((c & 0x80) == 0) {
            return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : codePoint(c);
        }
        // The text is valid UTF-8: decode the character this lead byte (11110xxx, 1110xxxx or 110xxxxx) starts.
        int extra = (c & 0xF0) == 0xF0 ? 3 : (c & 0xE0) == 0xE0 ? 2 : 1;
        int cp = c & 0x3F >> extra;
        for (int i = 1; i <= extra; i++) {
            cp = cp << 6 | b[pos + i] & 0x3F;
        }
        return codePoint(cp);
    }

    /** U+ and at least four upper-case hex digits. */
    static String codePoint(int cp) {
        String digits = Integer.toHexString(cp).toUpperCase(Locale.ROOT);
        return "U+" + "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }

    private static String hex(char c) {
        return codePoint(c).substring(2);
    }
}
