package dev.vectorgrad.formats.safetensors;

import static dev.vectorgrad.formats.safetensors.Limits.MAX_ENTRIES;
import static dev.vectorgrad.formats.safetensors.Limits.MAX_RANK;
import static dev.vectorgrad.formats.safetensors.Limits.METADATA_KEY;

import dev.vectorgrad.formats.json.JsonCursor;
import dev.vectorgrad.formats.json.JsonException;
import dev.vectorgrad.formats.json.JsonNumber;
import dev.vectorgrad.formats.json.JsonType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The safetensors header's schema, read with a strict {@link JsonCursor} (RFC 8259 JSON).
 *
 * <p>The root is an object whose keys are tensor names and the optional {@code "__metadata__"}; a
 * tensor entry is an object with exactly the keys {@code dtype} (a string), {@code shape} (an array
 * of non-negative integers) and {@code data_offsets} (an array of two non-negative integers);
 * metadata is an object of string values. Duplicate keys at every level are rejected.
 *
 * <p>Because the schema is checked as the text is read, a value of the wrong JSON type is rejected
 * at its first character: the parser never descends deeper than the schema (root object, entry,
 * array: three levels), so deeply nested input cannot exhaust the stack, and it keeps nothing but
 * names, dtypes, metadata strings and at most {@link Limits#MAX_RANK} dimensions per tensor. Syntax
 * errors name the position as a character index into the decoded header.
 */
final class HeaderParser {

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

    private static final int SHOWN_NUMBER_CHARS = 40;

    private final String source;
    private final JsonCursor cursor;
    /** The tensor whose entry is being read, named in syntax errors inside it; null elsewhere. */
    private String context;
    /** The key whose array is being read. */
    private String arrayKey;

    // Where the cursor's syntax errors are, in its words; read only when an error is reported.
    private final Supplier<String> inMetadata = () -> "in \"" + METADATA_KEY + "\"";
    private final Supplier<String> inEntry = () -> "in the entry of tensor " + SafeTensorsException.quote(context);
    private final Supplier<String> inArray = () -> "in \"" + arrayKey + "\" of tensor "
            + SafeTensorsException.quote(context);

    private HeaderParser(String source, JsonCursor cursor) {
        this.source = source;
        this.cursor = cursor;
    }

    /**
     * Parses and validates {@code length} bytes of UTF-8 (checked by the caller) of {@code bytes} from
     * {@code start}. Each entry is checked on its own (keys, types, dtype, shape, offsets, size); the
     * layout of the entries in the data buffer is checked by the caller.
     */
    static Header parse(String source, byte[] bytes, int start, int length) throws SafeTensorsException {
        HeaderParser parser = null;
        try {
            parser = new HeaderParser(source,
                    JsonCursor.of(bytes, start, length, Limits.HEADER_JSON, "header").uncheckedNames());
            return parser.header();
        } catch (JsonException e) {
            throw new SafeTensorsException(source, parser == null ? null : parser.context, "malformed header JSON at"
                    + " character " + charIndex(bytes, start, e.offset()) + ": " + e.problem());
        }
    }

    /** The UTF-16 index of the character at {@code offset} bytes into the (valid) UTF-8 text from {@code start}. */
    private static long charIndex(byte[] bytes, int start, long offset) {
        long index = 0;
        for (int i = start; i < start + offset; i++) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                index += b >= 0xF0 ? 2 : 1; // a four-byte character is a surrogate pair
            }
        }
        return index;
    }

    private Header header() throws JsonException, SafeTensorsException {
        cursor.beginObject();
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> metadata = null;
        for (String key; (key = cursor.nextName("a tensor name", null)) != null; ) {
            if (key.equals(METADATA_KEY)) {
                if (metadata != null) {
                    throw fail(null, "duplicate key \"" + METADATA_KEY + "\" in the header");
                }
                metadata = metadata(entries.size());
            } else {
                if (!names.add(key)) {
                    throw fail(key, "duplicate tensor name: the header defines it twice (JSON keys must be unique)");
                }
                if (entries.size() + (metadata == null ? 0 : metadata.size()) >= MAX_ENTRIES) {
                    throw fail(null, "the header has more than " + MAX_ENTRIES
                            + " entries (tensors and metadata), the most this reader accepts");
                }
                context = key;
                entries.add(entry(key));
                context = null;
            }
        }
        cursor.end("the header object");
        return new Header(entries, metadata == null ? Map.of() : metadata);
    }

    private Map<String, String> metadata(int tensors) throws JsonException, SafeTensorsException {
        JsonType type = cursor.peek();
        if (type != JsonType.OBJECT) {
            throw wrongType(null, "\"" + METADATA_KEY + "\"", "an object of string values", type);
        }
        cursor.beginObject();
        Map<String, String> map = new LinkedHashMap<>();
        for (String key; (key = cursor.nextName("a key", inMetadata)) != null; ) {
            type = cursor.peek();
            if (type != JsonType.STRING) {
                throw wrongType(null, "\"" + METADATA_KEY + "\" value of key " + SafeTensorsException.quote(key), "a string",
                        type);
            }
            String value = cursor.nextString();
            if (map.containsKey(key)) {
                throw fail(null, "duplicate key " + SafeTensorsException.quote(key) + " in \"" + METADATA_KEY + "\"");
            }
            if (tensors + map.size() >= MAX_ENTRIES) {
                throw fail(null, "the header has more than " + MAX_ENTRIES
                        + " entries (tensors and metadata), the most this reader accepts");
            }
            map.put(key, value);
        }
        return map;
    }

    private Entry entry(String name) throws JsonException, SafeTensorsException {
        JsonType type = cursor.peek();
        if (type != JsonType.OBJECT) {
            throw wrongType(name, "the entry", "an object with \"dtype\", \"shape\" and \"data_offsets\"", type);
        }
        cursor.beginObject();
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        for (String key; (key = cursor.nextName("a key", inEntry)) != null; ) {
            switch (key) {
                case "dtype" -> {
                    if (dtype != null) {
                        throw duplicateKey(name, key);
                    }
                    type = cursor.peek();
                    if (type != JsonType.STRING) {
                        throw wrongType(name, "\"dtype\"", "a string", type);
                    }
                    dtype = cursor.nextString();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw duplicateKey(name, key);
                    }
                    shape = integers(name, key, MAX_RANK);
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
    private long[] integers(String name, String key, int max) throws JsonException, SafeTensorsException {
        JsonType type = cursor.peek();
        if (type != JsonType.ARRAY) {
            throw wrongType(name, "\"" + key + "\"", "an array of non-negative integers", type);
        }
        cursor.beginArray();
        arrayKey = key;
        long[] values = new long[max];
        int n = 0;
        while (cursor.nextElement(inArray)) {
            type = cursor.peek();
            if (type != JsonType.NUMBER) {
                throw wrongType(name, "an element of \"" + key + "\"", "a non-negative integer", type);
            }
            long value = cursor.tryNextNonNegativeLong();
            if (value < 0) {
                throw notNonNegativeInteger(name, key, cursor.nextNumber());
            }
            if (n == max) {
                throw fail(name, max == 2 ? "\"" + key + "\" must hold 2 integers [begin, end], found more"
                        : "\"" + key + "\" has more than " + max + " dimensions, the most this reader accepts");
            }
            values[n++] = value;
        }
        return Arrays.copyOf(values, n);
    }

    /** Why a number is not a non-negative integer fitting in a long, written with no fraction or exponent. */
    private SafeTensorsException notNonNegativeInteger(String name, String key, JsonNumber number) {
        if (number.hasMinusSign()) {
            return fail(name, "\"" + key + "\" holds " + shown(number) + ": expected a non-negative integer");
        }
        if (!number.isIntegerLiteral()) {
            return fail(name, "\"" + key + "\" holds " + shown(number) + ": expected an integer (no fraction or exponent)");
        }
        return fail(name, "\"" + key + "\" holds " + shown(number) + ", larger than " + Long.MAX_VALUE);
    }

    private static String shown(JsonNumber number) {
        String text = number.text();
        return text.length() > SHOWN_NUMBER_CHARS
                ? text.substring(0, SHOWN_NUMBER_CHARS) + "... (" + text.length() + " characters)"
                : text;
    }

    // ---- errors ------------------------------------------------------------------------------

    private SafeTensorsException fail(String tensor, String problem) {
        return new SafeTensorsException(source, tensor, problem);
    }

    private SafeTensorsException duplicateKey(String tensor, String key) {
        return fail(tensor, "duplicate key \"" + key + "\" in the entry");
    }

    /** The value due at the cursor, of JSON kind {@code found}, is not of the kind the schema expects there. */
    private SafeTensorsException wrongType(String tensor, String what, String expected, JsonType found) {
        return fail(tensor, what + " must be " + expected + ", found " + found.description());
    }
}
