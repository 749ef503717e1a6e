package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Forward values and gradients of each op against independent plain-Java computations (loops
 * over the definitions), in F64. Element-wise results through the kernels' own math functions
 * are compared within 4 ulps-scale relative error (the kernels' documented bound is 2 ulps).
 */
class OpsTest {

    private static final double TIGHT = 1e-14;

    private static Tensor leaf(long seed, int... shape) {
        return Tensor.uniform(DType.F64, -1, 1, seed, shape).requiresGrad(true);
    }

    /** Runs {@code f} on a tape and backpropagates {@code upstream}. */
    private static Tensor run(java.util.function.Supplier<Tensor> f, Tensor upstream) {
        try (Tape tape = Tape.open()) {
            Tensor y = f.get();
            tape.backward(y, upstream);
            return y;
        }
    }

    private static double[] naiveMatmul(double[] a, double[] b, int m, int n, int k, boolean ta, boolean tb) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void matmulAndItsGradientsForEveryTransposeCombination() {
        int m = 3;
        int n = 5;
        int k = 4;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? leaf(1, k, m) : leaf(1, m, k);
                Tensor b = tb ? leaf(2, n, k) : leaf(2, k, n);
                Tensor g = Tensor.uniform(DType.F64, -1, 1, 3, m, n);
                Tensor c = run(() -> Ops.matmul(a, b, ta, tb), g);
                assertArrayEquals(naiveMatmul(a.dataF64(), b.dataF64(), m, n, k, ta, tb), c.dataF64(), TIGHT);
                // dL/dA[i][p] = sum_j g[i][j] * op(B)[p][j], stored transposed when ta
                double[] da = new double[m * k];
                double[] db = new double[k * n];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            double bv = tb ? b.get(j * k + p) : b.get(p * n + j);
                            double av = ta ? a.get(p * m + i) : a.get(i * k + p);
                            da[ta ? p * m + i : i * k + p] += g.get(i * n + j) * bv;
                            db[tb ? j * k + p : p * n + j] += g.get(i * n + j) * av;
                        }
                    }
                }
                assertArrayEquals(da, a.grad().dataF64(), TIGHT, "dA ta=" + ta + " tb=" + tb);
                assertArrayEquals(db, b.grad().dataF64(), TIGHT, "dB ta=" + ta + " tb=" + tb);
            }
        }
    }

    @Test
    void biasBroadcastAddsToEveryRowAndItsGradientIsTheColumnSum() {
        Tensor x = leaf(1, 3, 4);
        Tensor bias = leaf(2, 4);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 3, 3, 4);
        Tensor y = run(() -> Ops.add(x, bias), g);
        for (int i = 0; i < 12; i++) {
            assertEquals(x.get(i) + bias.get(i % 4), y.get(i), 0);
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(g.get(j) + g.get(4 + j) + g.get(8 + j), bias.grad().get(j), TIGHT);
        }
        assertArrayEquals(g.dataF64(), x.grad().dataF64(), 0);
    }

    @Test
    void broadcastingAlongTheLastAxisAndFromAScalar() {
        Tensor a = leaf(1, 3, 1);
        Tensor b = leaf(2, 2, 1, 4);
        Tensor s = leaf(3);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 4, 2, 3, 4);
        Tensor y = run(() -> Ops.mul(Ops.mul(a, b), s), g);
        assertArrayEquals(new int[] {2, 3, 4}, y.shape());
        double[] ga = new double[3];
        double[] gb = new double[8];
        double gs = 0;
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int at = (p * 3 + i) * 4 + j;
                    double av = a.get(i);
                    double bv = b.get(p * 4 + j);
                    assertEquals(av * bv * s.item(), y.get(at), TIGHT);
                    ga[i] += g.get(at) * bv * s.item();
                    gb[p * 4 + j] += g.get(at) * av * s.item();
                    gs += g.get(at) * av * bv;
                }
            }
        }
        assertArrayEquals(ga, a.grad().dataF64(), TIGHT);
        assertArrayEquals(gb, b.grad().dataF64(), TIGHT);
        assertEquals(gs, s.grad().item(), TIGHT);
    }

    @Test
    void subAndDivGradients() {
        Tensor a = leaf(1, 2, 3);
        Tensor b = Tensor.uniform(DType.F64, 0.5, 2, 2, 3).requiresGrad(true);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 3, 2, 3);
        Tensor y = run(() -> Ops.div(Ops.sub(a, b), b), g);
        double[] gb = new double[3];
        for (int i = 0; i < 6; i++) {
            double av = a.get(i);
            double bv = b.get(i % 3);
            assertEquals((av - bv) / bv, y.get(i), TIGHT);
            assertEquals(g.get(i) / bv, a.grad().get(i), TIGHT);
            gb[i % 3] += g.get(i) * (-av / (bv * bv));
        }
        assertArrayEquals(gb, b.grad().dataF64(), 1e-13);
    }

    @Test
    void elementwiseFunctionsAndTheirDerivatives() {
        Tensor x = Tensor.uniform(DType.F64, 0.1, 3, 5, 17).requiresGrad(true);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 6, 17);
        record Case(String name, java.util.function.UnaryOperator<Tensor> op,
                    java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator df) {
        }
        Case[] cases = {
            new Case("tanh", Ops::tanh, Math::tanh, v -> 1 - Math.tanh(v) * Math.tanh(v)),
            new Case("sigmoid", Ops::sigmoid, v -> 1 / (1 + Math.exp(-v)), v -> Math.exp(-v) / Math.pow(1 + Math.exp(-v), 2)),
            new Case("relu", Ops::relu, v -> Math.max(v, 0), v -> v > 0 ? 1 : 0),
            new Case("exp", Ops::exp, Math::exp, Math::exp),
            new Case("log", Ops::log, Math::log, v -> 1 / v),
            new Case("neg", Ops::neg, v -> -v, v -> -1),
        };
        for (Case c : cases) {
            x.zeroGrad();
            Tensor y = run(() -> c.op.apply(x), g);
            for (int i = 0; i < 17; i++) {
                double v = x.get(i);
                assertEquals(c.f.applyAsDouble(v), y.get(i), 1e-15 * Math.max(1, Math.abs(y.get(i))) * 4, c.name);
                assertEquals(g.get(i) * c.df.applyAsDouble(v), x.grad().get(i), 1e-14, c.name + " gradient");
            }
        }
    }

    @Test
    void softmaxAndLogSoftmaxRowsAndGradients() {
        Tensor x = leaf(1, 2, 5);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 2, 2, 5);
        Tensor y = run(() -> Ops.softmax(x), g);
        Tensor x2 = Tensor.of(x.dataF64(), 2, 5).requiresGrad(true);
        Tensor ly = run(() -> Ops.logSoftmax(x2), g);
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int j = 0; j < 5; j++) {
                z += Math.exp(x.get(r * 5 + j));
            }
            double gy = 0;
            double gsum = 0;
            for (int j = 0; j < 5; j++) {
                double p = Math.exp(x.get(r * 5 + j)) / z;
                assertEquals(p, y.get(r * 5 + j), TIGHT);
                assertEquals(Math.log(p), ly.get(r * 5 + j), TIGHT);
                gy += g.get(r * 5 + j) * p;
                gsum += g.get(r * 5 + j);
            }
            for (int j = 0; j < 5; j++) {
                double p = Math.exp(x.get(r * 5 + j)) / z;
                assertEquals(p * (g.get(r * 5 + j) - gy), x.grad().get(r * 5 + j), TIGHT);
                assertEquals(g.get(r * 5 + j) - p * gsum, x2.grad().get(r * 5 + j), TIGHT);
            }
        }
    }

    @Test
    void sumAndMeanOverEverythingAndAlongEachAxis() {
        Tensor x = leaf(1, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            x.zeroGrad();
            int ax = axis;
            int[] outShape = switch (axis) {
                case 0 -> new int[] {3, 4};
                case 1 -> new int[] {2, 4};
                default -> new int[] {2, 3};
            };
            Tensor g = Tensor.uniform(DType.F64, -1, 1, 9, outShape);
            Tensor y = run(() -> Ops.mean(x, ax), g);
            assertArrayEquals(outShape, y.shape());
            double[] expected = new double[y.size()];
            int len = x.dim(ax);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        int out = switch (ax) {
                            case 0 -> j * 4 + k;
                            case 1 -> i * 4 + k;
                            default -> i * 3 + j;
                        };
                        expected[out] += x.get((i * 3 + j) * 4 + k) / len;
                        assertEquals(g.get(out) / len, x.grad().get((i * 3 + j) * 4 + k), TIGHT);
                    }
                }
            }
            assertArrayEquals(expected, y.dataF64(), TIGHT);
        }
        x.zeroGrad();
        Tensor total = run(() -> Ops.sum(x), Tensor.scalar(DType.F64, 2.0));
        double s = 0;
        for (double v : x.dataF64()) {
            s += v;
        }
        assertEquals(s, total.item(), TIGHT);
        assertArrayEquals(Tensor.full(DType.F64, 2.0, 2, 3, 4).dataF64(), x.grad().dataF64(), 0);
    }

    @Test
    void concatSplitSliceReshapeTransposeMoveValuesAndGradientsBack() {
        Tensor a = leaf(1, 2, 3);
        Tensor b = leaf(2, 2, 1);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 3, 2, 4);
        Tensor c = run(() -> Ops.add(Shapes.concat(1, a, b), Tensor.zeros(DType.F64, 2, 4)), g);
        assertArrayEquals(new double[] {a.get(0), a.get(1), a.get(2), b.get(0), a.get(3), a.get(4), a.get(5), b.get(1)},
                c.dataF64(), 0);
        assertArrayEquals(new double[] {g.get(0), g.get(1), g.get(2), g.get(4), g.get(5), g.get(6)}, a.grad().dataF64(), 0);
        assertArrayEquals(new double[] {g.get(3), g.get(7)}, b.grad().dataF64(), 0);

        Tensor x = leaf(4, 3, 4);
        try (Tape tape = Tape.open()) {
            Tensor[] parts = Shapes.split(x, 0, 1, 2);
            assertArrayEquals(new int[] {2, 4}, parts[1].shape());
            tape.backward(Ops.sum(Ops.scale(parts[1], 3)));
        }
        double[] expected = new double[12];
        java.util.Arrays.fill(expected, 4, 12, 3.0);
        assertArrayEquals(expected, x.grad().dataF64(), 0);

        Tensor t = leaf(5, 2, 3, 4);
        Tensor gt = Tensor.uniform(DType.F64, -1, 1, 6, 3, 2, 4);
        Tensor tt = run(() -> Shapes.transpose(t, 0, 1), gt);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(t.get((i * 3 + j) * 4 + k), tt.get((j * 2 + i) * 4 + k), 0);
                    assertEquals(gt.get((j * 2 + i) * 4 + k), t.grad().get((i * 3 + j) * 4 + k), 0);
                }
            }
        }
        Tensor r = Shapes.reshape(t, 4, -1);
        assertArrayEquals(new int[] {4, 6}, r.shape());
        assertArrayEquals(t.dataF64(), r.dataF64(), 0);
        Tensor m = Shapes.transpose(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, m.dataF64(), 0);
    }

    @Test
    void embeddingGathersRowsAndAccumulatesRepeatedIndices() {
        Tensor w = leaf(1, 5, 3);
        Tensor g = Tensor.uniform(DType.F64, -1, 1, 2, 4, 3);
        Tensor y = run(() -> Ops.embedding(w, new int[] {4, 0, 4, 2}), g);
        for (int j = 0; j < 3; j++) {
            assertEquals(w.get(12 + j), y.get(j), 0);
            assertEquals(w.get(j), y.get(3 + j), 0);
            assertEquals(g.get(j) + g.get(6 + j), w.grad().get(12 + j), TIGHT);
            assertEquals(g.get(3 + j), w.grad().get(j), 0);
            assertEquals(0.0, w.grad().get(3 + j), 0);
        }
    }

    @Test
    void dropoutIsSeededScalesKeptValuesAndIsIdentityOutsideTraining() {
        Tensor x = Tensor.ones(DType.F64, 10_000).requiresGrad(true);
        assertSame(x, Ops.dropout(x, 0.3, false, new SplittableRandom(1)));
        Tensor y = run(() -> Ops.dropout(x, 0.25, true, new SplittableRandom(42)), Tensor.ones(DType.F64, 10_000));
        Tensor again = Ops.dropout(x, 0.25, true, new SplittableRandom(42));
        assertArrayEquals(y.dataF64(), again.dataF64(), 0);
        assertNotEquals(0, java.util.Arrays.compare(y.dataF64(), Ops.dropout(x, 0.25, true, new SplittableRandom(43)).dataF64()));
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            assertTrue(y.get(i) == 0 || y.get(i) == 1 / 0.75);
            assertEquals(y.get(i), x.grad().get(i), 0);
            zeros += y.get(i) == 0 ? 1 : 0;
        }
        // Binomial(10000, 0.25): mean 2500, sd 43; 5 sd either side
        assertTrue(zeros > 2280 && zeros < 2720, "zeros=" + zeros);
    }

    @Test
    void lossesMatchTheirDefinitions() {
        Tensor p = leaf(1, 3, 2);
        Tensor t = leaf(2, 3, 2);
        Tensor mse = run(() -> Losses.mse(p, t), Tensor.scalar(DType.F64, 1));
        double s = 0;
        for (int i = 0; i < 6; i++) {
            double d = p.get(i) - t.get(i);
            s += d * d;
            assertEquals(2 * d / 6, p.grad().get(i), TIGHT);
            assertEquals(-2 * d / 6, t.grad().get(i), TIGHT);
        }
        assertEquals(s / 6, mse.item(), TIGHT);

        // logits far apart (1e4) stay finite: log-sum-exp is computed stably
        Tensor logits = Tensor.of(new double[] {1e4, 0, -1e4, 0.5, 0.25, 2}, 2, 3).requiresGrad(true);
        Tensor ce = run(() -> Losses.crossEntropy(logits, new int[] {1, 2}), Tensor.scalar(DType.F64, 1));
        double lse = Math.log(Math.exp(0.5 - 2) + Math.exp(0.25 - 2) + 1) + 2;
        assertEquals((1e4 + (lse - 2)) / 2, ce.item(), 1e-12);
        assertEquals(0.5, logits.grad().get(0), TIGHT);
        assertEquals(-0.5, logits.grad().get(1), TIGHT);
        assertEquals(Math.exp(0.5 - lse) / 2, logits.grad().get(3), TIGHT);
        assertEquals((Math.exp(2 - lse) - 1) / 2, logits.grad().get(5), TIGHT);
    }

    @Test
    void conversionBetweenDtypesIsDifferentiable() {
        Tensor x = Tensor.of(new double[] {1.0 / 3, 2}, 2).requiresGrad(true);
        Tensor y = run(() -> Ops.to(x, DType.F32), Tensor.of(new float[] {0.5f, 2f}, 2));
        assertEquals(DType.F32, y.dtype());
        assertEquals((float) (1.0 / 3), y.dataF32()[0]);
        assertArrayEquals(new double[] {0.5, 2}, x.grad().dataF64(), 0);
    }

    @Test
    void f32OpsAgreeWithF64WithinFloatRounding() {
        Tensor a = Tensor.uniform(DType.F32, -1, 1, 1, 6, 7);
        Tensor b = Tensor.uniform(DType.F32, -1, 1, 2, 7, 5);
        Tensor a64 = Ops.to(a, DType.F64);
        Tensor b64 = Ops.to(b, DType.F64);
        Tensor y32 = Ops.softmax(Ops.tanh(Ops.matmul(a, b)));
        Tensor y64 = Ops.softmax(Ops.tanh(Ops.matmul(a64, b64)));
        // 7-term dot products and two activations in float: a few float ulps (1.2e-7) of values <= 1
        assertArrayEquals(y64.dataF64(), Ops.to(y32, DType.F64).dataF64(), 2e-6);
    }
}
