package dev.vectorgrad.interop.onnx;

/**
 * Caps that {@link OnnxReader} enforces while it reads a model, before it allocates anything a file claims, so
 * that a hostile file fails with an {@link OnnxFormatException} instead of exhausting memory or time.
 *
 * <p>The defaults ({@link #defaults()}) admit any recurrent model that fits in a Java heap comfortably:
 * <ul>
 *   <li>{@code maxFileBytes} 1 GiB: the size of the {@code .onnx} file (it is read whole into memory);</li>
 *   <li>{@code maxExternalBytes} 1 GiB: the bytes read from external data files, all tensors together;</li>
 *   <li>{@code maxNodes} 100,000 and {@code maxInitializers} 100,000 per graph, and as many graph inputs,
 *       outputs and value infos;</li>
 *   <li>{@code maxTensorElements} 2^28: elements of one tensor (1 GiB of floats); a tensor's claimed element count
 *       is also checked against the bytes actually present in the file before any array is made;</li>
 *   <li>{@code maxRank} 16: dimensions of one tensor or value shape;</li>
 *   <li>{@code maxAttributes} 1,000 per node and {@code maxAttributeValues} 1,000,000 elements in one
 *       {@code ints}/{@code floats}/{@code strings} attribute;</li>
 *   <li>{@code maxStringBytes} 65,536: one name, op type, string attribute or external-data location;</li>
 *   <li>nesting depth: fixed by the reader, not configurable. It descends only along the schema's own path
 *       (model, graph, node, attribute, tensor, external-data entry: six levels); sub-graph attributes (control
 *       flow, which no supported operator uses) are rejected and protobuf groups (unused by ONNX) are rejected,
 *       so no input can make it recurse deeper.</li>
 * </ul>
 * Instances are immutable; the {@code with*} methods return a copy.
 */
public final class OnnxLimits {

    private static final OnnxLimits DEFAULTS = new OnnxLimits(1L << 30, 1L << 30, 100_000, 100_000, 1L << 28, 16,
            1_000, 1_000_000, 65_536);

    private final long maxFileBytes;
    private final long maxExternalBytes;
    private final int maxNodes;
    private final int maxInitializers;
    private final long maxTensorElements;
    private final int maxRank;
    private final int maxAttributes;
    private final int maxAttributeValues;
    private final int maxStringBytes;

    private OnnxLimits(long maxFileBytes, long maxExternalBytes, int maxNodes, int maxInitializers,
                       long maxTensorElements, int maxRank, int maxAttributes, int maxAttributeValues,
                       int maxStringBytes) {
        this.maxFileBytes = positive("maxFileBytes", Math.min(maxFileBytes, Integer.MAX_VALUE - 8));
        this.maxExternalBytes = positive("maxExternalBytes", maxExternalBytes);
        this.maxNodes = (int) positive("maxNodes", maxNodes);
        this.maxInitializers = (int) positive("maxInitializers", maxInitializers);
        this.maxTensorElements = positive("maxTensorElements", Math.min(maxTensorElements, Integer.MAX_VALUE - 8));
        this.maxRank = (int) positive("maxRank", maxRank);
        this.maxAttributes = (int) positive("maxAttributes", maxAttributes);
        this.maxAttributeValues = (int) positive("maxAttributeValues", maxAttributeValues);
        this.maxStringBytes = (int) positive("maxStringBytes", maxStringBytes);
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** The default caps listed in the class comment. */
    public static OnnxLimits defaults() {
        return DEFAULTS;
    }

    /** Largest {@code .onnx} file, in bytes (at most {@code Integer.MAX_VALUE - 8}). */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Most bytes read from external data files, all tensors of a model together. */
    public long maxExternalBytes() {
        return maxExternalBytes;
    }

    /** Most nodes in the graph (also the cap on graph inputs, outputs and value infos). */
    public int maxNodes() {
        return maxNodes;
    }

    /** Most initializers in the graph. */
    public int maxInitializers() {
        return maxInitializers;
    }

    /** Most elements of one tensor (initializer, {@code Constant} value or computed value). */
    public long maxTensorElements() {
        return maxTensorElements;
    }

    /** Most dimensions of one tensor or value shape. */
    public int maxRank() {
        return maxRank;
    }

    /** Most attributes on one node. */
    public int maxAttributes() {
        return maxAttributes;
    }

    /** Most elements in one list-valued attribute. */
    public int maxAttributeValues() {
        return maxAttributeValues;
    }

    /** Longest name, op type, string attribute or location, in bytes. */
    public int maxStringBytes() {
        return maxStringBytes;
    }

    /** A copy with {@link #maxFileBytes()} set. */
    public OnnxLimits withMaxFileBytes(long value) {
        return new OnnxLimits(value, maxExternalBytes, maxNodes, maxInitializers, maxTensorElements, maxRank,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxExternalBytes()} set. */
    public OnnxLimits withMaxExternalBytes(long value) {
        return new OnnxLimits(maxFileBytes, value, maxNodes, maxInitializers, maxTensorElements, maxRank,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxNodes()} set. */
    public OnnxLimits withMaxNodes(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, value, maxInitializers, maxTensorElements, maxRank,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxInitializers()} set. */
    public OnnxLimits withMaxInitializers(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, value, maxTensorElements, maxRank,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxTensorElements()} set. */
    public OnnxLimits withMaxTensorElements(long value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, maxInitializers, value, maxRank,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxRank()} set. */
    public OnnxLimits withMaxRank(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, maxInitializers, maxTensorElements, value,
                maxAttributes, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxAttributes()} set. */
    public OnnxLimits withMaxAttributes(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, maxInitializers, maxTensorElements, maxRank,
                value, maxAttributeValues, maxStringBytes);
    }

    /** A copy with {@link #maxAttributeValues()} set. */
    public OnnxLimits withMaxAttributeValues(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, maxInitializers, maxTensorElements, maxRank,
                maxAttributes, value, maxStringBytes);
    }

    /** A copy with {@link #maxStringBytes()} set. */
    public OnnxLimits withMaxStringBytes(int value) {
        return new OnnxLimits(maxFileBytes, maxExternalBytes, maxNodes, maxInitializers, maxTensorElements, maxRank,
                maxAttributes, maxAttributeValues, value);
    }

    @Override
    public String toString() {
        return "OnnxLimits[maxFileBytes=" + maxFileBytes + ", maxExternalBytes=" + maxExternalBytes + ", maxNodes="
                + maxNodes + ", maxInitializers=" + maxInitializers + ", maxTensorElements=" + maxTensorElements
                + ", maxRank=" + maxRank + ", maxAttributes=" + maxAttributes + ", maxAttributeValues="
                + maxAttributeValues + ", maxStringBytes=" + maxStringBytes + "]";
    }
}
