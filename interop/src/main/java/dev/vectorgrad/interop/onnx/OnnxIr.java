package dev.vectorgrad.interop.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable graph IR that {@link OnnxReader} makes of an {@code .onnx} file: the parts of ONNX's
 * {@code ModelProto}, {@code GraphProto}, {@code NodeProto}, {@code AttributeProto} and {@code ValueInfoProto} that
 * an inference runtime needs. Nothing here is validated beyond what reading needs; {@link OnnxModel#of(Model)}
 * checks the graph (operators, opsets, cycles, undefined values, weight shapes).
 */
public final class OnnxIr {

    private OnnxIr() {
    }

    /**
     * A model: {@code ir_version}, the producer, the operator sets it imports (domain to version; the default
     * domain is {@code ""}), and its main graph.
     */
    public record Model(long irVersion, String producerName, Map<String, Long> opsetImports, Graph graph) {
        /** Copies the map, keeping its order. */
        public Model {
            opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
        }
    }

    /** A graph: its nodes in file order, initializers by name (in file order), and its declared inputs and outputs. */
    public record Graph(String name, List<Node> nodes, Map<String, OnnxTensor> initializers, List<ValueInfo> inputs,
                        List<ValueInfo> outputs) {
        /** Copies the lists and the map. */
        public Graph {
            nodes = List.copyOf(nodes);
            initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * A node: its name (may be empty), operator type and domain ({@code ""} is the default ONNX domain), input value
     * names (an empty name is an absent optional input), output value names, and attributes by name.
     */
    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, Attribute> attributes) {
        /** Copies the lists and the map. */
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        /** How messages name this node: {@code node 'name' (OpType)}, or its index when it has no name. */
        public String describe(int index) {
            return (name.isEmpty() ? "node #" + index : "node '" + name + "'") + " (" + opType + ")";
        }
    }

    /** The kinds of attribute value ({@code AttributeProto.AttributeType}); {@code OTHER} is any kind not read. */
    public enum AttributeType {
        /** One float. */
        FLOAT,
        /** One 64-bit integer. */
        INT,
        /** One UTF-8 string. */
        STRING,
        /** One tensor. */
        TENSOR,
        /** A list of floats. */
        FLOATS,
        /** A list of 64-bit integers. */
        INTS,
        /** A list of strings. */
        STRINGS,
        /** Graphs, sparse tensors, type protos or lists of tensors: recorded by kind only, never used. */
        OTHER
    }

    /**
     * An attribute: its name and kind, and the value of that kind (the other fields are 0, empty or null).
     */
    public record Attribute(String name, AttributeType type, float f, long i, String s, OnnxTensor t,
                            List<Float> floats, List<Long> ints, List<String> strings) {
        /** Copies the lists. */
        public Attribute {
            floats = List.copyOf(floats);
            ints = List.copyOf(ints);
            strings = List.copyOf(strings);
        }
    }

    /**
     * A declared graph input or output: its name, {@code TensorProto.DataType} code (0 when not a tensor or not
     * given) and shape (null when not given; each dimension a value or a symbolic parameter).
     */
    public record ValueInfo(String name, int elemType, List<Dim> shape) {
        /** Copies the shape. */
        public ValueInfo {
            shape = shape == null ? null : List.copyOf(shape);
        }
    }

    /** One dimension of a declared shape: a fixed value ({@code param} null) or a symbolic name ({@code value} -1). */
    public record Dim(long value, String param) {
    }
}
