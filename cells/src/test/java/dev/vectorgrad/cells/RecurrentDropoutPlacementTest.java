package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards where a stacked recurrent layer applies dropout: as PyTorch, on the output of every
 * layer but the last, in training mode only. Checked on both paths (fused and composed), for
 * every cell type, 1 to 3 layers, one and both directions:
 * <ul>
 *   <li>the training output equals a hand-built stack: each layer run alone (no dropout), and
 *       between layers the inverted-dropout mask drawn from the layer's generator (a layer over
 *       given weights draws from {@code new SplittableRandom(seed).split()}; {@code Ops.dropout}
 *       takes one {@code nextDouble()} per element in flat order, dropping it when below p and
 *       scaling the rest by 1/(1-p));</li>
 *   <li>properties that need no knowledge of the generator: one layer trains exactly as it
 *       evaluates; the last output step of the last layer is its final h; two layers train
 *       differently from how they evaluate, while layer 0's own final state does not change;</li>
 *   <li>evaluation mode is deterministic and equals the same weights without dropout.</li>
 * </ul>
 *
 * <p>Tolerance: none, equality is exact. Each comparison is between runs of the same kernels on
 * the same values in the same order (a mask element is 0 or exactly 2 at p = 0.5, and the
 * product by it is the one {@code Ops.dropout} makes), so the results are bitwise identical;
 * a misplaced or missing mask changes values by O(0.1), checked for the differing cases with
 * a margin of 1e-3.
 */
class RecurrentDropoutPlacementTest {

    static final int STEPS = 4;
    static final int BATCH = 3;
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final double P = 0.5;
    static final long SEED = 21;
    /** A change by a misplaced mask is O(0.1); runs that must differ must differ by at least this. */
    static final double MIN_DIFFERENCE = 1e-3;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (int layers = 1; layers <= 3; layers++) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean fused : new boolean[] {true, false}) {
                        list.add(Arguments.of(type, layers, bi, fused));
                    }
                }
            }
        }
        return list.stream();
    }

    static Stream<Arguments> typesAndPaths() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (boolean fused : new boolean[] {true, false}) {
                list.add(Arguments.of(type, fused));
            }
        }
        return list.stream();
    }

    static RecurrentOptions options(int layers, boolean bi, double dropout) {
        return RecurrentOptions.defaults().withDType(DType.F64).withLayers(layers).withBidirectional(bi)
                .withDropout(dropout).withSeed(SEED);
    }

    /** A layer of {@code type} over {@code weights} (index layer * directions + direction). */
    static Recurrent over(CellType type, RecurrentOptions o, List<CellWeights> weights) {
        return switch (type) {
            case RNN_TANH, RNN_RELU -> new Rnn(o, weights);
            case LSTM -> new Lstm(o, weights);
            case GRU -> new Gru(o, weights);
        };
    }

    /** Seeded weights for every layer and direction of a {@code layers}-layer stack. */
    static List<CellWeights> weights(CellType type, int layers, boolean bi) {
        Recurrent template = FusedEqualsComposedTest.layer(type, IN, HIDDEN, options(layers, bi, 0).withSeed(3));
        List<CellWeights> list = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < template.options().directions(); d++) {
                list.add(template.weights(l, d));
            }
        }
        return list;
    }

    static CellState initial(CellType type, int cells) {
        return new CellState(Tensor.uniform(DType.F64, -1, 1, 7, cells, BATCH, HIDDEN),
                type.hasCellState() ? Tensor.uniform(DType.F64, -1, 1, 8, cells, BATCH, HIDDEN) : null);
    }

    static Tensor input() {
        return Tensor.uniform(DType.F64, -1, 1, 6, STEPS, BATCH, IN);
    }

    static SequenceOutput run(Recurrent rnn, Tensor x, CellState init, boolean fused) {
        return fused ? rnn.forward(x, null, init) : rnn.forwardComposed(x, null, init);
    }

    /** Entries {@code [from, from + count)} of the first axis of {@code t}, as a new tensor. */
    static Tensor rows(Tensor t, int from, int count) {
        int per = t.size() / t.dim(0);
        int[] shape = t.shape().clone();
        shape[0] = count;
        return Tensor.of(Arrays.copyOfRange(t.toDoubleArray(), from * per, (from + count) * per), shape);
    }

    static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} fused={3}")
    @MethodSource("configs")
    void trainingOutputIsTheStackWithMasksBetweenLayersOnly(CellType type, int layers, boolean bi, boolean fused) {
        List<CellWeights> weights = weights(type, layers, bi);
        Recurrent rnn = over(type, options(layers, bi, P), weights);
        assertTrue(rnn.isTraining(), "a new layer trains, as in PyTorch");
        int directions = rnn.options().directions();
        Tensor x = input();
        CellState init = initial(type, layers * directions);
        SequenceOutput actual = run(rnn, x, init, fused);

        // The expectation: each layer alone (one layer, no dropout, evaluation mode), hand-made masks between.
        SplittableRandom random = new SplittableRandom(SEED).split();
        Tensor layerInput = x;
        List<Double> h = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Recurrent single = over(type, options(1, bi, 0), weights.subList(l * directions, (l + 1) * directions));
            single.train(false);
            CellState s = new CellState(rows(init.h(), l * directions, directions),
                    init.c() == null ? null : rows(init.c(), l * directions, directions));
            SequenceOutput out = run(single, layerInput, s, fused);
            for (double v : out.state().h().toDoubleArray()) {
                h.add(v);
            }
            if (out.state().c() != null) {
                for (double v : out.state().c().toDoubleArray()) {
                    c.add(v);
                }
            }
            layerInput = out.output();
            if (l < layers - 1) {
                double[] v = layerInput.toDoubleArray();
                int dropped = 0;
                for (int i = 0; i < v.length; i++) {
                    if (random.nextDouble() < P) {
                        v[i] = 0;
                        dropped++;
                    } else {
                        v[i] *= 1 / (1 - P);
                    }
                }
                assertTrue(dropped > 0 && dropped < v.length, "the mask after layer " + l + " drops some, not all");
                layerInput = Tensor.of(v, layerInput.shape());
            }
        }
        String what = type + " layers=" + layers + (bi ? " bidirectional" : "") + (fused ? " fused" : " composed");
        assertArrayEquals(layerInput.toDoubleArray(), actual.output().toDoubleArray(), what + ": output");
        assertArrayEquals(h.stream().mapToDouble(Double::doubleValue).toArray(), actual.state().h().toDoubleArray(),
                what + ": final h");
        if (type.hasCellState()) {
            assertArrayEquals(c.stream().mapToDouble(Double::doubleValue).toArray(),
                    actual.state().c().toDoubleArray(), what + ": final c");
        }
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("typesAndPaths")
    void oneLayerTrainsExactlyAsItEvaluates(CellType type, boolean fused) {
        for (boolean bi : new boolean[] {false, true}) {
            Recurrent rnn = over(type, options(1, bi, P), weights(type, 1, bi));
            Tensor x = input();
            CellState init = initial(type, rnn.options().directions());
            SequenceOutput training = run(rnn, x, init, fused);
            rnn.train(false);
            assertFalse(rnn.isTraining());
            SequenceOutput eval = run(rnn, x, init, fused);
            assertArrayEquals(eval.output().toDoubleArray(), training.output().toDoubleArray(),
                    type + " bidirectional=" + bi + ": no dropout after the only (last) layer");
            assertArrayEquals(eval.state().h().toDoubleArray(), training.state().h().toDoubleArray());
        }
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("typesAndPaths")
    void lastOutputStepIsTheLastLayersFinalState(CellType type, boolean fused) {
        for (int layers = 1; layers <= 3; layers++) {
            Recurrent rnn = over(type, options(layers, false, P), weights(type, layers, false));
            SequenceOutput out = run(rnn, input(), initial(type, layers), fused);
            double[] lastStep = Arrays.copyOfRange(out.output().toDoubleArray(), (STEPS - 1) * BATCH * HIDDEN,
                    STEPS * BATCH * HIDDEN);
            double[] lastH = Arrays.copyOfRange(out.state().h().toDoubleArray(), (layers - 1) * BATCH * HIDDEN,
                    layers * BATCH * HIDDEN);
            assertArrayEquals(lastH, lastStep, type + " layers=" + layers + ": the output of the last layer is undropped");
        }
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("typesAndPaths")
    void dropoutBetweenTwoLayersActsInTrainingOnly(CellType type, boolean fused) {
        List<CellWeights> weights = weights(type, 2, false);
        Recurrent rnn = over(type, options(2, false, P), weights);
        Tensor x = input();
        CellState init = initial(type, 2);
        SequenceOutput training = run(rnn, x, init, fused);
        SequenceOutput eval = run(rnn.train(false), x, init, fused);
        int per = BATCH * HIDDEN;
        double[] trainH = training.state().h().toDoubleArray();
        double[] evalH = eval.state().h().toDoubleArray();
        // Layer 0 runs before any dropout: its final state is the same in both modes.
        assertArrayEquals(Arrays.copyOfRange(evalH, 0, per), Arrays.copyOfRange(trainH, 0, per),
                type + ": layer 0's final h does not depend on the mode");
        // Layer 1 reads layer 0's dropped output in training: output and its final state change.
        assertTrue(maxDifference(eval.output().toDoubleArray(), training.output().toDoubleArray()) >= MIN_DIFFERENCE,
                type + ": training output should differ from evaluation output with dropout between two layers");
        assertTrue(maxDifference(Arrays.copyOfRange(evalH, per, 2 * per), Arrays.copyOfRange(trainH, per, 2 * per))
                >= MIN_DIFFERENCE, type + ": layer 1's final h should change under dropout");
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("typesAndPaths")
    void evaluationIsDeterministicAndEqualsNoDropout(CellType type, boolean fused) {
        for (int layers = 1; layers <= 3; layers++) {
            for (boolean bi : new boolean[] {false, true}) {
                List<CellWeights> weights = weights(type, layers, bi);
                Recurrent rnn = over(type, options(layers, bi, P), weights).train(false);
                Recurrent plain = over(type, options(layers, bi, 0), weights);
                Tensor x = input();
                CellState init = initial(type, layers * rnn.options().directions());
                SequenceOutput first = run(rnn, x, init, fused);
                SequenceOutput second = run(rnn, x, init, fused);
                SequenceOutput expected = run(plain, x, init, fused);
                String what = type + " layers=" + layers + " bidirectional=" + bi;
                assertArrayEquals(expected.output().toDoubleArray(), first.output().toDoubleArray(), what);
                assertArrayEquals(expected.state().h().toDoubleArray(), first.state().h().toDoubleArray(), what);
                assertArrayEquals(first.output().toDoubleArray(), second.output().toDoubleArray(), what + " (again)");
                // Back to training: with more than one layer the masks act again.
                if (layers > 1) {
                    SequenceOutput training = run(rnn.train(true), x, init, fused);
                    assertTrue(maxDifference(expected.output().toDoubleArray(), training.output().toDoubleArray())
                            >= MIN_DIFFERENCE, what + ": training again applies dropout");
                }
            }
        }
    }
}
