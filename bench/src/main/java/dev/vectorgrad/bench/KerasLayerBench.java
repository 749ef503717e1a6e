package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.RecurrentLayer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A Keras-style recurrent layer ({@code models.layers.LSTM}/{@code GRU}, Keras's layout, {@code return_sequences})
 * against the cells layer it runs on ({@code cells.Lstm}/{@code Gru}, batch-first), on the shapes of
 * {@link SequenceBench} (input 128, units 256, float, 32 sequences of 64 steps, {@code [B, T, I]} in and
 * {@code [B, T, H]} out, from a zero state): one training step each (forward on a tape, MSE against fixed targets,
 * backward, Adam update, zero gradients, tape reset) and the forward pass alone under {@link Tape#noGrad()}. The
 * Keras layer's overhead is its per-call mapping of the weights to the cells' layout (transposes, the GRU's block
 * swap), also measured alone ({@link #mapWeights_vectorgrad}); the issue asks for at most 1.05x the cells layer's
 * time.
 */
@State(Scope.Thread)
public class KerasLayerBench {

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"32"})
    public int batch;

    @Param({"64"})
    public int steps;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1", "2"})
    public int threads;

    private Recurrent cells;
    private Adam cellsAdam;
    private RecurrentLayer keras;
    private Adam kerasAdam;
    private Tensor input;
    private Tensor target;
    private Tape tape;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        cells = Rnns.layer(cell, RecurrentOptions.defaults().withBatchFirst(true));
        cellsAdam = Adam.builder(1e-3).build(cells.parameters());
        keras = switch (cell) {
            case "lstm" -> LSTM.builder(Rnns.HIDDEN).returnSequences(true).seed(0).build();
            case "gru" -> GRU.builder(Rnns.HIDDEN).returnSequences(true).seed(0).build();
            default -> throw new IllegalArgumentException("cell must be lstm or gru, got '" + cell + "'");
        };
        keras.build(new int[] {-1, Rnns.INPUT});
        if (!keras.runsFused()) {
            throw new IllegalStateException("the Keras layer does not run fused: " + keras);
        }
        kerasAdam = Adam.builder(1e-3).build(keras.parameters());
        input = Tensor.uniform(DType.F32, -1, 1, 3, batch, steps, Rnns.INPUT);
        target = Tensor.uniform(DType.F32, -1, 1, 4, batch, steps, Rnns.HIDDEN);
        // Setup runs on the benchmark thread; the tape is thread-confined.
        tape = Tape.open();
    }

    @TearDown
    public void tearDown() {
        tape.close();
    }

    @Benchmark
    public double trainCells_vectorgrad() {
        Tensor loss = Losses.mse(cells.forward(input).output(), target);
        tape.backward(loss);
        cellsAdam.step();
        cellsAdam.zeroGrad();
        double value = loss.item();
        tape.reset();
        return value;
    }

    /** {@link #trainCells_vectorgrad} through the Keras-style layer. */
    @Benchmark
    public double trainKeras_vectorgrad() {
        Tensor loss = Losses.mse(keras.call(input), target);
        tape.backward(loss);
        kerasAdam.step();
        kerasAdam.zeroGrad();
        double value = loss.item();
        tape.reset();
        return value;
    }

    /**
     * The work the Keras layer adds to a training step, measured alone: its weights mapped to the cells' layout and
     * copied once more ({@link RecurrentLayer#toCellWeights()}: the forward map plus a copy the size of the backward
     * map's). Short and so far less exposed to a shared machine's drift than the two training steps: with
     * {@code trainCells} it bounds the overhead as {@code 1 + mapWeights / trainCells}.
     */
    @Benchmark
    public Object mapWeights_vectorgrad() {
        return keras.toCellWeights();
    }

    @Benchmark
    public Tensor forwardCells_vectorgrad() {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            return cells.forward(input).output();
        }
    }

    @Benchmark
    public Tensor forwardKeras_vectorgrad() {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            return keras.call(input);
        }
    }
}
