package dev.vectorgrad.interop.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.vectorgrad.interop.onnx.OnnxIr.Attribute;
import dev.vectorgrad.interop.onnx.OnnxIr.AttributeType;
import dev.vectorgrad.interop.onnx.OnnxIr.Dim;
import dev.vectorgrad.interop.onnx.OnnxIr.Graph;
import dev.vectorgrad.interop.onnx.OnnxIr.Model;
import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import dev.vectorgrad.interop.onnx.OnnxIr.ValueInfo;
import dev.vectorgrad.interop.onnx.OnnxTensor.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code .onnx} file into the {@link OnnxIr} graph IR with protobuf-java's wire-format reader
 * ({@link CodedInputStream}); no generated classes, no copy of {@code onnx.proto}.
 *
 * <p>The field numbers below were written from ONNX's schema documentation ({@code onnx/onnx.proto} in
 * github.com/onnx/onnx, IR version 8, the messages ModelProto, OperatorSetIdProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, StringStringEntryProto, ValueInfoProto, TypeProto, TensorShapeProto) and checked
 * against the descriptors of the {@code onnx} 1.12 Python package. Unknown fields are skipped, as protobuf
 * requires; fields this reader cannot honour (sub-graphs, sparse initializers, segments, string tensors) fail.
 *
 * <p>Initializers and {@code Constant} values are read from {@code raw_data} (little-endian), from the typed
 * fields ({@code float_data}, {@code int32_data}, {@code int64_data}, {@code double_data}), or from external
 * data files ({@code data_location = EXTERNAL}: {@code location}, {@code offset}, {@code length} relative to
 * the model's directory; a location that is absolute or leads outside that directory, symbolic links
 * followed, is refused). Types FLOAT, DOUBLE, INT64, INT32 and BOOL are read.
 *
 * <p>Every count and size is checked against {@link OnnxLimits} before anything of that size is allocated, and
 * a tensor's claimed element count against the bytes or values actually present. Every failure is an
 * {@link OnnxFormatException} that names the place in the file (graph, node, attribute, tensor).
 */
public final class OnnxReader {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_FUNCTIONS = 25;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_T = 5;
    private static final int ATTR_G = 6;
    private static final int ATTR_FLOATS = 7;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_STRINGS = 9;
    private static final int ATTR_GRAPHS = 11;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_REF_ATTR_NAME = 21;
    // AttributeProto.AttributeType
    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_STRING = 3;
    private static final int TYPE_TENSOR = 4;
    private static final int TYPE_FLOATS = 6;
    private static final int TYPE_INTS = 7;
    private static final int TYPE_STRINGS = 8;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_SEGMENT = 3;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_INT32_DATA = 5;
    private static final int TENSOR_STRING_DATA = 6;
    private static final int TENSOR_INT64_DATA = 7;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DOUBLE_DATA = 10;
    private static final int TENSOR_UINT64_DATA = 11;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final CodedInputStream in;
    private final OnnxLimits limits;
    private final Path baseDir;
    private long externalBytes;

    private OnnxReader(byte[] bytes, OnnxLimits limits, Path baseDir) {
        this.in = CodedInputStream.newInstance(bytes);
        this.limits = limits;
        this.baseDir = baseDir;
    }

    /** Reads a model file with the default limits; external data is looked up beside it. */
    public static Model read(Path file) throws IOException {
        return read(file, OnnxLimits.defaults());
    }

    /** Reads a model file; external data is looked up in the file's directory. */
    public static Model read(Path file, OnnxLimits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new OnnxFormatException(file + ": " + size + " bytes, more than the limit of "
                    + limits.maxFileBytes() + " (OnnxLimits.maxFileBytes)");
        }
        Path dir = file.toAbsolutePath().getParent();
        return read(Files.readAllBytes(file), limits, dir);
    }

    /**
     * Reads a model from bytes. {@code baseDir} is the directory that external data locations are relative to;
     * null refuses external data.
     */
    public static Model read(byte[] bytes, OnnxLimits limits, Path baseDir) throws OnnxFormatException {
        if (bytes.length > limits.maxFileBytes()) {
            throw new OnnxFormatException("model of " + bytes.length + " bytes, more than the limit of "
                    + limits.maxFileBytes() + " (OnnxLimits.maxFileBytes)");
        }
        OnnxReader reader = new OnnxReader(bytes, limits, baseDir);
        try {
            return reader.model();
        } catch (OnnxFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new OnnxFormatException("not a valid ONNX protobuf (truncated or malformed): " + e.getMessage(), e);
        }
    }

    // ---- messages ------------------------------------------------------------------------------

    private Model model() throws IOException {
        long irVersion = 0;
        String producer = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Graph graph = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case MODEL_IR_VERSION -> irVersion = varint(tag, "model ir_version");
                case MODEL_PRODUCER_NAME -> producer = string(tag, "model producer_name");
                case MODEL_GRAPH -> {
                    if (graph != null) {
                        throw new OnnxFormatException("model: two graph fields");
                    }
                    int old = enter(tag, "model graph");
                    graph = graph();
                    in.popLimit(old);
                }
                case MODEL_OPSET_IMPORT -> {
                    if (opsets.size() >= limits.maxAttributes()) {
                        throw new OnnxFormatException("model: more than " + limits.maxAttributes()
                                + " opset imports (OnnxLimits.maxAttributes)");
                    }
                    int old = enter(tag, "model opset_import");
                    String domain = "";
                    long version = -1;
                    for (int t; (t = in.readTag()) != 0; ) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case OPSET_DOMAIN -> domain = string(t, "opset_import domain");
                            case OPSET_VERSION -> version = varint(t, "opset_import version");
                            default -> skip(t);
                        }
                    }
                    in.popLimit(old);
                    opsets.put(domain.equals("ai.onnx") ? "" : domain, version);
                }
                case MODEL_FUNCTIONS -> throw new OnnxFormatException(
                        "model: local functions (ModelProto.functions) are not supported");
                default -> skip(tag);
            }
        }
        if (graph == null) {
            throw new OnnxFormatException("model: no graph (ModelProto field 7); is this an ONNX file?");
        }
        return new Model(irVersion, producer, opsets, graph);
    }

    private Graph graph() throws IOException {
        String name = "";
        List<Node> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case GRAPH_NODE -> {
                    if (nodes.size() >= limits.maxNodes()) {
                        throw new OnnxFormatException("graph: more than " + limits.maxNodes()
                                + " nodes (OnnxLimits.maxNodes)");
                    }
                    int old = enter(tag, "graph node #" + nodes.size());
                    nodes.add(node(nodes.size()));
                    in.popLimit(old);
                }
                case GRAPH_NAME -> name = string(tag, "graph name");
                case GRAPH_INITIALIZER -> {
                    if (initializers.size() >= limits.maxInitializers()) {
                        throw new OnnxFormatException("graph: more than " + limits.maxInitializers()
                                + " initializers (OnnxLimits.maxInitializers)");
                    }
                    int old = enter(tag, "graph initializer #" + initializers.size());
                    Named t = tensor("graph initializer #" + initializers.size());
                    in.popLimit(old);
                    if (t.name.isEmpty() || initializers.put(t.name, t.tensor) != null) {
                        throw new OnnxFormatException("graph: initializer #" + initializers.size()
                                + (t.name.isEmpty() ? " has no name" : " '" + t.name + "' is defined twice"));
                    }
                }
                case GRAPH_INPUT, GRAPH_OUTPUT -> {
                    List<ValueInfo> list = WireFormat.getTagFieldNumber(tag) == GRAPH_INPUT ? inputs : outputs;
                    String what = list == inputs ? "graph input" : "graph output";
                    if (list.size() >= limits.maxNodes()) {
                        throw new OnnxFormatException("graph: more than " + limits.maxNodes() + " " + what
                                + "s (OnnxLimits.maxNodes)");
                    }
                    int old = enter(tag, what + " #" + list.size());
                    list.add(valueInfo(what + " #" + list.size()));
                    in.popLimit(old);
                }
                case GRAPH_SPARSE_INITIALIZER -> throw new OnnxFormatException(
                        "graph: sparse initializers are not supported");
                default -> skip(tag);
            }
        }
        return new Graph(name, nodes, initializers, inputs, outputs);
    }

    private Node node(int index) throws IOException {
        String name = "";
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            String where = "node #" + index + (name.isEmpty() ? "" : " '" + name + "'");
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_INPUT, NODE_OUTPUT -> {
                    List<String> list = WireFormat.getTagFieldNumber(tag) == NODE_INPUT ? inputs : outputs;
                    if (list.size() >= limits.maxAttributeValues()) {
                        throw new OnnxFormatException(where + ": more than " + limits.maxAttributeValues()
                                + " inputs or outputs (OnnxLimits.maxAttributeValues)");
                    }
                    list.add(string(tag, where + (list == inputs ? " input" : " output")));
                }
                case NODE_NAME -> name = string(tag, where + " name");
                case NODE_OP_TYPE -> opType = string(tag, where + " op_type");
                case NODE_DOMAIN -> domain = string(tag, where + " domain");
                case NODE_ATTRIBUTE -> {
                    if (attributes.size() >= limits.maxAttributes()) {
                        throw new OnnxFormatException(where + ": more than " + limits.maxAttributes()
                                + " attributes (OnnxLimits.maxAttributes)");
                    }
                    int old = enter(tag, where + " attribute");
                    Attribute a = attribute(where);
                    in.popLimit(old);
                    if (attributes.put(a.name(), a) != null) {
                        throw new OnnxFormatException(where + ": attribute '" + a.name() + "' given twice");
                    }
                }
                default -> skip(tag);
            }
        }
        return new Node(name, opType, domain.equals("ai.onnx") ? "" : domain, inputs, outputs, attributes);
    }

    private Attribute attribute(String node) throws IOException {
        String name = "";
        int type = 0;
        int inferred = 0;
        float f = 0;
        long i = 0;
        String s = "";
        OnnxTensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            String where = node + " attribute '" + name + "'";
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ATTR_NAME -> name = string(tag, node + " attribute name");
                case ATTR_TYPE -> type = (int) varint(tag, where + " type");
                case ATTR_F -> {
                    expect(tag, WireFormat.WIRETYPE_FIXED32, where + " f");
                    f = in.readFloat();
                    inferred = TYPE_FLOAT;
                }
                case ATTR_I -> {
                    i = varint(tag, where + " i");
                    inferred = TYPE_INT;
                }
                case ATTR_S -> {
                    s = string(tag, where + " s");
                    inferred = TYPE_STRING;
                }
                case ATTR_T -> {
                    int old = enter(tag, where + " t");
                    t = tensor(where + " tensor").tensor;
                    in.popLimit(old);
                    inferred = TYPE_TENSOR;
                }
                case ATTR_FLOATS -> {
                    floats(tag, floats, limits.maxAttributeValues(), where + " floats");
                    inferred = TYPE_FLOATS;
                }
                case ATTR_INTS -> {
                    varints(tag, ints, limits.maxAttributeValues(), where + " ints");
                    inferred = TYPE_INTS;
                }
                case ATTR_STRINGS -> {
                    if (strings.size() >= limits.maxAttributeValues()) {
                        throw new OnnxFormatException(where + ": more than " + limits.maxAttributeValues()
                                + " strings (OnnxLimits.maxAttributeValues)");
                    }
                    strings.add(string(tag, where + " strings"));
                    inferred = TYPE_STRINGS;
                }
                case ATTR_G, ATTR_GRAPHS -> throw new OnnxFormatException(where
                        + ": sub-graph attributes (control flow: If, Loop, Scan) are not supported");
                case ATTR_REF_ATTR_NAME -> throw new OnnxFormatException(where
                        + ": attribute references (ref_attr_name, used inside functions) are not supported");
                default -> skip(tag);
            }
        }
        if (name.isEmpty()) {
            throw new OnnxFormatException(node + ": an attribute has no name");
        }
        int kind = type != 0 ? type : inferred;
        AttributeType at = switch (kind) {
            case TYPE_FLOAT -> AttributeType.FLOAT;
            case TYPE_INT -> AttributeType.INT;
            case TYPE_STRING -> AttributeType.STRING;
            case TYPE_TENSOR -> AttributeType.TENSOR;
            case TYPE_FLOATS -> AttributeType.FLOATS;
            case TYPE_INTS -> AttributeType.INTS;
            case TYPE_STRINGS -> AttributeType.STRINGS;
            default -> AttributeType.OTHER;
        };
        if (at == AttributeType.TENSOR && t == null) {
            throw new OnnxFormatException(node + " attribute '" + name + "': type TENSOR but no tensor");
        }
        return new Attribute(name, at, f, i, s, t, floats.boxed(), ints.boxed(), strings);
    }

    private ValueInfo valueInfo(String what) throws IOException {
        String name = "";
        int elemType = 0;
        List<Dim> shape = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case VALUE_INFO_NAME -> name = string(tag, what + " name");
                case VALUE_INFO_TYPE -> {
                    int old = enter(tag, what + " type");
                    for (int t; (t = in.readTag()) != 0; ) {
                        if (WireFormat.getTagFieldNumber(t) != TYPE_TENSOR_TYPE) {
                            skip(t);
                            continue;
                        }
                        int old2 = enter(t, what + " tensor_type");
                        for (int u; (u = in.readTag()) != 0; ) {
                            switch (WireFormat.getTagFieldNumber(u)) {
                                case TENSOR_TYPE_ELEM_TYPE -> elemType = (int) varint(u, what + " elem_type");
                                case TENSOR_TYPE_SHAPE -> shape = shape(u, what + " '" + name + "' shape");
                                default -> skip(u);
                            }
                        }
                        in.popLimit(old2);
                    }
                    in.popLimit(old);
                }
                default -> skip(tag);
            }
        }
        return new ValueInfo(name, elemType, shape);
    }

    private List<Dim> shape(int tag, String what) throws IOException {
        int old = enter(tag, what);
        List<Dim> dims = new ArrayList<>();
        for (int t; (t = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(t) != SHAPE_DIM) {
                skip(t);
                continue;
            }
            if (dims.size() >= limits.maxRank()) {
                throw new OnnxFormatException(what + ": more than " + limits.maxRank()
                        + " dimensions (OnnxLimits.maxRank)");
            }
            int old2 = enter(t, what + " dim");
            long value = -1;
            String param = null;
            for (int u; (u = in.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(u)) {
                    case DIM_VALUE -> value = varint(u, what + " dim_value");
                    case DIM_PARAM -> param = string(u, what + " dim_param");
                    default -> skip(u);
                }
            }
            in.popLimit(old2);
            dims.add(new Dim(param == null ? value : -1, param));
        }
        in.popLimit(old);
        return dims;
    }

    private record Named(String name, OnnxTensor tensor) {
    }

    private Named tensor(String what) throws IOException {
        String name = "";
        LongList dims = new LongList();
        long dataType = 0;
        long location = 0;
        FloatList floatData = new FloatList();
        LongList intData = new LongList();
        LongList longData = new LongList();
        DoubleList doubleData = new DoubleList();
        byte[] raw = null;
        Map<String, String> external = new LinkedHashMap<>();
        long cap = limits.maxTensorElements();
        for (int tag; (tag = in.readTag()) != 0; ) {
            String where = what + (name.isEmpty() ? "" : " '" + name + "'");
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> varints(tag, dims, limits.maxRank(), where + " dims (OnnxLimits.maxRank)");
                case TENSOR_DATA_TYPE -> dataType = varint(tag, where + " data_type");
                case TENSOR_NAME -> name = string(tag, where + " name");
                case TENSOR_FLOAT_DATA -> floats(tag, floatData, cap, where + " float_data");
                case TENSOR_INT32_DATA -> varints(tag, intData, cap, where + " int32_data");
                case TENSOR_INT64_DATA -> varints(tag, longData, cap, where + " int64_data");
                case TENSOR_DOUBLE_DATA -> doubles(tag, doubleData, cap, where + " double_data");
                case TENSOR_RAW_DATA -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, where + " raw_data");
                    int length = in.readRawVarint32();
                    if (length < 0 || length > cap * 8) {
                        throw new OnnxFormatException(where + ": raw_data of " + Integer.toUnsignedString(length)
                                + " bytes, more than " + cap + " elements of 8 bytes (OnnxLimits.maxTensorElements)");
                    }
                    raw = in.readRawBytes(length);
                }
                case TENSOR_EXTERNAL_DATA -> {
                    if (external.size() >= 16) {
                        throw new OnnxFormatException(where + ": more than 16 external_data entries");
                    }
                    int old = enter(tag, where + " external_data");
                    String key = "";
                    String value = "";
                    for (int t; (t = in.readTag()) != 0; ) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case ENTRY_KEY -> key = string(t, where + " external_data key");
                            case ENTRY_VALUE -> value = string(t, where + " external_data value");
                            default -> skip(t);
                        }
                    }
                    in.popLimit(old);
                    external.put(key, value);
                }
                case TENSOR_DATA_LOCATION -> location = varint(tag, where + " data_location");
                case TENSOR_SEGMENT -> throw new OnnxFormatException(where + ": segmented tensors are not supported");
                case TENSOR_STRING_DATA, TENSOR_UINT64_DATA -> throw new OnnxFormatException(where
                        + ": string and uint64 tensors are not supported");
                default -> skip(tag);
            }
        }
        String where = what + (name.isEmpty() ? "" : " '" + name + "'");
        ElementType type = ElementType.ofCode(dataType);
        if (type == null) {
            throw new OnnxFormatException(where + ": data_type " + dataType
                    + " is not supported (supported: FLOAT=1, INT32=6, INT64=7, BOOL=9, DOUBLE=11)");
        }
        int[] shape = new int[dims.size];
        long elements = 1;
        for (int k = 0; k < dims.size; k++) {
            long d = dims.data[k];
            if (d < 0 || d > cap || (elements *= Math.max(d, 1)) > cap) {
                throw new OnnxFormatException(where + ": dims " + Arrays.toString(Arrays.copyOf(dims.data, dims.size))
                        + " claim more than " + cap + " elements (OnnxLimits.maxTensorElements) or a negative size");
            }
            shape[k] = (int) d;
        }
        int n = (int) OnnxTensor.sizeOf(shape);
        if (location == DATA_LOCATION_EXTERNAL) {
            raw = external(external, (long) n * type.bytes(), where);
        } else if (location != 0) {
            throw new OnnxFormatException(where + ": data_location " + location + " is neither DEFAULT (0) nor"
                    + " EXTERNAL (1)");
        }
        if (raw != null) {
            if (raw.length != (long) n * type.bytes()) {
                throw new OnnxFormatException(where + ": " + type + " " + Arrays.toString(shape) + " needs "
                        + (long) n * type.bytes() + " bytes of data, found " + raw.length);
            }
            return new Named(name, fromRaw(type, shape, n, raw));
        }
        int found = switch (type) {
            case FLOAT -> floatData.size;
            case INT32, BOOL -> intData.size;
            case INT64 -> longData.size;
            case DOUBLE -> doubleData.size;
        };
        if (found != n) {
            String field = switch (type) {
                case FLOAT -> "float_data";
                case INT32, BOOL -> "int32_data";
                case INT64 -> "int64_data";
                case DOUBLE -> "double_data";
            };
            throw new OnnxFormatException(where + ": " + type + " " + Arrays.toString(shape) + " needs " + n
                    + " values, found " + found + " in " + field + " and no raw_data");
        }
        return new Named(name, switch (type) {
            case FLOAT -> OnnxTensor.wrapFloats(Arrays.copyOf(floatData.data, n), shape);
            case DOUBLE -> OnnxTensor.wrapDoubles(Arrays.copyOf(doubleData.data, n), shape);
            case INT64 -> OnnxTensor.wrapLongs(type, Arrays.copyOf(longData.data, n), shape);
            case INT32, BOOL -> {
                long[] v = Arrays.copyOf(intData.data, n);
                for (int k = 0; k < n; k++) {
                    v[k] = type == ElementType.BOOL ? (v[k] != 0 ? 1 : 0) : (int) v[k];
                }
                yield OnnxTensor.wrapLongs(type, v, shape);
            }
        });
    }

    private static OnnxTensor fromRaw(ElementType type, int[] shape, int n, byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return OnnxTensor.wrapFloats(v, shape);
            }
            case DOUBLE -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                return OnnxTensor.wrapDoubles(v, shape);
            }
            case INT64 -> {
                long[] v = new long[n];
                b.asLongBuffer().get(v);
                return OnnxTensor.wrapLongs(type, v, shape);
            }
            case INT32 -> {
                long[] v = new long[n];
                for (int k = 0; k < n; k++) {
                    v[k] = b.getInt(4 * k);
                }
                return OnnxTensor.wrapLongs(type, v, shape);
            }
            default -> {
                long[] v = new long[n];
                for (int k = 0; k < n; k++) {
                    v[k] = raw[k] != 0 ? 1 : 0;
                }
                return OnnxTensor.wrapLongs(type, v, shape);
            }
        }
    }

    /** Reads external data: checks the location stays inside the model's directory and the byte counts. */
    private byte[] external(Map<String, String> entries, long needed, String where) throws OnnxFormatException {
        String location = entries.get("location");
        if (location == null || location.isEmpty()) {
            throw new OnnxFormatException(where + ": data_location EXTERNAL without a 'location' entry");
        }
        if (baseDir == null) {
            throw new OnnxFormatException(where + ": external data '" + location
                    + "' but the model was read from bytes, with no directory to resolve it in");
        }
        long offset = number(entries, "offset", 0, where);
        long length = number(entries, "length", needed, where);
        if (length != needed) {
            throw new OnnxFormatException(where + ": external data length " + length + ", the shape needs " + needed
                    + " bytes");
        }
        if (externalBytes + needed > limits.maxExternalBytes()) {
            throw new OnnxFormatException(where + ": external data beyond " + limits.maxExternalBytes()
                    + " bytes in all (OnnxLimits.maxExternalBytes)");
        }
        Path file;
        try {
            Path rel = Path.of(location);
            Path dir = baseDir.toAbsolutePath().normalize();
            file = dir.resolve(rel).normalize();
            if (rel.isAbsolute() || !file.startsWith(dir) || file.equals(dir)) {
                throw new OnnxFormatException(where + ": external data location '" + location
                        + "' leads outside the model's directory " + dir);
            }
            if (!Files.isRegularFile(file)) {
                throw new OnnxFormatException(where + ": external data file " + file + " does not exist");
            }
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new OnnxFormatException(where + ": external data location '" + location
                        + "' is a link that leads outside the model's directory " + dir);
            }
        } catch (InvalidPathException e) {
            throw new OnnxFormatException(where + ": external data location '" + location + "' is not a valid path",
                    e);
        } catch (IOException e) {
            throw new OnnxFormatException(where + ": cannot resolve external data '" + location + "': " + e, e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (offset > size || needed > size - offset) {
                throw new OnnxFormatException(where + ": external data needs bytes " + offset + " to "
                        + (offset + needed) + " of " + file.getFileName() + ", which has " + size);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) needed);
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, offset + buffer.position()) < 0) {
                    throw new OnnxFormatException(where + ": " + file.getFileName() + " ended early");
                }
            }
            externalBytes += needed;
            return buffer.array();
        } catch (OnnxFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new OnnxFormatException(where + ": cannot read external data " + file + ": " + e, e);
        }
    }

    private static long number(Map<String, String> entries, String key, long absent, String where)
            throws OnnxFormatException {
        String v = entries.get(key);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new OnnxFormatException(where + ": external data " + key + " '" + v
                    + "' is not a non-negative integer");
        }
    }

    // ---- wire helpers --------------------------------------------------------------------------

    private int enter(int tag, String what) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new OnnxFormatException(what + ": negative message length");
        }
        return in.pushLimit(length);
    }

    private static void expect(int tag, int wireType, String what) throws OnnxFormatException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new OnnxFormatException(what + ": wire type " + WireFormat.getTagWireType(tag) + ", expected "
                    + wireType);
        }
    }

    private long varint(int tag, String what) throws IOException {
        expect(tag, WireFormat.WIRETYPE_VARINT, what);
        return in.readRawVarint64();
    }

    private String string(int tag, String what) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
        int length = in.readRawVarint32();
        if (length < 0 || length > limits.maxStringBytes()) {
            throw new OnnxFormatException(what + ": string of " + Integer.toUnsignedString(length)
                    + " bytes, more than " + limits.maxStringBytes() + " (OnnxLimits.maxStringBytes)");
        }
        return new String(in.readRawBytes(length), StandardCharsets.UTF_8);
    }

    /** Skips a field; groups (wire types 3 and 4, unused by ONNX) are refused, so skipping never recurses. */
    private void skip(int tag) throws IOException {
        switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
            case WireFormat.WIRETYPE_FIXED64 -> in.skipRawBytes(8);
            case WireFormat.WIRETYPE_FIXED32 -> in.skipRawBytes(4);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                int length = in.readRawVarint32();
                if (length < 0) {
                    throw new OnnxFormatException("field " + WireFormat.getTagFieldNumber(tag) + ": negative length");
                }
                in.skipRawBytes(length);
            }
            default -> throw new OnnxFormatException("field " + WireFormat.getTagFieldNumber(tag) + ": wire type "
                    + WireFormat.getTagWireType(tag) + " (protobuf groups or invalid) does not occur in ONNX");
        }
    }

    private void floats(int tag, FloatList out, long cap, String what) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            if (length < 0 || length % 4 != 0 || out.size + (long) (length / 4) > cap) {
                throw new OnnxFormatException(what + ": packed length " + Integer.toUnsignedString(length)
                        + " is not a multiple of 4 or exceeds " + cap + " values");
            }
            if (length > in.getBytesUntilLimit() && in.getBytesUntilLimit() >= 0) {
                throw new OnnxFormatException(what + ": packed length " + length + " beyond the enclosing message");
            }
            for (int k = length / 4; k > 0; k--) {
                out.add(in.readFloat());
            }
        } else {
            expect(tag, WireFormat.WIRETYPE_FIXED32, what);
            if (out.size >= cap) {
                throw new OnnxFormatException(what + ": more than " + cap + " values");
            }
            out.add(in.readFloat());
        }
    }

    private void doubles(int tag, DoubleList out, long cap, String what) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            if (length < 0 || length % 8 != 0 || out.size + (long) (length / 8) > cap) {
                throw new OnnxFormatException(what + ": packed length " + Integer.toUnsignedString(length)
                        + " is not a multiple of 8 or exceeds " + cap + " values");
            }
            if (length > in.getBytesUntilLimit() && in.getBytesUntilLimit() >= 0) {
                throw new OnnxFormatException(what + ": packed length " + length + " beyond the enclosing message");
            }
            for (int k = length / 8; k > 0; k--) {
                out.add(in.readDouble());
            }
        } else {
            expect(tag, WireFormat.WIRETYPE_FIXED64, what);
            if (out.size >= cap) {
                throw new OnnxFormatException(what + ": more than " + cap + " values");
            }
            out.add(in.readDouble());
        }
    }

    private void varints(int tag, LongList out, long cap, String what) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int old = enter(tag, what);
            while (!in.isAtEnd()) {
                if (out.size >= cap) {
                    throw new OnnxFormatException(what + ": more than " + cap + " values");
                }
                out.add(in.readRawVarint64());
            }
            in.popLimit(old);
        } else {
            expect(tag, WireFormat.WIRETYPE_VARINT, what);
            if (out.size >= cap) {
                throw new OnnxFormatException(what + ": more than " + cap + " values");
            }
            out.add(in.readRawVarint64());
        }
    }

    /** Growable primitive lists; growth is bounded by the bytes of the file, each value having taken some. */
    private static final class FloatList {
        float[] data = new float[8];
        int size;

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        List<Float> boxed() {
            List<Float> list = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                list.add(data[k]);
            }
            return list;
        }
    }

    private static final class DoubleList {
        double[] data = new double[8];
        int size;

        void add(double v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    private static final class LongList {
        long[] data = new long[8];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        List<Long> boxed() {
            List<Long> list = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                list.add(data[k]);
            }
            return list;
        }
    }
}
