package dev.vectorgrad.interop.onnx;

import static dev.vectorgrad.interop.onnx.Ops.K;

import dev.vectorgrad.interop.onnx.OnnxIr.Attribute;
import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import dev.vectorgrad.interop.onnx.OnnxTensor.ElementType;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocation-free step inference over an {@link OnnxModel}: the graph compiled once for a fixed batch (number of
 * independent streams) and a time dimension of 1, so that a step runs the nodes over float buffers allocated at
 * compile time and allocates nothing.
 *
 * <pre>{@code
 * OnnxStepPlan plan = model.stepPlan(Map.of("x", new int[] {1, 1, 128}));   // [time 1, batch 1, features]
 * float[] y = new float[plan.floatOutput("y").length];
 * for (float[] event : events) {
 *     plan.step(event, y);          // copies event into x's buffer, runs, copies the first output into y
 * }
 * // or, with no copies: fill plan.floatInput("x"), call plan.step(), read plan.floatOutput("y")
 * }</pre>
 *
 * <p>Compilation runs the graph once on zeros of the given shapes, then splits it: a node whose value depends
 * neither on a graph input's data nor on a recurrent state (initializers, {@code Constant}s, and the
 * {@code Shape}/{@code Gather}/{@code Concat}/{@code ConstantOfShape}/{@code Reshape} chains torch writes to build
 * zero initial states; {@code Shape} reads only the fixed shape) is folded into a constant. Every other node gets
 * its output buffer (or, for {@code Identity}, {@code Reshape}, {@code Squeeze}, {@code Unsqueeze} and any
 * data movement that keeps the element order, shares its input's buffer), and each recurrent node keeps its state
 * in place: with one time step and one direction, its {@code Y}, {@code Y_h} (and {@code Y_c}) are that state.
 * Recurrent nodes step in ONNX's gate orders over the packed weights {@link RecurrentOp} made at load time, with
 * GEMV for one stream.
 *
 * <p>The state semantics are {@link OnnxStepper}'s: the first step after compilation or {@link #reset()} starts
 * each recurrent node from what the graph gives it ({@code initial_h}/{@code initial_c}, given as graph inputs or
 * constants, or zeros); later steps from its own last state.
 *
 * <p>Buffers: {@link #floatInput}/{@link #longInput} return the arrays a step reads (fill them, then
 * {@link #step()}); {@link #floatOutput} the array a step writes, valid until the next step, not to be written (it
 * may be a recurrent node's state). A plan is for one thread; compile one per thread (the model is shared).
 */
public final class OnnxStepPlan {

    /** One compiled node's work for a step. */
    private interface Kernel {
        void run();
    }

    /** A dynamic value: its shape and its array (float or long), shared by every alias of it. */
    private record Buf(int[] shape, float[] f, long[] l) {
        static Buf of(int[] shape, ElementType type) {
            int n = (int) OnnxTensor.sizeOf(shape);
            return type == ElementType.FLOAT ? new Buf(shape, new float[n], null) : new Buf(shape, null, new long[n]);
        }
    }

    private final int batch;
    private final Map<String, Buf> inputs;
    private final Map<String, Buf> outputs;
    private final Kernel[] kernels;
    private final Recurrent[] recurrent;
    private final List<String> work;
    private final float[] firstInputF;
    private final long[] firstInputL;
    private final float[] firstOutput;

    private OnnxStepPlan(int batch, Map<String, Buf> inputs, Map<String, Buf> outputs, Kernel[] kernels,
                         Recurrent[] recurrent, List<String> work) {
        this.batch = batch;
        this.inputs = inputs;
        this.outputs = outputs;
        this.kernels = kernels;
        this.recurrent = recurrent;
        this.work = work;
        Buf in = inputs.isEmpty() ? null : inputs.values().iterator().next();
        this.firstInputF = in == null ? null : in.f;
        this.firstInputL = in == null ? null : in.l;
        this.firstOutput = outputs.isEmpty() ? null : outputs.values().iterator().next().f;
    }

    // ---- the public API -------------------------------------------------------------------------

    /** The number of streams every step carries. */
    public int batch() {
        return batch;
    }

    /** The graph inputs a step reads, in declaration order. */
    public List<String> inputNames() {
        return List.copyOf(inputs.keySet());
    }

    /** The graph outputs a step writes, in declaration order. */
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** The one-step shape of a graph input. */
    public int[] inputShape(String name) {
        return buffer(inputs, name, "input").shape.clone();
    }

    /** The one-step shape of a graph output. */
    public int[] outputShape(String name) {
        return buffer(outputs, name, "output").shape.clone();
    }

    /** The buffer a step reads for a FLOAT graph input (row-major, {@link #inputShape}): fill it before a step. */
    public float[] floatInput(String name) {
        Buf b = buffer(inputs, name, "input");
        if (b.f == null) {
            throw new IllegalArgumentException("graph input '" + name + "' is an integer input: use longInput");
        }
        return b.f;
    }

    /** The buffer a step reads for an INT64, INT32 or BOOL graph input (token ids): fill it before a step. */
    public long[] longInput(String name) {
        Buf b = buffer(inputs, name, "input");
        if (b.l == null) {
            throw new IllegalArgumentException("graph input '" + name + "' is a FLOAT input: use floatInput");
        }
        return b.l;
    }

    /** The buffer a step writes for a graph output; valid until the next step, and never to be written. */
    public float[] floatOutput(String name) {
        return buffer(outputs, name, "output").f;
    }

    /** Runs one time step on the input buffers as they are; allocates nothing. */
    public void step() {
        for (Kernel k : kernels) {
            k.run();
        }
    }

    /**
     * For a model with one FLOAT graph input: copies {@code in} into its buffer, runs a step and copies the first
     * graph output into {@code out}; allocates nothing.
     */
    public void step(float[] in, float[] out) {
        if (inputs.size() != 1 || firstInputF == null || firstOutput == null) {
            throw new IllegalStateException("step(float[], float[]) needs one FLOAT graph input and an output; "
                    + "inputs are " + inputs.keySet() + ": fill floatInput/longInput and call step()");
        }
        System.arraycopy(in, 0, firstInputF, 0, firstInputF.length);
        step();
        System.arraycopy(firstOutput, 0, out, 0, firstOutput.length);
    }

    /**
     * For a model with one integer graph input (token ids, one per stream): copies {@code ids} into its buffer,
     * runs a step and copies the first graph output into {@code out}; allocates nothing.
     */
    public void step(long[] ids, float[] out) {
        if (inputs.size() != 1 || firstInputL == null || firstOutput == null) {
            throw new IllegalStateException("step(long[], float[]) needs one integer graph input and an output; "
                    + "inputs are " + inputs.keySet() + ": fill floatInput/longInput and call step()");
        }
        System.arraycopy(ids, 0, firstInputL, 0, firstInputL.length);
        step();
        System.arraycopy(firstOutput, 0, out, 0, firstOutput.length);
    }

    /** Forgets every carried state: the next step starts from the graph's initial states, as the first. */
    public void reset() {
        for (Recurrent r : recurrent) {
            r.fresh = true;
        }
    }

    /**
     * What a step runs: the batch and the operator of each node that computes per step, in order (folded nodes and
     * nodes that share their input's buffer do not appear).
     */
    @Override
    public String toString() {
        return "OnnxStepPlan[batch " + batch + ": " + String.join(", ", work) + "]";
    }

    private static Buf buffer(Map<String, Buf> map, String name, String what) {
        Buf b = map.get(name);
        if (b == null) {
            throw new IllegalArgumentException("'" + name + "' is not a graph " + what + " of this plan; they are "
                    + map.keySet());
        }
        return b;
    }

    // ---- compilation ----------------------------------------------------------------------------

    /**
     * Refuses a model that cannot step: no recurrent node, or one that is reverse, bidirectional or takes
     * {@code sequence_lens}.
     */
    static void requireSteppable(OnnxModel model) {
        boolean any = false;
        for (int k = 0; k < model.ops.length; k++) {
            if (model.ops[k] instanceof RecurrentOp r) {
                any = true;
                Node node = model.nodes[k];
                String where = node.describe(model.nodeIndex[k]);
                if (r.directions != 1 || r.reverse) {
                    throw new UnsupportedOperationException("step inference needs every recurrent node to run "
                            + "forward: " + where + " is " + (r.reverse ? "reverse" : "bidirectional")
                            + ", and its backward direction needs the future");
                }
                if (node.inputs().size() > 4 && !node.inputs().get(4).isEmpty()) {
                    throw new UnsupportedOperationException("step inference cannot honour sequence_lens: " + where
                            + " takes '" + node.inputs().get(4) + "'");
                }
            }
        }
        if (!any) {
            throw new UnsupportedOperationException("the model has no RNN, GRU or LSTM node to step");
        }
    }

    /**
     * Runs the whole graph on {@code inputs}, checking that every recurrent node sees one time step and that they
     * agree on the batch; returns every slot's value and the batch.
     */
    static OnnxTensor[] traceOneStep(OnnxModel model, Map<String, OnnxTensor> inputs, int[] batchOut) {
        batchOut[0] = -1;
        return model.trace(inputs, (k, args) -> {
            if (model.ops[k] instanceof RecurrentOp r) {
                OnnxTensor x = args[0];
                int timeAxis = r.batchMajor ? 1 : 0;
                if (x.rank() != 3 || x.dim(timeAxis) != 1) {
                    throw new IllegalArgumentException("a step needs one time step: X has shape "
                            + Arrays.toString(x.shapeRef()) + " (time axis " + timeAxis + ")");
                }
                int b = x.dim(1 - timeAxis);
                if (batchOut[0] >= 0 && b != batchOut[0]) {
                    throw new IllegalArgumentException("recurrent nodes disagree on the batch: " + b + " and "
                            + batchOut[0]);
                }
                batchOut[0] = b;
            }
        });
    }

    /**
     * Compiles a plan: {@code stepShapes} gives the one-step shape of each graph input to feed (time dimension 1,
     * the batch in its place); graph inputs with an initializer as default may be left out (they stay constant).
     */
    static OnnxStepPlan compile(OnnxModel model, Map<String, int[]> stepShapes) {
        requireSteppable(model);
        Map<String, OnnxTensor> zeros = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : stepShapes.entrySet()) {
            String name = e.getKey();
            if (!model.inputSlots.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a graph input; inputs are "
                        + model.inputSlots.keySet());
            }
            int[] shape = OnnxTensor.checkShape(e.getValue());
            int n = Ops.elements(shape, Integer.MAX_VALUE - 8);
            int code = model.inputInfo.get(name).elemType();
            ElementType type = code == 0 ? ElementType.FLOAT : ElementType.ofCode(code);
            if (type == ElementType.FLOAT) {
                zeros.put(name, OnnxTensor.wrapFloats(new float[n], shape));
            } else if (type != null && type.integral()) {
                zeros.put(name, OnnxTensor.wrapLongs(type, new long[n], shape));
            } else {
                throw new UnsupportedOperationException("graph input '" + name + "' has data type " + code
                        + "; a step plan takes FLOAT and integer inputs");
            }
        }
        int[] batch = new int[1];
        OnnxTensor[] values = traceOneStep(model, zeros, batch);
        return new Compiler(model, values).compile(zeros, batch[0]);
    }

    /** A recurrent node's step: its state, where its initial state comes from, and whether it is fresh. */
    private static final class Recurrent implements Kernel {
        private final RecurrentOp.Step step;
        private final float[] x;
        private final float[] h0;
        private final float[] c0;
        boolean fresh = true;

        Recurrent(RecurrentOp.Step step, float[] x, float[] h0, float[] c0) {
            this.step = step;
            this.x = x;
            this.h0 = h0;
            this.c0 = c0;
        }

        @Override
        public void run() {
            if (fresh) {
                fill(h0, step.h);
                if (step.c != null) {
                    fill(c0, step.c);
                }
                fresh = false;
            }
            step.run(x);
        }

        private static void fill(float[] from, float[] to) {
            if (from == null) {
                Arrays.fill(to, 0f);
            } else {
                System.arraycopy(from, 0, to, 0, to.length);
            }
        }
    }

    /** Splits the traced graph into folded constants and kernels over buffers. */
    private static final class Compiler {
        private final OnnxModel model;
        private final OnnxTensor[] values;
        private final Buf[] bufs;
        private final List<Kernel> kernels = new ArrayList<>();
        private final List<Recurrent> recurrent = new ArrayList<>();
        private final List<String> work = new ArrayList<>();

        Compiler(OnnxModel model, OnnxTensor[] values) {
            this.model = model;
            this.values = values;
            this.bufs = new Buf[values.length];
        }

        OnnxStepPlan compile(Map<String, OnnxTensor> given, int batch) {
            Map<String, Buf> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxTensor> e : given.entrySet()) {
                OnnxTensor t = e.getValue();
                Buf b = Buf.of(t.shapeRef(), t.type());
                bufs[model.inputSlots.get(e.getKey())] = b;
                inputs.put(e.getKey(), b);
            }
            for (int k = 0; k < model.ops.length; k++) {
                Node node = model.nodes[k];
                boolean dynamic = model.ops[k] instanceof RecurrentOp;
                if (!node.opType().equals("Shape")) {
                    for (int s : model.inSlots[k]) {
                        dynamic |= s >= 0 && bufs[s] != null;
                    }
                }
                if (dynamic) {
                    try {
                        int before = kernels.size();
                        node(k, node);
                        if (kernels.size() > before) {
                            work.add(node.opType());
                        }
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        throw new IllegalArgumentException(node.describe(model.nodeIndex[k]) + ": " + e.getMessage(),
                                e);
                    } catch (UnsupportedOperationException e) {
                        throw new UnsupportedOperationException(node.describe(model.nodeIndex[k]) + ": "
                                + e.getMessage(), e);
                    }
                }
            }
            Map<String, Buf> outputs = new LinkedHashMap<>();
            List<String> names = model.outputNames();
            for (int j = 0; j < names.size(); j++) {
                int s = model.outputSlots[j];
                Buf b = bufs[s];
                if (b == null) {
                    OnnxTensor t = values[s];
                    b = new Buf(t.shapeRef(), t.type() == ElementType.FLOAT ? t.floats() : null, null);
                }
                if (b.f == null) {
                    throw new UnsupportedOperationException("graph output '" + names.get(j) + "' is "
                            + values[s].type() + "; a step plan writes FLOAT outputs");
                }
                outputs.put(names.get(j), b);
            }
            return new OnnxStepPlan(batch, inputs, outputs, kernels.toArray(new Kernel[0]),
                    recurrent.toArray(new Recurrent[0]), List.copyOf(work));
        }

        // ---- per node ------------------------------------------------------------------------

        private void node(int k, Node node) {
            int[] in = model.inSlots[k];
            int[] out = model.outSlots[k];
            String op = node.opType();
            switch (op) {
                case "LSTM", "GRU", "RNN" -> recurrent((RecurrentOp) model.ops[k], in, out);
                case "Add", "Sub", "Mul", "Div" -> binary(op, in, out[0]);
                case "Sigmoid", "Tanh", "Relu" -> unary(op, in[0], out[0]);
                case "Softmax", "LogSoftmax" -> softmax(op.equals("LogSoftmax"), node, in[0], out[0]);
                case "Gemm" -> gemm(node, in, out[0]);
                case "MatMul" -> matmul(in, out[0]);
                case "Gather" -> {
                    if (bufs[in[1]] != null) {
                        gather(node, in, out[0]);
                    } else {
                        move(k, in, out[0], 1);
                    }
                }
                case "Identity", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Slice", "Expand" ->
                        move(k, in, out[0], 1);
                case "Concat" -> move(k, in, out[0], in.length);
                case "Cast" -> cast(in[0], out[0]);
                default -> throw new UnsupportedOperationException("it computes on step data, which a step plan"
                        + " does not support for " + op);
            }
        }

        /** The float data of a slot: its buffer, or its folded constant. */
        private float[] f(int slot, String what) {
            return bufs[slot] != null ? need(bufs[slot].f, what) : Ops.floats(values[slot], what);
        }

        private static float[] need(float[] f, String what) {
            if (f == null) {
                throw new IllegalArgumentException(what + " must be FLOAT, got an integer value");
            }
            return f;
        }

        /** Requires a slot to be constant once batch and time are fixed. */
        private OnnxTensor constant(int slot, String what) {
            if (slot >= 0 && bufs[slot] != null) {
                throw new UnsupportedOperationException(what + " is computed from step data; a step plan needs it"
                        + " constant");
            }
            return slot < 0 ? null : values[slot];
        }

        /** A new float buffer for an output slot, shaped as traced. */
        private float[] output(int slot) {
            Buf b = Buf.of(values[slot].shapeRef(), ElementType.FLOAT);
            bufs[slot] = b;
            return b.f;
        }

        private void recurrent(RecurrentOp op, int[] in, int[] out) {
            int[] x = values[in[0]].shapeRef();
            int batch = x[op.batchMajor ? 0 : 1];
            RecurrentOp.Step step = op.new Step(batch, constant(in[1], "W"), constant(in[2], "R"),
                    in.length > 3 ? constant(in[3], "B") : null);
            float[] h0 = in.length > 5 && in[5] >= 0 ? f(in[5], "initial_h") : null;
            float[] c0 = in.length > 6 && in[6] >= 0 ? f(in[6], "initial_c") : null;
            for (float[] s : new float[][] {h0, c0}) {
                if (s != null && s.length != step.h.length) {
                    throw new IllegalArgumentException("an initial state has " + s.length + " elements, expected "
                            + step.h.length + " (batch " + batch + " x hidden " + op.hidden + ")");
                }
            }
            Recurrent r = new Recurrent(step, f(in[0], "X"), h0, c0);
            kernels.add(r);
            recurrent.add(r);
            // Y [1, 1, B, H] (or [B, 1, 1, H]), Y_h and Y_c [1, B, H] (or [B, 1, H]) are the state itself
            for (int j = 0; j < out.length; j++) {
                if (out[j] >= 0) {
                    bufs[out[j]] = new Buf(values[out[j]].shapeRef(), j == 2 ? step.c : step.h, null);
                }
            }
        }

        private void binary(String op, int[] in, int out) {
            float[] a = f(in[0], "A");
            float[] b = f(in[1], "B");
            int[] sa = values[in[0]].shapeRef();
            int[] sb = values[in[1]].shapeRef();
            int[] shape = values[out].shapeRef();
            float[] o = output(out);
            int n = o.length;
            if (Arrays.equals(sa, sb)) {
                kernels.add(switch (op) {
                    case "Add" -> () -> K.add(n, a, 0, b, 0, o, 0);
                    case "Sub" -> () -> K.sub(n, a, 0, b, 0, o, 0);
                    case "Mul" -> () -> K.mul(n, a, 0, b, 0, o, 0);
                    default -> () -> K.div(n, a, 0, b, 0, o, 0);
                });
                return;
            }
            int[] ia = broadcastIndex(sa, shape);
            int[] ib = broadcastIndex(sb, shape);
            kernels.add(switch (op) {
                case "Add" -> () -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[ia[i]] + b[ib[i]];
                    }
                };
                case "Sub" -> () -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[ia[i]] - b[ib[i]];
                    }
                };
                case "Mul" -> () -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[ia[i]] * b[ib[i]];
                    }
                };
                default -> () -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[ia[i]] / b[ib[i]];
                    }
                };
            });
        }

        /** For each element of {@code out} (row-major), the index of the element of {@code shape} it reads. */
        private static int[] broadcastIndex(int[] shape, int[] out) {
            Ops.StridedWalk w = Ops.StridedWalk.broadcast(shape, out);
            int[] pos = new int[(int) OnnxTensor.sizeOf(out)];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = w.at();
                w.next();
            }
            return pos;
        }

        private void unary(String op, int in, int out) {
            float[] x = f(in, "input");
            float[] o = output(out);
            int n = o.length;
            kernels.add(switch (op) {
                case "Sigmoid" -> () -> K.sigmoid(n, x, 0, o, 0);
                case "Tanh" -> () -> K.tanh(n, x, 0, o, 0);
                default -> () -> K.relu(n, x, 0, o, 0);
            });
        }

        private void softmax(boolean log, Node node, int in, int out) {
            float[] x = f(in, "input");
            int[] shape = values[in].shapeRef();
            Attribute a = node.attributes().get("axis");
            int axis = Ops.axis(a == null ? -1 : a.i(), shape.length, "axis");
            if (axis != shape.length - 1) {
                throw new UnsupportedOperationException("a step plan runs Softmax and LogSoftmax over the last axis"
                        + " only; this one's axis is " + axis + " of rank " + shape.length);
            }
            float[] o = output(out);
            int cols = shape[axis];
            int rows = cols == 0 ? 0 : o.length / cols;
            kernels.add(log ? () -> K.logSoftmaxRows(rows, cols, x, 0, cols, o, 0, cols)
                    : () -> K.softmaxRows(rows, cols, x, 0, cols, o, 0, cols));
        }

        private void gemm(Node node, int[] in, int out) {
            float[] a = f(in[0], "A");
            OnnxTensor bT = constant(in[1], "B");
            float[] b = Ops.floats(bT, "B");
            Attribute al = node.attributes().get("alpha");
            Attribute be = node.attributes().get("beta");
            Attribute ta = node.attributes().get("transA");
            Attribute tb = node.attributes().get("transB");
            float alpha = al == null ? 1f : al.f();
            boolean transA = ta != null && ta.i() == 1;
            boolean transB = tb != null && tb.i() == 1;
            int[] as = values[in[0]].shapeRef();
            int m = transA ? as[1] : as[0];
            int k = transA ? as[0] : as[1];
            int n = transB ? bT.dim(0) : bT.dim(1);
            int lda = as[1];
            int ldb = bT.dim(1);
            float[] o = output(out);
            float[] c = in.length > 2 && in[2] >= 0
                    ? Ops.broadcastTo(constant(in[2], "C"), new int[] {m, n}, Long.MAX_VALUE).f() : null;
            float beta = c == null ? 0f : be == null ? 1f : be.f();
            Kernel product;
            if (m == 1 && !transA) {
                product = transB ? () -> K.gemv(false, n, k, alpha, b, 0, k, a, 0, beta, o, 0)
                        : () -> K.gemv(true, k, n, alpha, b, 0, n, a, 0, beta, o, 0);
            } else {
                PackedFloatMatrix packed = K.pack(transB, k, n, b, 0, ldb);
                product = () -> K.gemm(transA, m, n, k, alpha, a, 0, lda, packed, beta, o, 0, n);
            }
            kernels.add(c == null ? product : () -> {
                System.arraycopy(c, 0, o, 0, c.length);
                product.run();
            });
        }

        private void matmul(int[] in, int out) {
            float[] a = f(in[0], "A");
            OnnxTensor bT = constant(in[1], "B");
            if (bT.rank() != 2) {
                throw new UnsupportedOperationException("a step plan runs MatMul with a constant matrix B; B has "
                        + "shape " + Arrays.toString(bT.shapeRef()));
            }
            float[] b = Ops.floats(bT, "B");
            int k = bT.dim(0);
            int n = bT.dim(1);
            float[] o = output(out);
            int rows = k == 0 ? 0 : a.length / k;
            if (rows == 1) {
                kernels.add(() -> K.gemv(true, k, n, 1f, b, 0, n, a, 0, 0f, o, 0));
            } else {
                PackedFloatMatrix packed = K.pack(false, k, n, b, 0, n);
                kernels.add(() -> K.gemm(false, rows, n, k, 1f, a, 0, k, packed, 0f, o, 0, n));
            }
        }

        /** Gather with step-data indices (an embedding lookup): copies one block of the data per index. */
        private void gather(Node node, int[] in, int out) {
            float[] data = f(in[0], "data");
            long[] idx = bufs[in[1]].l;
            if (idx == null) {
                throw new IllegalArgumentException("indices must be an integer tensor, got FLOAT");
            }
            int[] ds = values[in[0]].shapeRef();
            Attribute a = node.attributes().get("axis");
            int axis = Ops.axis(a == null ? 0 : a.i(), ds.length, "Gather axis");
            int outer = Ops.product(ds, 0, axis);
            int inner = Ops.product(ds, axis + 1, ds.length);
            int len = ds[axis];
            int blocks = outer;
            int block = inner;
            float[] o = output(out);
            kernels.add(() -> {
                int p = 0;
                for (int q = 0; q < blocks; q++) {
                    for (long raw : idx) {
                        if (raw < -len || raw >= len) {
                            throw new IllegalArgumentException("Gather index " + raw + " is out of range for axis "
                                    + axis + " of size " + len);
                        }
                        int j = (int) (raw < 0 ? raw + len : raw);
                        System.arraycopy(data, (q * len + j) * block, o, p, block);
                        p += block;
                    }
                }
            });
        }

        /**
         * A data-movement node (the first {@code dataInputs} inputs carry data, the others are constant shapes,
         * axes or indices): runs the node once on element numbers to learn which input element each output
         * element copies, then either shares the input's buffer (same elements, same order) or copies by that map.
         */
        private void move(int k, int[] in, int out, int dataInputs) {
            OnnxTensor[] args = new OnnxTensor[in.length];
            float[][] fs = new float[dataInputs][];
            long[][] ls = new long[dataInputs][];
            int[] base = new int[dataInputs + 1];
            for (int j = 0; j < in.length; j++) {
                if (j >= dataInputs) {
                    args[j] = constant(in[j], "input " + j);
                    continue;
                }
                OnnxTensor v = values[in[j]];
                if (bufs[in[j]] != null) {
                    fs[j] = bufs[in[j]].f;
                    ls[j] = bufs[in[j]].l;
                } else if (v.type() == ElementType.FLOAT) {
                    fs[j] = v.f();
                } else if (v.type().integral()) {
                    ls[j] = v.l();
                } else {
                    throw new UnsupportedOperationException("a step plan moves FLOAT and integer data, not "
                            + v.type());
                }
                double[] ids = new double[v.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = base[j] + i;
                }
                base[j + 1] = base[j] + ids.length;
                args[j] = OnnxTensor.wrapDoubles(ids, v.shapeRef());
            }
            boolean floats = fs[0] != null;
            for (int j = 0; j < dataInputs; j++) {
                if ((fs[j] != null) != floats) {
                    throw new UnsupportedOperationException("a step plan cannot join FLOAT and integer data");
                }
            }
            double[] map = model.ops[k].run(args)[0].d();
            int n = map.length;
            int[] shape = values[out].shapeRef();
            boolean identity = dataInputs == 1 && n == base[1];
            for (int i = 0; identity && i < n; i++) {
                identity = map[i] == i;
            }
            if (identity && bufs[in[0]] != null) {
                bufs[out] = new Buf(shape, fs[0], ls[0]);
                return;
            }
            int[] src = new int[n];
            int[] pos = new int[n];
            for (int i = 0; i < n; i++) {
                int id = (int) map[i];
                int j = 0;
                while (id >= base[j + 1]) {
                    j++;
                }
                src[i] = j;
                pos[i] = id - base[j];
            }
            Buf o = Buf.of(shape, floats ? ElementType.FLOAT : ElementType.INT64);
            bufs[out] = o;
            if (floats) {
                float[] of = o.f;
                kernels.add(() -> {
                    for (int i = 0; i < n; i++) {
                        of[i] = fs[src[i]][pos[i]];
                    }
                });
            } else {
                long[] ol = o.l;
                kernels.add(() -> {
                    for (int i = 0; i < n; i++) {
                        ol[i] = ls[src[i]][pos[i]];
                    }
                });
            }
        }

        private void cast(int in, int out) {
            Buf x = bufs[in];
            OnnxTensor traced = values[out];
            ElementType to = traced.type();
            if (to == ElementType.DOUBLE) {
                throw new UnsupportedOperationException("a step plan computes in FLOAT and integers, not DOUBLE");
            }
            Buf o = Buf.of(traced.shapeRef(), to);
            bufs[out] = o;
            int n = traced.size();
            if (x.f != null && o.f != null) {
                kernels.add(() -> System.arraycopy(x.f, 0, o.f, 0, n));
            } else if (x.l != null && o.f != null) {
                kernels.add(() -> {
                    for (int i = 0; i < n; i++) {
                        o.f[i] = x.l[i];
                    }
                });
            } else if (x.l != null) {
                kernels.add(() -> {
                    for (int i = 0; i < n; i++) {
                        long v = x.l[i];
                        o.l[i] = to == ElementType.BOOL ? (v != 0 ? 1 : 0) : to == ElementType.INT32 ? (int) v : v;
                    }
                });
            } else {
                kernels.add(() -> {
                    for (int i = 0; i < n; i++) {
                        float v = x.f[i];
                        o.l[i] = to == ElementType.BOOL ? (v != 0 ? 1 : 0) : to == ElementType.INT32 ? (int) v
                                : (long) v;
                    }
                });
            }
        }
    }
}
