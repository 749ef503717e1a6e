package dev.vectorgrad.interop.onnx;

import dev.vectorgrad.interop.onnx.OnnxIr.Dim;
import dev.vectorgrad.interop.onnx.OnnxIr.Graph;
import dev.vectorgrad.interop.onnx.OnnxIr.Model;
import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import dev.vectorgrad.interop.onnx.OnnxIr.ValueInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runnable ONNX model: the graph checked and compiled at load time, executed in topological order over
 * vectorgrad's F32 kernels (no autograd tape).
 *
 * <pre>{@code
 * OnnxModel model = OnnxModel.load(Path.of("gru.onnx"));
 * Map<String, OnnxTensor> out = model.run(Map.of("x", OnnxTensor.ofFloats(data, 2, 5, 4)));
 * float[] y = out.get("y").floats();
 * }</pre>
 *
 * <p>Loading fails with an {@link OnnxFormatException} for an operator outside {@link #supportedOperators()} (one
 * message naming the operator, the node, the opset and the supported list), a default-domain opset outside 13-17,
 * an attribute a supported operator does not know, a recurrent weight initializer of the wrong shape, a cycle, or a
 * node reading a value that nothing defines. Running fails with an {@link IllegalArgumentException} naming the node
 * for inputs of the wrong type or shape. A model is immutable and {@link #run} may be called from several threads
 * at once; each {@link #stepper()} and {@link #stepPlan} is for one thread.
 */
public final class OnnxModel {

    private final Model ir;
    private final long opset;
    final String[] slotNames;
    private final OnnxTensor[] constantSlots;
    final Map<String, Integer> inputSlots;
    final Map<String, ValueInfo> inputInfo;
    private final List<String> outputNames;
    final int[] outputSlots;
    /** Nodes in execution order, with their compiled ops and slot numbers (-1 for an absent input or output). */
    final Node[] nodes;
    final int[] nodeIndex;
    final NodeOp[] ops;
    final int[][] inSlots;
    final int[][] outSlots;

    private OnnxModel(Model ir, long opset, String[] slotNames, OnnxTensor[] constantSlots,
                      Map<String, Integer> inputSlots, Map<String, ValueInfo> inputInfo, List<String> outputNames,
                      int[] outputSlots, Node[] nodes, int[] nodeIndex, NodeOp[] ops, int[][] inSlots,
                      int[][] outSlots) {
        this.ir = ir;
        this.opset = opset;
        this.slotNames = slotNames;
        this.constantSlots = constantSlots;
        this.inputSlots = inputSlots;
        this.inputInfo = inputInfo;
        this.outputNames = outputNames;
        this.outputSlots = outputSlots;
        this.nodes = nodes;
        this.nodeIndex = nodeIndex;
        this.ops = ops;
        this.inSlots = inSlots;
        this.outSlots = outSlots;
    }

    /** Reads and compiles a model file with the default {@link OnnxLimits}. */
    public static OnnxModel load(Path file) throws IOException {
        return load(file, OnnxLimits.defaults());
    }

    /** Reads and compiles a model file. */
    public static OnnxModel load(Path file, OnnxLimits limits) throws IOException {
        return of(OnnxReader.read(file, limits), limits);
    }

    /** Compiles a model already read, with the default limits on computed tensors. */
    public static OnnxModel of(Model model) throws OnnxFormatException {
        return of(model, OnnxLimits.defaults());
    }

    /**
     * Compiles a model already read. {@code limits.maxTensorElements()} also caps every tensor computed when the
     * model runs (a shape computed from the input cannot make it allocate without bound).
     */
    public static OnnxModel of(Model model, OnnxLimits limits) throws OnnxFormatException {
        Long opsetBoxed = model.opsetImports().get("");
        if (opsetBoxed == null) {
            throw new OnnxFormatException("model imports no opset of the default ONNX domain (imports: "
                    + model.opsetImports() + ")");
        }
        long opset = opsetBoxed;
        if (opset < Operators.MIN_OPSET || opset > Operators.MAX_OPSET) {
            throw new OnnxFormatException("default-domain opset " + opset + " is not supported: this importer runs "
                    + "opsets " + Operators.MIN_OPSET + " to " + Operators.MAX_OPSET
                    + " (re-export with opset_version in that range)");
        }
        Graph g = model.graph();
        long cap = limits.maxTensorElements();
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<OnnxTensor> constants = new ArrayList<>();
        for (Map.Entry<String, OnnxTensor> e : g.initializers().entrySet()) {
            slots.put(e.getKey(), slots.size());
            constants.add(e.getValue());
        }
        Map<String, Integer> inputSlots = new LinkedHashMap<>();
        Map<String, ValueInfo> inputInfo = new LinkedHashMap<>();
        for (ValueInfo in : g.inputs()) {
            if (in.name().isEmpty()) {
                throw new OnnxFormatException("graph input with no name");
            }
            if (inputInfo.put(in.name(), in) != null) {
                throw new OnnxFormatException("graph input '" + in.name() + "' is declared twice");
            }
            if (!slots.containsKey(in.name())) {
                slots.put(in.name(), slots.size());
                constants.add(null);
            }
            inputSlots.put(in.name(), slots.get(in.name()));
        }
        // producers: each value defined once
        List<Node> all = g.nodes();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            for (String out : all.get(i).outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (slots.containsKey(out) || producer.put(out, i) != null) {
                    throw new OnnxFormatException(all.get(i).describe(i) + ": output '" + out
                            + "' is already defined (by an initializer, a graph input or another node)");
                }
            }
        }
        // Kahn's algorithm over the node dependencies
        int[] pending = new int[all.size()];
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            users.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            for (String in : all.get(i).inputs()) {
                if (in.isEmpty() || slots.containsKey(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new OnnxFormatException(all.get(i).describe(i) + " reads '" + in
                            + "', which no node, initializer or graph input defines");
                }
                pending[i]++;
                users.get(p).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < all.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[all.size()];
        int sorted = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[sorted++] = i;
            for (int u : users.get(i)) {
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (sorted < all.size()) {
            List<String> cycle = new ArrayList<>();
            for (int i = 0; i < all.size() && cycle.size() < 10; i++) {
                if (pending[i] > 0) {
                    cycle.add(all.get(i).describe(i));
                }
            }
            throw new OnnxFormatException("the graph has a cycle: " + (all.size() - sorted)
                    + " nodes wait on each other, among them " + cycle);
        }
        for (int i = 0; i < all.size(); i++) {
            for (String out : all.get(i).outputs()) {
                if (!out.isEmpty()) {
                    slots.put(out, slots.size());
                }
            }
        }
        List<String> outputNames = new ArrayList<>();
        int[] outputSlots = new int[g.outputs().size()];
        for (int k = 0; k < outputSlots.length; k++) {
            String name = g.outputs().get(k).name();
            Integer s = slots.get(name);
            if (s == null) {
                throw new OnnxFormatException("graph output '" + name + "' is not defined by any node, initializer"
                        + " or input");
            }
            outputNames.add(name);
            outputSlots[k] = s;
        }
        Node[] nodes = new Node[all.size()];
        int[] nodeIndex = new int[all.size()];
        NodeOp[] ops = new NodeOp[all.size()];
        int[][] inSlots = new int[all.size()][];
        int[][] outSlots = new int[all.size()][];
        Map<String, OnnxTensor> initializers = g.initializers();
        for (int k = 0; k < all.size(); k++) {
            int i = order[k];
            Node node = all.get(i);
            nodes[k] = node;
            nodeIndex[k] = i;
            ops[k] = Operators.compile(node, i, opset, initializers, cap);
            inSlots[k] = node.inputs().stream().mapToInt(n -> n.isEmpty() ? -1 : slots.get(n)).toArray();
            outSlots[k] = node.outputs().stream().mapToInt(n -> n.isEmpty() ? -1 : slots.get(n)).toArray();
        }
        // first unsupported operator is reported by compile; constants fill their slots
        OnnxTensor[] constantSlots = new OnnxTensor[slots.size()];
        for (int s = 0; s < constants.size(); s++) {
            constantSlots[s] = constants.get(s);
        }
        return new OnnxModel(model, opset, slots.keySet().toArray(new String[0]), constantSlots, inputSlots,
                inputInfo, List.copyOf(outputNames), outputSlots, nodes, nodeIndex, ops, inSlots, outSlots);
    }

    /** The operators this importer runs (default ONNX domain, opsets 13 to 17), sorted. */
    public static List<String> supportedOperators() {
        return Operators.supported();
    }

    /** The IR the model was compiled from. */
    public Model ir() {
        return ir;
    }

    /** The default-domain opset the model imports. */
    public long opset() {
        return opset;
    }

    /** The graph inputs, in declaration order (inputs that have an initializer as default included). */
    public List<String> inputNames() {
        return List.copyOf(inputSlots.keySet());
    }

    /** The graph outputs, in declaration order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Runs the whole graph. Every graph input without an initializer must be given; extra names are refused. The
     * result maps each graph output, in declaration order, to its value.
     *
     * @throws IllegalArgumentException for a missing or unknown input, an input whose element type or fixed
     *         dimensions differ from the declaration, or a node whose inputs do not fit it (named in the message)
     */
    public Map<String, OnnxTensor> run(Map<String, OnnxTensor> inputs) {
        return execute(inputs, null);
    }

    /**
     * A stepper that runs this model one time step per call, carrying each recurrent node's state, with tensors in
     * and out (a convenience over {@link #stepPlan}, which allocates nothing per step).
     *
     * @throws UnsupportedOperationException if a recurrent node is reverse or bidirectional (it needs the future),
     *         or takes {@code sequence_lens}
     */
    public OnnxStepper stepper() {
        return new OnnxStepper(this);
    }

    /**
     * An allocation-free step plan for a fixed batch: {@code stepShapes} gives each graph input's shape for one
     * time step (time dimension 1, the batch in its place); inputs with an initializer as default may be left out.
     * See {@link OnnxStepPlan}.
     *
     * @throws UnsupportedOperationException as {@link #stepper()}, or for a node on the step's data that the plan
     *         does not compile (named in the message)
     * @throws IllegalArgumentException for shapes the graph refuses, or a time dimension other than 1
     */
    public OnnxStepPlan stepPlan(Map<String, int[]> stepShapes) {
        return OnnxStepPlan.compile(this, stepShapes);
    }

    /** Hook for step compilation: checks node {@code k}'s inputs before it runs (throws to refuse them). */
    interface StepHook {
        void before(int k, OnnxTensor[] inputs);
    }

    Map<String, OnnxTensor> execute(Map<String, OnnxTensor> inputs, StepHook hook) {
        OnnxTensor[] values = trace(inputs, hook);
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        for (int k = 0; k < outputSlots.length; k++) {
            out.put(outputNames.get(k), values[outputSlots[k]]);
        }
        return out;
    }

    /** Runs the whole graph and returns the value of every slot (for {@link OnnxStepPlan}'s compilation). */
    OnnxTensor[] trace(Map<String, OnnxTensor> inputs, StepHook hook) {
        OnnxTensor[] values = constantSlots.clone();
        for (Map.Entry<String, OnnxTensor> e : inputs.entrySet()) {
            Integer s = inputSlots.get(e.getKey());
            if (s == null) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a graph input; inputs are "
                        + inputSlots.keySet());
            }
            check(inputInfo.get(e.getKey()), e.getValue());
            values[s] = e.getValue();
        }
        for (Map.Entry<String, Integer> e : inputSlots.entrySet()) {
            if (values[e.getValue()] == null) {
                throw new IllegalArgumentException("graph input '" + e.getKey() + "' is not given");
            }
        }
        for (int k = 0; k < ops.length; k++) {
            int[] ins = inSlots[k];
            OnnxTensor[] args = new OnnxTensor[ins.length];
            for (int j = 0; j < ins.length; j++) {
                args[j] = ins[j] < 0 ? null : values[ins[j]];
            }
            OnnxTensor[] results;
            try {
                if (hook != null) {
                    hook.before(k, args);
                }
                results = ops[k].run(args);
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
                throw new IllegalArgumentException(nodes[k].describe(nodeIndex[k]) + ": " + e.getMessage(), e);
            }
            int[] outs = outSlots[k];
            for (int j = 0; j < outs.length; j++) {
                if (outs[j] >= 0) {
                    if (j >= results.length || results[j] == null) {
                        throw new IllegalArgumentException(nodes[k].describe(nodeIndex[k]) + " has no output " + j);
                    }
                    values[outs[j]] = results[j];
                }
            }
        }
        return values;
    }

    private static void check(ValueInfo info, OnnxTensor value) {
        if (info.elemType() != 0 && info.elemType() != value.type().onnxCode()) {
            throw new IllegalArgumentException("graph input '" + info.name() + "' is declared with data type "
                    + info.elemType() + ", given " + value.type() + " (" + value.type().onnxCode() + ")");
        }
        List<Dim> shape = info.shape();
        if (shape == null) {
            return;
        }
        boolean ok = shape.size() == value.rank();
        for (int i = 0; ok && i < shape.size(); i++) {
            long want = shape.get(i).value();
            ok = want < 0 || want == value.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("graph input '" + info.name() + "' is declared with shape "
                    + shape.stream().map(d -> d.param() != null ? d.param() : d.value() < 0 ? "?"
                    : Long.toString(d.value())).toList() + ", given " + Arrays.toString(value.shapeRef()));
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[opset " + opset + ", " + nodes.length + " nodes, inputs " + inputSlots.keySet()
                + ", outputs " + outputNames + ", " + slotNames.length + " values]";
    }
}
