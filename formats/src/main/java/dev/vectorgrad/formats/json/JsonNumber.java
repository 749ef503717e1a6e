package dev.vectorgrad.formats.json;

/**
 * A JSON number, kept as written so that a reader can ask for exactly the type it needs:
 * {@link #asLong()} and {@link #asInt()} give its value when that is an integer in range (whether
 * written {@code 3}, {@code 3.0} or {@code 0.3e1}) and throw otherwise, {@link #asDouble()} the
 * nearest double, and {@link #text()} the text itself.
 *
 * <p>An integer written without fraction or exponent that fits in a long is stored as that long, not
 * as text, so reading one allocates no string.
 */
public final class JsonNumber extends JsonValue {

    /** Numbers longer than this are shortened in messages. */
    private static final int SHOWN_CHARS = 40;

    /** The value when {@link #text} is null. */
    private final long compact;
    /** The text as written, or null for an integer literal held in {@link #compact}. */
    private final String text;

    JsonNumber(Location location, long offset, long compact) {
        super(location, offset);
        this.compact = compact;
        this.text = null;
    }

    JsonNumber(Location location, long offset, String text) {
        super(location, offset);
        this.compact = 0;
        this.text = text;
    }

    /** The integer {@code value}. */
    public static JsonNumber of(long value) {
        return new JsonNumber(null, -1, value);
    }

    /** The finite double {@code value}, written as {@link Double#toString(double)} writes it. */
    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        return new JsonNumber(null, -1, Double.toString(value));
    }

    /** The number written {@code text}, which must be a JSON number (RFC 8259: no '+', no leading zeros, ...). */
    public static JsonNumber of(String text) {
        try {
            JsonCursor c = JsonCursor.of(text, JsonLimits.defaults().withMaxNumberLength(Integer.MAX_VALUE));
            if (c.peek() == JsonType.NUMBER) {
                JsonNumber n = c.nextNumber();
                if (n.text().length() == text.length()) { // nothing around it, whitespace included
                    return n.text == null ? of(n.compact) : new JsonNumber(null, -1, n.text);
                }
            }
        } catch (JsonException e) {
            throw new IllegalArgumentException(JsonException.quote(text) + " is not a JSON number: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(JsonException.quote(text) + " is not a JSON number");
    }

    @Override
    public JsonType type() {
        return JsonType.NUMBER;
    }

    /** The number as written. */
    public String text() {
        return text == null ? Long.toString(compact) : text;
    }

    /** True when it is written with a minus sign ({@code -0} included). */
    public boolean hasMinusSign() {
        return text == null ? compact < 0 : text.charAt(0) == '-';
    }

    /** True when it is written as an integer: digits after an optional minus, no fraction, no exponent. */
    public boolean isIntegerLiteral() {
        return text == null || !(text.contains(".") || text.contains("e") || text.contains("E"));
    }

    @Override
    public long asLong() throws JsonException {
        if (text == null) {
            return compact;
        }
        return exactLong();
    }

    @Override
    public int asInt() throws JsonException {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw expected("an integer in the range of an int");
        }
        return (int) v;
    }

    @Override
    public double asDouble() throws JsonException {
        if (text == null) {
            return compact;
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw expected("a number in the range of a double");
        }
        return d;
    }

    /**
     * The value of the text when it is an integer in the range of long. The text is a valid JSON number:
     * {@code -? int (. frac)? ([eE] [+-]? exp)?}; its digits D = int frac stand for D * 10^(exp - |frac|).
     */
    private long exactLong() throws JsonException {
        int n = text.length();
        boolean negative = text.charAt(0) == '-';
        int i = negative ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        int intLength = i - intStart;
        int fracStart = i;
        if (i < n && text.charAt(i) == '.') {
            fracStart = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        int digits = intLength + (i - fracStart);
        long exponent = 0;
        if (i < n) {
            i++; // 'e' or 'E'
            boolean negativeExponent = text.charAt(i) == '-';
            if (text.charAt(i) == '+' || negativeExponent) {
                i++;
            }
            for (; i < n; i++) {
                // Saturates far beyond any exponent that can matter (the digits number fewer than 2^31).
                exponent = Math.min(exponent * 10 + (text.charAt(i) - '0'), 1L << 40);
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        int first = 0;
        while (first < digits && digit(first, intStart, intLength, fracStart) == 0) {
            first++;
        }
        if (first == digits) {
            return 0;
        }
        int last = digits - 1;
        while (digit(last, intStart, intLength, fracStart) == 0) {
            last--;
        }
        // Digit k stands for digit * 10^(intLength - 1 - k + exponent).
        long lowestPlace = intLength - 1L - last + exponent;
        if (lowestPlace < 0) {
            throw expected("an integer");
        }
        long highestPlace = intLength - 1L - first + exponent;
        if (highestPlace > 18) {
            throw expected("an integer in the range of a long");
        }
        try {
            long v = 0; // accumulated negated, so that Long.MIN_VALUE fits
            for (int k = first; k <= last; k++) {
                v = Math.subtractExact(Math.multiplyExact(v, 10), digit(k, intStart, intLength, fracStart));
            }
            for (long p = 0; p < lowestPlace; p++) {
                v = Math.multiplyExact(v, 10);
            }
            return negative ? v : Math.negateExact(v);
        } catch (ArithmeticException e) {
            throw expected("an integer in the range of a long");
        }
    }

    private int digit(int k, int intStart, int intLength, int fracStart) {
        return text.charAt(k < intLength ? intStart + k : fracStart + k - intLength) - '0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    String found() {
        String t = text();
        return "the number " + (t.length() > SHOWN_CHARS ? t.substring(0, SHOWN_CHARS) + "... (" + t.length()
                + " characters)" : t);
    }

    /** True for a number written the same ({@code 5} and {@code 5.0} differ). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JsonNumber other)) {
            return false;
        }
        return text == null && other.text == null ? compact == other.compact : text().equals(other.text());
    }

    /** The hash code of its {@link #text()}. */
    @Override
    public int hashCode() {
        return text().hashCode();
    }
}
