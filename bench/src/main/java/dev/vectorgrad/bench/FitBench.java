package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.losses.Loss;
import dev.vectorgrad.models.losses.SparseCategoricalCrossentropy;
import dev.vectorgrad.models.optimizers.Optimizer;
import dev.vectorgrad.models.optimizers.RMSprop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code Sequential.fit} costs over the training loop a user writes by hand, on the char-model workload of
 * the Keras tutorial (examples' {@code CharRnn}): {@code SimpleRNN(128, return_sequences)} + {@code Dense(vocab,
 * softmax)}, {@code RMSprop(0.01)}, {@code sparse_categorical_crossentropy}, windows of {@code seq} one-hot
 * characters over a vocabulary of {@code vocab}, {@code batch} windows per step. One invocation is one epoch over
 * {@code windows} windows, shuffled, in both forms:
 * <ul>
 *   <li>{@link #fitEpoch_vectorgrad}: {@code model.fit(x, y, epochs 1, batch, shuffle, verbose 0)}, which adds the
 *       input checks, the batch gathering, the running loss, the logs and the {@code History} callback;
 *   <li>{@link #handLoop_vectorgrad}: the same steps written out: a seeded Fisher-Yates order, each batch's rows
 *       gathered into fresh tensors, then forward on a tape, loss, backward, the optimizer's update and zeroed
 *       gradients.
 * </ul>
 * Both models start from the same weights and each has its own optimizer of the same configuration; every
 * iteration restores the starting weights, so neither drifts into a different numeric regime. The issue asks for
 * {@code fitEpoch} at most 1.05x {@code handLoop}.
 */
@State(Scope.Thread)
public class FitBench {

    @Param({"65"})
    public int vocab;

    @Param({"40"})
    public int seq;

    @Param({"32"})
    public int batch;

    @Param({"512"})
    public int windows;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private Sequential fitModel;
    private Sequential handModel;
    private final Loss handLoss = new SparseCategoricalCrossentropy();
    private final Optimizer handOptimizer = new RMSprop(0.01);
    private Map<String, Tensor> initial;
    private Tensor x;
    private Tensor y;
    private FitOptions options;
    private long epoch;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        fitModel = charModel().compile(new RMSprop(0.01), "sparse_categorical_crossentropy");
        handModel = charModel();
        handOptimizer.build(handModel.parameters());
        initial = new LinkedHashMap<>();
        fitModel.stateDict().forEach((name, t) -> initial.put(name, Tensor.of(t.toFloatArray(), t.shape())));
        handModel.loadStateDict(initial);
        // A random text: window i holds characters i*seq .. i*seq+seq-1 one-hot, the targets are the next ones.
        SplittableRandom random = new SplittableRandom(7);
        int[] text = new int[windows * seq + 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextInt(vocab);
        }
        float[] xs = new float[windows * seq * vocab];
        float[] ys = new float[windows * seq];
        for (int i = 0; i < windows * seq; i++) {
            xs[i * vocab + text[i]] = 1;
            ys[i] = text[i + 1];
        }
        x = Tensor.of(xs, windows, seq, vocab);
        y = Tensor.of(ys, windows, seq);
        options = FitOptions.defaults().epochs(1).batchSize(batch).shuffle(true).verbose(0);
        // Both optimizers are bound to their variables before the first timed call.
        fitModel.fit(x, y, options);
        handEpoch();
    }

    /** Puts both models back on the starting weights, so that every iteration trains from the same point. */
    @Setup(Level.Iteration)
    public void restoreWeights() {
        fitModel.loadStateDict(initial);
        handModel.loadStateDict(initial);
    }

    private Sequential charModel() {
        Sequential model = new Sequential(new Input(seq, vocab),
                SimpleRNN.builder(128).returnSequences(true).seed(1).build(),
                Dense.builder(vocab).activation("softmax").seed(2).build());
        return model;
    }

    @Benchmark
    public History fitEpoch_vectorgrad() {
        return fitModel.fit(x, y, options.seed(epoch++));
    }

    @Benchmark
    public double handLoop_vectorgrad() {
        return handEpoch();
    }

    /** One epoch of the hand-written loop; returns the last batch's loss. */
    private double handEpoch() {
        int[] order = new int[windows];
        for (int i = 0; i < windows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(epoch++);
        for (int i = windows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Tensor> parameters = handModel.parameters();
        handModel.train(true);
        double last = Double.NaN;
        for (int from = 0; from < windows; from += batch) {
            int to = Math.min(windows, from + batch);
            Tensor xb = rows(x, order, from, to);
            Tensor yb = rows(y, order, from, to);
            try (Tape tape = Tape.open()) {
                Tensor l = handLoss.call(yb, handModel.call(xb));
                last = l.item();
                tape.backward(l);
            }
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                handOptimizer.apply();
            }
            for (Tensor p : parameters) {
                p.zeroGrad();
            }
        }
        return last;
    }

    /** Rows {@code order[from..to)} of {@code t}, copied into a new tensor. */
    private static Tensor rows(Tensor t, int[] order, int from, int to) {
        int[] shape = t.shape();
        int row = t.size() / shape[0];
        shape[0] = to - from;
        Tensor out = Tensor.zeros(DType.F32, shape);
        float[] src = t.dataF32();
        float[] dst = out.dataF32();
        for (int r = from; r < to; r++) {
            System.arraycopy(src, order[r] * row, dst, (r - from) * row, row);
        }
        return out;
    }
}
