package dev.vectorgrad.cells;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.quant.PackedQuantizedMatrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.QuantizedMatrix;
import dev.vectorgrad.kernels.quant.WeightFormat;
import java.util.List;

/**
 * Step-by-step float inference for a unidirectional recurrent layer or a cell: one call per
 * time step, over state and workspace preallocated in a {@link State}, allocating nothing per
 * step.
 *
 * <p>An instance holds an immutable float copy of the weights taken when it is made, so one
 * instance can be shared by any number of threads, each with its own {@code State}; results do
 * not depend on how many threads run. Later changes to the layer's weights (training) are not
 * seen: make a new instance. The weights are stored as {@code [W_ih | W_hh]}, so a batch of one
 * makes its gates with one GEMV over {@code [x | h]}. In float32, batch-1 states of the default kernels use a second
 * copy, an {@link AlignedFloatMatrix} (off the heap, each row on a 64-byte line, on JDK 22 and later, so that GEMV
 * has one speed wherever the GC puts things; a GRU's n rows also packed for the one-row GEMM), and larger batches
 * one packed for the GEMM micro-kernel; each is made once, when the first such state is created.
 *
 * <p><b>Weight formats.</b> {@link #of(Recurrent, WeightFormat)} stores the weight matrices in
 * {@link WeightFormat#BF16} or {@link WeightFormat#INT8} instead of float32 (biases, state and activations stay
 * float32; products accumulate in float32). For int8 each gate row of {@code [W_ih | W_hh]} has one scale, over the
 * input and recurrent weights of that row together; batch 1 and larger batches multiply by the same quantised
 * values. Each gate pre-activation is then within the bound stated on
 * {@link QuantKernels#gemv(QuantizedMatrix, int, int, int, int, float, float[], int, float, float[], int)} of its
 * value with the float32 weights (for that step's inputs); errors then pass through the gate equations and the
 * recurrence. Steps stay allocation-free.
 *
 * <p><b>Fast start.</b> {@link #withPlainJavaKernels()} gives the same model stepping with plain Java loops, which
 * the JIT compiles within milliseconds of launch, where the Vector API kernels run many times slower until C2 has
 * compiled them (about a second of steps); batch 1 only, its compiled steps a little slower.
 *
 * <pre>{@code
 * StepInference model = StepInference.of(lstm);      // share this
 * StepInference.State s = model.newState(1);          // one per thread or stream
 * float[] h = model.step(s, x, 0);                    // last layer's h, owned by s
 * }</pre>
 */
public final class StepInference {

    private static final QuantKernels Q = Kernels.quant();

    private final CellType type;
    private final int inputSize;
    private final int hidden;
    private final int width;
    private final Layer[] layers;
    private final WeightFormat format;
    /** The kernels every step runs: the chosen provider's, or the plain Java ones ({@link #withPlainJavaKernels()}). */
    private final FloatKernels k;
    private final FloatGateKernels gateKernels;
    /** Whether steps run the plain Java kernels, batch 1 over {@link Layer#columns} ({@link #withPlainJavaKernels()}). */
    private final boolean plain;
    /** Per layer, the float weights packed for GEMM (see {@link #packed()}), made on first need. */
    private PackedFloatMatrix[][] packed;
    /** Per layer, the quantised weights packed for GEMM (see {@link #packedQuantized()}), made on first need. */
    private PackedQuantizedMatrix[][] packedQuantized;
    /** Per layer, the float32 batch-1 weights of the default kernels (see {@link #batchOne()}), made on first need. */
    private BatchOne[] batchOne;

    /**
     * The weights of one layer, as floats: {@code weights} is {@code [W_ih | W_hh]}, gates x
     * (in + H), so that at batch 1 one GEMV over {@code [x | h]} makes the gates.
     * {@code bias} is what each step's gates start from: both biases summed, except that a GRU
     * keeps {@code b_hn} apart ({@code hiddenBias}), since its recurrent n-gate term is scaled by r.
     * With a quantised format, {@code weights} is null and {@code quantized} holds the same matrix. With plain Java
     * kernels, {@code columns[j]} holds column j of {@code [W_ih | W_hh]}, its gate rows up to the recurrent ones
     * (all but a GRU's n rows), and a GRU's {@code nColumns[j]} the n rows of column j, so that a batch-1 step is a
     * sum of scaled columns (see {@link #axpy}); otherwise both are null.
     */
    private record Layer(int in, float[] weights, float[][] columns, float[][] nColumns, QuantizedMatrix quantized,
                         float[] bias, float[] hiddenBias) {
    }

    /**
     * What the float32 batch-1 steps of the default kernels multiply by, per layer, made at the first such state (so
     * that the plain Java kernels never touch the FFM API or the vector provider): {@code weights} is
     * {@code [W_ih | W_hh]} as an {@link AlignedFloatMatrix}; for a GRU, {@code nRows} holds its n rows again,
     * {@code W_in} and {@code W_hn} packed for the one-row GEMM, which its steps use for them (a GEMV over rows of
     * only I or H columns spends about as much on lane sums as on products); otherwise null.
     */
    private record BatchOne(AlignedFloatMatrix weights, PackedFloatMatrix[] nRows) {
    }

    private StepInference(List<CellWeights> cells, WeightFormat format) {
        if (format == null) {
            throw new NullPointerException("StepInference: weight format is null (expected FP32, BF16 or INT8)");
        }
        this.format = format;
        this.k = Kernels.f32();
        this.gateKernels = new FloatGateKernels(k);
        this.plain = false;
        CellWeights first = cells.get(0);
        this.type = first.type();
        this.inputSize = first.inputSize();
        this.hidden = first.hiddenSize();
        this.width = type.gates() * hidden;
        this.layers = new Layer[cells.size()];
        for (int l = 0; l < layers.length; l++) {
            CellWeights w = cells.get(l);
            float[] bias = w.biasIh().toFloatArray();
            float[] biasHh = w.biasHh().toFloatArray();
            int summed = GateEquations.recurrentInGates(type) * hidden;
            // Once per model, so the plain Java add: the same sums, and no Vector API code runs before the first
            // step of a model with plain Java kernels.
            Kernels.scalar().f32().add(summed, bias, 0, biasHh, 0, bias, 0);
            float[] hiddenBias = type == CellType.GRU ? java.util.Arrays.copyOfRange(biasHh, 2 * hidden, width) : null;
            int in = w.inputSize();
            float[] weightIh = w.weightIh().toFloatArray();
            float[] weightHh = w.weightHh().toFloatArray();
            float[] weights = new float[width * (in + hidden)];
            for (int r = 0; r < width; r++) {
                System.arraycopy(weightIh, r * in, weights, r * (in + hidden), in);
                System.arraycopy(weightHh, r * hidden, weights, r * (in + hidden) + in, hidden);
            }
            int ld = in + hidden;
            layers[l] = format == WeightFormat.FP32
                    ? new Layer(in, weights, null, null, null, bias, hiddenBias)
                    : new Layer(in, null, null, null, format.quantize(width, ld, weights, 0, ld), bias, hiddenBias);
        }
    }

    /** A copy of {@code base} (float32 weights) that steps with the plain Java kernels. */
    private StepInference(StepInference base) {
        this.format = base.format;
        this.k = Kernels.scalar().f32();
        this.gateKernels = new FloatGateKernels(k);
        this.plain = true;
        this.type = base.type;
        this.inputSize = base.inputSize;
        this.hidden = base.hidden;
        this.width = base.width;
        this.layers = new Layer[base.layers.length];
        for (int l = 0; l < layers.length; l++) {
            Layer w = base.layers[l];
            int ld = w.in + hidden;
            int recurrent = GateEquations.recurrentInGates(type) * hidden;
            float[] weights = w.weights;
            float[][] columns = new float[ld][recurrent];
            float[][] nColumns = type == CellType.GRU ? new float[ld][hidden] : null;
            for (int r = 0; r < width; r++) {
                float[][] target = r < recurrent ? columns : nColumns;
                int row = r < recurrent ? r : r - recurrent;
                for (int j = 0; j < ld; j++) {
                    target[j][row] = weights[r * ld + j];
                }
            }
            layers[l] = new Layer(w.in, w.weights, columns, nColumns, null, w.bias, w.hiddenBias);
        }
    }

    /** Inference for a unidirectional sequence layer (all its layers, stacked; dropout is not applied). */
    public static StepInference of(Recurrent layer) {
        return of(layer, WeightFormat.FP32);
    }

    /**
     * {@link #of(Recurrent)} with the weight matrices stored in {@code format} (see the class notes).
     *
     * @throws IllegalArgumentException for a bidirectional layer, or a weight that the format cannot hold (NaN,
     *                                  infinite)
     */
    public static StepInference of(Recurrent layer, WeightFormat format) {
        if (layer.options().bidirectional()) {
            throw new IllegalArgumentException("StepInference: " + layer.getClass().getSimpleName()
                    + " is bidirectional; step-by-step inference needs a unidirectional layer (the reverse direction"
                    + " needs the whole sequence: use forward)");
        }
        List<CellWeights> cells = new java.util.ArrayList<>();
        for (int l = 0; l < layer.options().layers(); l++) {
            cells.add(layer.weights(l, 0));
        }
        return new StepInference(cells, format);
    }

    /** Inference for a single cell. */
    public static StepInference of(RecurrentCell cell) {
        return of(cell, WeightFormat.FP32);
    }

    /** Inference for a single cell, its weight matrices stored in {@code format} (see the class notes). */
    public static StepInference of(RecurrentCell cell, WeightFormat format) {
        return new StepInference(List.of(cell.weights()), format);
    }

    /**
     * The same model stepping with plain Java loops (the {@link Kernels#scalar() scalar provider}) instead of the
     * Vector API kernels, for services that measure the time from launch to their first steps: plain loops run
     * fast after a few milliseconds of JIT compilation, where Vector API code runs ~100 times slower, allocating,
     * until C2 has compiled it (about a second of steps). The weights are copied once more, by column, so that a
     * batch-1 step's product is a sum of scaled columns, loops C2 vectorises by itself; no step allocates. Results
     * equal the scalar provider's, which differ from the vector kernels' in the last bits (sums in another order).
     * Once compiled, a step costs a little more than the vector kernels' (README, "Fast start"). Batch 1 only: the
     * plain Java GEMM is not vectorised (a batch-32 LSTM step measured 27 times slower), so {@link #newState}
     * refuses larger batches.
     *
     * @throws IllegalStateException unless the weights are float32 (quantised formats have no plain Java path)
     */
    public StepInference withPlainJavaKernels() {
        if (format != WeightFormat.FP32) {
            throw new IllegalStateException("StepInference: plain Java kernels need float32 weights, these are "
                    + format);
        }
        return plain ? this : new StepInference(this);
    }

    /** Whether steps run the plain Java kernels ({@link #withPlainJavaKernels()}). */
    public boolean plainJavaKernels() {
        return plain;
    }

    /** How the weight matrices are stored: {@link WeightFormat#FP32} unless another format was asked for. */
    public WeightFormat weightFormat() {
        return format;
    }

    /** The cell type (RNN tanh or relu, LSTM, GRU). */
    public CellType type() {
        return type;
    }

    /** The input features of each step ({@code x}'s row length). */
    public int inputSize() {
        return inputSize;
    }

    /** The hidden size of every layer (the length of each row {@link #step} returns). */
    public int hiddenSize() {
        return hidden;
    }

    /** The number of stacked layers. */
    public int layers() {
        return layers.length;
    }

    /**
     * New zero state and workspace for {@code batch} independent streams.
     *
     * @throws IllegalArgumentException for a batch below 1, or above 1 with plain Java kernels
     */
    public State newState(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("StepInference: batch must be positive, got " + batch);
        }
        if (plain && batch > 1) {
            throw new IllegalArgumentException("StepInference: the plain Java kernels serve batch 1, not " + batch
                    + " (their GEMM is not vectorised: use the default kernels for batches)");
        }
        boolean quantized = format != WeightFormat.FP32;
        return new State(this, batch, batch > 1 && !quantized ? packed() : null,
                batch > 1 && quantized ? packedQuantized() : null,
                batch == 1 && !quantized && !plain ? batchOne() : null);
    }

    /** Per layer, the float32 batch-1 weights of the default kernels ({@link BatchOne}), made on first need. */
    private synchronized BatchOne[] batchOne() {
        if (batchOne == null) {
            BatchOne[] b = new BatchOne[layers.length];
            for (int l = 0; l < layers.length; l++) {
                Layer w = layers[l];
                int ld = w.in + hidden;
                PackedFloatMatrix[] nRows = type == CellType.GRU
                        ? new PackedFloatMatrix[] {k.pack(true, w.in, hidden, w.weights, 2 * hidden * ld, ld),
                                k.pack(true, hidden, hidden, w.weights, 2 * hidden * ld + w.in, ld)}
                        : null;
                b[l] = new BatchOne(k.align(width, ld, w.weights, 0, ld), nRows);
            }
            batchOne = b;
        }
        return batchOne;
    }

    /** {@link #packed()} for quantised weights: the same blocks of the same quantised matrix. */
    private synchronized PackedQuantizedMatrix[][] packedQuantized() {
        if (packedQuantized == null) {
            PackedQuantizedMatrix[][] p = new PackedQuantizedMatrix[layers.length][];
            for (int l = 0; l < layers.length; l++) {
                Layer w = layers[l];
                QuantizedMatrix q = w.quantized;
                PackedQuantizedMatrix ih = Q.pack(q, 0, width, 0, w.in);
                p[l] = type == CellType.GRU
                        ? new PackedQuantizedMatrix[] {ih, Q.pack(q, 0, 2 * hidden, w.in, hidden),
                                Q.pack(q, 2 * hidden, hidden, w.in, hidden)}
                        : new PackedQuantizedMatrix[] {ih, Q.pack(q, 0, width, w.in, hidden)};
            }
            packedQuantized = p;
        }
        return packedQuantized;
    }

    /**
     * Per layer: {@code W_ih} and {@code W_hh} packed for {@code x W^T}; for a GRU, {@code W_hh} in
     * two parts, the r and z rows (added to the input projection) and the n rows (kept apart).
     */
    private synchronized PackedFloatMatrix[][] packed() {
        if (packed == null) {
            PackedFloatMatrix[][] p = new PackedFloatMatrix[layers.length][];
            for (int l = 0; l < layers.length; l++) {
                Layer w = layers[l];
                int ld = w.in + hidden;
                PackedFloatMatrix ih = k.pack(true, w.in, width, w.weights, 0, ld);
                p[l] = type == CellType.GRU
                        ? new PackedFloatMatrix[] {ih, k.pack(true, hidden, 2 * hidden, w.weights, w.in, ld),
                                k.pack(true, hidden, hidden, w.weights, 2 * hidden * ld + w.in, ld)}
                        : new PackedFloatMatrix[] {ih, k.pack(true, hidden, width, w.weights, w.in, ld)};
            }
            packed = p;
        }
        return packed;
    }

    /**
     * Per-caller state ({@code h}, and {@code c} for an LSTM, for every layer) and workspace. Not
     * thread-safe: one per thread or stream.
     */
    public static final class State {
        private final StepInference owner;
        private final int batch;
        private final float[][] h;
        private final float[][] c;
        private final float[] gates;
        private final float[] hiddenGate;
        /** A GRU with plain Java kernels: the n gates' input part ({@link Layer#nColumns}). */
        private final float[] inputGate;
        /** Batch 1: a layer's {@code [x | h]}. */
        private final float[] xh;
        private final PackedFloatMatrix[][] packed;
        private final PackedQuantizedMatrix[][] packedQuantized;
        private final BatchOne[] batchOne;
        /** Per layer, the buffers the gate equations work in. */
        private final GateEquations.StepVectors<float[]>[] vectors;

        @SuppressWarnings("unchecked")
        private State(StepInference owner, int batch, PackedFloatMatrix[][] packed,
                      PackedQuantizedMatrix[][] packedQuantized, BatchOne[] batchOne) {
            this.owner = owner;
            this.batch = batch;
            this.packed = packed;
            this.packedQuantized = packedQuantized;
            this.batchOne = batchOne;
            int n = owner.layers.length;
            int size = batch * owner.hidden;
            this.h = new float[n][size];
            this.c = owner.type.hasCellState() ? new float[n][size] : null;
            this.gates = new float[batch * owner.width];
            this.xh = batch == 1 ? new float[Math.max(owner.inputSize, owner.hidden) + owner.hidden] : null;
            this.hiddenGate = owner.type == CellType.GRU ? new float[size] : null;
            this.inputGate = owner.plain && owner.type == CellType.GRU ? new float[owner.hidden] : null;
            this.vectors = new GateEquations.StepVectors[n];
            for (int l = 0; l < n; l++) {
                float[] cl = c == null ? null : c[l];
                vectors[l] = new GateEquations.StepVectors<>(gates, h[l], cl, h[l], hiddenGate);
            }
        }

        /** The number of independent streams this state holds. */
        public int batch() {
            return batch;
        }

        /** The live hidden state of {@code layer}, {@code [batch, H]} row-major; writable (to set an initial state). */
        public float[] h(int layer) {
            return h[layer];
        }

        /** The live cell state of {@code layer} (LSTM only). */
        public float[] c(int layer) {
            if (c == null) {
                throw new IllegalStateException("State: a " + owner.type + " has no cell state");
            }
            return c[layer];
        }

        /** Zeros every state, to start a new sequence. */
        public void reset() {
            for (float[] v : h) {
                java.util.Arrays.fill(v, 0);
            }
            if (c != null) {
                for (float[] v : c) {
                    java.util.Arrays.fill(v, 0);
                }
            }
        }
    }

    /**
     * Advances every stream by one step. {@code x} holds {@code [batch, inputSize]} floats from
     * {@code xOff}. Returns the last layer's new hidden state {@code [batch, H]}: the state's own
     * array, valid until the next step.
     */
    public float[] step(State s, float[] x, int xOff) {
        if (s.owner != this) {
            throw new IllegalArgumentException("StepInference: the state was made by another model");
        }
        int need = s.batch * inputSize;
        if (xOff < 0 || xOff > x.length - need) {
            throw new IllegalArgumentException("StepInference: input needs " + need + " floats ([" + s.batch + ", "
                    + inputSize + "]) from offset " + xOff + ", the array has " + x.length);
        }
        float[] in = x;
        int inOff = xOff;
        for (int l = 0; l < layers.length; l++) {
            layerStep(layers[l], s, l, in, inOff);
            in = s.h[l];
            inOff = 0;
        }
        return s.h[layers.length - 1];
    }

    private void layerStep(Layer w, State s, int l, float[] x, int xOff) {
        int batch = s.batch;
        float[] h = s.h[l];
        float[] gates = s.gates;
        float[] hn = s.hiddenGate;
        boolean gru = type == CellType.GRU;
        // gates = bias + x W_ih^T + h W_hh^T (a GRU's n rows of W_hh go to hn = b_hn + h W_hn^T instead)
        for (int b = 0; b < batch; b++) {
            k.copy(width, w.bias, 0, gates, b * width);
            if (gru) {
                k.copy(hidden, w.hiddenBias, 0, hn, b * hidden);
            }
        }
        int recurrent = GateEquations.recurrentInGates(type) * hidden;
        if (batch == 1) {
            // One product over [x | h] for the gate rows (a GRU's n rows: x W_in^T into the gates, h W_hn^T apart).
            int ld = w.in + hidden;
            float[] xh = s.xh;
            System.arraycopy(x, xOff, xh, 0, w.in);
            System.arraycopy(h, 0, xh, w.in, hidden);
            if (w.quantized != null) {
                QuantizedMatrix q = w.quantized;
                Q.gemv(q, 0, recurrent, 0, ld, 1, xh, 0, 1, gates, 0);
                if (gru) {
                    int n = 2 * hidden;
                    Q.gemv(q, n, hidden, 0, w.in, 1, xh, 0, 1, gates, n);
                    Q.gemv(q, n, hidden, w.in, hidden, 1, xh, w.in, 1, hn, 0);
                }
            } else if (w.columns != null) {
                // gates[0, recurrent) += [x | h] [W_ih | W_hh]^T, one scaled column at a time; a GRU's n rows: the x
                // part into a buffer that starts from and returns to gates[n, 3H), the h part into hn.
                for (int j = 0; j < ld; j++) {
                    axpy(recurrent, xh[j], w.columns[j], gates);
                }
                if (gru) {
                    int n = 2 * hidden;
                    float[] xn = s.inputGate;
                    System.arraycopy(gates, n, xn, 0, hidden);
                    for (int j = 0; j < w.in; j++) {
                        axpy(hidden, xh[j], w.nColumns[j], xn);
                    }
                    System.arraycopy(xn, 0, gates, n, hidden);
                    for (int j = w.in; j < ld; j++) {
                        axpy(hidden, xh[j], w.nColumns[j], hn);
                    }
                }
            } else {
                BatchOne b = s.batchOne[l];
                k.gemv(b.weights, 0, recurrent, 0, ld, 1, xh, 0, 1, gates, 0);
                if (gru) {
                    // The n rows by the packed one-row GEMM (see BatchOne): x W_in^T into the gates, h W_hn^T apart.
                    int n = 2 * hidden;
                    k.gemm(false, 1, hidden, w.in, 1, xh, 0, w.in, b.nRows[0], 1, gates, n, hidden);
                    k.gemm(false, 1, hidden, hidden, 1, xh, w.in, hidden, b.nRows[1], 1, hn, 0, hidden);
                }
            }
        } else if (w.quantized != null) {
            PackedQuantizedMatrix[] p = s.packedQuantized[l];
            Q.gemm(batch, width, w.in, 1, x, xOff, w.in, p[0], 1, gates, 0, width);
            Q.gemm(batch, recurrent, hidden, 1, h, 0, hidden, p[1], 1, gates, 0, width);
            if (gru) {
                Q.gemm(batch, hidden, hidden, 1, h, 0, hidden, p[2], 1, hn, 0, hidden);
            }
        } else {
            PackedFloatMatrix[] p = s.packed[l];
            k.gemm(false, batch, width, w.in, 1, x, xOff, w.in, p[0], 1, gates, 0, width);
            k.gemm(false, batch, recurrent, hidden, 1, h, 0, hidden, p[1], 1, gates, 0, width);
            if (gru) {
                k.gemm(false, batch, hidden, hidden, 1, h, 0, hidden, p[2], 1, hn, 0, hidden);
            }
        }
        GateEquations.StepVectors<float[]> v = s.vectors[l];
        for (int b = 0; b < batch; b++) {
            // Nothing is saved: tanh(c') goes to h (see StepVectors), so the saved row is the state row.
            GateEquations.forward(type, gateKernels, hidden, v, b * width, b * hidden, b * hidden);
        }
    }

    /**
     * {@code y[0, n) += t * a[0, n)}, each element by one fused multiply-add: the plain Java kernels' transposed
     * GEMV ({@link FloatKernels#gemv} with {@code transA}) one row at a time, in its order and with its roundings.
     * Both arrays are indexed from 0: C2 (JDK 25) vectorises this loop, but not one whose load and store may overlap
     * at different offsets of one array, as the GEMV's may.
     */
    private static void axpy(int n, float t, float[] a, float[] y) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.fma(t, a[i], y[i]);
        }
    }

    /** The gate equations' kernels: float kernels over arrays. */
    private static final class FloatGateKernels implements GateEquations.Kernels<float[]> {
        private final FloatKernels k;

        FloatGateKernels(FloatKernels k) {
            this.k = k;
        }

        @Override
        public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
            k.sigmoid(n, x, xOff, out, outOff);
        }

        @Override
        public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
            k.tanh(n, x, xOff, out, outOff);
        }

        @Override
        public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
            k.relu(n, x, xOff, out, outOff);
        }

        @Override
        public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
            k.mul(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void addProduct(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
            k.addProduct(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void productSum(int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d,
                               int dOff, float[] out, int outOff) {
            k.productSum(n, a, aOff, b, bOff, c, cOff, d, dOff, out, outOff);
        }

        @Override
        public void lerp(int n, float[] t, int tOff, float[] a, int aOff, float[] b, int bOff, float[] out,
                         int outOff) {
            k.lerp(n, t, tOff, a, aOff, b, bOff, out, outOff);
        }
    }
}
