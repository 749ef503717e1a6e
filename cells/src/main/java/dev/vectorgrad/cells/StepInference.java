package dev.vectorgrad.cells;

import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import java.util.List;

/**
 * Step-by-step float inference for a unidirectional recurrent layer or a cell: one call per
 * time step, over state and workspace preallocated in a {@link State}, allocating nothing per
 * step.
 *
 * <p>An instance holds an immutable float copy of the weights taken when it is made, so one
 * instance can be shared by any number of threads, each with its own {@code State}; results do
 * not depend on how many threads run. Later changes to the layer's weights (training) are not
 * seen: make a new instance. A batch of one multiplies by the weights as stored (GEMV); larger
 * batches use a second copy packed for the GEMM micro-kernel, made once, when the first such
 * state is created.
 *
 * <pre>{@code
 * StepInference model = StepInference.of(lstm);      // share this
 * StepInference.State s = model.newState(1);          // one per thread or stream
 * float[] h = model.step(s, x, 0);                    // last layer's h, owned by s
 * }</pre>
 */
public final class StepInference {

    private static final FloatKernels K = Kernels.f32();

    private final CellType type;
    private final int inputSize;
    private final int hidden;
    private final int width;
    private final Layer[] layers;
    /** The weights packed for GEMM ({@code [2 * layer]} input, {@code [2 * layer + 1]} recurrent), made on first need. */
    private PackedFloatMatrix[] packed;

    /** The weights of one layer, as floats. */
    private record Layer(int in, float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
    }

    private StepInference(List<CellWeights> cells) {
        CellWeights first = cells.get(0);
        this.type = first.type();
        this.inputSize = first.inputSize();
        this.hidden = first.hiddenSize();
        this.width = type.gates() * hidden;
        this.layers = new Layer[cells.size()];
        for (int l = 0; l < layers.length; l++) {
            CellWeights w = cells.get(l);
            layers[l] = new Layer(w.inputSize(), w.weightIh().toFloatArray(), w.weightHh().toFloatArray(),
                    w.biasIh().toFloatArray(), w.biasHh().toFloatArray());
        }
    }

    /** Inference for a unidirectional sequence layer (all its layers, stacked; dropout is not applied). */
    public static StepInference of(Recurrent layer) {
        if (layer.options().bidirectional()) {
            throw new IllegalArgumentException("StepInference: " + layer.getClass().getSimpleName()
                    + " is bidirectional; step-by-step inference needs a unidirectional layer (the reverse direction"
                    + " needs the whole sequence: use forward)");
        }
        List<CellWeights> cells = new java.util.ArrayList<>();
        for (int l = 0; l < layer.options().layers(); l++) {
            cells.add(layer.weights(l, 0));
        }
        return new StepInference(cells);
    }

    /** Inference for a single cell. */
    public static StepInference of(RecurrentCell cell) {
        return new StepInference(List.of(cell.weights()));
    }

    public CellType type() {
        return type;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hidden;
    }

    public int layers() {
        return layers.length;
    }

    /** New zero state and workspace for {@code batch} independent streams. */
    public State newState(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("StepInference: batch must be positive, got " + batch);
        }
        return new State(this, batch, batch > 1 ? packed() : null);
    }

    private synchronized PackedFloatMatrix[] packed() {
        if (packed == null) {
            PackedFloatMatrix[] p = new PackedFloatMatrix[2 * layers.length];
            for (int l = 0; l < layers.length; l++) {
                Layer w = layers[l];
                p[2 * l] = K.pack(true, w.in, width, w.weightIh, 0, w.in);
                p[2 * l + 1] = K.pack(true, hidden, width, w.weightHh, 0, hidden);
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
        private final float[] gi;
        private final float[] gh;
        private final float[] tmp;
        private final PackedFloatMatrix[] packed;

        private State(StepInference owner, int batch, PackedFloatMatrix[] packed) {
            this.owner = owner;
            this.batch = batch;
            this.packed = packed;
            int n = owner.layers.length;
            int size = batch * owner.hidden;
            this.h = new float[n][size];
            this.c = owner.type.hasCellState() ? new float[n][size] : null;
            this.gi = new float[batch * owner.width];
            this.gh = new float[batch * owner.width];
            this.tmp = new float[owner.hidden];
        }

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
        float[] gi = s.gi;
        float[] gh = s.gh;
        if (batch == 1) {
            K.gemv(false, width, w.in, 1, w.weightIh, 0, w.in, x, xOff, 0, gi, 0);
            K.gemv(false, width, hidden, 1, w.weightHh, 0, hidden, h, 0, 0, gh, 0);
        } else {
            K.gemm(false, batch, width, w.in, 1, x, xOff, w.in, s.packed[2 * l], 0, gi, 0, width);
            K.gemm(false, batch, width, hidden, 1, h, 0, hidden, s.packed[2 * l + 1], 0, gh, 0, width);
        }
        for (int b = 0; b < batch; b++) {
            int a = b * width;
            int hb = b * hidden;
            K.add(width, gi, a, w.biasIh, 0, gi, a);
            K.add(width, gh, a, w.biasHh, 0, gh, a);
            switch (type) {
                case RNN_TANH -> {
                    K.add(hidden, gi, a, gh, a, gi, a);
                    K.tanh(hidden, gi, a, h, hb);
                }
                case RNN_RELU -> {
                    K.add(hidden, gi, a, gh, a, gi, a);
                    K.relu(hidden, gi, a, h, hb);
                }
                case LSTM -> {
                    float[] c = s.c[l];
                    K.add(width, gi, a, gh, a, gi, a);
                    K.sigmoid(2 * hidden, gi, a, gi, a);
                    K.tanh(hidden, gi, a + 2 * hidden, gi, a + 2 * hidden);
                    K.sigmoid(hidden, gi, a + 3 * hidden, gi, a + 3 * hidden);
                    K.productSum(hidden, gi, a + hidden, c, hb, gi, a, gi, a + 2 * hidden, c, hb);
                    K.tanh(hidden, c, hb, s.tmp, 0);
                    K.mul(hidden, gi, a + 3 * hidden, s.tmp, 0, h, hb);
                }
                case GRU -> {
                    K.add(2 * hidden, gi, a, gh, a, gi, a);
                    K.sigmoid(2 * hidden, gi, a, gi, a);
                    int n = a + 2 * hidden;
                    K.addProduct(hidden, gi, a, gh, n, gi, n);
                    K.tanh(hidden, gi, n, gi, n);
                    // h = n + z * (h - n)
                    K.sub(hidden, h, hb, gi, n, s.tmp, 0);
                    K.mul(hidden, gi, a + hidden, s.tmp, 0, s.tmp, 0);
                    K.add(hidden, gi, n, s.tmp, 0, h, hb);
                }
                default -> throw new AssertionError(type);
            }
        }
    }
}
