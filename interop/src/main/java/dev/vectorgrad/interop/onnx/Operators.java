package dev.vectorgrad.interop.onnx;

import dev.vectorgrad.interop.onnx.OnnxIr.Attribute;
import dev.vectorgrad.interop.onnx.OnnxIr.AttributeType;
import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import dev.vectorgrad.interop.onnx.OnnxTensor.ElementType;
import dev.vectorgrad.interop.onnx.RecurrentOp.Activation;
import dev.vectorgrad.interop.onnx.RecurrentOp.Kind;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The supported operators of the default ONNX domain, opsets {@value #MIN_OPSET} to {@value #MAX_OPSET}: compiles a
 * node into a {@link NodeOp} after checking its input count and attributes (an attribute this importer does not
 * know is refused, so that nothing runs with a meaning it ignores).
 */
final class Operators {

    static final int MIN_OPSET = 13;
    static final int MAX_OPSET = 17;

    /** Supported operators, sorted, with the attributes each accepts. */
    static final SortedMap<String, Set<String>> ATTRIBUTES = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
            Map.entry("Add", Set.of()), Map.entry("Sub", Set.of()), Map.entry("Mul", Set.of()),
            Map.entry("Div", Set.of()), Map.entry("Sigmoid", Set.of()), Map.entry("Tanh", Set.of()),
            Map.entry("Relu", Set.of()), Map.entry("Identity", Set.of()),
            Map.entry("Softmax", Set.of("axis")), Map.entry("LogSoftmax", Set.of("axis")),
            Map.entry("Gemm", Set.of("alpha", "beta", "transA", "transB")), Map.entry("MatMul", Set.of()),
            Map.entry("Gather", Set.of("axis")), Map.entry("Transpose", Set.of("perm")),
            Map.entry("Reshape", Set.of("allowzero")), Map.entry("Squeeze", Set.of()),
            Map.entry("Unsqueeze", Set.of()), Map.entry("Concat", Set.of("axis")), Map.entry("Slice", Set.of()),
            Map.entry("Shape", Set.of("start", "end")),
            Map.entry("Constant", Set.of("value", "value_float", "value_floats", "value_int", "value_ints")),
            Map.entry("ConstantOfShape", Set.of("value")), Map.entry("Expand", Set.of()),
            Map.entry("Cast", Set.of("to")),
            Map.entry("RNN", Set.of("activation_alpha", "activation_beta", "activations", "clip", "direction",
                    "hidden_size", "layout")),
            Map.entry("GRU", Set.of("activation_alpha", "activation_beta", "activations", "clip", "direction",
                    "hidden_size", "layout", "linear_before_reset")),
            Map.entry("LSTM", Set.of("activation_alpha", "activation_beta", "activations", "clip", "direction",
                    "hidden_size", "layout", "input_forget")))));

    /** Inputs each operator takes: {min, max}. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("Add", new int[] {2, 2}), Map.entry("Sub", new int[] {2, 2}), Map.entry("Mul", new int[] {2, 2}),
            Map.entry("Div", new int[] {2, 2}), Map.entry("Sigmoid", new int[] {1, 1}),
            Map.entry("Tanh", new int[] {1, 1}), Map.entry("Relu", new int[] {1, 1}),
            Map.entry("Identity", new int[] {1, 1}), Map.entry("Softmax", new int[] {1, 1}),
            Map.entry("LogSoftmax", new int[] {1, 1}), Map.entry("Gemm", new int[] {2, 3}),
            Map.entry("MatMul", new int[] {2, 2}), Map.entry("Gather", new int[] {2, 2}),
            Map.entry("Transpose", new int[] {1, 1}), Map.entry("Reshape", new int[] {2, 2}),
            Map.entry("Squeeze", new int[] {1, 2}), Map.entry("Unsqueeze", new int[] {2, 2}),
            Map.entry("Concat", new int[] {1, Integer.MAX_VALUE}), Map.entry("Slice", new int[] {3, 5}),
            Map.entry("Shape", new int[] {1, 1}), Map.entry("Constant", new int[] {0, 0}),
            Map.entry("ConstantOfShape", new int[] {1, 1}), Map.entry("Expand", new int[] {2, 2}),
            Map.entry("Cast", new int[] {1, 1}), Map.entry("RNN", new int[] {3, 6}),
            Map.entry("GRU", new int[] {3, 6}), Map.entry("LSTM", new int[] {3, 8}));

    private Operators() {
    }

    /** The supported operator names, sorted. */
    static List<String> supported() {
        return List.copyOf(ATTRIBUTES.keySet());
    }

    /**
     * Compiles one node. {@code constants} holds the initializers, so that recurrent weights can be checked at
     * load time.
     */
    static NodeOp compile(Node node, int index, long opset, Map<String, OnnxTensor> constants, long cap)
            throws OnnxFormatException {
        String op = node.opType();
        String where = node.describe(index);
        Set<String> allowed = ATTRIBUTES.get(op);
        if (allowed == null || !node.domain().isEmpty()) {
            throw new OnnxFormatException("unsupported operator '" + (node.domain().isEmpty() ? "" : node.domain()
                    + ".") + op + "' at " + where + ", opset " + opset + "; supported (default domain, opsets "
                    + MIN_OPSET + "-" + MAX_OPSET + "): " + String.join(", ", supported()));
        }
        for (String a : node.attributes().keySet()) {
            if (!allowed.contains(a)) {
                throw new OnnxFormatException(where + ": attribute '" + a + "' is not supported for " + op
                        + (allowed.isEmpty() ? " (it takes none)" : " (supported: " + allowed + ")"));
            }
        }
        int[] arity = ARITY.get(op);
        int n = node.inputs().size();
        if (n < arity[0] || n > arity[1]) {
            throw new OnnxFormatException(where + ": " + n + " inputs, " + op + " takes " + arity[0]
                    + (arity[1] == arity[0] ? "" : arity[1] == Integer.MAX_VALUE ? " or more" : " to " + arity[1]));
        }
        // Concat's inputs are all required; the other operators' optional inputs follow their required ones
        int required = op.equals("Concat") ? n : arity[0];
        for (int i = 0; i < required; i++) {
            if (node.inputs().get(i).isEmpty()) {
                throw new OnnxFormatException(where + ": required input " + i + " is empty");
            }
        }
        if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty() && !isRecurrent(op)) {
            throw new OnnxFormatException(where + ": no output");
        }
        return switch (op) {
            case "Add" -> in -> new OnnxTensor[] {Ops.binary(Ops.Binary.ADD, in[0], in[1], cap)};
            case "Sub" -> in -> new OnnxTensor[] {Ops.binary(Ops.Binary.SUB, in[0], in[1], cap)};
            case "Mul" -> in -> new OnnxTensor[] {Ops.binary(Ops.Binary.MUL, in[0], in[1], cap)};
            case "Div" -> in -> new OnnxTensor[] {Ops.binary(Ops.Binary.DIV, in[0], in[1], cap)};
            case "Sigmoid" -> in -> new OnnxTensor[] {Ops.unary(Ops.Unary.SIGMOID, in[0])};
            case "Tanh" -> in -> new OnnxTensor[] {Ops.unary(Ops.Unary.TANH, in[0])};
            case "Relu" -> in -> new OnnxTensor[] {Ops.unary(Ops.Unary.RELU, in[0])};
            case "Identity" -> in -> new OnnxTensor[] {in[0]};
            case "Softmax", "LogSoftmax" -> {
                long axis = integer(node, where, "axis", -1);
                boolean log = op.equals("LogSoftmax");
                yield in -> new OnnxTensor[] {Ops.softmax(in[0], axis, log)};
            }
            case "Gemm" -> {
                float alpha = real(node, where, "alpha", 1f);
                float beta = real(node, where, "beta", 1f);
                boolean ta = flag(node, where, "transA");
                boolean tb = flag(node, where, "transB");
                yield in -> new OnnxTensor[] {Ops.gemm(in[0], in[1], in.length > 2 ? in[2] : null, ta, tb, alpha, beta,
                        cap)};
            }
            case "MatMul" -> in -> new OnnxTensor[] {Ops.matmul(in[0], in[1], cap)};
            case "Gather" -> {
                long axis = integer(node, where, "axis", 0);
                yield in -> new OnnxTensor[] {Ops.gather(in[0], in[1], axis, cap)};
            }
            case "Transpose" -> {
                int[] perm = node.attributes().containsKey("perm") ? intArray(node, where, "perm") : null;
                yield in -> new OnnxTensor[] {Ops.transpose(in[0], perm, cap)};
            }
            case "Reshape" -> {
                boolean allowZero = flag(node, where, "allowzero");
                yield in -> new OnnxTensor[] {Ops.reshape(in[0], in[1], allowZero)};
            }
            case "Squeeze" -> in -> new OnnxTensor[] {Ops.squeeze(in[0], in.length > 1 ? in[1] : null)};
            case "Unsqueeze" -> in -> new OnnxTensor[] {Ops.unsqueeze(in[0], in[1])};
            case "Concat" -> {
                if (!node.attributes().containsKey("axis")) {
                    throw new OnnxFormatException(where + ": attribute 'axis' is required");
                }
                long axis = integer(node, where, "axis", 0);
                yield in -> new OnnxTensor[] {Ops.concat(in, axis, cap)};
            }
            case "Slice" -> in -> new OnnxTensor[] {Ops.slice(in[0], in[1], in[2], in.length > 3 ? in[3] : null,
                    in.length > 4 ? in[4] : null, cap)};
            case "Shape" -> {
                long start = integer(node, where, "start", 0);
                long end = integer(node, where, "end", Long.MAX_VALUE);
                yield in -> new OnnxTensor[] {Ops.shapeOf(in[0], start, end)};
            }
            case "Constant" -> {
                OnnxTensor value = constant(node, where);
                yield in -> new OnnxTensor[] {value};
            }
            case "ConstantOfShape" -> {
                OnnxTensor value = null;
                if (node.attributes().containsKey("value")) {
                    value = tensor(node, where, "value");
                    if (value.size() != 1) {
                        throw new OnnxFormatException(where + ": 'value' must hold one element, holds " + value.size());
                    }
                }
                OnnxTensor v = value;
                yield in -> new OnnxTensor[] {Ops.constantOfShape(in[0], v, cap)};
            }
            case "Expand" -> in -> new OnnxTensor[] {Ops.expand(in[0], in[1], cap)};
            case "Cast" -> {
                long to = integer(node, where, "to", -1);
                ElementType type = ElementType.ofCode(to);
                if (type == null) {
                    throw new OnnxFormatException(where + ": cast to data type " + to
                            + " is not supported (FLOAT=1, INT32=6, INT64=7, BOOL=9, DOUBLE=11)");
                }
                yield in -> new OnnxTensor[] {Ops.cast(in[0], type)};
            }
            default -> recurrent(node, where, opset, constants, cap);
        };
    }

    static boolean isRecurrent(String op) {
        return op.equals("RNN") || op.equals("GRU") || op.equals("LSTM");
    }

    private static RecurrentOp recurrent(Node node, String where, long opset, Map<String, OnnxTensor> constants,
                                         long cap) throws OnnxFormatException {
        Kind kind = Kind.valueOf(node.opType());
        for (String unsupported : List.of("clip", "activation_alpha", "activation_beta")) {
            if (node.attributes().containsKey(unsupported)) {
                throw new OnnxFormatException(where + ": attribute '" + unsupported + "' is not supported");
            }
        }
        if (integer(node, where, "input_forget", 0) != 0) {
            throw new OnnxFormatException(where + ": input_forget = 1 (coupled input and forget gates) is not"
                    + " supported");
        }
        if (kind == Kind.LSTM && node.inputs().size() > 7 && !node.inputs().get(7).isEmpty()) {
            throw new OnnxFormatException(where + ": peephole weights (input P) are not supported");
        }
        if (node.outputs().size() > (kind == Kind.LSTM ? 3 : 2)) {
            throw new OnnxFormatException(where + ": " + node.outputs().size() + " outputs, " + kind + " has "
                    + (kind == Kind.LSTM ? "3 (Y, Y_h, Y_c)" : "2 (Y, Y_h)"));
        }
        String direction = string(node, where, "direction", "forward");
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw new OnnxFormatException(where + ": direction '" + direction
                    + "', expected forward, reverse or bidirectional");
        }
        int directions = direction.equals("bidirectional") ? 2 : 1;
        long layout = integer(node, where, "layout", 0);
        if (layout != 0 && layout != 1) {
            throw new OnnxFormatException(where + ": layout " + layout + ", expected 0 or 1");
        }
        long lbr = integer(node, where, "linear_before_reset", 0);
        if (lbr != 0 && lbr != 1) {
            throw new OnnxFormatException(where + ": linear_before_reset " + lbr + ", expected 0 or 1");
        }
        List<String> defaults = switch (kind) {
            case RNN -> List.of("Tanh");
            case GRU -> List.of("Sigmoid", "Tanh");
            case LSTM -> List.of("Sigmoid", "Tanh", "Tanh");
        };
        Activation[] activation = new Activation[directions];
        Arrays.fill(activation, Activation.TANH);
        if (node.attributes().containsKey("activations")) {
            List<String> acts = strings(node, where, "activations");
            int per = defaults.size();
            if (acts.size() != per && acts.size() != per * directions) {
                throw new OnnxFormatException(where + ": " + acts.size() + " activations, expected " + per + " or "
                        + per * directions);
            }
            for (int d = 0; d < directions; d++) {
                List<String> mine = acts.size() == per ? acts : acts.subList(d * per, (d + 1) * per);
                if (kind == Kind.RNN) {
                    activation[d] = switch (mine.get(0)) {
                        case "Tanh" -> Activation.TANH;
                        case "Relu" -> Activation.RELU;
                        case "Sigmoid" -> Activation.SIGMOID;
                        default -> throw new OnnxFormatException(where + ": RNN activation '" + mine.get(0)
                                + "' is not supported (Tanh, Relu, Sigmoid)");
                    };
                } else if (!mine.equals(defaults)) {
                    throw new OnnxFormatException(where + ": activations " + acts + " are not supported; " + kind
                            + " runs with the defaults " + defaults + " only");
                }
            }
        }
        OnnxTensor w = constants.get(node.inputs().get(1));
        OnnxTensor r = constants.get(node.inputs().get(2));
        OnnxTensor b = node.inputs().size() > 3 ? constants.get(node.inputs().get(3)) : null;
        long hidden = integer(node, where, "hidden_size", -1);
        if (hidden == -1) {
            if (r == null || r.rank() != 3) {
                throw new OnnxFormatException(where + ": no hidden_size, and R is not a constant to infer it from");
            }
            hidden = r.dim(2);
        }
        if (hidden <= 0 || hidden > Integer.MAX_VALUE / 64) {
            throw new OnnxFormatException(where + ": hidden_size " + hidden + " is out of range");
        }
        RecurrentOp op = new RecurrentOp(kind, (int) hidden, direction, lbr == 1, layout == 1, activation, cap);
        String bad = op.checkWeights(w == null ? null : w.shapeRef(), r == null ? null : r.shapeRef(),
                b == null ? null : b.shapeRef());
        if (bad != null) {
            throw new OnnxFormatException(where + ": " + bad);
        }
        if (w != null && r != null && w.type() == ElementType.FLOAT && r.type() == ElementType.FLOAT) {
            op.constants(w, r);
        }
        return op;
    }

    // ---- attributes ------------------------------------------------------------------------------

    private static Attribute attribute(Node node, String where, String name, AttributeType type)
            throws OnnxFormatException {
        Attribute a = node.attributes().get(name);
        if (a != null && a.type() != type) {
            throw new OnnxFormatException(where + ": attribute '" + name + "' is " + a.type() + ", expected " + type);
        }
        return a;
    }

    private static long integer(Node node, String where, String name, long absent) throws OnnxFormatException {
        Attribute a = attribute(node, where, name, AttributeType.INT);
        return a == null ? absent : a.i();
    }

    private static boolean flag(Node node, String where, String name) throws OnnxFormatException {
        long v = integer(node, where, name, 0);
        if (v != 0 && v != 1) {
            throw new OnnxFormatException(where + ": attribute '" + name + "' is " + v + ", expected 0 or 1");
        }
        return v == 1;
    }

    private static float real(Node node, String where, String name, float absent) throws OnnxFormatException {
        Attribute a = attribute(node, where, name, AttributeType.FLOAT);
        return a == null ? absent : a.f();
    }

    private static String string(Node node, String where, String name, String absent) throws OnnxFormatException {
        Attribute a = attribute(node, where, name, AttributeType.STRING);
        return a == null ? absent : a.s();
    }

    private static List<String> strings(Node node, String where, String name) throws OnnxFormatException {
        return attribute(node, where, name, AttributeType.STRINGS).strings();
    }

    private static OnnxTensor tensor(Node node, String where, String name) throws OnnxFormatException {
        return attribute(node, where, name, AttributeType.TENSOR).t();
    }

    private static int[] intArray(Node node, String where, String name) throws OnnxFormatException {
        List<Long> v = attribute(node, where, name, AttributeType.INTS).ints();
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            long x = v.get(i);
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw new OnnxFormatException(where + ": attribute '" + name + "' value " + x + " is out of range");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private static OnnxTensor constant(Node node, String where) throws OnnxFormatException {
        if (node.attributes().size() != 1) {
            throw new OnnxFormatException(where + ": a Constant needs exactly one value attribute, has "
                    + node.attributes().keySet());
        }
        Attribute a = node.attributes().values().iterator().next();
        return switch (a.name()) {
            case "value" -> tensor(node, where, "value");
            case "value_float" -> OnnxTensor.wrapFloats(new float[] {real(node, where, "value_float", 0)},
                    new int[0]);
            case "value_int" -> OnnxTensor.wrapLongs(ElementType.INT64,
                    new long[] {integer(node, where, "value_int", 0)}, new int[0]);
            case "value_floats" -> {
                List<Float> v = attribute(node, where, "value_floats", AttributeType.FLOATS).floats();
                float[] f = new float[v.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = v.get(i);
                }
                yield OnnxTensor.wrapFloats(f, new int[] {f.length});
            }
            default -> {
                List<Long> v = attribute(node, where, "value_ints", AttributeType.INTS).ints();
                long[] l = new long[v.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = v.get(i);
                }
                yield OnnxTensor.wrapLongs(ElementType.INT64, l, new int[] {l.length});
            }
        };
    }
}
