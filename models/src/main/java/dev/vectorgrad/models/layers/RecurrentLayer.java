package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.CellState;
import dev.vectorgrad.cells.CellType;
import dev.vectorgrad.cells.CellWeights;
import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.Rnn;
import dev.vectorgrad.cells.SequenceOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What Keras's {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: Keras's arguments and semantics over batch-major
 * sequences {@code [batch, time, features]}, Keras's weights and layout, and the choice between the cells' fused
 * kernels and a composed path.
 *
 * <h2>Weights: Keras's layout is the stored one</h2>
 * The layer's weights are Keras's, under Keras's names and in Keras's layout: {@code kernel [in, k*units]},
 * {@code recurrent_kernel [units, k*units]} and {@code bias} ({@code [k*units]}, or {@code [2, 3*units]} for a
 * reset-after GRU: input bias then recurrent bias), with column blocks {@code i, f, c, o} (LSTM, k = 4) and
 * {@code z, r, h} (GRU, k = 3). So {@link #setWeights} takes the arrays of a Keras file as they are, and
 * {@link #getWeights()} gives them back. On the fused path each call maps them to the cells' PyTorch layout with
 * differentiable copies: each kernel transposed in one tiled pass ({@code KerasLayout}), a GRU's blocks
 * {@code z, r} swapped to {@code r, z} in the same pass; Keras's single bias as PyTorch's {@code bias_ih} with
 * {@code bias_hh} a constant zero that takes no gradient; a reset-after GRU's two bias rows as {@code bias_ih} and
 * {@code bias_hh}. That is a copy of the weights per call (and of their gradients in backward), {@code O(weights)}
 * against the sequence's {@code O(batch * time * weights)}. {@link #toCellWeights()} gives the mapped weights for
 * the cells' allocation-free inference.
 *
 * <h2>Which path runs</h2>
 * <ul>
 *   <li>Fused (the cells' {@code Rnn}/{@code Lstm}/{@code Gru} kernels, batch-first, one tape node per sequence):
 *       SimpleRNN with {@code tanh} or {@code relu}; LSTM with {@code activation tanh} and
 *       {@code recurrent_activation sigmoid}; GRU with those and {@code reset_after=true}. With or without bias,
 *       {@code go_backwards}, {@code dropout}, {@code return_sequences}, {@code return_state}.</li>
 *   <li>Composed (Keras's equations step by step from primitive autograd ops; slower, longer tape): every other
 *       activation pair (e.g. {@code LSTM(activation="relu")}, {@code hard_sigmoid}) and GRU with
 *       {@code reset_after=false}.</li>
 * </ul>
 * {@link #runsFused()} says which.
 *
 * <h2>Semantics (Keras 3)</h2>
 * {@code go_backwards} processes the steps last to first and returns the outputs in processing order (the output at
 * step 0 is the state after the last input step). {@code dropout} multiplies the inputs, in training only, by one
 * inverted-dropout mask per sequence and feature, the same at every step (Keras 3's mask for the default
 * implementation). {@code recurrent_dropout} must be 0: Keras 3 then switches the cell to its per-gate
 * "implementation 1", which is not implemented here, so a non-zero value is rejected.
 * {@code return_state} adds the final states, reached through {@link #callWithStates}; {@link #call} returns the
 * output alone (as a layer in a {@code Sequential} must).
 */
public abstract sealed class RecurrentLayer extends KerasLayer permits SimpleRNN, LSTM, GRU {

    /** The cell kind. */
    enum Kind { SIMPLE_RNN, LSTM, GRU }

    private final Kind kind;
    private final int units;
    private final String activation;
    private final String recurrentActivation;
    private final boolean useBias;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final double dropout;
    private final double recurrentDropout;
    private final boolean resetAfter;
    private final boolean unitForgetBias;

    RecurrentLayer(Kind kind, Builder<?, ?> b) {
        super(b.name, b.dtype, b.seed);
        String cls = className();
        checkPositive(cls, "units", b.units);
        checkRate(cls, "dropout", b.dropout);
        checkRate(cls, "recurrentDropout", b.recurrentDropout);
        if (b.recurrentDropout != 0) {
            throw new IllegalArgumentException(cls + ": recurrentDropout " + b.recurrentDropout + " is not supported:"
                    + " Keras 3 then runs its per-gate cell implementation 1, which this layer does not reproduce;"
                    + " use dropout (on the inputs) or a Dropout layer");
        }
        this.kind = kind;
        this.units = b.units;
        this.activation = Activations.canonical(b.activation);
        this.recurrentActivation = kind == Kind.SIMPLE_RNN ? null : Activations.canonical(b.recurrentActivation);
        if (activation.equals("softmax") || "softmax".equals(recurrentActivation)) {
            throw new IllegalArgumentException(cls + ": softmax is not an element-wise activation and cannot be a cell"
                    + " activation");
        }
        this.useBias = b.useBias;
        this.returnSequences = b.returnSequences;
        this.returnState = b.returnState;
        this.goBackwards = b.goBackwards;
        this.dropout = b.dropout;
        this.recurrentDropout = b.recurrentDropout;
        this.resetAfter = b.resetAfter;
        this.unitForgetBias = b.unitForgetBias;
    }

    // ---- options -------------------------------------------------------------------------

    public final int units() {
        return units;
    }

    /** The canonical Keras name of {@code activation} (the candidate's and, for LSTM, the output's). */
    public final String activation() {
        return activation;
    }

    /** The gates' activation ({@code null} for SimpleRNN). */
    public final String recurrentActivation() {
        return recurrentActivation;
    }

    public final boolean useBias() {
        return useBias;
    }

    public final boolean returnSequences() {
        return returnSequences;
    }

    public final boolean returnState() {
        return returnState;
    }

    public final boolean goBackwards() {
        return goBackwards;
    }

    public final double dropout() {
        return dropout;
    }

    public final double recurrentDropout() {
        return recurrentDropout;
    }

    final boolean resetAfter() {
        return resetAfter;
    }

    final boolean unitForgetBias() {
        return unitForgetBias;
    }

    /** Whether this configuration runs on the cells' fused kernels (see the class notes); else the composed path. */
    public final boolean runsFused() {
        return fusedType() != null;
    }

    private CellType fusedType() {
        return switch (kind) {
            case SIMPLE_RNN -> activation.equals("tanh") ? CellType.RNN_TANH
                    : activation.equals("relu") ? CellType.RNN_RELU : null;
            case LSTM -> activation.equals("tanh") && recurrentActivation.equals("sigmoid") ? CellType.LSTM : null;
            case GRU -> resetAfter && activation.equals("tanh") && recurrentActivation.equals("sigmoid")
                    ? CellType.GRU : null;
        };
    }

    private int gates() {
        return switch (kind) {
            case SIMPLE_RNN -> 1;
            case LSTM -> 4;
            case GRU -> 3;
        };
    }

    /** The number of state tensors: 2 for LSTM ({@code h, c}), else 1. */
    final int stateCount() {
        return kind == Kind.LSTM ? 2 : 1;
    }

    // ---- shapes and weights ----------------------------------------------------------------

    @Override
    public final int[] outputShape(int[] shape) {
        if (shape.length != 2 || shape[1] <= 0) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input rank 3 [batch, time, features]"
                    + " with known features, got " + batchShape(shape));
        }
        return returnSequences ? new int[] {shape[0], units} : new int[] {units};
    }

    @Override
    public final long weightCount(int[] shape) {
        outputShape(shape);
        long width = (long) gates() * units;
        long biases = !useBias ? 0 : kind == Kind.GRU && resetAfter ? 2 : 1;
        // Exact: a config may claim sizes whose count passes a long (ArithmeticException, not a wrapped count).
        return Math.addExact(Math.multiplyExact(width, (long) shape[1] + units), biases * width);
    }

    @Override
    protected final void makeWeights(int[] shape) {
        int width = gates() * units;
        Initializers.glorotUniform(addWeight("kernel", shape[1], width), random());
        Initializers.orthogonal(addWeight("recurrent_kernel", units, width), random());
        if (useBias) {
            Tensor bias = kind == Kind.GRU && resetAfter ? addWeight("bias", 2, width) : addWeight("bias", width);
            if (kind == Kind.LSTM && unitForgetBias) {
                for (int j = units; j < 2 * units; j++) {
                    bias.set(j, 1);
                }
            }
        }
    }

    @Override
    void checkInput(Tensor input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input rank 3 [batch, time, features], got "
                    + Arrays.toString(input.shape()));
        }
        super.checkInput(input);
        if (input.dim(1) == 0) {
            throw new IllegalArgumentException(describeForErrors() + ": expects at least one time step, got "
                    + Arrays.toString(input.shape()));
        }
    }

    // ---- calls -----------------------------------------------------------------------------

    @Override
    final Tensor forward(Tensor input, List<Tensor> weights) {
        Run r = run(input, weights, null, runsFused());
        return returnSequences ? r.sequence() : r.h();
    }

    /**
     * Keras's call with {@code return_state}: {@code [output, h]} ({@code [output, h, c]} for LSTM), whatever
     * {@link #returnState()} says, where {@code output} is the sequence or the last output as
     * {@link #returnSequences()} says and the states are {@code [batch, units]}.
     *
     * @param initialState Keras's {@code initial_state}: {@code [h0]} ({@code [h0, c0]} for LSTM), each
     *                     {@code [batch, units]}, or {@code null} for zeros
     */
    public final List<Tensor> callWithStates(Tensor input, List<Tensor> initialState) {
        requireBuilt();
        checkInput(input);
        if (initialState != null) {
            checkInitialState(input.dim(0), initialState);
        }
        Run r = run(input, getWeights(), initialState, runsFused());
        List<Tensor> out = new ArrayList<>();
        out.add(returnSequences ? r.sequence() : r.h());
        out.add(r.h());
        if (kind == Kind.LSTM) {
            out.add(r.c());
        }
        return out;
    }

    private void checkInitialState(int batch, List<Tensor> state) {
        if (state.size() != stateCount()) {
            throw new IllegalArgumentException(describeForErrors() + ": expects " + stateCount()
                    + " initial state tensors, got " + state.size());
        }
        for (Tensor s : state) {
            if (!Arrays.equals(s.shape(), new int[] {batch, units}) || s.dtype() != dtype()) {
                throw new IllegalArgumentException(describeForErrors() + ": expects an initial state " + dtype() + " ["
                        + batch + ", " + units + "], got " + s.dtype() + " " + Arrays.toString(s.shape()));
            }
        }
    }

    /**
     * The layer's outputs: {@code sequence [batch, time, units]} in processing order, the final {@code h} and
     * (LSTM) {@code c}.
     */
    record Run(Tensor sequence, Tensor h, Tensor c) {
    }

    /** Runs on the fused kernels ({@code fused}, which must then be possible) or on the composed path. */
    final Run run(Tensor input, List<Tensor> w, List<Tensor> initialState, boolean fused) {
        Tensor x = input;
        if (dropout > 0 && isTraining()) {
            x = Ops.mul(x, inputMask(x.dim(0), x.dim(2)));
        }
        if (goBackwards) {
            x = TimeAxis.flip(x);
        }
        Tensor h0 = initialState == null ? null : initialState.get(0);
        Tensor c0 = initialState == null || kind != Kind.LSTM ? null : initialState.get(1);
        return fused ? fused(x, w, h0, c0) : composed(x, w, h0, c0);
    }

    /** Inverted-dropout mask {@code [batch, 1, features]}: 0 with probability {@code dropout}, else {@code 1/(1-dropout)}. */
    private Tensor inputMask(int batch, int features) {
        Tensor mask = Tensor.zeros(dtype(), batch, 1, features);
        double keep = 1 / (1 - dropout);
        for (int i = 0; i < mask.size(); i++) {
            mask.set(i, random().nextDouble() < dropout ? 0 : keep);
        }
        return mask;
    }

    // ---- fused path --------------------------------------------------------------------------

    private Run fused(Tensor x, List<Tensor> w, Tensor h0, Tensor c0) {
        CellType type = fusedType();
        if (type == null) {
            throw new IllegalStateException(describeForErrors() + ": this configuration has no fused kernel");
        }
        CellWeights cell = cellWeights(type, w, x.dim(2));
        RecurrentOptions options = RecurrentOptions.defaults().withBatchFirst(true).withDType(dtype());
        Recurrent layer = switch (kind) {
            case SIMPLE_RNN -> new Rnn(options, List.of(cell));
            case LSTM -> new Lstm(options, List.of(cell));
            case GRU -> new Gru(options, List.of(cell));
        };
        int batch = x.dim(0);
        CellState init = h0 == null ? null
                : new CellState(Shapes.reshape(h0, 1, batch, units), c0 == null ? null : Shapes.reshape(c0, 1, batch, units));
        if (init != null && kind == Kind.LSTM && init.c() == null) {
            throw new IllegalArgumentException(describeForErrors() + ": an LSTM's initial state needs c0");
        }
        SequenceOutput out = layer.forward(x, null, init);
        Tensor h = Shapes.reshape(out.state().h(), batch, units);
        Tensor c = kind == Kind.LSTM ? Shapes.reshape(out.state().c(), batch, units) : null;
        return new Run(out.output(), h, c);
    }

    /**
     * Keras's weights {@code w} (kernel, recurrent_kernel[, bias]) in the cells' PyTorch layout, as differentiable
     * copies: see the class notes.
     */
    private CellWeights cellWeights(CellType type, List<Tensor> w, int in) {
        int width = gates() * units;
        int[] order = kind == Kind.GRU ? GRU_ORDER : identityOrder();
        Tensor weightIh = KerasLayout.toGateRows(w.get(0), units, order);
        Tensor weightHh = KerasLayout.toGateRows(w.get(1), units, order);
        Tensor biasIh;
        Tensor biasHh;
        if (!useBias) {
            biasIh = Tensor.zeros(dtype(), width);
            biasHh = Tensor.zeros(dtype(), width);
        } else if (kind == Kind.GRU) {
            biasIh = swapZr(Shapes.reshape(Shapes.slice(w.get(2), 0, 0, 1), width), 0);
            biasHh = swapZr(Shapes.reshape(Shapes.slice(w.get(2), 0, 1, 2), width), 0);
        } else {
            biasIh = w.get(2);
            biasHh = Tensor.zeros(dtype(), width);
        }
        return new CellWeights(type, in, units, weightIh, weightHh, biasIh, biasHh);
    }

    /**
     * The weights in the cells' PyTorch layout ({@code weight_ih [k*units, in]}, {@code weight_hh}, {@code bias_ih},
     * {@code bias_hh}; LSTM gates {@code i, f, g, o}, GRU {@code r, z, n}), as copies detached from the layer: for
     * the cells' {@code StepInference} or a {@code cells} layer, which then compute what this layer computes. Later
     * changes to the layer's weights are not reflected.
     *
     * @throws IllegalStateException if the layer is not built, or its configuration has no fused kernel
     *                               ({@link #runsFused()} is false: the cells cannot express it)
     */
    public final CellWeights toCellWeights() {
        requireBuilt();
        CellType type = fusedType();
        if (type == null) {
            throw new IllegalStateException(describeForErrors() + ": activation=" + activation
                    + (recurrentActivation == null ? "" : ", recurrent_activation=" + recurrentActivation)
                    + (kind == Kind.GRU ? ", reset_after=" + resetAfter : "")
                    + " has no equivalent in the cells (PyTorch's equations)");
        }
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            CellWeights w = cellWeights(type, getWeights(), inputShape()[1]);
            return new CellWeights(type, w.inputSize(), units, w.weightIh().detach(), w.weightHh().detach(),
                    w.biasIh().detach(), w.biasHh().detach());
        }
    }

    /** Keras's GRU column blocks {@code z, r, h} taken as PyTorch's row blocks {@code r, z, n}. */
    private static final int[] GRU_ORDER = {1, 0, 2};

    private int[] identityOrder() {
        int[] order = new int[gates()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        return order;
    }

    /** Keras's GRU blocks {@code z, r, h} along {@code axis} reordered to PyTorch's {@code r, z, n}. */
    private Tensor swapZr(Tensor t, int axis) {
        int u = units;
        return Shapes.concat(axis, Shapes.slice(t, axis, u, 2 * u), Shapes.slice(t, axis, 0, u),
                Shapes.slice(t, axis, 2 * u, 3 * u));
    }

    // ---- composed path -----------------------------------------------------------------------

    /** Keras's equations, step by step, on Keras's layout (the reference, and the path for other activations). */
    private Run composed(Tensor x, List<Tensor> w, Tensor h0, Tensor c0) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int in = x.dim(2);
        int width = gates() * units;
        Tensor kernel = w.get(0);
        Tensor recurrent = w.get(1);
        Tensor inputBias = null;
        Tensor recurrentBias = null;
        if (useBias) {
            if (kind == Kind.GRU && resetAfter) {
                inputBias = Shapes.reshape(Shapes.slice(w.get(2), 0, 0, 1), width);
                recurrentBias = Shapes.reshape(Shapes.slice(w.get(2), 0, 1, 2), width);
            } else {
                inputBias = w.get(2);
            }
        }
        Tensor projected = Ops.matmul(Shapes.reshape(x, batch * steps, in), kernel);
        if (inputBias != null) {
            projected = Ops.add(projected, inputBias);
        }
        projected = Shapes.reshape(projected, batch, steps, width);
        // GRU reset-before: the gates' and the candidate's recurrent columns are used apart.
        Tensor recurrentGates = kind == Kind.GRU && !resetAfter ? Shapes.slice(recurrent, 1, 0, 2 * units) : null;
        Tensor recurrentCandidate = kind == Kind.GRU && !resetAfter ? Shapes.slice(recurrent, 1, 2 * units, width) : null;

        Tensor h = h0 != null ? h0 : Tensor.zeros(dtype(), batch, units);
        Tensor c = kind != Kind.LSTM ? null : c0 != null ? c0 : Tensor.zeros(dtype(), batch, units);
        List<Tensor> outputs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            Tensor xt = Shapes.reshape(Shapes.slice(projected, 1, t, t + 1), batch, width);
            switch (kind) {
                case SIMPLE_RNN -> h = Activations.apply(activation, Ops.add(xt, Ops.matmul(h, recurrent)));
                case LSTM -> {
                    Tensor[] g = Shapes.split(Ops.add(xt, Ops.matmul(h, recurrent)), 1, units, units, units, units);
                    Tensor i = Activations.apply(recurrentActivation, g[0]);
                    Tensor f = Activations.apply(recurrentActivation, g[1]);
                    Tensor candidate = Activations.apply(activation, g[2]);
                    Tensor o = Activations.apply(recurrentActivation, g[3]);
                    c = Ops.add(Ops.mul(f, c), Ops.mul(i, candidate));
                    h = Ops.mul(o, Activations.apply(activation, c));
                }
                case GRU -> {
                    Tensor[] xg = Shapes.split(xt, 1, units, units, units);
                    Tensor hh;
                    Tensor z;
                    if (resetAfter) {
                        Tensor inner = Ops.matmul(h, recurrent);
                        if (recurrentBias != null) {
                            inner = Ops.add(inner, recurrentBias);
                        }
                        Tensor[] rg = Shapes.split(inner, 1, units, units, units);
                        z = Activations.apply(recurrentActivation, Ops.add(xg[0], rg[0]));
                        Tensor r = Activations.apply(recurrentActivation, Ops.add(xg[1], rg[1]));
                        hh = Activations.apply(activation, Ops.add(xg[2], Ops.mul(r, rg[2])));
                    } else {
                        Tensor[] rg = Shapes.split(Ops.matmul(h, recurrentGates), 1, units, units);
                        z = Activations.apply(recurrentActivation, Ops.add(xg[0], rg[0]));
                        Tensor r = Activations.apply(recurrentActivation, Ops.add(xg[1], rg[1]));
                        hh = Activations.apply(activation, Ops.add(xg[2], Ops.matmul(Ops.mul(r, h), recurrentCandidate)));
                    }
                    // h' = z h + (1 - z) hh, written as hh + z (h - hh).
                    h = Ops.add(hh, Ops.mul(z, Ops.sub(h, hh)));
                }
                default -> throw new AssertionError(kind);
            }
            if (returnSequences) {
                outputs.add(Shapes.reshape(h, batch, 1, units));
            }
        }
        Tensor sequence = returnSequences ? Shapes.concat(1, outputs.toArray(new Tensor[0])) : null;
        return new Run(sequence, h, c);
    }

    // ---- config ------------------------------------------------------------------------------

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", false);
        c.put("unroll", false);
        c.put("zero_output_for_mask", false);
        c.put("units", units);
        c.put("activation", activation);
        if (recurrentActivation != null) {
            c.put("recurrent_activation", recurrentActivation);
        }
        c.put("use_bias", useBias);
        c.put("kernel_initializer", initializer("GlorotUniform", seedConfig()));
        c.put("recurrent_initializer", initializer("Orthogonal", orthogonalConfig()));
        c.put("bias_initializer", initializer("Zeros", Map.of()));
        if (kind == Kind.LSTM) {
            c.put("unit_forget_bias", unitForgetBias);
        }
        c.put("kernel_regularizer", null);
        c.put("recurrent_regularizer", null);
        c.put("bias_regularizer", null);
        c.put("activity_regularizer", null);
        c.put("kernel_constraint", null);
        c.put("recurrent_constraint", null);
        c.put("bias_constraint", null);
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        if (kind == Kind.GRU) {
            c.put("reset_after", resetAfter);
        }
        c.put("seed", seed());
        return c;
    }

    private Map<String, Object> orthogonalConfig() {
        Map<String, Object> m = seedConfig();
        m.put("gain", 1.0);
        return m;
    }

    @Override
    protected String describe() {
        return "units=" + units + ", activation=" + activation
                + (recurrentActivation == null ? "" : ", recurrent_activation=" + recurrentActivation)
                + (useBias ? "" : ", use_bias=false") + (returnSequences ? ", return_sequences" : "")
                + (returnState ? ", return_state" : "") + (goBackwards ? ", go_backwards" : "")
                + (dropout > 0 ? ", dropout=" + dropout : "") + (kind == Kind.GRU && !resetAfter ? ", reset_after=false" : "")
                + (runsFused() ? ", fused" : ", composed");
    }

    /** A copy of this layer's options with {@code go_backwards} set as given and another name and seed (for Bidirectional). */
    abstract RecurrentLayer withDirection(boolean backwards, String name, Long seed);

    /**
     * Keras's recurrent-layer arguments under their Java names, shared by the three layers' builders; each layer's
     * builder adds its own ({@code recurrentActivation}, {@code unitForgetBias}, {@code resetAfter}).
     */
    public abstract static class Builder<B extends Builder<B, L>, L extends RecurrentLayer> {
        final int units;
        String activation = "tanh";
        String recurrentActivation = "sigmoid";
        boolean useBias = true;
        boolean returnSequences;
        boolean returnState;
        boolean goBackwards;
        double dropout;
        double recurrentDropout;
        boolean resetAfter = true;
        boolean unitForgetBias = true;
        String name;
        DType dtype = DType.F32;
        Long seed;

        Builder(int units) {
            this.units = units;
        }

        abstract B self();

        /** The layer. */
        public abstract L build();

        /** Keras's {@code activation} (default {@code "tanh"}; {@code null} for linear). */
        public B activation(String value) {
            activation = value;
            return self();
        }

        /** Keras's {@code use_bias} (default true). */
        public B useBias(boolean value) {
            useBias = value;
            return self();
        }

        /** Keras's {@code return_sequences} (default false: the last output only). */
        public B returnSequences(boolean value) {
            returnSequences = value;
            return self();
        }

        /** Keras's {@code return_state} (default false); the states come from {@link RecurrentLayer#callWithStates}. */
        public B returnState(boolean value) {
            returnState = value;
            return self();
        }

        /** Keras's {@code go_backwards} (default false). */
        public B goBackwards(boolean value) {
            goBackwards = value;
            return self();
        }

        /** Keras's {@code dropout} on the inputs, in [0, 1) (default 0). */
        public B dropout(double value) {
            dropout = value;
            return self();
        }

        /** Keras's {@code recurrent_dropout}: only 0 is supported (see the class notes). */
        public B recurrentDropout(double value) {
            recurrentDropout = value;
            return self();
        }

        /** Keras's {@code name}; by default the model names the layer. */
        public B name(String value) {
            name = value;
            return self();
        }

        /** The weights' dtype (default F32). */
        public B dtype(DType value) {
            dtype = value;
            return self();
        }

        /** Keras's {@code seed}: of the initial weights and the dropout masks; by default derived from the name. */
        public B seed(long value) {
            seed = value;
            return self();
        }

        B seed(Long value) {
            seed = value;
            return self();
        }
    }
}
