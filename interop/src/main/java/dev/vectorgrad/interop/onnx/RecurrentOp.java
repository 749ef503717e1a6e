package dev.vectorgrad.interop.onnx;

import static dev.vectorgrad.interop.onnx.Ops.K;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.internal.KernelPool;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * ONNX's {@code RNN}, {@code GRU} and {@code LSTM} (opsets 7 and 14 define the same equations; 14 adds
 * {@code layout}), computed in ONNX's own weight layout and gate order over the simd-kernels GEMM.
 *
 * <p>Why not the {@code cells} module: its layers follow PyTorch (LSTM gates i,f,g,o; GRU r,z,n with the reset gate
 * after the recurrent product) and take whole sequences of equal length. ONNX needs three things they cannot
 * express: GRU with {@code linear_before_reset = 0} (reset before the recurrent product), per-sequence
 * {@code sequence_lens} in the reverse direction (each batch row starts at its own last step), and a state
 * handed in and out per node for {@link OnnxStepper}. So the recurrence is written here once, in ONNX's order
 * (LSTM i,o,f,c; GRU z,r,h), with no weight permutation at all: the input projection is one GEMM
 * ({@code [rows, I] x W^T}) per chunk of steps, a few steps ahead of the recurrence (at least {@link #CHUNK_ROWS}
 * rows, so the GEMM runs at full speed while its result stays in cache), the recurrent product one GEMM per step
 * ({@code [B, H] x R^T}), and the gate non-linearities the kernels' vectorised sigmoid/tanh/relu over contiguous
 * gate blocks. When W and R are initializers (as torch writes them) they are packed for the GEMM kernel once, by the
 * first product of more than one row. A product with one row uses GEMV instead: a batch-1 {@link Step} (a stream
 * served step by step) by an {@link dev.vectorgrad.kernels.AlignedFloatMatrix aligned} [W | R] (see {@link Aligned}),
 * made once for all such steps of the node, else by the weights as they are. So a model that only steps one stream
 * never packs (packing is most of a cold load: it runs before the JIT has compiled the vector kernels). A sequence
 * of at least 2 x {@link #MIN_PART_ROWS} batch rows is split by rows over the kernel threads, each running the whole
 * recurrence of its rows with no synchronisation per step; each row gets the same bits as unsplit.
 *
 * <p>{@code sequence_lens}: a row {@code b} runs steps {@code 0 .. len[b]-1} (forward) or {@code len[b]-1 .. 0}
 * (reverse); {@code Y} is zero at the other steps and {@code Y_h}/{@code Y_c} hold the state after the row's last
 * step run (ONNX Runtime's behaviour; the operator text leaves it open). {@code layout = 1} (batch-major X, Y and
 * states) is computed by transposing to and from layout 0.
 */
final class RecurrentOp implements NodeOp {

    enum Kind { RNN, GRU, LSTM }

    enum Activation { SIGMOID, TANH, RELU }

    final Kind kind;
    final int hidden;
    final int directions;
    final boolean reverse;
    final boolean linearBeforeReset;
    final boolean batchMajor;
    /** Per direction, the activation of an RNN (f); GRU and LSTM use ONNX's defaults only. */
    final Activation[] activation;
    private final long cap;
    /**
     * Rows of a sequence's input projection computed at once, a few steps ahead of the recurrence (whole steps, so at
     * least one): enough rows for the GEMM kernel's full speed, few enough that the result stays in cache.
     */
    private static final int CHUNK_ROWS = 32;
    /**
     * Fewest batch rows per part of a sequence split over the kernel threads: enough rows for the packed GEMM (and
     * never one, which would take the GEMV and change the row's bits).
     */
    private static final int MIN_PART_ROWS = 8;
    /** The kernels of a part of a sequence split over threads: the same provider, on the part's own thread alone. */
    private static final FloatKernels SERIAL = Kernels.provider().withThreads(1).f32();
    /** The constant W and R (initializers), which {@link #packed} packs; null when they are computed values. */
    private OnnxTensor constantW;
    private OnnxTensor constantR;
    /** The packed constants, made on first use (the op is shared by every thread that runs its model). */
    private final Once<Packed> packed = new Once<>();
    /** The constants aligned for the GEMVs of batch-1 steps, made when the first such {@link Step} is. */
    private final Once<Aligned> aligned = new Once<>();

    /**
     * Per direction: W packed as op(B) = W^T [I, G*H]; R's gates packed as R^T (a GRU with the reset before: its z,r
     * gates in {@code r}, its h gate in {@code rh}, else null).
     */
    private record Packed(PackedFloatMatrix[] w, PackedFloatMatrix[] r, PackedFloatMatrix[] rh) {
    }

    /**
     * A one-direction node's weights for its batch-1 steps, aligned for GEMV: {@code joined} is [W | R] over the rows
     * whose input and recurrent products are summed (every gate; a GRU's z and r), multiplied by [x | h] in one GEMV
     * (one GEMV of 384 columns is faster than two of 128 and 256: each row ends in a sum across the lanes). A GRU's
     * h gate apart: its W rows ({@code wh}) and its R rows ({@code rh}), else null.
     */
    private record Aligned(AlignedFloatMatrix joined, AlignedFloatMatrix wh, AlignedFloatMatrix rh) {
    }

    /** A value made once, by the first caller, and shared by every thread after it. */
    private static final class Once<T> {
        private volatile T value;

        T get(Supplier<T> make) {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = make.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        boolean made() {
            return value != null;
        }
    }

    RecurrentOp(Kind kind, int hidden, String direction, boolean linearBeforeReset, boolean batchMajor,
                Activation[] activation, long cap) {
        this.kind = kind;
        this.hidden = hidden;
        this.directions = direction.equals("bidirectional") ? 2 : 1;
        this.reverse = direction.equals("reverse");
        this.linearBeforeReset = linearBeforeReset;
        this.batchMajor = batchMajor;
        this.activation = activation;
        this.cap = cap;
    }

    int gates() {
        return switch (kind) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
    }

    /** Checks W [D, G*H, I], R [D, G*H, H] and B [D, 2*G*H]; {@code inputSize} -1 accepts any I. */
    String checkWeights(int[] w, int[] r, int[] b) {
        int g = gates() * hidden;
        if (w != null && (w.length != 3 || w[0] != directions || w[1] != g)) {
            return "W has shape " + Arrays.toString(w) + ", expected [" + directions + ", " + g + ", input_size] ("
                    + "directions, " + gates() + " gates x hidden_size " + hidden + ")";
        }
        if (r != null && (r.length != 3 || r[0] != directions || r[1] != g || r[2] != hidden)) {
            return "R has shape " + Arrays.toString(r) + ", expected [" + directions + ", " + g + ", " + hidden + "]";
        }
        if (b != null && (b.length != 2 || b[0] != directions || b[1] != 2 * g)) {
            return "B has shape " + Arrays.toString(b) + ", expected [" + directions + ", " + 2 * g + "]";
        }
        return null;
    }

    /** Keeps the constant weights (already checked by {@link #checkWeights}), to pack when a GEMM first needs them. */
    void constants(OnnxTensor w, OnnxTensor r) {
        constantW = w;
        constantR = r;
    }

    /** The packed weights when {@code w} and {@code r} are the constants, packing them once; else null. */
    private Packed packed(OnnxTensor w, OnnxTensor r) {
        return w == constantW && r == constantR ? packed.get(() -> pack(w, r)) : null;
    }

    /** The aligned weights when {@code w} and {@code r} are the constants, aligning them once; else null. */
    private Aligned aligned(OnnxTensor w, OnnxTensor r) {
        return w == constantW && r == constantR ? aligned.get(() -> align(w, r)) : null;
    }

    /** Whether the constants have been packed yet (for tests: a model that steps one stream never packs). */
    boolean packedYet() {
        return packed.made();
    }

    private Packed pack(OnnxTensor w, OnnxTensor r) {
        int g = gates() * hidden;
        int inputs = w.dim(2);
        int width = recurrentWidth();
        Packed p = new Packed(new PackedFloatMatrix[directions], new PackedFloatMatrix[directions],
                new PackedFloatMatrix[directions]);
        for (int d = 0; d < directions; d++) {
            p.w[d] = K.pack(true, inputs, g, w.f(), d * g * inputs, inputs);
            p.r[d] = K.pack(true, hidden, width, r.f(), d * g * hidden, hidden);
            if (width != g) {
                p.rh[d] = K.pack(true, hidden, hidden, r.f(), d * g * hidden + width * hidden, hidden);
            }
        }
        return p;
    }

    /** Rows of the gates whose input and recurrent products are summed: all, except a GRU's h gate. */
    private int summedRows() {
        return kind == Kind.GRU ? 2 * hidden : gates() * hidden;
    }

    /** Direction 0's weights, aligned for {@link Step#runAligned} (the caller checked W and R). */
    private Aligned align(OnnxTensor w, OnnxTensor r) {
        int inputs = w.dim(2);
        int columns = inputs + hidden;
        int rows = summedRows();
        float[] joined = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(w.f(), i * inputs, joined, i * columns, inputs);
            System.arraycopy(r.f(), i * hidden, joined, i * columns + inputs, hidden);
        }
        boolean gru = kind == Kind.GRU;
        return new Aligned(K.align(rows, columns, joined, 0, columns),
                gru ? K.align(hidden, inputs, w.f(), rows * inputs, inputs) : null,
                gru ? K.align(hidden, hidden, r.f(), rows * hidden, hidden) : null);
    }

    /**
     * Direction {@code d}'s bias added to every row of its input projection: Wb, plus Rb where it is simply added
     * (all of it, except a GRU with linear_before_reset, which keeps the h gate's Rb inside r * (...)).
     */
    private float[] biasRow(float[] bias, int d) {
        int g = gates() * hidden;
        int wb = d * 2 * g;
        float[] row = Arrays.copyOfRange(bias, wb, wb + g);
        int addedRb = kind == Kind.GRU && linearBeforeReset ? 2 * hidden : g;
        K.add(addedRb, row, 0, bias, wb + g, row, 0);
        return row;
    }

    /** Columns of the first recurrent product: all gates, or z and r only for a GRU that resets before it. */
    private int recurrentWidth() {
        return kind == Kind.GRU && !linearBeforeReset ? 2 * hidden : gates() * hidden;
    }

    /**
     * {@code c[m, n] = a[m, k] B^T} into rows of stride {@code ldc}, B stored [n, k] at {@code bOff}, by
     * {@code kernels}: GEMV for one row, the packed B when there is one, else GEMM with B transposed.
     */
    private static void product(FloatKernels kernels, int m, int n, int k, float[] a, float[] b, int bOff,
                                PackedFloatMatrix packed, float[] c, int ldc) {
        if (m == 1) {
            kernels.gemv(false, n, k, 1f, b, bOff, k, a, 0, 0f, c, 0);
        } else if (packed != null) {
            kernels.gemm(false, m, n, k, 1f, a, 0, k, packed, 0f, c, 0, ldc);
        } else {
            kernels.gemm(false, true, m, n, k, 1f, a, 0, k, b, bOff, k, 0f, c, 0, ldc);
        }
    }

    @Override
    public OnnxTensor[] run(OnnxTensor[] in) {
        OnnxTensor x = in[0];
        OnnxTensor h0 = in.length > 5 ? in[5] : null;
        OnnxTensor c0 = in.length > 6 ? in[6] : null;
        if (batchMajor) {
            x = Ops.transpose(x, new int[] {1, 0, 2}, cap);
            h0 = h0 == null ? null : Ops.transpose(h0, new int[] {1, 0, 2}, cap);
            c0 = c0 == null ? null : Ops.transpose(c0, new int[] {1, 0, 2}, cap);
        }
        OnnxTensor[] out = compute(x, in[1], in[2], in.length > 3 ? in[3] : null, in.length > 4 ? in[4] : null,
                h0, c0);
        if (batchMajor) {
            out[0] = Ops.transpose(out[0], new int[] {2, 0, 1, 3}, cap);
            out[1] = Ops.transpose(out[1], new int[] {1, 0, 2}, cap);
            if (out[2] != null) {
                out[2] = Ops.transpose(out[2], new int[] {1, 0, 2}, cap);
            }
        }
        return out;
    }

    private OnnxTensor[] compute(OnnxTensor xT, OnnxTensor wT, OnnxTensor rT, OnnxTensor bT, OnnxTensor lensT,
                                 OnnxTensor h0T, OnnxTensor c0T) {
        float[] x = Ops.floats(xT, "X");
        float[] w = Ops.floats(wT, "W");
        float[] r = Ops.floats(rT, "R");
        float[] bias = bT == null ? null : Ops.floats(bT, "B");
        String bad = checkWeights(wT.shapeRef(), rT.shapeRef(), bT == null ? null : bT.shapeRef());
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        if (xT.rank() != 3 || xT.dim(2) != wT.dim(2)) {
            throw new IllegalArgumentException("X has shape " + Arrays.toString(xT.shapeRef())
                    + ", expected [seq_length, batch_size, " + wT.dim(2) + "]" + (batchMajor ? " (after layout 1)" : ""));
        }
        int steps = xT.dim(0);
        int batch = xT.dim(1);
        int inputs = xT.dim(2);
        int h = hidden;
        int g = gates() * h;
        int[] stateShape = {directions, batch, h};
        float[] h0 = state(h0T, stateShape, "initial_h");
        float[] c0 = kind == Kind.LSTM ? state(c0T, stateShape, "initial_c") : null;
        int[] lens = new int[batch];
        if (lensT == null) {
            Arrays.fill(lens, steps);
        } else {
            long[] l = Ops.ints(lensT, "sequence_lens");
            if (lensT.rank() != 1 || l.length != batch) {
                throw new IllegalArgumentException("sequence_lens has shape " + Arrays.toString(lensT.shapeRef())
                        + ", expected [" + batch + "]");
            }
            for (int b = 0; b < batch; b++) {
                if (l[b] < 0 || l[b] > steps) {
                    throw new IllegalArgumentException("sequence_lens[" + b + "] = " + l[b]
                            + " is outside 0.." + steps);
                }
                lens[b] = (int) l[b];
            }
        }
        Ops.elements(new int[] {steps, directions, batch, h}, cap);
        Ops.elements(new int[] {Math.min(steps, CHUNK_ROWS), batch, g}, cap);
        float[] y = new float[steps * directions * batch * h];
        float[] yh = new float[directions * batch * h];
        float[] yc = kind == Kind.LSTM ? new float[directions * batch * h] : null;
        // One row in all (a batch-1 step) runs GEMV on W and R as they are; no need to pack them.
        Packed p = steps * batch > 1 ? packed(wT, rT) : null;
        Sequence sequence = new Sequence(steps, batch, inputs, x, w, r, bias, lens, h0, c0, p, y, yh, yc);
        // Batch rows are independent: with enough of them, each kernel thread runs the whole recurrence of its own
        // rows (no synchronisation per step), its products on its own thread.
        int threads = Kernels.provider().threads();
        int parts = Math.min(threads, batch / MIN_PART_ROWS);
        if (parts <= 1) {
            sequence.rows(0, batch, K);
        } else {
            KernelPool.run(parts, threads, part -> sequence.rows(part * batch / parts, (part + 1) * batch / parts,
                    SERIAL));
        }
        return new OnnxTensor[] {
            OnnxTensor.wrapFloats(y, new int[] {steps, directions, batch, h}),
            OnnxTensor.wrapFloats(yh, stateShape.clone()),
            yc == null ? null : OnnxTensor.wrapFloats(yc, stateShape.clone())
        };
    }

    /** The inputs and outputs of one {@link #run} over a sequence, for {@link #rows}. */
    private final class Sequence {
        private final int steps;
        private final int batch;
        private final int inputs;
        private final float[] x;
        private final float[] w;
        private final float[] r;
        private final float[] bias;
        private final int[] lens;
        private final float[] h0;
        private final float[] c0;
        private final Packed p;
        private final float[] y;
        private final float[] yh;
        private final float[] yc;

        Sequence(int steps, int batch, int inputs, float[] x, float[] w, float[] r, float[] bias, int[] lens,
                 float[] h0, float[] c0, Packed p, float[] y, float[] yh, float[] yc) {
            this.steps = steps;
            this.batch = batch;
            this.inputs = inputs;
            this.x = x;
            this.w = w;
            this.r = r;
            this.bias = bias;
            this.lens = lens;
            this.h0 = h0;
            this.c0 = c0;
            this.p = p;
            this.y = y;
            this.yh = yh;
            this.yc = yc;
        }

        /**
         * The recurrence of batch rows {@code [from, to)} in every direction, into their rows of Y, Y_h and Y_c, by
         * the kernels {@code k}. A row's products and equations are the same whatever other rows run with it (the
         * packed GEMM computes each row alone; every part has at least {@link #MIN_PART_ROWS} rows, so none takes
         * the one-row GEMV), so the result does not depend on how the rows are split.
         */
        void rows(int from, int to, FloatKernels k) {
            int n = to - from;
            int h = hidden;
            int g = gates() * h;
            // The input projection runs a chunk of steps ahead of the recurrence, at least CHUNK_ROWS rows at a time:
            // one GEMM as efficient as the whole sequence's, whose result stays in cache for the steps that read it.
            int chunk = Math.min(steps, Math.max(1, (CHUNK_ROWS + n - 1) / n));
            float[] xs = new float[chunk * n * inputs];
            float[] xw = new float[chunk * n * g];
            float[] hr = new float[n * g];
            float[] gate = new float[g];
            float[] rh = kind == Kind.GRU && !linearBeforeReset ? new float[n * h] : null;
            float[] hn = rh == null ? null : new float[n * h];
            int width = recurrentWidth();
            for (int d = 0; d < directions; d++) {
                boolean rev = reverse || d == 1;
                int wOff = d * g * inputs;
                int rOff = d * g * h;
                float[] biasRow = bias == null ? null : biasRow(bias, d);
                int state = (d * batch + from) * h;
                float[] hs = Arrays.copyOfRange(h0, state, state + n * h);
                float[] cs = c0 == null ? null : Arrays.copyOfRange(c0, state, state + n * h);
                for (int s = 0; s < steps; s++) {
                    int ahead = s % chunk;
                    if (ahead == 0) {
                        // input projection of the next steps of every row still running: XW = X W^T + Wb (+ Rb)
                        int count = Math.min(chunk, steps - s);
                        for (int q = 0; q < count; q++) {
                            for (int b = 0; b < n; b++) {
                                int len = lens[from + b];
                                if (s + q < len) {
                                    int t = rev ? len - 1 - (s + q) : s + q;
                                    System.arraycopy(x, (t * batch + from + b) * inputs, xs, (q * n + b) * inputs,
                                            inputs);
                                }
                            }
                        }
                        product(k, count * n, g, inputs, xs, w, wOff, p == null ? null : p.w[d], xw, g);
                        if (biasRow != null) {
                            for (int row = 0; row < count * n; row++) {
                                K.add(g, xw, row * g, biasRow, 0, xw, row * g);
                            }
                        }
                    }
                    product(k, n, width, h, hs, r, rOff, p == null ? null : p.r[d], hr, g);
                    for (int b = 0; b < n; b++) {
                        if (s < lens[from + b]) {
                            int row = (ahead * n + b) * g;
                            K.add(width, xw, row, hr, b * g, gate, 0);
                            cell(d, gate, xw, row, hr, b * g, bias, hs, cs, b * h, rh);
                        }
                    }
                    if (rh != null) {
                        // h~ = tanh(XWh + Wbh + Rbh + (r * H) Rh^T), for the rows still running
                        product(k, n, h, h, rh, r, rOff + 2 * h * h, p == null ? null : p.rh[d], hn, h);
                        for (int b = 0; b < n; b++) {
                            if (s < lens[from + b]) {
                                resetBefore(gate, xw, (ahead * n + b) * g, hr, b * g, hn, hs, b * h);
                            }
                        }
                    }
                    for (int b = 0; b < n; b++) {
                        int len = lens[from + b];
                        if (s < len) {
                            int t = rev ? len - 1 - s : s;
                            System.arraycopy(hs, b * h, y, ((t * directions + d) * batch + from + b) * h, h);
                        }
                    }
                }
                System.arraycopy(hs, 0, yh, state, n * h);
                if (yc != null) {
                    System.arraycopy(cs, 0, yc, state, n * h);
                }
            }
        }
    }

    /**
     * One forward time step of a one-direction node for a fixed batch, over buffers allocated once: the state
     * {@link #h} (and {@link #c}) is updated in place, and is also the node's {@code Y}, {@code Y_h} (and
     * {@code Y_c}) for that step, since with one step and one direction they share a layout (layout 0 or 1 alike).
     * {@link #run} allocates nothing.
     */
    final class Step {
        final int batch;
        /** The state [batch, hidden], which is also this step's Y and Y_h; {@link #c} the LSTM's cell state. */
        final float[] h;
        final float[] c;
        private final float[] w;
        private final float[] r;
        private final float[] bias;
        /** {@link #biasRow} of the direction, or null without B. */
        private final float[] biasRow;
        /** The packed constant weights for a batch above 1 (else null: one row is a GEMV on W and R). */
        private final Packed packed;
        /**
         * The aligned constant weights for a batch of 1, shared with every other batch-1 step of the node (null for a
         * larger batch, or when W or R is not a constant), and the [x | h] they multiply.
         */
        private final Aligned aligned;
        private final float[] xh;
        private final int inputs;
        private final float[] xw;
        private final float[] hr;
        private final float[] gate;
        private final float[] rh;
        private final float[] hn;

        /** Weights as the node receives them (W [1, G*H, I], R [1, G*H, H], B [1, 2*G*H] or null), checked. */
        Step(int batch, OnnxTensor wT, OnnxTensor rT, OnnxTensor bT) {
            String bad = checkWeights(wT.shapeRef(), rT.shapeRef(), bT == null ? null : bT.shapeRef());
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            int g = gates() * hidden;
            this.batch = batch;
            this.w = Ops.floats(wT, "W");
            this.r = Ops.floats(rT, "R");
            this.bias = bT == null ? null : Ops.floats(bT, "B");
            this.biasRow = bias == null ? null : biasRow(bias, 0);
            this.packed = batch > 1 ? packed(wT, rT) : null;
            this.aligned = batch == 1 ? aligned(wT, rT) : null;
            this.inputs = wT.dim(2);
            this.xh = aligned == null ? null : new float[inputs + hidden];
            Ops.elements(new int[] {batch, g}, cap);
            this.h = new float[batch * hidden];
            this.c = kind == Kind.LSTM ? new float[batch * hidden] : null;
            this.xw = new float[batch * g];
            this.hr = new float[batch * g];
            this.gate = new float[g];
            this.rh = kind == Kind.GRU && !linearBeforeReset ? new float[batch * hidden] : null;
            this.hn = rh == null ? null : new float[batch * hidden];
        }

        /** Advances the state by one step on {@code x} [batch, input_size]. */
        void run(float[] x) {
            if (aligned != null) {
                runAligned(x);
                return;
            }
            int hd = hidden;
            int g = gates() * hd;
            int width = recurrentWidth();
            product(K, batch, g, inputs, x, w, 0, packed == null ? null : packed.w[0], xw, g);
            product(K, batch, width, hd, h, r, 0, packed == null ? null : packed.r[0], hr, g);
            for (int b = 0; b < batch; b++) {
                int row = b * g;
                if (biasRow != null) {
                    K.add(g, xw, row, biasRow, 0, xw, row);
                }
                K.add(width, xw, row, hr, row, gate, 0);
                cell(0, gate, xw, row, hr, row, bias, h, c, b * hd, rh);
            }
            if (rh != null) {
                product(K, batch, hd, hd, rh, r, 2 * hd * hd, packed == null ? null : packed.rh[0], hn, hd);
                for (int b = 0; b < batch; b++) {
                    resetBefore(gate, xw, b * g, hr, b * g, hn, h, b * hd);
                }
            }
        }

        /** {@link #run} for one row by the aligned weights: the summed gates in one GEMV, a GRU's h gate apart. */
        private void runAligned(float[] x) {
            int hd = hidden;
            int rows = summedRows();
            System.arraycopy(x, 0, xh, 0, inputs);
            System.arraycopy(h, 0, xh, inputs, hd);
            K.gemv(aligned.joined(), 0, rows, 0, inputs + hd, 1f, xh, 0, 0f, gate, 0);
            if (biasRow != null) {
                K.add(rows, gate, 0, biasRow, 0, gate, 0);
            }
            if (kind == Kind.GRU) {
                // the h gate's XWh + Wbh (+ Rbh without linear_before_reset); with it, H Rh^T too, before r scales it
                K.gemv(aligned.wh(), 0, hd, 0, inputs, 1f, x, 0, 0f, xw, rows);
                if (biasRow != null) {
                    K.add(hd, xw, rows, biasRow, rows, xw, rows);
                }
                if (linearBeforeReset) {
                    K.gemv(aligned.rh(), 0, hd, 0, hd, 1f, h, 0, 0f, hr, rows);
                }
            }
            cell(0, gate, xw, 0, hr, 0, bias, h, c, 0, rh);
            if (rh != null) {
                K.gemv(aligned.rh(), 0, hd, 0, hd, 1f, rh, 0, 0f, hn, 0);
                resetBefore(gate, xw, 0, hr, 0, hn, h, 0);
            }
        }
    }

    /**
     * One row's new state from its gate pre-activations {@code gate[0, width)} (XW + Wb + Rb + H R^T), by ONNX's
     * equations for this node in direction {@code d}: into {@code hs} (and {@code cs}) at {@code ho}. {@code xw} at
     * {@code xwRow} is the row's input projection and {@code hr} at {@code hrRow} its recurrent product (a GRU with
     * linear_before_reset reads their h parts, and adds Rbh to hr's in place). A GRU with the reset before stores
     * r * H in {@code rh} and its z, r gates back in {@code hr}, for {@link #resetBefore} once (r * H) Rh^T is known.
     */
    private void cell(int d, float[] gate, float[] xw, int xwRow, float[] hr, int hrRow, float[] bias, float[] hs,
                      float[] cs, int ho, float[] rh) {
        int h = hidden;
        switch (kind) {
            case RNN -> {
                activate(activation[d], h, gate, 0);
                System.arraycopy(gate, 0, hs, ho, h);
            }
            case LSTM -> {
                K.sigmoid(3 * h, gate, 0, gate, 0);        // i, o, f
                K.tanh(h, gate, 3 * h, gate, 3 * h);        // c~
                K.productSum(h, gate, 2 * h, cs, ho, gate, 0, gate, 3 * h, cs, ho);     // C = f * C + i * c~
                K.tanh(h, cs, ho, gate, 3 * h);
                K.mul(h, gate, h, gate, 3 * h, hs, ho);                                // H = o * tanh(C)
            }
            case GRU -> {
                K.sigmoid(2 * h, gate, 0, gate, 0);        // z, r
                if (linearBeforeReset) {
                    // h~ = tanh(XWh + Wbh + r * (H Rh^T + Rbh))
                    if (bias != null) {
                        int rbh = d * 2 * gates() * h + gates() * h + 2 * h;
                        K.add(h, hr, hrRow + 2 * h, bias, rbh, hr, hrRow + 2 * h);
                    }
                    System.arraycopy(xw, xwRow + 2 * h, gate, 2 * h, h);
                    K.addProduct(h, gate, h, hr, hrRow + 2 * h, gate, 2 * h);
                    K.tanh(h, gate, 2 * h, gate, 2 * h);
                    update(gate, hs, ho, h);
                } else {
                    // r * H now; the h gate waits for (r * H) Rh^T
                    K.mul(h, gate, h, hs, ho, rh, ho);
                    System.arraycopy(gate, 0, hr, hrRow, 2 * h);
                }
            }
        }
    }

    /**
     * A GRU with the reset before finishes one row: h~ = tanh(XWh + Wbh + Rbh + (r * H) Rh^T), with the z, r gates
     * that {@link #cell} left in {@code hr} at {@code hrRow} and (r * H) Rh^T in {@code hn}; into {@code hs} at {@code ho}.
     */
    private void resetBefore(float[] gate, float[] xw, int xwRow, float[] hr, int hrRow, float[] hn, float[] hs,
                             int ho) {
        int h = hidden;
        System.arraycopy(hr, hrRow, gate, 0, 2 * h);
        K.add(h, xw, xwRow + 2 * h, hn, ho, gate, 2 * h);
        K.tanh(h, gate, 2 * h, gate, 2 * h);
        update(gate, hs, ho, h);
    }

    /** GRU: H = (1 - z) * h~ + z * H = h~ + z * (H - h~), with z in gate[0, h) and h~ in gate[2h, 3h). */
    private static void update(float[] gate, float[] hs, int ho, int h) {
        K.lerp(h, gate, 0, gate, 2 * h, hs, ho, hs, ho);
    }

    private static void activate(Activation a, int n, float[] v, int off) {
        switch (a) {
            case SIGMOID -> K.sigmoid(n, v, off, v, off);
            case TANH -> K.tanh(n, v, off, v, off);
            case RELU -> K.relu(n, v, off, v, off);
        }
    }

    private static float[] state(OnnxTensor t, int[] shape, String what) {
        if (t == null) {
            return new float[shape[0] * shape[1] * shape[2]];
        }
        float[] v = Ops.floats(t, what);
        if (!Arrays.equals(t.shapeRef(), shape)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shapeRef()) + ", expected "
                    + Arrays.toString(shape) + " [num_directions, batch_size, hidden_size]");
        }
        return v;
    }
}
