package dev.vectorgrad.formats.idx;

/**
 * The bounds {@link Idx} enforces while it reads, so that a hostile file costs bounded time and
 * memory: the number of dimensions, the number of elements and the number of data bytes a header
 * may claim. They are checked on the header alone, before anything is allocated for the data, and
 * a header over one of them is an {@link IdxException} naming the claim and the limit. Immutable;
 * start from {@link #defaults()} and change limits with the {@code with...} methods.
 *
 * <p>Because the reader stops after the bytes the header claims (and one more, to find trailing
 * data), {@link #maxDataBytes()} also bounds how much a gzip'd file is decompressed: a gzip bomb
 * costs at most that much time and memory.
 */
public final class IdxLimits {

    /** The most dimensions an IDX header can name: its dimension count is one unsigned byte. */
    public static final int RANK_CAP = 255;

    /** The most bytes of data any limits allow: the data is held in one byte array. */
    public static final int DATA_BYTES_CAP = Integer.MAX_VALUE - 8;

    private static final IdxLimits DEFAULTS = new IdxLimits(16, 1 << 28, 1 << 30);

    private final int maxRank;
    private final int maxElements;
    private final int maxDataBytes;

    private IdxLimits(int maxRank, int maxElements, int maxDataBytes) {
        this.maxRank = maxRank;
        this.maxElements = maxElements;
        this.maxDataBytes = maxDataBytes;
    }

    /**
     * The defaults: 16 dimensions, 2<sup>28</sup> (268,435,456) elements, which is 1 GiB once
     * converted to floats, and 2<sup>30</sup> bytes (1 GiB) of data. Fashion-MNIST's largest file
     * (60,000 &times; 28 &times; 28 unsigned bytes) has 3 dimensions and 47,040,000 elements and bytes.
     */
    public static IdxLimits defaults() {
        return DEFAULTS;
    }

    /** The most dimensions a header may name (at least 1). */
    public int maxRank() {
        return maxRank;
    }

    /** The most elements a header may claim: the product of its dimensions. */
    public int maxElements() {
        return maxElements;
    }

    /** The most bytes of data a header may claim: its element count times the size of its type. */
    public int maxDataBytes() {
        return maxDataBytes;
    }

    /** These limits with {@link #maxRank()} set to {@code n}, from 1 to {@value #RANK_CAP}. */
    public IdxLimits withMaxRank(int n) {
        return new IdxLimits(check("maxRank", n, 1, RANK_CAP), maxElements, maxDataBytes);
    }

    /** These limits with {@link #maxElements()} set to {@code n}, from 0 to {@value #DATA_BYTES_CAP}. */
    public IdxLimits withMaxElements(int n) {
        return new IdxLimits(maxRank, check("maxElements", n, 0, DATA_BYTES_CAP), maxDataBytes);
    }

    /** These limits with {@link #maxDataBytes()} set to {@code n}, from 0 to {@value #DATA_BYTES_CAP}. */
    public IdxLimits withMaxDataBytes(int n) {
        return new IdxLimits(maxRank, maxElements, check("maxDataBytes", n, 0, DATA_BYTES_CAP));
    }

    private static int check(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "IdxLimits[maxRank=" + maxRank + ", maxElements=" + maxElements + ", maxDataBytes=" + maxDataBytes + "]";
    }
}
