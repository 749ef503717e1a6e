package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A recurrent layer (input 128, hidden 256, float) over a batch of 32 sequences of 64 steps,
 * {@code [T, B, I]} from a zero state: the forward pass alone (under {@link Tape#noGrad()}, as for
 * inference over whole sequences) and one training step (forward on a tape, MSE against fixed
 * targets, backward, Adam update, zero gradients, tape reset). Reported as tokens (batch x steps)
 * per second. The training step runs time-major and also batch-first ({@code [B, T, I]} in,
 * {@code [B, T, H]} out: the same weights and the same data transposed), in the same run, so the
 * two compare directly.
 */
@State(Scope.Thread)
public class SequenceBench {

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"32"})
    public int batch;

    @Param({"64"})
    public int steps;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1", "2"})
    public int threads;

    private Recurrent layer;
    private Tensor input;
    private Tensor target;
    private Adam adam;
    private Recurrent batchFirstLayer;
    private Tensor batchFirstInput;
    private Tensor batchFirstTarget;
    private Adam batchFirstAdam;
    private Tape tape;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        layer = Rnns.layer(cell);
        input = Tensor.uniform(DType.F32, -1, 1, 3, steps, batch, Rnns.INPUT);
        target = Tensor.uniform(DType.F32, -1, 1, 4, steps, batch, Rnns.HIDDEN);
        adam = Adam.builder(1e-3).build(layer.parameters());
        batchFirstLayer = Rnns.layer(cell, RecurrentOptions.defaults().withBatchFirst(true));
        batchFirstInput = Shapes.transpose(input, 0, 1);
        batchFirstTarget = Shapes.transpose(target, 0, 1);
        batchFirstAdam = Adam.builder(1e-3).build(batchFirstLayer.parameters());
        // Setup runs on the benchmark thread; the tape is thread-confined and would say so otherwise.
        tape = Tape.open();
    }

    @TearDown
    public void tearDown() {
        tape.close();
    }

    @Benchmark
    public Tensor forward_vectorgrad() {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            return layer.forward(input).output();
        }
    }

    @Benchmark
    public double train_vectorgrad() {
        Tensor loss = Losses.mse(layer.forward(input).output(), target);
        tape.backward(loss);
        adam.step();
        adam.zeroGrad();
        double value = loss.item();
        tape.reset();
        return value;
    }

    /** {@link #train_vectorgrad} batch-first. */
    @Benchmark
    public double trainBatchFirst_vectorgrad() {
        Tensor loss = Losses.mse(batchFirstLayer.forward(batchFirstInput).output(), batchFirstTarget);
        tape.backward(loss);
        batchFirstAdam.step();
        batchFirstAdam.zeroGrad();
        double value = loss.item();
        tape.reset();
        return value;
    }
}
