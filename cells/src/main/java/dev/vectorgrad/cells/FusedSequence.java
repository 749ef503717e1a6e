package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.internal.Compute;

/**
 * One layer and direction of a recurrent layer over a whole sequence as a single tape node,
 * with a hand-written backward (the cuDNN / oneDNN pattern).
 *
 * <p>Forward: the input projection of all {@code T} steps is one GEMM; each step adds the
 * recurrent product {@code h W_hh^T} (one GEMM per step, against {@code W_hh} packed once per
 * sequence in the layout the GEMM micro-kernel reads) and applies the gate activations to it in
 * place. Saved for backward: the activated gates, the state before each step and
 * {@code tanh(c)}. Backward walks the steps in reverse (its per-step product by {@code W_hh}
 * packed once too), producing the pre-activation gate gradients of every step; the weight, bias and input gradients are then each one GEMM over
 * all steps.
 *
 * <p>Rows past their sequence's length keep their state and output zero; their gate gradients
 * are zero and the state gradient passes through them unchanged.
 */
final class FusedSequence {

    private final CellWeights w;
    private final CellType type;
    private final Compute c;
    private final int steps;
    private final int batch;
    private final int in;
    private final int hidden;
    private final int width;
    private final int[] lengths;
    private final boolean reverse;

    // Saved by forward, in time order ([T, B, ...]).
    private final Tensor act;
    private final Tensor hPrev;
    private final Tensor cPrev;
    private final Tensor tanhC;
    private final Tensor ghn;

    private FusedSequence(CellWeights w, int steps, int batch, int[] lengths, boolean reverse) {
        this.w = w;
        this.type = w.type();
        this.c = Compute.of(w.dtype());
        this.steps = steps;
        this.batch = batch;
        this.in = w.inputSize();
        this.hidden = w.hiddenSize();
        this.width = type.gates() * hidden;
        this.lengths = lengths;
        this.reverse = reverse;
        var dtype = w.dtype();
        this.act = Tensor.zeros(dtype, steps * batch * width);
        this.hPrev = Tensor.zeros(dtype, steps * batch * hidden);
        boolean lstm = type == CellType.LSTM;
        this.cPrev = lstm ? Tensor.zeros(dtype, steps * batch * hidden) : null;
        this.tanhC = lstm ? Tensor.zeros(dtype, steps * batch * hidden) : null;
        this.ghn = type == CellType.GRU ? Tensor.zeros(dtype, steps * batch * hidden) : null;
    }

    /**
     * Runs the sequence {@code x [T, B, I]} from {@code h0 [B, H]} (and {@code c0}) and records
     * one node. Returns {@code {output [T, B, H], hT [B, H]}} plus {@code cT} for an LSTM.
     */
    static Tensor[] run(CellWeights w, Tensor x, Tensor h0, Tensor c0, int[] lengths, boolean reverse) {
        FusedSequence f = new FusedSequence(w, x.dim(0), x.dim(1), lengths, reverse);
        Tensor[] outputs = f.forward(x, h0, c0);
        Tensor[] inputs = c0 == null
                ? new Tensor[] {x, w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), h0}
                : new Tensor[] {x, w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), h0, c0};
        return Tape.record(w.type() + " sequence", inputs, outputs, (g, gi) -> f.backward(x, g, gi));
    }

    private boolean valid(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    private int time(int s) {
        return reverse ? steps - 1 - s : s;
    }

    private Tensor[] forward(Tensor x, Tensor h0, Tensor c0) {
        var dtype = w.dtype();
        Tensor out = Tensor.zeros(dtype, steps, batch, hidden);
        Tensor h = Tensor.zeros(dtype, batch, hidden);
        c.copy(h.size(), h0, 0, h, 0);
        Tensor cell = null;
        if (c0 != null) {
            cell = Tensor.zeros(dtype, batch, hidden);
            c.copy(cell.size(), c0, 0, cell, 0);
        }
        int rows = steps * batch;
        // Input projection of every step at once, plus the biases that can be merged.
        c.gemm(false, true, rows, width, in, 1, x, 0, in, w.weightIh(), 0, in, 0, act, 0, width);
        Tensor bias = Tensor.zeros(dtype, width);
        c.copy(width, w.biasIh(), 0, bias, 0);
        if (type != CellType.GRU) {
            c.add(width, bias, 0, w.biasHh(), 0, bias, 0);
        }
        for (int r = 0; r < rows; r++) {
            c.add(width, act, r * width, bias, 0, act, r * width);
        }
        Tensor gh = type == CellType.GRU ? Tensor.zeros(dtype, batch, width) : null;
        Tensor tmp = Tensor.zeros(dtype, hidden);
        Compute.Packed whh = c.pack(true, hidden, width, w.weightHh(), 0, hidden);
        for (int s = 0; s < steps; s++) {
            int t = time(s);
            int base = t * batch;
            c.copy(batch * hidden, h, 0, hPrev, base * hidden);
            if (cell != null) {
                c.copy(batch * hidden, cell, 0, cPrev, base * hidden);
            }
            if (gh == null) {
                c.gemm(false, batch, width, hidden, 1, h, 0, hidden, whh, 1, act, base * width, width);
            } else {
                c.gemm(false, batch, width, hidden, 1, h, 0, hidden, whh, 0, gh, 0, width);
            }
            for (int b = 0; b < batch; b++) {
                if (!valid(t, b)) {
                    continue;
                }
                int a = (base + b) * width;
                int hb = b * hidden;
                int o = (base + b) * hidden;
                switch (type) {
                    case RNN_TANH -> c.tanh(hidden, act, a, act, a);
                    case RNN_RELU -> c.relu(hidden, act, a, act, a);
                    case LSTM -> {
                        c.sigmoid(2 * hidden, act, a, act, a);
                        c.tanh(hidden, act, a + 2 * hidden, act, a + 2 * hidden);
                        c.sigmoid(hidden, act, a + 3 * hidden, act, a + 3 * hidden);
                        // c = f * c + i * g;  h = o * tanh(c)
                        c.productSum(hidden, act, a + hidden, cell, hb, act, a, act, a + 2 * hidden, cell, hb);
                        c.tanh(hidden, cell, hb, tanhC, o);
                    }
                    case GRU -> {
                        int gb = b * width;
                        c.add(width, gh, gb, w.biasHh(), 0, gh, gb);
                        c.add(2 * hidden, act, a, gh, gb, act, a);
                        c.sigmoid(2 * hidden, act, a, act, a);
                        c.copy(hidden, gh, gb + 2 * hidden, ghn, o);
                        // n = tanh(gi_n + r * gh_n)
                        c.addProduct(hidden, act, a, gh, gb + 2 * hidden, act, a + 2 * hidden);
                        c.tanh(hidden, act, a + 2 * hidden, act, a + 2 * hidden);
                    }
                    default -> throw new AssertionError(type);
                }
                newHidden(a, hb, o, h, tmp);
                c.copy(hidden, h, hb, out, o);
            }
        }
        return cell == null ? new Tensor[] {out, h} : new Tensor[] {out, h, cell};
    }

    /** Writes the new hidden state of one row into {@code h} at {@code hb}. */
    private void newHidden(int a, int hb, int o, Tensor h, Tensor tmp) {
        switch (type) {
            case RNN_TANH, RNN_RELU -> c.copy(hidden, act, a, h, hb);
            case LSTM -> c.mul(hidden, act, a + 3 * hidden, tanhC, o, h, hb);
            case GRU -> {
                // h = n + z * (h - n)
                int n = a + 2 * hidden;
                c.sub(hidden, h, hb, act, n, tmp, 0);
                c.mul(hidden, act, a + hidden, tmp, 0, tmp, 0);
                c.add(hidden, act, n, tmp, 0, h, hb);
            }
            default -> throw new AssertionError(type);
        }
    }

    /** gi: {x, W_ih, W_hh, b_ih, b_hh, h0, c0?}; g: {output, hT, cT?}. */
    private void backward(Tensor x, Tensor[] g, Tensor[] gi) {
        var dtype = w.dtype();
        int rows = steps * batch;
        Tensor dh = Tensor.zeros(dtype, batch, hidden);
        c.copy(dh.size(), g[1], 0, dh, 0);
        Tensor dc = null;
        if (type == CellType.LSTM) {
            dc = Tensor.zeros(dtype, batch, hidden);
            c.copy(dc.size(), g[2], 0, dc, 0);
        }
        Tensor dGates = Tensor.zeros(dtype, rows * width);
        // GRU: the recurrent part of the n gate is scaled by r, so it gets its own gradient.
        Tensor dRecurrent = type == CellType.GRU ? Tensor.zeros(dtype, rows * width) : dGates;
        Tensor tmp = Tensor.zeros(dtype, hidden);
        Tensor tmp2 = Tensor.zeros(dtype, hidden);
        Compute.Packed whh = c.pack(false, width, hidden, w.weightHh(), 0, hidden);
        for (int s = steps - 1; s >= 0; s--) {
            int t = time(s);
            int base = t * batch;
            for (int b = 0; b < batch; b++) {
                if (!valid(t, b)) {
                    continue;
                }
                int a = (base + b) * width;
                int hb = b * hidden;
                int o = (base + b) * hidden;
                c.add(hidden, dh, hb, g[0], o, dh, hb);
                switch (type) {
                    case RNN_TANH -> c.tanhBackward(hidden, act, a, dh, hb, dGates, a);
                    case RNN_RELU -> c.reluBackward(hidden, act, a, dh, hb, dGates, a);
                    case LSTM -> {
                        int i = a;
                        int f = a + hidden;
                        int gg = a + 2 * hidden;
                        int og = a + 3 * hidden;
                        c.mul(hidden, dh, hb, tanhC, o, tmp, 0);
                        c.sigmoidBackward(hidden, act, og, tmp, 0, dGates, og);
                        c.mul(hidden, dh, hb, act, og, tmp, 0);
                        c.tanhBackward(hidden, tanhC, o, tmp, 0, tmp, 0);
                        c.add(hidden, dc, hb, tmp, 0, dc, hb);
                        c.mul(hidden, dc, hb, act, gg, tmp, 0);
                        c.sigmoidBackward(hidden, act, i, tmp, 0, dGates, i);
                        c.mul(hidden, dc, hb, act, i, tmp, 0);
                        c.tanhBackward(hidden, act, gg, tmp, 0, dGates, gg);
                        c.mul(hidden, dc, hb, cPrev, o, tmp, 0);
                        c.sigmoidBackward(hidden, act, f, tmp, 0, dGates, f);
                        c.mul(hidden, dc, hb, act, f, dc, hb);
                    }
                    case GRU -> {
                        int r = a;
                        int z = a + hidden;
                        int n = a + 2 * hidden;
                        // dz = dh (hPrev - n);  dn = dh (1 - z) = dh - dh z;  direct dh_prev = dh z
                        c.sub(hidden, hPrev, o, act, n, tmp, 0);
                        c.mul(hidden, dh, hb, tmp, 0, tmp, 0);
                        c.sigmoidBackward(hidden, act, z, tmp, 0, dGates, z);
                        c.mul(hidden, dh, hb, act, z, tmp2, 0);
                        c.sub(hidden, dh, hb, tmp2, 0, tmp, 0);
                        c.tanhBackward(hidden, act, n, tmp, 0, dGates, n);
                        c.mul(hidden, dGates, n, act, r, dRecurrent, n);
                        c.mul(hidden, dGates, n, ghn, o, tmp, 0);
                        c.sigmoidBackward(hidden, act, r, tmp, 0, dGates, r);
                        c.copy(2 * hidden, dGates, r, dRecurrent, r);
                        c.copy(hidden, tmp2, 0, dh, hb);
                    }
                    default -> throw new AssertionError(type);
                }
                if (type != CellType.GRU) {
                    c.fill(hidden, 0, dh, hb);
                }
            }
            // dh_prev += dGates_t W_hh  (rows past their length have zero gate gradients: dh passes through)
            c.gemm(false, batch, hidden, width, 1, dRecurrent, base * width, width, whh, 1, dh, 0, hidden);
        }
        Tensor ones = Tensor.ones(dtype, rows);
        if (gi[0] != null) {
            c.gemm(false, false, rows, in, width, 1, dGates, 0, width, w.weightIh(), 0, in, 1, gi[0], 0, in);
        }
        if (gi[1] != null) {
            c.gemm(true, false, width, in, rows, 1, dGates, 0, width, x, 0, in, 1, gi[1], 0, in);
        }
        if (gi[2] != null) {
            c.gemm(true, false, width, hidden, rows, 1, dRecurrent, 0, width, hPrev, 0, hidden, 1, gi[2], 0, hidden);
        }
        if (gi[3] != null) {
            c.gemm(true, false, width, 1, rows, 1, dGates, 0, width, ones, 0, 1, 1, gi[3], 0, 1);
        }
        if (gi[4] != null) {
            c.gemm(true, false, width, 1, rows, 1, dRecurrent, 0, width, ones, 0, 1, 1, gi[4], 0, 1);
        }
        if (gi[5] != null) {
            c.add(dh.size(), gi[5], 0, dh, 0, gi[5], 0);
        }
        if (dc != null && gi[6] != null) {
            c.add(dc.size(), gi[6], 0, dc, 0, gi[6], 0);
        }
    }
}
