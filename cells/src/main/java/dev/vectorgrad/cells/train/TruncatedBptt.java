package dev.vectorgrad.cells.train;

import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.GradClip;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.CellState;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.SequenceOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Truncated backpropagation through time: a long sequence is cut into chunks of
 * {@code chunkLength} steps; each chunk runs from the state the previous one ended in (detached,
 * so gradients stop at the chunk boundary), is backpropagated, optionally clipped by global
 * norm, and updates the parameters.
 *
 * <p><b>Memory</b> is that of one chunk, whatever the sequence length: the tape is reset after
 * every chunk, and only the detached state and one loss value per chunk are carried (a 100,000-step
 * run uses the same heap after its last chunk as after its first; {@code LongSequenceMemoryTest}).
 *
 * <p><b>Non-finite values.</b> Before each update the chunk's loss and then every gradient of the
 * optimizer's parameters are checked. A NaN or infinite value (from a NaN in the input, a weight
 * that has blown up, a learning rate too high) is handled by the {@link NonFinitePolicy}:
 * {@link NonFinitePolicy#THROW} (the default) stops with an {@link ArithmeticException} naming the
 * chunk, its steps and the value; {@link NonFinitePolicy#SKIP_CHUNK} skips the chunk. Either way
 * the non-finite gradients are discarded and never reach the parameters or the optimizer's state.
 * In a hand-written loop, {@link GradClip#byNorm(java.util.Collection, double)} gives the same
 * protection: it throws on a non-finite gradient by default, and
 * {@code byNorm(params, max, false)} returns the non-finite norm so the loop can skip the step.
 *
 * <p><b>Determinism:</b> with the same seeds (layer, head, data) and the same kernel thread count,
 * two runs give bitwise-identical losses and parameters.
 *
 * <pre>{@code
 * Optimizer adam = Adam.builder(1e-3).build(model.parameters());       // the LSTM's and the head's
 * TruncatedBptt tbptt = new TruncatedBptt(model.lstm, adam, 50, 1.0);   // 50-step chunks, clip at norm 1
 * TruncatedBptt.Result r = tbptt.run(x, model.lstm.zeroState(batch), (out, start, end) ->
 *         Losses.mse(model.head.forward(out.output()), Shapes.slice(y, 0, start, end)));
 * }</pre>
 */
public final class TruncatedBptt {

    /** What a run does with a chunk whose loss or gradients are NaN or infinite. */
    public enum NonFinitePolicy {
        /**
         * Throw an {@link ArithmeticException} that names the chunk, its steps and the value; the
         * parameters and the optimizer are as after the previous chunk, and gradients are cleared.
         */
        THROW,
        /**
         * Skip the chunk as if it had not been there: no update, its gradients cleared, and the
         * next chunk starts from the state this one started from. Its loss is still listed, and its
         * index is in {@link Result#skippedChunks()}.
         */
        SKIP_CHUNK
    }

    /** The loss of one chunk, given the layer's output over steps {@code [start, end)} of the sequence. */
    @FunctionalInterface
    public interface ChunkLoss {
        /** The scalar loss of the chunk whose output over steps {@code [start, end)} is {@code chunkOutput}. */
        Tensor loss(SequenceOutput chunkOutput, int start, int end);
    }

    /**
     * Builds the layer's input {@code [end - start, B, I]} for steps {@code [start, end)}, on the
     * chunk's tape, so that layers before the recurrent one (an embedding lookup) train too.
     */
    @FunctionalInterface
    public interface ChunkInput {
        /** The layer's input for steps {@code [start, end)}. */
        Tensor input(int start, int end);
    }

    /**
     * Per-chunk losses (skipped chunks included), the state the last chunk ended in, and the
     * indices of the chunks skipped under {@link NonFinitePolicy#SKIP_CHUNK}.
     */
    public record Result(List<Double> losses, CellState finalState, List<Integer> skippedChunks) {
        /** A result with no skipped chunks. */
        public Result(List<Double> losses, CellState finalState) {
            this(losses, finalState, List.of());
        }
    }

    private final Recurrent layer;
    private final Optimizer optimizer;
    private final int chunkLength;
    private final double maxGradNorm;
    private final NonFinitePolicy nonFinite;

    /**
     * A trainer that throws on a non-finite loss or gradient ({@link NonFinitePolicy#THROW}).
     *
     * @param optimizer   updates the parameters after each chunk (it should hold the layer's
     *                    parameters and those of any head the loss uses)
     * @param maxGradNorm clip the global gradient norm of the optimizer's parameters to this before
     *                    each update ({@link GradClip#byNorm}); {@code Double.POSITIVE_INFINITY} for no clipping
     */
    public TruncatedBptt(Recurrent layer, Optimizer optimizer, int chunkLength, double maxGradNorm) {
        this(layer, optimizer, chunkLength, maxGradNorm, NonFinitePolicy.THROW);
    }

    /** As {@link #TruncatedBptt(Recurrent, Optimizer, int, double)}, with a policy for non-finite values. */
    public TruncatedBptt(Recurrent layer, Optimizer optimizer, int chunkLength, double maxGradNorm,
                         NonFinitePolicy nonFinite) {
        if (chunkLength < 1) {
            throw new IllegalArgumentException("TruncatedBptt: chunkLength must be >= 1, got " + chunkLength);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("TruncatedBptt: maxGradNorm must be positive, got " + maxGradNorm);
        }
        if (layer.options().batchFirst()) {
            throw new IllegalArgumentException("TruncatedBptt: needs a time-major layer ([T, B, I]), this one is batch-first");
        }
        this.layer = layer;
        this.optimizer = optimizer;
        this.chunkLength = chunkLength;
        this.maxGradNorm = maxGradNorm;
        this.nonFinite = Objects.requireNonNull(nonFinite, "TruncatedBptt: nonFinite policy");
    }

    /**
     * Trains over {@code input [T, B, I]} chunk by chunk, starting from {@code initial} (or zeros).
     * The returned state is detached: pass it as the next call's initial state to continue a stream.
     *
     * @throws ArithmeticException under {@link NonFinitePolicy#THROW}, when a chunk's loss or a
     *                             gradient is NaN or infinite
     */
    public Result run(Tensor input, CellState initial, ChunkLoss loss) {
        return run(input.dim(0), (start, end) -> Shapes.slice(input, 0, start, end), initial, loss);
    }

    /**
     * Trains over {@code steps} steps whose input each chunk builds with {@code input}; otherwise
     * as {@link #run(Tensor, CellState, ChunkLoss)}.
     */
    public Result run(int steps, ChunkInput input, CellState initial, ChunkLoss loss) {
        if (steps < 0) {
            throw new IllegalArgumentException("TruncatedBptt: steps must be >= 0, got " + steps);
        }
        CellState state = initial;
        List<Double> losses = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        try (Tape tape = Tape.open()) {
            for (int start = 0, chunk = 0; start < steps; start += chunkLength, chunk++) {
                int end = Math.min(steps, start + chunkLength);
                Tensor chunkInput = input.input(start, end);
                SequenceOutput out = layer.forward(chunkInput, null, state);
                Tensor l = loss.loss(out, start, end);
                double value = l.item();
                losses.add(value);
                String problem = null;
                if (!Double.isFinite(value)) {
                    problem = "the loss is " + value;
                } else {
                    tape.backward(l);
                    problem = firstNonFiniteGradient();
                }
                if (problem != null) {
                    optimizer.zeroGrad();
                    tape.reset();
                    if (nonFinite == NonFinitePolicy.THROW) {
                        throw new ArithmeticException("TruncatedBptt: chunk " + chunk + " (steps [" + start + ", " + end
                                + ")): " + problem + "; stopped before updating, so the parameters are as "
                                + (chunk == 0 ? "before the run" : "after chunk " + (chunk - 1))
                                + " (use NonFinitePolicy.SKIP_CHUNK to skip such chunks instead)");
                    }
                    skipped.add(chunk);
                    continue; // the next chunk starts from this one's initial state
                }
                if (maxGradNorm != Double.POSITIVE_INFINITY) {
                    GradClip.byNorm(optimizer.parameters(), maxGradNorm);
                }
                optimizer.step();
                optimizer.zeroGrad();
                state = out.state().detach();
                tape.reset();
            }
        }
        return new Result(losses, state, List.copyOf(skipped));
    }

    /** Describes the first NaN or infinite gradient element of the optimizer's parameters, or null. */
    private String firstNonFiniteGradient() {
        int index = 0;
        for (Tensor p : optimizer.parameters()) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    double v = g.get(i);
                    if (!Double.isFinite(v)) {
                        Map<Tensor, String> names = new IdentityHashMap<>();
                        for (Map.Entry<String, Tensor> e : layer.namedParameters().entrySet()) {
                            names.put(e.getValue(), e.getKey());
                        }
                        String name = names.getOrDefault(p, "optimizer parameter " + index);
                        return "the gradient of " + name + " " + Arrays.toString(p.shape()) + " holds " + v
                                + " at element " + i;
                    }
                }
            }
            index++;
        }
        return null;
    }
}
