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
 * {@code tanh(c)}. When nothing will be recorded ({@link Tape#willRecord}) nothing is saved, and
 * the input projection is made a few steps at a time into a cache-sized buffer.
 * Backward walks the steps in reverse (its per-step product by {@code W_hh} packed once too),
 * producing the pre-activation gate gradients of every step; the weight, bias and input gradients
 * are then each one GEMM over all steps.
 *
 * <p>Threads: the products over all steps split as any kernel product does. The step loops split
 * the batch instead: each of up to {@link Compute#threads()} groups of rows runs all its steps on
 * one thread, since rows never interact (one hand-off per sequence, not one per step). Results do
 * not depend on the split.
 *
 * <p>Rows past their sequence's length keep their state and output zero; their gate gradients
 * are zero and the state gradient passes through them unchanged.
 *
 * <p>Layouts: the input and the output are each time-major {@code [T, B, F]} or batch-first
 * {@code [B, T, F]} ({@link Layout}), read and written in place; what is kept between forward and
 * backward is time-major either way. Each step's rows are then contiguous, and every sum over steps
 * and rows (the weight and bias gradients) runs in the time-major order, so a batch-first sequence
 * gives the same bits as the time-major one. A row's input projection does not depend on where
 * the row sits in its product (the packed product's blocking does not depend on the rows), so the
 * batch-first input is projected by products over runs of its rows, in place. Backward makes
 * the time-major products: the input gradient is copied to time-major rows and back around its
 * product, and the {@code W_ih} gradient reads a time-major copy of the input (a product over the
 * batch-first rows would sum them in another order). Those copies are backward's alone; forward
 * copies nothing.
 *
 * <p>The gate equations and their derivatives are {@link GateEquations}'; here are the products,
 * the biases, the state kept per step and the walk over steps and rows.
 */
final class FusedSequence {

    /** How the rows of a sequence tensor are ordered. */
    enum Layout {
        /** {@code [T, B, F]}: row {@code t * B + b}. */
        TIME_MAJOR,
        /** {@code [B, T, F]}: row {@code b * T + t}. */
        BATCH_FIRST
    }

    /** Below this many recurrent multiply-adds (x 2) a sequence runs on one thread: as the kernels' split. */
    private static final long PARALLEL_FLOPS = 1L << 24;
    /**
     * Gate elements kept at once when nothing is saved (1 MB of floats): the input projection is
     * then made a chunk of steps at a time, into a buffer that stays in cache, instead of for all.
     */
    private static final int UNSAVED_GATES = 1 << 18;

    private final CellWeights w;
    private final CellType type;
    /** The gate equations' kernels on this thread ({@link #serial}). */
    private final TensorGateKernels kernels;
    /** For the products over all steps, split over the kernel threads. */
    private final Compute c;
    /** For the work of one row group, which already has its thread. */
    private final Compute serial;
    private final int steps;
    private final int batch;
    private final int in;
    private final int hidden;
    private final int width;
    private final int[] lengths;
    private final boolean reverse;
    private final Layout inputLayout;
    private final Layout outputLayout;
    private final int groups;
    /** Whether backward will run: otherwise nothing is saved, and {@code act} holds a chunk of steps. */
    private final boolean save;
    /** Steps whose gates {@code act} holds: all when saved. */
    private final int chunk;

    /** The output, in {@link #outputLayout}; an RNN's backward reads its activations from it. */
    private final Tensor out;
    // Saved by forward, in time order ([T, B, ...]); without save, act holds a chunk of steps and
    // tanhC and ghn one step's [B, H].
    private final Tensor act;
    private final Tensor hPrev;
    private final Tensor cPrev;
    private final Tensor tanhC;
    private final Tensor ghn;

    private FusedSequence(CellWeights w, int steps, int batch, int[] lengths, boolean reverse, Layout inputLayout,
                          Layout outputLayout, int groups, boolean save) {
        this.w = w;
        this.type = w.type();
        this.c = Compute.of(w.dtype());
        this.serial = Compute.serial(w.dtype());
        this.kernels = new TensorGateKernels(serial);
        this.steps = steps;
        this.batch = batch;
        this.in = w.inputSize();
        this.hidden = w.hiddenSize();
        this.width = type.gates() * hidden;
        this.lengths = lengths;
        this.reverse = reverse;
        this.inputLayout = inputLayout;
        this.outputLayout = outputLayout;
        this.groups = groups;
        this.save = save;
        var dtype = w.dtype();
        this.chunk = save ? steps : Math.min(steps, Math.max(1, UNSAVED_GATES / Math.max(1, batch * width)));
        this.out = outputLayout == Layout.TIME_MAJOR ? Tensor.zeros(dtype, steps, batch, hidden)
                : Tensor.zeros(dtype, batch, steps, hidden);
        this.act = Tensor.zeros(dtype, chunk * batch * width);
        int saved = steps * batch * hidden;
        this.hPrev = save ? Tensor.zeros(dtype, saved) : null;
        boolean lstm = type == CellType.LSTM;
        this.cPrev = lstm && save ? Tensor.zeros(dtype, saved) : null;
        this.tanhC = lstm ? Tensor.zeros(dtype, save ? saved : batch * hidden) : null;
        this.ghn = type == CellType.GRU ? Tensor.zeros(dtype, save ? saved : batch * hidden) : null;
    }

    /**
     * Runs the sequence {@code x} ({@code [T, B, I]}, or {@code [B, T, I]} batch-first) from
     * {@code h0 [B, H]} (and {@code c0}) and records one node. Returns
     * {@code {output, hT [B, H]}} plus {@code cT} for an LSTM, the output {@code [T, B, H]} or
     * {@code [B, T, H]} as {@code outputLayout} says.
     */
    static Tensor[] run(CellWeights w, Tensor x, Layout inputLayout, Layout outputLayout, Tensor h0, Tensor c0,
                        int[] lengths, boolean reverse) {
        int steps = steps(x, inputLayout);
        int batch = batch(x, inputLayout);
        long flops = 2L * steps * batch * w.type().gates() * w.hiddenSize() * w.hiddenSize();
        int groups = flops < PARALLEL_FLOPS ? 1 : Math.min(Compute.threads(), batch);
        return run(w, x, inputLayout, outputLayout, h0, c0, lengths, reverse, groups);
    }

    /**
     * {@link #run(CellWeights, Tensor, Layout, Layout, Tensor, Tensor, int[], boolean)} of a time-major
     * sequence with the batch rows split into {@code groups} contiguous groups, each of which runs all
     * its steps, forward and backward, on one thread (rows never interact, so there is no barrier per
     * step). Every row is computed the same way whatever the split.
     */
    static Tensor[] run(CellWeights w, Tensor x, Tensor h0, Tensor c0, int[] lengths, boolean reverse, int groups) {
        return run(w, x, Layout.TIME_MAJOR, Layout.TIME_MAJOR, h0, c0, lengths, reverse, groups);
    }

    private static Tensor[] run(CellWeights w, Tensor x, Layout inputLayout, Layout outputLayout, Tensor h0,
                                Tensor c0, int[] lengths, boolean reverse, int groups) {
        Tensor[] inputs = c0 == null
                ? new Tensor[] {x, w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), h0}
                : new Tensor[] {x, w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), h0, c0};
        FusedSequence f = new FusedSequence(w, steps(x, inputLayout), batch(x, inputLayout), lengths, reverse,
                inputLayout, outputLayout, groups, Tape.willRecord(inputs));
        Tensor[] outputs = f.forward(x, h0, c0);
        return Tape.record(w.type() + " sequence", inputs, outputs, (g, gi) -> f.backward(x, g, gi));
    }

    private static int steps(Tensor x, Layout layout) {
        return x.dim(layout == Layout.TIME_MAJOR ? 0 : 1);
    }

    private static int batch(Tensor x, Layout layout) {
        return x.dim(layout == Layout.TIME_MAJOR ? 1 : 0);
    }

    private boolean valid(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    private int time(int s) {
        return reverse ? steps - 1 - s : s;
    }

    /** Row of time {@code t} and sequence {@code b} in a {@code [T, B, ...]} or {@code [B, T, ...]} tensor. */
    private int row(Layout layout, int t, int b) {
        return layout == Layout.TIME_MAJOR ? t * batch + b : b * steps + t;
    }

    /** First batch row of row group {@code g} ({@code g == groups} gives the batch size). */
    private int firstRow(int g) {
        return partStart(g, batch);
    }

    /** Start of part {@code p} when {@code total} items are split into {@code groups} contiguous parts. */
    private int partStart(int p, int total) {
        return (int) ((long) p * total / groups);
    }

    private Tensor[] forward(Tensor x, Tensor h0, Tensor c0) {
        var dtype = w.dtype();
        Tensor h = Tensor.zeros(dtype, batch, hidden);
        c.copy(h.size(), h0, 0, h, 0);
        Tensor cell = c0 == null ? null : Tensor.zeros(dtype, batch, hidden);
        if (cell != null) {
            c.copy(cell.size(), c0, 0, cell, 0);
        }
        // A GRU keeps b_hn and the n rows of W_hh apart: r scales their sum (ghn).
        boolean gru = type == CellType.GRU;
        int recurrent = GateEquations.recurrentInGates(type) * hidden;
        Tensor bias = Tensor.zeros(dtype, width);
        c.copy(width, w.biasIh(), 0, bias, 0);
        c.add(recurrent, bias, 0, w.biasHh(), 0, bias, 0);
        Compute.Packed wih = c.pack(true, in, width, w.weightIh(), 0, in);
        Compute.Packed whh = c.pack(true, hidden, recurrent, w.weightHh(), 0, hidden);
        Compute.Packed whn = gru ? c.pack(true, hidden, hidden, w.weightHh(), recurrent * hidden, hidden) : null;
        for (int s0 = 0; s0 < steps; s0 += chunk) {
            int s1 = Math.min(steps, s0 + chunk);
            // Input projection of the chunk's steps (times [first, first + s1 - s0)) at once; the
            // biases are added per step, in the row groups.
            int first = reverse ? steps - s1 : s0;
            project(x, wih, first, s1 - s0);
            int from = s0;
            var v = new GateEquations.StepVectors<>(act, h, cell, tanhC, ghn);
            Compute.forEachPart(groups, g -> forwardRows(firstRow(g), firstRow(g + 1), from, s1, first, bias, whh, whn,
                    h, cell, v));
        }
        return cell == null ? new Tensor[] {out, h} : new Tensor[] {out, h, cell};
    }

    /**
     * {@code act} (time-major rows) = {@code x W_ih^T} for the {@code count} times from {@code first}.
     * Time-major, those rows of {@code x} are one block: one product. Batch-first, each sequence's
     * rows are contiguous and each step's are {@code T} rows apart: one product per sequence, or per
     * step when the steps are fewer, each writing its rows where the single product would; the row
     * groups' threads share them out.
     */
    private void project(Tensor x, Compute.Packed wih, int first, int count) {
        if (inputLayout == Layout.TIME_MAJOR) {
            c.gemm(false, count * batch, width, in, 1, x, first * batch * in, in, wih, 0, act, 0, width);
            return;
        }
        boolean perSequence = count >= batch;
        int products = perSequence ? batch : count;
        Compute.forEachPart(groups, g -> projectRuns(x, wih, first, count, perSequence, partStart(g, products),
                partStart(g + 1, products)));
    }

    /** Products {@code [from, to)} of {@link #project}: of sequences, or of steps from {@code first}. */
    private void projectRuns(Tensor x, Compute.Packed wih, int first, int count, boolean perSequence, int from,
                             int to) {
        for (int p = from; p < to; p++) {
            if (perSequence) {
                serial.gemm(false, count, width, in, 1, x, (p * steps + first) * in, in, wih, 0, act, p * width,
                        batch * width);
            } else {
                serial.gemm(false, batch, width, in, 1, x, (first + p) * in, steps * in, wih, 0, act,
                        p * batch * width, width);
            }
        }
    }

    /**
     * Steps {@code [s0, s1)} of batch rows {@code [from, to)}; {@code act} holds the gates of
     * times from {@code first}. {@code h} and {@code cell} are {@code [B, H]}: each row group
     * touches only its own rows. {@code whh}: the rows of {@code W_hh} whose product goes
     * into the gates (all but a GRU's n rows, {@code whn}).
     */
    private void forwardRows(int from, int to, int s0, int s1, int first, Tensor bias, Compute.Packed whh,
                             Compute.Packed whn, Tensor h, Tensor cell, GateEquations.StepVectors<Tensor> v) {
        int rows = to - from;
        int recurrent = GateEquations.recurrentInGates(type) * hidden;
        for (int s = s0; s < s1; s++) {
            int t = time(s);
            int base = t * batch;
            int gates = (t - first) * batch;
            if (save) {
                serial.copy(rows * hidden, h, from * hidden, hPrev, (base + from) * hidden);
                if (cell != null) {
                    serial.copy(rows * hidden, cell, from * hidden, cPrev, (base + from) * hidden);
                }
            }
            for (int b = from; b < to; b++) {
                serial.add(width, act, (gates + b) * width, bias, 0, act, (gates + b) * width);
            }
            serial.gemm(false, rows, recurrent, hidden, 1, h, from * hidden, hidden, whh,
                    1, act, (gates + from) * width, width);
            if (whn != null) {
                serial.gemm(false, rows, hidden, hidden, 1, h, from * hidden, hidden, whn,
                        0, ghn, ((save ? base : 0) + from) * hidden, hidden);
            }
            for (int b = from; b < to; b++) {
                if (!valid(t, b)) {
                    continue;
                }
                int hb = b * hidden;
                // Where this step's saved values go: by time when saved, else one step's scratch.
                int so = save ? (base + b) * hidden : hb;
                if (whn != null) {
                    serial.add(hidden, ghn, so, w.biasHh(), recurrent, ghn, so);
                }
                GateEquations.forward(type, kernels, hidden, v, (gates + b) * width, hb, so);
                serial.copy(hidden, h, hb, out, row(outputLayout, t, b) * hidden);
            }
        }
    }

    /** gi: {x, W_ih, W_hh, b_ih, b_hh, h0, c0?}; g: {output, hT, cT?}. */
    private void backward(Tensor x, Tensor[] g, Tensor[] gi) {
        var dtype = w.dtype();
        int rows = steps * batch;
        Tensor dh = Tensor.zeros(dtype, batch, hidden);
        c.copy(dh.size(), g[1], 0, dh, 0);
        Tensor dc = type == CellType.LSTM ? Tensor.zeros(dtype, batch, hidden) : null;
        if (dc != null) {
            c.copy(dc.size(), g[2], 0, dc, 0);
        }
        Tensor dGates = Tensor.zeros(dtype, rows * width);
        // GRU: the recurrent part of the n gate is scaled by r, so it gets its own gradient.
        Tensor dRecurrent = type == CellType.GRU ? Tensor.zeros(dtype, rows * width) : dGates;
        Tensor tmp = Tensor.zeros(dtype, batch, hidden);
        Tensor tmp2 = Tensor.zeros(dtype, batch, hidden);
        Compute.Packed whh = c.pack(false, width, hidden, w.weightHh(), 0, hidden);
        var v = new GateEquations.GradientVectors<>(act, dGates, dRecurrent, dh, dc, tmp, tmp2, hPrev, cPrev, tanhC,
                ghn, out);
        Compute.forEachPart(groups, gr -> backwardRows(firstRow(gr), firstRow(gr + 1), g[0], whh, v));
        if (gi[0] != null) {
            backwardInput(dGates, gi[0]);
        }
        if (gi[1] != null) {
            Tensor timeMajor = backwardTimeMajorInput(x);
            c.gemm(true, false, width, in, rows, 1, dGates, 0, width, timeMajor, 0, in, 1, gi[1], 0, in);
        }
        if (gi[2] != null) {
            c.gemm(true, false, width, hidden, rows, 1, dRecurrent, 0, width, hPrev, 0, hidden, 1, gi[2], 0, hidden);
        }
        if (gi[3] != null || gi[4] != null) {
            // The bias gradients: column sums over all steps; b_hh's are b_ih's but for a GRU's n gate.
            Tensor sums = Tensor.zeros(dtype, width);
            columnSums(dGates, 0, width, sums);
            if (gi[3] != null) {
                c.add(width, gi[3], 0, sums, 0, gi[3], 0);
            }
            if (gi[4] != null) {
                if (dRecurrent != dGates) {
                    c.fill(hidden, 0, sums, 2 * hidden);
                    columnSums(dRecurrent, 2 * hidden, hidden, sums);
                }
                c.add(width, gi[4], 0, sums, 0, gi[4], 0);
            }
        }
        if (gi[5] != null) {
            c.add(dh.size(), gi[5], 0, dh, 0, gi[5], 0);
        }
        if (dc != null && gi[6] != null) {
            c.add(dc.size(), gi[6], 0, dc, 0, gi[6], 0);
        }
    }

    /**
     * Adds the sums over all rows of columns {@code [from, from + count)} of {@code m [T * B, width]}
     * to {@code sums} at {@code from}. Split by columns, each column's rows added in order, so the
     * result does not depend on the split.
     */
    private void columnSums(Tensor m, int from, int count, Tensor sums) {
        int rows = steps * batch;
        Compute.forEachPart(groups, p -> {
            int first = from + partStart(p, count);
            int end = from + partStart(p + 1, count);
            for (int r = 0; r < rows; r++) {
                serial.add(end - first, sums, first, m, r * width + first, sums, first);
            }
        });
    }

    /**
     * {@code dx += dGates W_ih}. Batch-first, {@code dx} is copied to time-major rows, the product
     * added there and the rows copied back: the same product on the same values as time-major, so
     * the same bits (a product per run of rows could take another route through the kernels, and
     * a product added to its own rows would round a sum of blocks in another order).
     */
    private void backwardInput(Tensor dGates, Tensor dx) {
        int rows = steps * batch;
        Tensor timeMajor = dx;
        if (inputLayout == Layout.BATCH_FIRST) {
            timeMajor = Tensor.zeros(w.dtype(), rows * in);
            copyRows(in, dx, Layout.BATCH_FIRST, timeMajor, Layout.TIME_MAJOR);
        }
        c.gemm(false, false, rows, in, width, 1, dGates, 0, width, w.weightIh(), 0, in, 1, timeMajor, 0, in);
        if (inputLayout == Layout.BATCH_FIRST) {
            copyRows(in, timeMajor, Layout.TIME_MAJOR, dx, Layout.BATCH_FIRST);
        }
    }

    /** The input in time-major rows, for the {@code W_ih} gradient's sum over all rows in time order. */
    private Tensor backwardTimeMajorInput(Tensor x) {
        if (inputLayout == Layout.TIME_MAJOR) {
            return x;
        }
        Tensor timeMajor = Tensor.zeros(w.dtype(), steps * batch * in);
        copyRows(in, x, Layout.BATCH_FIRST, timeMajor, Layout.TIME_MAJOR);
        return timeMajor;
    }

    /** Copies every (time, sequence) row of {@code n} elements from {@code src} to {@code dst}, between layouts. */
    private void copyRows(int n, Tensor src, Layout from, Tensor dst, Layout to) {
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                serial.copy(n, src, row(from, t, b) * n, dst, row(to, t, b) * n);
            }
        }
    }

    /** The reverse walk over all steps for batch rows {@code [from, to)} (the state gradients' rows are its own). */
    private void backwardRows(int from, int to, Tensor dOut, Compute.Packed whh,
                              GateEquations.GradientVectors<Tensor> v) {
        Tensor dh = v.dh();
        Tensor dRecurrent = v.dRecurrent();
        for (int s = steps - 1; s >= 0; s--) {
            int t = time(s);
            int base = t * batch;
            for (int b = from; b < to; b++) {
                if (!valid(t, b)) {
                    continue;
                }
                int hb = b * hidden;
                int y = row(outputLayout, t, b) * hidden;
                serial.add(hidden, dh, hb, dOut, y, dh, hb);
                GateEquations.backward(type, kernels, hidden, v, (base + b) * width, hb, (base + b) * hidden, y);
            }
            // dh_prev += dGates_t W_hh  (rows past their length have zero gate gradients: dh passes through)
            serial.gemm(false, to - from, hidden, width, 1, dRecurrent, (base + from) * width, width, whh,
                    1, dh, from * hidden, hidden);
        }
    }

    /** The gate equations' kernels over tensors: a {@link Compute} on one thread. */
    private static final class TensorGateKernels implements GateEquations.GradientKernels<Tensor> {
        private final Compute c;

        TensorGateKernels(Compute c) {
            this.c = c;
        }

        @Override
        public void sigmoid(int n, Tensor x, int xOff, Tensor out, int outOff) {
            c.sigmoid(n, x, xOff, out, outOff);
        }

        @Override
        public void tanh(int n, Tensor x, int xOff, Tensor out, int outOff) {
            c.tanh(n, x, xOff, out, outOff);
        }

        @Override
        public void relu(int n, Tensor x, int xOff, Tensor out, int outOff) {
            c.relu(n, x, xOff, out, outOff);
        }

        @Override
        public void mul(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
            c.mul(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void addProduct(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
            c.addProduct(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void productSum(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor cc, int cOff, Tensor d, int dOff,
                               Tensor out, int outOff) {
            c.productSum(n, a, aOff, b, bOff, cc, cOff, d, dOff, out, outOff);
        }

        @Override
        public void lerp(int n, Tensor t, int tOff, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff) {
            c.lerp(n, t, tOff, a, aOff, b, bOff, out, outOff);
        }

        @Override
        public void add(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
            c.add(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void sub(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
            c.sub(n, x, xOff, y, yOff, out, outOff);
        }

        @Override
        public void copy(int n, Tensor src, int srcOff, Tensor dst, int dstOff) {
            c.copy(n, src, srcOff, dst, dstOff);
        }

        @Override
        public void zero(int n, Tensor x, int xOff) {
            c.fill(n, 0, x, xOff);
        }

        @Override
        public void tanhBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
            c.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void sigmoidBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
            c.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void reluBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
            c.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }
    }
}
