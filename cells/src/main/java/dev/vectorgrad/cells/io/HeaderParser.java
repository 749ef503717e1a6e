package dev.vectorgrad.cells.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict JSON parser for the safetensors header, driven by the header's schema.
 *
 * <p>It accepts exactly RFC 8259 JSON (no comments, no trailing commas, no leading zeros, no
 * unescaped control characters, no unpaired surrogate escapes, only JSON whitespace around
 * tokens) and checks the schema while it reads: the root is an object whose keys are tensor names
 * and the optional {@code "__metadata__"}; a tensor entry is an object with exactly the keys
 * {@code dtype} (a string), {@code shape} (an array of non-negative integers) and
 * {@code data_offsets} (an array of two non-negative integers); metadata is an object of string
 * values. Duplicate keys at every level are rejected.
 *
 * <p>Because the schema is checked as the text is read, a value of the wrong JSON type is rejected
 * at its first character: the parser never descends deeper than the schema (root object, entry,
 * array: three levels), so deeply nested input cannot exhaust the stack, and it keeps nothing but
 * names, dtypes, metadata strings and at most {@link SafeTensors#MAX_RANK} dimensions per tensor.
 */
final class HeaderParser {

    /** The reserved root key for the string-to-string metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /** One validated tensor entry: offsets are relative to the start of the data buffer. */
    record Entry(String name, StoredType dtype, int[] shape, long begin, long end) {
        long byteLength() {
            return end - begin;
        }

        int elements() {
            return (int) (byteLength() / dtype.bytes);
        }
    }

    /** The header: entries in header order, and the metadata (empty when absent). */
    record Header(List<Entry> entries, Map<String, String> metadata) {
    }

    private static final int END = -1;
    private static final int SHOWN_NUMBER_CHARS = 40;

    private final String source;
    private final char[] s;
    private final int end;
    private int pos;
    /** The tensor whose entry is being read, named in syntax errors inside it; null elsewhere. */
    private String context;

    private HeaderParser(String source, char[] chars, int length) {
        this.source = source;
        this.s = chars;
        this.end = length;
    }

    /**
     * Parses and validates {@code length} characters of {@code chars}. Each entry is checked on
     * its own (keys, types, dtype, shape, offsets, size); the layout of the entries in the data
     * buffer is checked by the caller.
     */
    static Header parse(String source, char[] chars, int length) throws SafeTensorsException {
        return new HeaderParser(source, chars, length).header();
    }

    private Header header() throws SafeTensorsException {
        if (peek() != '{') {
            throw syntax("the header must be a JSON object starting with '{', found " + found());
        }
        pos++;
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> metadata = null;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                if (peek() != '"') {
                    throw syntax("expected a tensor name (a string) or '}', found " + found());
                }
                String key = string();
                colon(key);
                if (key.equals(METADATA_KEY)) {
                    if (metadata != null) {
                        throw fail(null, "duplicate key \"" + METADATA_KEY + "\" in the header");
                    }
                    metadata = metadata(entries.size());
                } else {
                    if (!names.add(key)) {
                        throw fail(key, "duplicate tensor name: the header defines it twice (JSON keys must be unique)");
                    }
                    if (entries.size() + (metadata == null ? 0 : metadata.size()) >= SafeTensors.MAX_ENTRIES) {
                        throw fail(null, "the header has more than " + SafeTensors.MAX_ENTRIES
                                + " entries (tensors and metadata), the most this reader accepts");
                    }
                    context = key;
                    entries.add(entry(key));
                    context = null;
                }
                skipWhitespace();
                int c = peek();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                } else if (c == '}') {
                    pos++;
                    break;
                } else {
                    throw syntax("expected ',' or '}' after the value of " + SafeTensorsException.quote(key) + ", found "
                            + found());
                }
            }
        }
        skipWhitespace();
        if (pos != end) {
            throw syntax("unexpected " + found() + " after the header object (only whitespace may follow it)");
        }
        return new Header(entries, metadata == null ? Map.of() : metadata);
    }

    private Map<String, String> metadata(int tensors) throws SafeTensorsException {
        if (peek() != '{') {
            throw wrongType(null, "\"" + METADATA_KEY + "\"", "an object of string values");
        }
        pos++;
        Map<String, String> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            if (peek() != '"') {
                throw syntax("expected a key (a string) or '}' in \"" + METADATA_KEY + "\", found " + found());
            }
            String key = string();
            colon(key);
            if (peek() != '"') {
                throw wrongType(null, "\"" + METADATA_KEY + "\" value of key " + SafeTensorsException.quote(key), "a string");
            }
            String value = string();
            if (map.containsKey(key)) {
                throw fail(null, "duplicate key " + SafeTensorsException.quote(key) + " in \"" + METADATA_KEY + "\"");
            }
            if (tensors + map.size() >= SafeTensors.MAX_ENTRIES) {
                throw fail(null, "the header has more than " + SafeTensors.MAX_ENTRIES
                        + " entries (tensors and metadata), the most this reader accepts");
            }
            map.put(key, value);
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                return map;
            } else {
                throw syntax("expected ',' or '}' in \"" + METADATA_KEY + "\", found " + found());
            }
        }
    }

    private Entry entry(String name) throws SafeTensorsException {
        if (peek() != '{') {
            throw wrongType(name, "the entry", "an object with \"dtype\", \"shape\" and \"data_offsets\"");
        }
        pos++;
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                if (peek() != '"') {
                    throw syntax("expected a key (a string) or '}' in the entry of tensor " + SafeTensorsException.quote(name)
                            + ", found " + found());
                }
                String key = string();
                colon(key);
                switch (key) {
                    case "dtype" -> {
                        if (dtype != null) {
                            throw duplicateKey(name, key);
                        }
                        if (peek() != '"') {
                            throw wrongType(name, "\"dtype\"", "a string");
                        }
                        dtype = string();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw duplicateKey(name, key);
                        }
                        shape = integers(name, key, SafeTensors.MAX_RANK);
                    }
                    case "data_offsets" -> {
                        if (offsets != null) {
                            throw duplicateKey(name, key);
                        }
                        offsets = integers(name, key, 2);
                    }
                    default -> throw fail(name, "unknown key " + SafeTensorsException.quote(key)
                            + " (an entry has exactly \"dtype\", \"shape\" and \"data_offsets\")");
                }
                skipWhitespace();
                int c = peek();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                } else if (c == '}') {
                    pos++;
                    break;
                } else {
                    throw syntax("expected ',' or '}' in the entry of tensor " + SafeTensorsException.quote(name)
                            + ", found " + found());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        if (dtype == null) {
            missing.add("\"dtype\"");
        }
        if (shape == null) {
            missing.add("\"shape\"");
        }
        if (offsets == null) {
            missing.add("\"data_offsets\"");
        }
        if (!missing.isEmpty()) {
            throw fail(name, "missing key" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (an entry has exactly \"dtype\", \"shape\" and \"data_offsets\")");
        }
        return validate(name, dtype, shape, offsets);
    }

    /** Checks one entry's dtype, shape and offsets against each other. */
    private Entry validate(String name, String dtypeName, long[] shape, long[] offsets) throws SafeTensorsException {
        StoredType dtype = StoredType.lookup(dtypeName);
        if (dtype == null) {
            if (StoredType.UNSUPPORTED.contains(dtypeName)) {
                throw fail(name, "dtype " + dtypeName + " is not supported: expected F32, F64, BF16 or F16");
            }
            throw fail(name, "unknown dtype " + SafeTensorsException.quote(dtypeName)
                    + ": expected F32, F64, BF16 or F16");
        }
        if (offsets.length != 2) {
            throw fail(name, "\"data_offsets\" must hold 2 integers [begin, end], found " + offsets.length);
        }
        long begin = offsets[0];
        long stop = offsets[1];
        if (stop < begin) {
            throw fail(name, "\"data_offsets\" [" + begin + ", " + stop + "] end before they begin");
        }
        // Elements times dtype size, with overflow checks; any zero dimension makes an empty tensor.
        long bytes = dtype.bytes;
        boolean empty = false;
        for (long d : shape) {
            empty |= d == 0;
        }
        if (empty) {
            bytes = 0;
        } else {
            for (long d : shape) {
                if (bytes > Long.MAX_VALUE / d) {
                    throw fail(name, "shape " + Arrays.toString(shape) + " of " + dtype
                            + " needs more than " + Long.MAX_VALUE + " bytes (overflow)");
                }
                bytes *= d;
            }
        }
        if (stop - begin != bytes) {
            throw fail(name, "\"data_offsets\" [" + begin + ", " + stop + "] span " + (stop - begin)
                    + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes + " bytes");
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw fail(name, "shape " + Arrays.toString(shape) + " has dimension " + shape[i]
                        + ", larger than " + Integer.MAX_VALUE + " (the largest tensor dimension)");
            }
            dims[i] = (int) shape[i];
        }
        if (bytes / dtype.bytes > Integer.MAX_VALUE) {
            throw fail(name, "shape " + Arrays.toString(shape) + " has " + bytes / dtype.bytes
                    + " elements, more than " + Integer.MAX_VALUE + " (the most a tensor holds)");
        }
        return new Entry(name, dtype, dims, begin, stop);
    }

    /** An array of at most {@code max} non-negative integers. */
    private long[] integers(String name, String key, int max) throws SafeTensorsException {
        if (peek() != '[') {
            throw wrongType(name, "\"" + key + "\"", "an array of non-negative integers");
        }
        pos++;
        long[] values = new long[max];
        int n = 0;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new long[0];
        }
        while (true) {
            int c = peek();
            if (c != '-' && !isDigit(c)) {
                throw wrongType(name, "an element of \"" + key + "\"", "a non-negative integer");
            }
            long value = nonNegativeInteger(name, key);
            if (n == max) {
                throw fail(name, max == 2 ? "\"" + key + "\" must hold 2 integers [begin, end], found more"
                        : "\"" + key + "\" has more than " + max + " dimensions, the most this reader accepts");
            }
            values[n++] = value;
            skipWhitespace();
            c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == ']') {
                pos++;
                return Arrays.copyOf(values, n);
            } else {
                throw syntax("expected ',' or ']' in \"" + key + "\" of tensor " + SafeTensorsException.quote(name)
                        + ", found " + found());
            }
        }
    }

    /** A JSON number that must be a non-negative integer fitting in a long (no fraction, no exponent). */
    private long nonNegativeInteger(String name, String key) throws SafeTensorsException {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        if (!isDigit(peek())) {
            throw syntax("malformed number: expected a digit, found " + found());
        }
        long value = 0;
        boolean overflow = false;
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw syntax("malformed number: leading zeros are not allowed");
            }
        } else {
            while (isDigit(peek())) {
                int digit = s[pos++] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    overflow = true;
                } else {
                    value = value * 10 + digit;
                }
            }
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw syntax("malformed number: expected a digit after '.', found " + found());
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw syntax("malformed number: expected a digit in the exponent, found " + found());
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String text = pos - start > SHOWN_NUMBER_CHARS
                ? new String(s, start, SHOWN_NUMBER_CHARS) + "... (" + (pos - start) + " characters)"
                : new String(s, start, pos - start);
        if (negative) {
            throw fail(name, "\"" + key + "\" holds " + text + ": expected a non-negative integer");
        }
        if (!integer) {
            throw fail(name, "\"" + key + "\" holds " + text + ": expected an integer (no fraction or exponent)");
        }
        if (overflow) {
            throw fail(name, "\"" + key + "\" holds " + text + ", larger than " + Long.MAX_VALUE);
        }
        return value;
    }

    /** A JSON string starting at the current '"'. */
    private String string() throws SafeTensorsException {
        int open = pos;
        pos++;
        int run = pos;
        StringBuilder b = null;
        while (true) {
            if (pos >= end) {
                pos = open;
                throw syntax("unterminated string");
            }
            char c = s[pos];
            if (c == '"') {
                String result = b == null ? new String(s, run, pos - run) : b.append(s, run, pos - run).toString();
                pos++;
                return result;
            }
            if (c == '\\') {
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, run, pos - run);
                pos++;
                escape(b);
                run = pos;
            } else if (c < 0x20) {
                throw syntax("control character " + describe(c) + " in a string must be escaped");
            } else {
                pos++;
            }
        }
    }

    /** One escape after its backslash. */
    private void escape(StringBuilder b) throws SafeTensorsException {
        int c = peek();
        switch (c) {
            case '"', '\\', '/' -> b.append((char) c);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
                pos++;
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (peek() != '\\' || pos + 1 >= end || s[pos + 1] != 'u') {
                        throw syntax("unpaired surrogate escape \\u" + hex(unit) + " (a high surrogate must be followed by"
                                + " a \\u escape of a low surrogate)");
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw syntax("unpaired surrogate escape \\u" + hex(unit) + " followed by \\u" + hex(low)
                                + ", not a low surrogate");
                    }
                    b.append(unit).append(low);
                } else if (Character.isLowSurrogate(unit)) {
                    throw syntax("unpaired surrogate escape \\u" + hex(unit) + " (a low surrogate with no high surrogate)");
                } else {
                    b.append(unit);
                }
                return;
            }
            default -> throw syntax("invalid escape: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found "
                    + found() + " after '\\'");
        }
        pos++;
    }

    private char hex4() throws SafeTensorsException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = peek();
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw syntax("invalid \\u escape: expected 4 hex digits, found " + found());
            }
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    private void colon(String key) throws SafeTensorsException {
        skipWhitespace();
        if (peek() != ':') {
            throw syntax("expected ':' after the key " + SafeTensorsException.quote(key) + ", found " + found());
        }
        pos++;
        skipWhitespace();
    }

    private void skipWhitespace() {
        while (pos < end) {
            char c = s[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return pos < end ? s[pos] : END;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    // ---- errors ------------------------------------------------------------------------------

    private SafeTensorsException fail(String tensor, String problem) {
        return new SafeTensorsException(source, tensor, problem);
    }

    private SafeTensorsException syntax(String problem) {
        return new SafeTensorsException(source, context, "malformed header JSON at character " + pos + ": " + problem);
    }

    private SafeTensorsException duplicateKey(String tensor, String key) {
        return fail(tensor, "duplicate key \"" + key + "\" in the entry");
    }

    /**
     * The value at the current position is not of the expected JSON type. A malformed value is
     * reported as a syntax error instead.
     */
    private SafeTensorsException wrongType(String tensor, String what, String expected) {
        String actual;
        switch (peek()) {
            case '{' -> actual = "an object";
            case '[' -> actual = "an array";
            case '"' -> actual = "a string";
            case 't' -> actual = literal("true") ? "a boolean (true)" : null;
            case 'f' -> actual = literal("false") ? "a boolean (false)" : null;
            case 'n' -> actual = literal("null") ? "null" : null;
            default -> actual = peek() == '-' || isDigit(peek()) ? "a number" : null;
        }
        if (actual == null) {
            return syntax("expected a JSON value, found " + found());
        }
        return fail(tensor, what + " must be " + expected + ", found " + actual);
    }

    private boolean literal(String word) {
        return end - pos >= word.length() && new String(s, pos, word.length()).equals(word);
    }

    /** What is at the current position, for messages. */
    private String found() {
        return pos >= end ? "the end of the header" : describe(s[pos]);
    }

    private static String describe(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex(c);
    }

    private static String hex(char c) {
        return SafeTensorsException.hex(c, 4, true);
    }
}
