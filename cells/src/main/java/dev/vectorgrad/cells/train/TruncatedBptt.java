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
import java.util.List;

/**
 * Truncated backpropagation through time: a long sequence is cut into chunks of
 * {@code chunkLength} steps; each chunk runs from the state the previous one ended in (detached,
 * so gradients stop at the chunk boundary), is backpropagated, optionally clipped by global
 * norm, and updates the parameters. Memory is that of one chunk, whatever the sequence length.
 */
public final class TruncatedBptt {

    /** The loss of one chunk, given the layer's output over steps {@code [start, end)} of the sequence. */
    @FunctionalInterface
    public interface ChunkLoss {
        Tensor loss(SequenceOutput chunkOutput, int start, int end);
    }

    /**
     * Builds the layer's input {@code [end - start, B, I]} for steps {@code [start, end)}, on the
     * chunk's tape, so that layers before the recurrent one (an embedding lookup) train too.
     */
    @FunctionalInterface
    public interface ChunkInput {
        Tensor input(int start, int end);
    }

    /** Per-chunk losses and the state the last chunk ended in. */
    public record Result(List<Double> losses, CellState finalState) {
    }

    private final Recurrent layer;
    private final Optimizer optimizer;
    private final int chunkLength;
    private final double maxGradNorm;

    /**
     * @param optimizer   updates the parameters after each chunk (it should hold the layer's
     *                    parameters and those of any head the loss uses)
     * @param maxGradNorm clip the global gradient norm of the optimizer's parameters to this before
     *                    each update ({@link GradClip#byNorm}); {@code Double.POSITIVE_INFINITY} for no clipping
     */
    public TruncatedBptt(Recurrent layer, Optimizer optimizer, int chunkLength, double maxGradNorm) {
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
    }

    /**
     * Trains over {@code input [T, B, I]} chunk by chunk, starting from {@code initial} (or zeros).
     * The returned state is detached: pass it as the next call's initial state to continue a stream.
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
        try (Tape tape = Tape.open()) {
            for (int start = 0; start < steps; start += chunkLength) {
                int end = Math.min(steps, start + chunkLength);
                Tensor chunk = input.input(start, end);
                SequenceOutput out = layer.forward(chunk, null, state);
                Tensor l = loss.loss(out, start, end);
                losses.add(l.item());
                tape.backward(l);
                if (maxGradNorm != Double.POSITIVE_INFINITY) {
                    GradClip.byNorm(optimizer.parameters(), maxGradNorm);
                }
                optimizer.step();
                optimizer.zeroGrad();
                state = out.state().detach();
                tape.reset();
            }
        }
        return new Result(losses, state);
    }
}
