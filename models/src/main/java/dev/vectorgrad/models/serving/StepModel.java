package dev.vectorgrad.models.serving;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.CellType;
import dev.vectorgrad.cells.CellWeights;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.quant.PackedQuantizedMatrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.QuantizedMatrix;
import dev.vectorgrad.kernels.quant.WeightFormat;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Activation;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Dropout;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.RecurrentLayer;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A built recurrent {@link Sequential} compiled for serving: one time step per call over per-stream state, allocating
 * nothing per step. The model is an optional {@link Embedding} (ids in) or float features, then any chain of
 * {@link SimpleRNN}, {@link LSTM}, {@link GRU}, {@link Dense}, {@link Activation} layers ({@link Dropout} and
 * {@link Input} are identities at inference and are skipped), e.g. {@code Embedding -> LSTM -> LSTM -> Dense(softmax)}.
 *
 * <pre>{@code
 * StepModel served = StepModel.compile(model);   // immutable: share it between threads
 * StepModel.State s = served.newState();         // one per stream (and per thread using it)
 * for (int id : prompt) {
 *     probs = served.step(s, id);                // a view of s's output buffer, valid until the next step
 * }
 * s.reset();                                     // a new sequence
 * }</pre>
 *
 * <p><b>Equal to {@code predict}.</b> Stepping a sequence gives, after step {@code t}, the bits of
 * {@code model.predict} on that sequence at step {@code t} (its last output when the last recurrent layer returns
 * only that): the step makes the same kernel calls in the same order on every row as the model's fused layers do
 * (input projection and recurrent product by the same packed GEMM, whose per-row arithmetic does not depend on how
 * many rows it multiplies; biases added in the same order; the gate equations of {@code cells}), and each
 * {@code Dense} the same GEMM with as many rows as {@code predict}'s. A {@link State} of {@code n} streams stepped
 * together (a batched step) gives row by row the bits of {@code predict} on those {@code n} sequences. One exception,
 * measured by the tests: a {@code Dense} that follows a layer returning sequences multiplies {@code batch * T} rows in
 * {@code predict} against {@code batch} rows here, and the GEMM sums a row of more than 128 inputs in blocks whose
 * size depends on the row count there, so such a {@code Dense} over more than 128 features may differ in the last
 * bits (float summation order): each output stays within {@code 2 gamma_k sum_i |x_i w_ij| + 2u |y|} of
 * {@code predict}'s ({@code gamma_k = k u / (1 - k u)}, {@code u = 2^-24}, k inputs), which the tests check.
 *
 * <p><b>Batches.</b> {@code Sequential.predict} allocates per batch (each layer's output tensor, the fused sequence's
 * buffers), so it is not the serving path; a {@link State} of {@code n} streams is: {@link #step(State, int[])} and
 * {@link #step(State, float[])} advance all of them with one GEMM per product, allocating nothing, and
 * {@link State#reset(int)} restarts one stream while the others go on.
 *
 * <p><b>Weight formats.</b> {@link #compile(Sequential, WeightFormat)} stores every weight matrix that a step
 * multiplies by (the recurrent layers' {@code W_ih} and {@code W_hh}, each Dense kernel) in {@link WeightFormat#BF16}
 * or {@link WeightFormat#INT8} (one scale per output: per gate row, per Dense unit); the Embedding table, biases,
 * state and activations stay float32, and products accumulate in float32. Such a model is not bit-equal to
 * {@code predict}: each product is within the bound stated on {@link QuantKernels#gemv(QuantizedMatrix, int, int,
 * int, int, float, float[], int, float, float[], int)} of its float32 value. Batched and single-stream steps still give
 * the same bits (the quantised GEMM's rows do not depend on how many there are). Steps stay allocation-free.
 *
 * <p><b>Threads.</b> The compiled weights are immutable float copies taken at {@link #compile}: later training of the
 * model is not seen. Any number of threads may step their own states at once; a {@link State} is not thread-safe.
 * Steps run on the calling thread alone.
 *
 * <p><b>Not supported</b> (compile fails naming the layer): {@code Bidirectional} and {@code goBackwards} (they need
 * the whole sequence), recurrent configurations without a fused kernel (an LSTM/GRU activation pair other than
 * {@code tanh}/{@code sigmoid}, {@code GRU(resetAfter=false)}), Dense or Activation activations other than
 * {@code linear}, {@code relu}, {@code tanh}, {@code sigmoid}, {@code softmax}, float64 layers, an Embedding that is
 * not the first layer, and a model with no recurrent layer.
 */
public final class StepModel {

    /** The kernels of every step: on the caller's thread. */
    private static final FloatKernels K = Kernels.provider().withThreads(1).f32();
    /** The quantised kernels, also on the caller's thread. */
    private static final QuantKernels Q = Kernels.quant();

    private final String modelName;
    private final WeightFormat format;
    /** {@code [vocabulary, dim]} row-major, or {@code null} when the model takes features. */
    private final float[] embeddings;
    private final int vocabulary;
    private final String embeddingName;
    /** Floats per stream fed to the first step layer: the embedding dim or the feature count. */
    private final int stepInput;
    private final Op[] ops;
    private final boolean outputPerStep;
    private final int maxGates;
    private final int maxGruHidden;
    private final int stateSize;

    private StepModel(String modelName, WeightFormat format, float[] embeddings, int vocabulary, String embeddingName,
                      int stepInput, List<Op> ops, boolean outputPerStep) {
        this.modelName = modelName;
        this.format = format;
        this.embeddings = embeddings;
        this.vocabulary = vocabulary;
        this.embeddingName = embeddingName;
        this.stepInput = stepInput;
        this.ops = ops.toArray(new Op[0]);
        this.outputPerStep = outputPerStep;
        int gates = 0;
        int gru = 0;
        for (Op op : this.ops) {
            if (op instanceof Recurrent r) {
                gates = Math.max(gates, r.width);
                if (r.type == CellType.GRU) {
                    gru = Math.max(gru, r.hidden);
                }
            }
        }
        this.maxGates = gates;
        this.maxGruHidden = gru;
        int size = 0;
        for (Op op : this.ops) {
            if (op instanceof Recurrent r) {
                size += r.type == CellType.LSTM ? 2 * r.hidden : r.hidden;
            }
        }
        this.stateSize = size;
    }

    /**
     * Compiles a built model: copies its weights as floats, in the layout its fused layers use.
     *
     * @throws IllegalStateException    if the model is not built (no input shape yet) or has no layers
     * @throws IllegalArgumentException for a layer or configuration that cannot run step by step (see the class
     *                                  notes), naming the layer's position, name and class
     */
    public static StepModel compile(Sequential model) {
        return compile(model, WeightFormat.FP32);
    }

    /**
     * {@link #compile(Sequential)} with the weight matrices stored in {@code format} (see the class notes).
     *
     * @throws IllegalStateException    if the model is not built or has no layers
     * @throws IllegalArgumentException as {@link #compile(Sequential)}, or for a weight the format cannot hold (NaN,
     *                                  infinite), naming the layer
     * @throws NullPointerException     if {@code format} is null
     */
    public static StepModel compile(Sequential model, WeightFormat format) {
        if (format == null) {
            throw new NullPointerException("StepModel: weight format is null (expected FP32, BF16 or INT8)");
        }
        String name = model.name();
        if (!model.isBuilt() || model.layers().isEmpty()) {
            throw new IllegalStateException("StepModel: Sequential '" + name + "' is not built: give it an input shape"
                    + " (inputShape(...) or a first batch) before compiling it for serving");
        }
        List<Layer> layers = model.layers();
        float[] embeddings = null;
        int vocabulary = -1;
        String embeddingName = null;
        int width = -1;
        List<Op> ops = new ArrayList<>();
        boolean seenRecurrent = false;
        boolean outputPerStep = true;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "StepModel: layer " + i + " '" + layer.name() + "' (" + layer.className() + ")";
            if (layer instanceof KerasLayer k && k.dtype() != DType.F32) {
                throw new IllegalArgumentException(where + ": serving runs in float32, this layer is " + k.dtype()
                        + "; build the model in F32");
            }
            if (layer instanceof Input || layer instanceof Dropout) {
                continue;
            }
            if (layer instanceof Embedding e) {
                if (width != -1 || embeddings != null) {
                    throw new IllegalArgumentException(where + ": an Embedding must be the model's first layer to be"
                            + " served (it turns the step's id into features)");
                }
                embeddings = e.getWeights().get(0).toFloatArray();
                vocabulary = e.inputDim();
                embeddingName = e.name();
                width = e.outputDim();
                continue;
            }
            if (width == -1) {
                int[] shape = model.inputShape();
                if (shape.length != 2 || shape[1] <= 0) {
                    throw new IllegalArgumentException(where + ": a served model takes [batch, time, features] with"
                            + " known features (or ids through an Embedding), its input shape is "
                            + Arrays.toString(shape));
                }
                width = shape[1];
            }
            Op op;
            if (layer instanceof RecurrentLayer r) {
                if (seenRecurrent && !outputPerStep) {
                    throw new IllegalArgumentException(where + ": follows a recurrent layer that returns its last output"
                            + " only; the layers before it must return sequences");
                }
                op = Recurrent.of(where, r, format);
                seenRecurrent = true;
                outputPerStep = r.returnSequences();
            } else if (layer instanceof Dense d) {
                op = DenseOp.of(where, d, width, format);
            } else if (layer instanceof Activation a) {
                op = new ActivationOp(width, activationCode(where, a.activation()));
            } else {
                throw new IllegalArgumentException(where + ": not supported for step-by-step serving; supported: Input,"
                        + " Embedding (first), SimpleRNN, LSTM, GRU, Dense, Activation, Dropout (skipped)"
                        + (layer.className().equals("Bidirectional") ? " (a Bidirectional layer needs the whole"
                        + " sequence before its first output)" : ""));
            }
            ops.add(op);
            width = op.outputSize;
        }
        if (!seenRecurrent) {
            throw new IllegalArgumentException("StepModel: Sequential '" + name + "' has no recurrent layer (SimpleRNN,"
                    + " LSTM, GRU); step-by-step serving is for recurrent models");
        }
        int stepInput = embeddings != null ? embeddings.length / vocabulary : model.inputShape()[1];
        return new StepModel(name, format, embeddings, vocabulary, embeddingName, stepInput, ops, outputPerStep);
    }

    /** How the weight matrices are stored: {@link WeightFormat#FP32} unless compiled with another format. */
    public WeightFormat weightFormat() {
        return format;
    }

    /** Whether a step takes an id (the model starts with an Embedding) rather than features. */
    public boolean takesIds() {
        return embeddings != null;
    }

    /** The Embedding's vocabulary ({@code inputDim}): ids are in {@code [0, vocabulary)}; -1 without an Embedding. */
    public int vocabulary() {
        return vocabulary;
    }

    /** Floats per stream per step when the model takes features; the embedding's dim when it takes ids. */
    public int featureSize() {
        return stepInput;
    }

    /** Floats per stream in a step's output. */
    public int outputSize() {
        return ops[ops.length - 1].outputSize;
    }

    /**
     * Whether {@code predict} gives one output per time step (every recurrent layer returns sequences) rather than
     * the last step's alone; either way a step's output is what {@code predict} gives at that step.
     */
    public boolean outputPerStep() {
        return outputPerStep;
    }

    /**
     * One block of a stream's recurrent state, in the order {@link State#save} writes them: for each recurrent layer
     * (its position {@code layer} among the model's recurrent layers, from 0), its {@code h}, then an LSTM's
     * {@code c}.
     *
     * @param layer the recurrent layer's position among the recurrent layers
     * @param cell  the layer's cell
     * @param part  {@code "h"} or {@code "c"}
     * @param size  floats per stream
     */
    public record StateBlock(int layer, CellType cell, String part, int size) {
    }

    /** The blocks of one stream's recurrent state, in the order {@link State#save} writes them. */
    public List<StateBlock> stateLayout() {
        List<StateBlock> blocks = new ArrayList<>();
        int layer = 0;
        for (Op op : ops) {
            if (op instanceof Recurrent r) {
                blocks.add(new StateBlock(layer, r.type, "h", r.hidden));
                if (r.type == CellType.LSTM) {
                    blocks.add(new StateBlock(layer, r.type, "c", r.hidden));
                }
                layer++;
            }
        }
        return List.copyOf(blocks);
    }

    /** Floats of recurrent state per stream: the sum of {@link #stateLayout()}'s sizes. */
    public int stateSize() {
        return stateSize;
    }

    /** A zero state for one stream. */
    public State newState() {
        return newState(1);
    }

    /** A zero state for {@code streams} streams stepped together (a batched step). */
    public State newState(int streams) {
        if (streams <= 0) {
            throw new IllegalArgumentException("StepModel: streams must be positive, got " + streams);
        }
        return new State(this, streams);
    }

    /**
     * Per-stream recurrent state (every recurrent layer's {@code h}, and {@code c} for an LSTM) and the scratch
     * buffers of a step, for one or more streams, made once. Not thread-safe: one per thread at a time.
     */
    public static final class State {
        private final StepModel owner;
        private final int streams;
        /** Per op, its output {@code [streams, outputSize]}: a recurrent layer's {@code h}. */
        private final float[][] out;
        /** Per op, an LSTM's cell state, else {@code null}. */
        private final float[][] cell;
        private final float[] gates;
        private final float[] hn;
        /** The streams' embedding rows, gathered for a batched step. */
        private final float[] x;

        private State(StepModel owner, int streams) {
            this.owner = owner;
            this.streams = streams;
            int n = owner.ops.length;
            this.out = new float[n][];
            this.cell = new float[n][];
            for (int i = 0; i < n; i++) {
                Op op = owner.ops[i];
                out[i] = new float[streams * op.outputSize];
                if (op instanceof Recurrent r && r.type == CellType.LSTM) {
                    cell[i] = new float[streams * r.hidden];
                }
            }
            this.gates = new float[streams * owner.maxGates];
            this.hn = owner.maxGruHidden == 0 ? null : new float[streams * owner.maxGruHidden];
            this.x = owner.embeddings != null && streams > 1 ? new float[streams * owner.stepInput] : null;
        }

        /** The number of streams this state steps together. */
        public int streams() {
            return streams;
        }

        /** Zeros every stream's state, to start new sequences. */
        public void reset() {
            for (int i = 0; i < out.length; i++) {
                if (owner.ops[i] instanceof Recurrent) {
                    Arrays.fill(out[i], 0f);
                }
                if (cell[i] != null) {
                    Arrays.fill(cell[i], 0f);
                }
            }
        }

        /**
         * Copies stream {@code stream}'s recurrent state ({@link StepModel#stateSize()} floats, in
         * {@link StepModel#stateLayout()}'s order) to {@code dst} from {@code offset}, to keep it outside the state
         * (a key-value store, a checkpoint). Allocates nothing.
         *
         * @throws IndexOutOfBoundsException if {@code stream} or the range is out of bounds, naming both
         */
        public void save(int stream, float[] dst, int offset) {
            checkRange(stream, dst.length, offset);
            int at = offset;
            for (int i = 0; i < out.length; i++) {
                if (owner.ops[i] instanceof Recurrent r) {
                    System.arraycopy(out[i], stream * r.hidden, dst, at, r.hidden);
                    at += r.hidden;
                    if (cell[i] != null) {
                        System.arraycopy(cell[i], stream * r.hidden, dst, at, r.hidden);
                        at += r.hidden;
                    }
                }
            }
        }

        /**
         * Sets stream {@code stream}'s recurrent state from {@code src} at {@code offset}, as {@link #save} wrote it:
         * the next step continues from it. Allocates nothing.
         *
         * @throws IndexOutOfBoundsException if {@code stream} or the range is out of bounds, naming both
         */
        public void load(int stream, float[] src, int offset) {
            checkRange(stream, src.length, offset);
            int at = offset;
            for (int i = 0; i < out.length; i++) {
                if (owner.ops[i] instanceof Recurrent r) {
                    System.arraycopy(src, at, out[i], stream * r.hidden, r.hidden);
                    at += r.hidden;
                    if (cell[i] != null) {
                        System.arraycopy(src, at, cell[i], stream * r.hidden, r.hidden);
                        at += r.hidden;
                    }
                }
            }
        }

        private void checkRange(int stream, int length, int offset) {
            if (stream < 0 || stream >= streams) {
                throw new IndexOutOfBoundsException("StepModel.State: stream " + stream + " is outside [0, " + streams
                        + ")");
            }
            if (offset < 0 || offset > length - owner.stateSize) {
                throw new IndexOutOfBoundsException("StepModel.State: a stream's state is " + owner.stateSize
                        + " floats from offset " + offset + ", the array has " + length);
            }
        }

        /** Zeros the state of stream {@code stream} alone (it starts a new sequence; the others go on). */
        public void reset(int stream) {
            if (stream < 0 || stream >= streams) {
                throw new IndexOutOfBoundsException("StepModel.State: stream " + stream + " is outside [0, " + streams
                        + ")");
            }
            for (int i = 0; i < out.length; i++) {
                if (owner.ops[i] instanceof Recurrent r) {
                    Arrays.fill(out[i], stream * r.hidden, (stream + 1) * r.hidden, 0f);
                    if (cell[i] != null) {
                        Arrays.fill(cell[i], stream * r.hidden, (stream + 1) * r.hidden, 0f);
                    }
                }
            }
        }
    }

    /**
     * Advances a one-stream state by the token {@code id}. Returns the output ({@link #outputSize()} floats), the
     * state's own buffer, valid until its next step.
     *
     * @throws IllegalArgumentException if {@code id} is outside {@code [0, vocabulary)}, naming the Embedding
     * @throws IllegalStateException    if the model takes features, or the state has several streams
     */
    public float[] step(State s, int id) {
        checkState(s);
        requireIds();
        if (s.streams != 1) {
            throw new IllegalArgumentException("StepModel: the state has " + s.streams + " streams: pass one id per"
                    + " stream (step(state, int[]))");
        }
        checkId(id, 0);
        return run(s, embeddings, id * stepInput);
    }

    /**
     * Advances every stream of {@code s} by one token: {@code ids[b]} for stream {@code b}. Returns
     * {@code [streams, outputSize]} row-major, the state's own buffer, valid until its next step.
     *
     * @throws IllegalArgumentException if there is not one id per stream, or an id is out of range
     */
    public float[] step(State s, int[] ids) {
        checkState(s);
        requireIds();
        if (ids.length != s.streams) {
            throw new IllegalArgumentException("StepModel: the state has " + s.streams + " streams, got "
                    + ids.length + " ids");
        }
        for (int b = 0; b < ids.length; b++) {
            checkId(ids[b], b);
        }
        if (s.streams == 1) {
            return run(s, embeddings, ids[0] * stepInput);
        }
        for (int b = 0; b < ids.length; b++) {
            System.arraycopy(embeddings, ids[b] * stepInput, s.x, b * stepInput, stepInput);
        }
        return run(s, s.x, 0);
    }

    /**
     * Advances every stream of {@code s} by one step of features: {@code features} is {@code [streams,
     * featureSize]} row-major, exactly. Returns {@code [streams, outputSize]}, the state's own buffer.
     *
     * @throws IllegalArgumentException if {@code features} has another length, naming both
     * @throws IllegalStateException    if the model takes ids
     */
    public float[] step(State s, float[] features) {
        checkState(s);
        requireFeatures();
        int need = s.streams * stepInput;
        if (features.length != need) {
            throw new IllegalArgumentException("StepModel: expects " + need + " features per step ([" + s.streams + ", "
                    + stepInput + "]), got " + features.length);
        }
        return run(s, features, 0);
    }

    /**
     * {@link #step(State, float[])} reading {@code [streams, featureSize]} floats of {@code x} from {@code offset}
     * (e.g. one step of a longer sequence array, without copying it).
     *
     * @throws IllegalArgumentException if the range does not fit in {@code x}
     */
    public float[] step(State s, float[] x, int offset) {
        checkState(s);
        requireFeatures();
        int need = s.streams * stepInput;
        if (offset < 0 || offset > x.length - need) {
            throw new IllegalArgumentException("StepModel: a step needs " + need + " features ([" + s.streams + ", "
                    + stepInput + "]) from offset " + offset + ", the array has " + x.length);
        }
        return run(s, x, offset);
    }

    private void checkState(State s) {
        if (s.owner != this) {
            throw new IllegalArgumentException("StepModel: the state was made by another model (make states with"
                    + " newState() of the model that steps them)");
        }
    }

    private void requireIds() {
        if (embeddings == null) {
            throw new IllegalStateException("StepModel: Sequential '" + modelName + "' takes " + stepInput
                    + " features per step, not ids (it has no Embedding); use step(state, float[])");
        }
    }

    private void requireFeatures() {
        if (embeddings != null) {
            throw new IllegalStateException("StepModel: Sequential '" + modelName + "' takes ids (its first layer is"
                    + " Embedding '" + embeddingName + "'); use step(state, id)");
        }
    }

    private void checkId(int id, int stream) {
        if (id < 0 || id >= vocabulary) {
            throw new IllegalArgumentException("StepModel: Embedding '" + embeddingName + "': id " + id + " (stream "
                    + stream + ") is outside [0, " + vocabulary + ")");
        }
    }

    private float[] run(State s, float[] x, int xOff) {
        int batch = s.streams;
        float[] in = x;
        int inOff = xOff;
        for (int i = 0; i < ops.length; i++) {
            ops[i].step(s, i, batch, in, inOff);
            in = s.out[i];
            inOff = 0;
        }
        return in;
    }

    // ---- compiled layers --------------------------------------------------------------------------

    /** One layer's step: {@code [batch, inputSize]} from {@code x} to {@code s.out[i]} ({@code [batch, outputSize]}). */
    private abstract static class Op {
        final int inputSize;
        final int outputSize;

        Op(int inputSize, int outputSize) {
            this.inputSize = inputSize;
            this.outputSize = outputSize;
        }

        abstract void step(State s, int i, int batch, float[] x, int xOff);
    }

    private static final int LINEAR = 0;
    private static final int RELU = 1;
    private static final int TANH = 2;
    private static final int SIGMOID = 3;
    private static final int SOFTMAX = 4;

    private static int activationCode(String where, String activation) {
        return switch (activation) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "tanh" -> TANH;
            case "sigmoid" -> SIGMOID;
            case "softmax" -> SOFTMAX;
            default -> throw new IllegalArgumentException(where + ": activation '" + activation + "' is not supported"
                    + " for serving; supported: linear, relu, tanh, sigmoid, softmax");
        };
    }

    /** {@code activation} in place on {@code [batch, n]}: as the layers' activation ops compute it. */
    private static void activate(int code, int batch, int n, float[] y) {
        switch (code) {
            case RELU -> K.relu(batch * n, y, 0, y, 0);
            case TANH -> K.tanh(batch * n, y, 0, y, 0);
            case SIGMOID -> K.sigmoid(batch * n, y, 0, y, 0);
            case SOFTMAX -> K.softmaxRows(batch, n, y, 0, n, y, 0, n);
            default -> {
            }
        }
    }

    /**
     * A fused recurrent layer in the cells' PyTorch layout (gates {@code i, f, g, o} for an LSTM, {@code r, z, n} for
     * a GRU) as the layer maps its Keras weights for its own fused path, {@code W_ih^T} and {@code W_hh^T} packed as
     * the fused sequence packs them, the biases summed as it sums them.
     */
    private static final class Recurrent extends Op {
        final CellType type;
        final int hidden;
        final int width;
        /** Gate rows whose recurrent product goes into the gates: all but a GRU's n rows. */
        final int recurrent;
        final PackedFloatMatrix wih;
        final PackedFloatMatrix whh;
        final PackedFloatMatrix whn;
        /** The same three products with quantised weights (null for float32, and then the float ones are set). */
        final PackedQuantizedMatrix qih;
        final PackedQuantizedMatrix qhh;
        final PackedQuantizedMatrix qhn;
        final float[] bias;
        final float[] hiddenBias;

        private Recurrent(CellWeights w, WeightFormat format) {
            super(w.inputSize(), w.hiddenSize());
            this.type = w.type();
            this.hidden = w.hiddenSize();
            this.width = type.gates() * hidden;
            this.recurrent = (type == CellType.GRU ? 2 : type.gates()) * hidden;
            int in = w.inputSize();
            float[] weightIh = w.weightIh().toFloatArray();
            float[] weightHh = w.weightHh().toFloatArray();
            boolean gru = type == CellType.GRU;
            if (format == WeightFormat.FP32) {
                // Packed as the fused sequence packs them: x W_ih^T, h W_hh^T for the gates' rows, a GRU's n rows apart.
                this.wih = K.pack(true, in, width, weightIh, 0, in);
                this.whh = K.pack(true, hidden, recurrent, weightHh, 0, hidden);
                this.whn = gru ? K.pack(true, hidden, hidden, weightHh, recurrent * hidden, hidden) : null;
                this.qih = null;
                this.qhh = null;
                this.qhn = null;
            } else {
                // The same blocks, quantised per gate row.
                QuantizedMatrix ih = format.quantize(width, in, weightIh, 0, in);
                QuantizedMatrix hh = format.quantize(width, hidden, weightHh, 0, hidden);
                this.qih = Q.pack(ih, 0, width, 0, in);
                this.qhh = Q.pack(hh, 0, recurrent, 0, hidden);
                this.qhn = gru ? Q.pack(hh, recurrent, hidden, 0, hidden) : null;
                this.wih = null;
                this.whh = null;
                this.whn = null;
            }
            float[] biasHh = w.biasHh().toFloatArray();
            this.bias = w.biasIh().toFloatArray();
            K.add(recurrent, bias, 0, biasHh, 0, bias, 0);
            this.hiddenBias = type == CellType.GRU ? Arrays.copyOfRange(biasHh, recurrent, width) : null;
        }

        /** The layer's weights in the cells' layout, mapped by the layer itself ({@link RecurrentLayer#toCellWeights}). */
        static Recurrent of(String where, RecurrentLayer r, WeightFormat format) {
            if (r.goBackwards()) {
                throw new IllegalArgumentException(where + ": goBackwards needs the whole sequence before its first"
                        + " output; it cannot be served step by step");
            }
            if (!r.runsFused()) {
                throw new IllegalArgumentException(where + ": " + describe(r) + " runs on the composed path, which has"
                        + " no step kernel; served: SimpleRNN (tanh, relu), LSTM and GRU (resetAfter=true) with"
                        + " activation tanh and recurrentActivation sigmoid");
            }
            try {
                return new Recurrent(r.toCellWeights(), format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }

        private static String describe(RecurrentLayer r) {
            return "activation " + r.activation() + (r.recurrentActivation() == null ? ""
                    : ", recurrentActivation " + r.recurrentActivation())
                    + (r instanceof GRU ? " (or resetAfter=false)" : "");
        }

        @Override
        void step(State s, int i, int batch, float[] x, int xOff) {
            float[] h = s.out[i];
            float[] c = s.cell[i];
            float[] gates = s.gates;
            float[] hn = s.hn;
            int in = inputSize;
            // As the fused sequence: gates = x W_ih^T, then + bias, then + h W_hh^T (a GRU's n rows: hn apart).
            boolean gru = type == CellType.GRU;
            if (qih != null) {
                Q.gemm(batch, width, in, 1f, x, xOff, in, qih, 0f, gates, 0, width);
            } else {
                K.gemm(false, batch, width, in, 1f, x, xOff, in, wih, 0f, gates, 0, width);
            }
            for (int b = 0; b < batch; b++) {
                K.add(width, gates, b * width, bias, 0, gates, b * width);
            }
            if (qhh != null) {
                Q.gemm(batch, recurrent, hidden, 1f, h, 0, hidden, qhh, 1f, gates, 0, width);
            } else {
                K.gemm(false, batch, recurrent, hidden, 1f, h, 0, hidden, whh, 1f, gates, 0, width);
            }
            if (gru) {
                if (qhn != null) {
                    Q.gemm(batch, hidden, hidden, 1f, h, 0, hidden, qhn, 0f, hn, 0, hidden);
                } else {
                    K.gemm(false, batch, hidden, hidden, 1f, h, 0, hidden, whn, 0f, hn, 0, hidden);
                }
                for (int b = 0; b < batch; b++) {
                    K.add(hidden, hn, b * hidden, hiddenBias, 0, hn, b * hidden);
                }
            }
            for (int b = 0; b < batch; b++) {
                equations(gates, b * width, h, c, hn, b * hidden);
            }
        }

        /**
         * The cells' gate equations for one row, in their kernel calls and order (cells' {@code GateEquations},
         * which is package-private there): pre-activations at {@code a} to the new state at {@code st}.
         */
        private void equations(float[] gates, int a, float[] h, float[] c, float[] hn, int st) {
            int n = hidden;
            switch (type) {
                case RNN_TANH -> K.tanh(n, gates, a, h, st);
                case RNN_RELU -> K.relu(n, gates, a, h, st);
                case LSTM -> {
                    // i, f, g, o: c' = f c + i g, h' = o tanh(c') (tanh(c') goes to h, then h *= o)
                    K.sigmoid(2 * n, gates, a, gates, a);
                    K.tanh(n, gates, a + 2 * n, gates, a + 2 * n);
                    K.sigmoid(n, gates, a + 3 * n, gates, a + 3 * n);
                    K.productSum(n, gates, a + n, c, st, gates, a, gates, a + 2 * n, c, st);
                    K.tanh(n, c, st, h, st);
                    K.mul(n, gates, a + 3 * n, h, st, h, st);
                }
                case GRU -> {
                    // r, z, n: n = tanh(gi_n + r hn), h' = n + z (h - n)
                    K.sigmoid(2 * n, gates, a, gates, a);
                    K.addProduct(n, gates, a, hn, st, gates, a + 2 * n);
                    K.tanh(n, gates, a + 2 * n, gates, a + 2 * n);
                    K.lerp(n, gates, a + n, gates, a + 2 * n, h, st, h, st);
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    /** Keras's Dense: {@code activation(x kernel + bias)}, the kernel {@code [in, units]} as the layer holds it. */
    private static final class DenseOp extends Op {
        final float[] kernel;
        /** The kernel transposed ({@code [units, in]}) and quantised per unit, packed; null for float32. */
        final PackedQuantizedMatrix quantized;
        final float[] bias;
        final int activation;

        private DenseOp(int in, int units, float[] kernel, PackedQuantizedMatrix quantized, float[] bias,
                        int activation) {
            super(in, units);
            this.kernel = kernel;
            this.quantized = quantized;
            this.bias = bias;
            this.activation = activation;
        }

        static DenseOp of(String where, Dense d, int in, WeightFormat format) {
            int act = activationCode(where, d.activation());
            List<Tensor> w = d.getWeights();
            float[] kernel = w.get(0).toFloatArray();
            float[] bias = d.useBias() ? w.get(1).toFloatArray() : null;
            if (format == WeightFormat.FP32) {
                return new DenseOp(in, d.units(), kernel, null, bias, act);
            }
            int units = d.units();
            float[] transposed = new float[kernel.length];
            for (int i = 0; i < in; i++) {
                for (int u = 0; u < units; u++) {
                    transposed[u * in + i] = kernel[i * units + u];
                }
            }
            try {
                QuantizedMatrix q = format.quantize(units, in, transposed, 0, in);
                return new DenseOp(in, units, null, Q.pack(q, 0, units, 0, in), bias, act);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }

        @Override
        void step(State s, int i, int batch, float[] x, int xOff) {
            float[] y = s.out[i];
            int n = outputSize;
            if (quantized != null) {
                Q.gemm(batch, n, inputSize, 1f, x, xOff, inputSize, quantized, 0f, y, 0, n);
            } else {
                K.gemm(false, false, batch, n, inputSize, 1f, x, xOff, inputSize, kernel, 0, n, 0f, y, 0, n);
            }
            if (bias != null) {
                for (int b = 0; b < batch; b++) {
                    K.add(n, y, b * n, bias, 0, y, b * n);
                }
            }
            activate(activation, batch, n, y);
        }
    }

    /** Keras's Activation layer. */
    private static final class ActivationOp extends Op {
        final int activation;

        ActivationOp(int size, int activation) {
            super(size, size);
            this.activation = activation;
        }

        @Override
        void step(State s, int i, int batch, float[] x, int xOff) {
            float[] y = s.out[i];
            System.arraycopy(x, xOff, y, 0, batch * outputSize);
            activate(activation, batch, outputSize, y);
        }
    }
}
