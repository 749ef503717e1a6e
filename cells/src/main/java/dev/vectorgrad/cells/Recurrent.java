package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multi-layer, optionally bidirectional recurrent layer over whole sequences, as PyTorch's
 * {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU}: same equations, parameter names
 * ({@code weight_ih_l0}, {@code bias_hh_l1_reverse}, ...), shapes and results, including
 * variable-length batches (PyTorch's packed sequences).
 *
 * <p>Not thread-safe while training (dropout draws from the layer's generator); the weights
 * are only read by {@code forward}.
 *
 * <pre>{@code
 * Recurrent layer = new Lstm(8, 16, RecurrentOptions.defaults());
 * SequenceOutput out = layer.forward(x, new int[] {10, 4}, null);   // x [10, 2, 8]: the second sequence has 4 steps
 * layer.load(Path.of("lstm.safetensors"));                          // torch.nn.LSTM(8, 16).state_dict(), strictly
 * }</pre>
 */
public abstract sealed class Recurrent extends Module permits Rnn, Lstm, Gru {

    private final CellType type;
    private final int inputSize;
    private final int hiddenSize;
    private final RecurrentOptions options;
    /** Index {@code layer * directions + direction}. */
    private final List<CellWeights> cells;
    private final SplittableRandom dropoutRandom;

    Recurrent(CellType type, int inputSize, int hiddenSize, RecurrentOptions options) {
        this(type, inputSize, hiddenSize, options, new SplittableRandom(options.seed()));
    }

    /** New weights drawn from {@code random}; dropout draws from what follows them. */
    private Recurrent(CellType type, int inputSize, int hiddenSize, RecurrentOptions options, SplittableRandom random) {
        // Arguments are evaluated left to right: the weights are drawn before the split.
        this(options, createWeights(type, inputSize, hiddenSize, options, random), random.split());
    }

    /** A layer over existing weights (index {@code layer * directions + direction}), e.g. to share or check them. */
    Recurrent(RecurrentOptions options, List<CellWeights> weights) {
        this(options, weights, new SplittableRandom(options.seed()).split());
    }

    private Recurrent(RecurrentOptions options, List<CellWeights> weights, SplittableRandom dropoutRandom) {
        int directions = options.directions();
        if (weights.size() != options.layers() * directions) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + weights.size() + " cell weights for "
                    + options.layers() + " layers x " + directions + " directions");
        }
        CellWeights first = weights.get(0);
        this.type = first.type();
        this.inputSize = first.inputSize();
        this.hiddenSize = first.hiddenSize();
        this.options = options;
        for (int i = 0; i < weights.size(); i++) {
            CellWeights w = weights.get(i);
            int expectedIn = i < directions ? inputSize : directions * hiddenSize;
            if (w.type() != type || w.hiddenSize() != hiddenSize || w.inputSize() != expectedIn
                    || w.dtype() != options.dtype()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": cell weights " + i + " are a "
                        + w.type() + " " + w.inputSize() + " -> " + w.hiddenSize() + " in " + w.dtype() + ", expected a "
                        + type + " " + expectedIn + " -> " + hiddenSize + " in " + options.dtype());
            }
        }
        this.cells = List.copyOf(weights);
        this.dropoutRandom = dropoutRandom;
        for (int layer = 0; layer < options.layers(); layer++) {
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                cells.get(layer * directions + d).registerInto(this::registerParameter, suffix);
            }
        }
    }

    /** PyTorch-initialised weights for every layer and direction, in index order. */
    private static List<CellWeights> createWeights(CellType type, int inputSize, int hiddenSize,
                                                   RecurrentOptions options, SplittableRandom random) {
        List<CellWeights> list = new ArrayList<>();
        int directions = options.directions();
        for (int layer = 0; layer < options.layers(); layer++) {
            int in = layer == 0 ? inputSize : directions * hiddenSize;
            for (int d = 0; d < directions; d++) {
                list.add(CellWeights.create(type, in, hiddenSize, options.dtype(), random));
            }
        }
        return list;
    }

    /** The cell type (RNN tanh or relu, LSTM, GRU). */
    public CellType type() {
        return type;
    }

    /** The input features of the first layer. */
    public int inputSize() {
        return inputSize;
    }

    /** The hidden size of every layer. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The options this layer was made with. */
    public RecurrentOptions options() {
        return options;
    }

    /** The cell weights of one layer and direction (0 forward, 1 reverse). */
    public CellWeights weights(int layer, int direction) {
        return cells.get(layer * options.directions() + direction);
    }

    /** Training mode (the default, as in PyTorch) applies dropout between layers; evaluation mode does not. */
    @Override
    public Recurrent train(boolean mode) {
        super.train(mode);
        return this;
    }

    @Override
    protected String describe() {
        return inputSize + ", " + hiddenSize
                + (type == CellType.RNN_RELU ? ", nonlinearity=relu" : "")
                + (options.layers() > 1 ? ", layers=" + options.layers() : "")
                + (options.bidirectional() ? ", bidirectional" : "")
                + (options.dropout() > 0 ? ", dropout=" + options.dropout() : "")
                + (options.batchFirst() ? ", batch_first" : "");
    }

    /** Runs full-length sequences from a zero state. */
    public SequenceOutput forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * Runs the layer over {@code input} ({@code [T, B, I]}, or {@code [B, T, I]} batch-first).
     *
     * @param lengths per-sequence lengths in {@code [0, T]}, or {@code null} for all {@code T}:
     *                outputs past a sequence's end are zero and its final state is the one at its
     *                last valid step (the reverse direction starts there)
     * @param initial initial states {@code [layers*D, B, H]}, or {@code null} for zeros
     */
    public SequenceOutput forward(Tensor input, int[] lengths, CellState initial) {
        return run(input, lengths, initial, true);
    }

    /**
     * The same computation as {@link #forward(Tensor, int[], CellState)} built step by step from
     * primitive autograd ops: the readable reference the fused path is tested against. Slower
     * and with a far longer tape.
     */
    public SequenceOutput forwardComposed(Tensor input, int[] lengths, CellState initial) {
        return run(input, lengths, initial, false);
    }

    private SequenceOutput run(Tensor input, int[] lengths, CellState initial, boolean fused) {
        String name = getClass().getSimpleName();
        if (input.rank() != 3 || input.dim(2) != inputSize) {
            throw new IllegalArgumentException(name + ": input is " + Arrays.toString(input.shape()) + ", expected "
                    + (options.batchFirst() ? "[batch, time, " : "[time, batch, ") + inputSize + "]");
        }
        if (input.dtype() != options.dtype()) {
            throw new IllegalArgumentException(name + ": input is " + input.dtype() + ", the layer is " + options.dtype());
        }
        // Batch-first, the fused path reads the input and writes the output in place (the first layer
        // reads [B, T, I], the last writes [B, T, H], time-major between them: a step's rows are then
        // contiguous, and dropout draws its masks as in a time-major run); the composed reference
        // transposes them.
        boolean batchFirst = options.batchFirst();
        boolean transpose = batchFirst && !fused;
        Tensor x = transpose ? Shapes.transpose(input, 0, 1) : input;
        int steps = batchFirst ? input.dim(1) : input.dim(0);
        int batch = batchFirst ? input.dim(0) : input.dim(1);
        checkLengths(name, lengths, steps, batch);
        CellState init = initial == null ? zeroState(batch) : checkInitial(name, initial, batch);
        Masks masks = lengths == null || fused ? null : new Masks(lengths, steps, options.dtype());

        int directions = options.directions();
        Tensor[] finalH = new Tensor[options.layers() * directions];
        Tensor[] finalC = type.hasCellState() ? new Tensor[finalH.length] : null;
        Tensor layerInput = x;
        for (int layer = 0; layer < options.layers(); layer++) {
            Tensor[] dirOut = new Tensor[directions];
            for (int d = 0; d < directions; d++) {
                int index = layer * directions + d;
                Tensor h0 = stateAt(init.h(), index, batch);
                Tensor c0 = finalC == null ? null : stateAt(init.c(), index, batch);
                CellState last;
                if (fused) {
                    Tensor[] r = FusedSequence.run(cells.get(index), layerInput, layout(batchFirst && layer == 0),
                            layout(batchFirst && layer == options.layers() - 1), h0, c0, lengths, d == 1);
                    dirOut[d] = r[0];
                    last = new CellState(r[1], r.length > 2 ? r[2] : null);
                } else {
                    last = composed(cells.get(index), layerInput, new CellState(h0, c0), masks, d == 1, dirOut, d);
                }
                finalH[index] = Shapes.reshape(last.h(), 1, batch, hiddenSize);
                if (finalC != null) {
                    finalC[index] = Shapes.reshape(last.c(), 1, batch, hiddenSize);
                }
            }
            layerInput = directions == 1 ? dirOut[0] : Shapes.concat(2, dirOut);
            if (layer < options.layers() - 1) {
                layerInput = Ops.dropout(layerInput, options.dropout(), isTraining(), dropoutRandom);
            }
        }
        Tensor output = transpose ? Shapes.transpose(layerInput, 0, 1) : layerInput;
        return new SequenceOutput(output,
                new CellState(Shapes.concat(0, finalH), finalC == null ? null : Shapes.concat(0, finalC)));
    }

    private static FusedSequence.Layout layout(boolean batchFirst) {
        return batchFirst ? FusedSequence.Layout.BATCH_FIRST : FusedSequence.Layout.TIME_MAJOR;
    }

    /** One direction step by step from ops; writes the outputs to {@code dirOut[d]} and returns the final state. */
    private CellState composed(CellWeights w, Tensor layerInput, CellState state, Masks masks, boolean reverse,
                               Tensor[] dirOut, int d) {
        int steps = layerInput.dim(0);
        int batch = layerInput.dim(1);
        Tensor[] outs = new Tensor[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor xt = Shapes.reshape(Shapes.slice(layerInput, 0, t, t + 1), batch, layerInput.dim(2));
            CellState next = ComposedCell.step(w, xt, state);
            Tensor out = next.h();
            if (masks != null) {
                next = masks.select(t, next, state);
                out = Ops.mul(masks.keep(t), out);
            }
            state = next;
            outs[t] = Shapes.reshape(out, 1, batch, hiddenSize);
        }
        dirOut[d] = steps == 0 ? Tensor.zeros(options.dtype(), 0, batch, hiddenSize) : Shapes.concat(0, outs);
        return state;
    }

    /** Zero initial states {@code [layers*D, batch, H]}. */
    public CellState zeroState(int batch) {
        int n = options.layers() * options.directions();
        return new CellState(Tensor.zeros(options.dtype(), n, batch, hiddenSize),
                type.hasCellState() ? Tensor.zeros(options.dtype(), n, batch, hiddenSize) : null);
    }

    private static Tensor stateAt(Tensor all, int index, int batch) {
        return Shapes.reshape(Shapes.slice(all, 0, index, index + 1), batch, all.dim(2));
    }

    private CellState checkInitial(String name, CellState initial, int batch) {
        int[] expected = {options.layers() * options.directions(), batch, hiddenSize};
        if (!Arrays.equals(initial.h().shape(), expected)) {
            throw new IllegalArgumentException(name + ": initial h is " + Arrays.toString(initial.h().shape())
                    + ", expected " + Arrays.toString(expected));
        }
        if (type.hasCellState() && (initial.c() == null || !Arrays.equals(initial.c().shape(), expected))) {
            throw new IllegalArgumentException(name + ": initial c is "
                    + (initial.c() == null ? "missing" : Arrays.toString(initial.c().shape()))
                    + ", expected " + Arrays.toString(expected));
        }
        return initial;
    }

    private static void checkLengths(String name, int[] lengths, int steps, int batch) {
        if (lengths == null) {
            return;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(name + ": " + lengths.length + " lengths for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException(name + ": length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "]");
            }
        }
    }

    /** Per-step row masks for variable-length batches: 1 where step t is inside the sequence. */
    private static final class Masks {
        private final Tensor[] keep;
        private final Tensor[] hold;

        Masks(int[] lengths, int steps, dev.vectorgrad.autograd.DType dtype) {
            keep = new Tensor[steps];
            hold = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                keep[t] = Tensor.zeros(dtype, lengths.length, 1);
                hold[t] = Tensor.zeros(dtype, lengths.length, 1);
                for (int b = 0; b < lengths.length; b++) {
                    boolean inside = t < lengths[b];
                    keep[t].set(b, inside ? 1 : 0);
                    hold[t].set(b, inside ? 0 : 1);
                }
            }
        }

        Tensor keep(int t) {
            return keep[t];
        }

        /** The new state on rows inside their sequence, the old one elsewhere (exactly: 1*a + 0*b). */
        CellState select(int t, CellState next, CellState old) {
            Tensor h = Ops.add(Ops.mul(keep[t], next.h()), Ops.mul(hold[t], old.h()));
            Tensor c = next.c() == null ? null : Ops.add(Ops.mul(keep[t], next.c()), Ops.mul(hold[t], old.c()));
            return new CellState(h, c);
        }
    }
}
