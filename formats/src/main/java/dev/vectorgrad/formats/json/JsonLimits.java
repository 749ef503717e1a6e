package dev.vectorgrad.formats.json;

/**
 * The bounds a {@link JsonCursor} (and so {@link Json#parse}) enforces on its input, so that hostile
 * text costs bounded time, memory and stack. Immutable; start from {@link #defaults()} and set the
 * limits to change with the {@code with...} methods. Input over a limit is a {@link JsonException}
 * naming the limit and the byte offset where it was passed.
 */
public final class JsonLimits {

    /** The deepest nesting any limits allow ({@link #withMaxDepth}): trees that deep still compare and write on a small stack. */
    public static final int DEPTH_CAP = 1000;

    private static final JsonLimits DEFAULTS = new JsonLimits(64 << 20, 256, 16 << 20, 1000, 100_000, 1_000_000);

    private final int maxInputBytes;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxMembers;
    private final int maxElements;

    private JsonLimits(int maxInputBytes, int maxDepth, int maxStringLength, int maxNumberLength, int maxMembers,
            int maxElements) {
        this.maxInputBytes = maxInputBytes;
        this.maxDepth = maxDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
        this.maxMembers = maxMembers;
        this.maxElements = maxElements;
    }

    /**
     * The defaults: 64 MiB of input, 256 levels of nesting, 16 Mi characters per string, 1000
     * characters per number, 100,000 members per object and 1,000,000 elements per array.
     */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }

    /** The most bytes of UTF-8 text. */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /** The most objects and arrays open at once (a scalar at the top has depth 0, {@code [[1]]} depth 2). */
    public int maxDepth() {
        return maxDepth;
    }

    /** The most characters (UTF-16 units, as {@link String#length()} counts) in one string, a key or a value, once decoded. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** The most characters in one number as written. */
    public int maxNumberLength() {
        return maxNumberLength;
    }

    /** The most members in one object. */
    public int maxMembers() {
        return maxMembers;
    }

    /** The most elements in one array. */
    public int maxElements() {
        return maxElements;
    }

    /** These limits with {@link #maxInputBytes()} set to {@code n} (non-negative). */
    public JsonLimits withMaxInputBytes(int n) {
        return new JsonLimits(check("maxInputBytes", n, Integer.MAX_VALUE), maxDepth, maxStringLength, maxNumberLength,
                maxMembers, maxElements);
    }

    /** These limits with {@link #maxDepth()} set to {@code n}, from 0 to {@value #DEPTH_CAP}. */
    public JsonLimits withMaxDepth(int n) {
        return new JsonLimits(maxInputBytes, check("maxDepth", n, DEPTH_CAP), maxStringLength, maxNumberLength, maxMembers,
                maxElements);
    }

    /** These limits with {@link #maxStringLength()} set to {@code n} (non-negative). */
    public JsonLimits withMaxStringLength(int n) {
        return new JsonLimits(maxInputBytes, maxDepth, check("maxStringLength", n, Integer.MAX_VALUE), maxNumberLength,
                maxMembers, maxElements);
    }

    /** These limits with {@link #maxNumberLength()} set to {@code n} (non-negative). */
    public JsonLimits withMaxNumberLength(int n) {
        return new JsonLimits(maxInputBytes, maxDepth, maxStringLength, check("maxNumberLength", n, Integer.MAX_VALUE),
                maxMembers, maxElements);
    }

    /** These limits with {@link #maxMembers()} set to {@code n} (non-negative). */
    public JsonLimits withMaxMembers(int n) {
        return new JsonLimits(maxInputBytes, maxDepth, maxStringLength, maxNumberLength,
                check("maxMembers", n, Integer.MAX_VALUE), maxElements);
    }

    /** These limits with {@link #maxElements()} set to {@code n} (non-negative). */
    public JsonLimits withMaxElements(int n) {
        return new JsonLimits(maxInputBytes, maxDepth, maxStringLength, maxNumberLength, maxMembers,
                check("maxElements", n, Integer.MAX_VALUE));
    }

    private static int check(String name, int n, int max) {
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "JsonLimits[maxInputBytes=" + maxInputBytes + ", maxDepth=" + maxDepth + ", maxStringLength="
                + maxStringLength + ", maxNumberLength=" + maxNumberLength + ", maxMembers=" + maxMembers
                + ", maxElements=" + maxElements + "]";
    }
}
