package dev.vectorgrad.properties;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Every autograd op's analytical gradient equals central finite differences in F64 (GradCheck
 * in full-Jacobian mode with PyTorch's tolerances, eps 1e-6, atol 1e-5, rtol 1e-3), over random
 * shapes, broadcasting patterns and values. Values are kept away from points where an op is not
 * differentiable or badly conditioned: relu inputs at least 0.01 from its kink (eps is 1e-6),
 * log inputs in [0.2, 3], divisors in [0.5, 2] in magnitude, abs inputs at least 0.01 from 0 and clamp
 * inputs at least 0.01 from its bounds.
 *
 * <p>A case prints as its shape, broadcast masks and content seed, which rebuild it exactly.
 */
class OpGradientPropertiesTest {

    private static final int EXAMPLES = 40;
    private static final GradCheck CHECK = GradCheck.defaults();

    /**
     * A shape of rank 1 to 3 (dimensions 1 to 5), two broadcast masks (bit d set: the operand has
     * size 1 in dimension d; bit 3 set: the operand drops the leading dimension) and a seed.
     */
    record ShapeCase(List<Integer> dims, int maskA, int maskB, long seed) {

        int[] shape() {
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        int[] operand(int mask) {
            int[] s = shape();
            for (int d = 0; d < s.length; d++) {
                if ((mask & (1 << d)) != 0) {
                    s[d] = 1;
                }
            }
            return (mask & 8) != 0 && s.length > 1 ? Arrays.copyOfRange(s, 1, s.length) : s;
        }

        Tensor uniform(double low, double high, int salt, int... shape) {
            return Tensor.uniform(DType.F64, low, high, seed * 31 + salt, shape).requiresGrad(true);
        }

        /** Values in [low, high] with a random sign. */
        Tensor signed(double low, double high, int salt, int... shape) {
            Tensor t = uniform(low, high, salt, shape);
            SplittableRandom r = new SplittableRandom(seed + salt);
            for (int i = 0; i < t.size(); i++) {
                t.set(i, r.nextBoolean() ? t.get(i) : -t.get(i));
            }
            return t;
        }
    }

    static Gen<ShapeCase> shapes() {
        return lists().of(integers().between(1, 5)).ofSizeBetween(1, 3)
                .zip(integers().between(0, 15), integers().between(0, 15), longs().all(),
                        (dims, a, b, seed) -> new ShapeCase(dims, a, b, seed));
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        CHECK.assertGradients(f, inputs);
    }

    @Test
    void unaryFunctions() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            int[] s = c.shape();
            check(x -> Ops.tanh(x[0]), c.uniform(-3, 3, 1, s));
            check(x -> Ops.sigmoid(x[0]), c.uniform(-6, 6, 2, s));
            check(x -> Ops.exp(x[0]), c.uniform(-3, 3, 3, s));
            check(x -> Ops.log(x[0]), c.uniform(0.2, 3, 4, s));
            check(x -> Ops.relu(x[0]), c.signed(0.01, 2, 5, s));
            check(x -> Ops.neg(x[0]), c.uniform(-2, 2, 6, s));
            check(x -> Ops.scale(x[0], -1.75), c.uniform(-2, 2, 7, s));
            check(x -> Ops.abs(x[0]), c.signed(0.01, 2, 8, s));
            check(x -> Ops.clamp(x[0], -0.5, 0.75), awayFrom(c.uniform(-2, 2, 9, s), -0.5, 0.75));
            check(x -> Ops.softplus(x[0]), c.uniform(-6, 6, 10, s));
        });
    }

    /** {@code t} with every value closer than 0.01 to a bound moved 0.02 away from it (clamp's kinks). */
    private static Tensor awayFrom(Tensor t, double... bounds) {
        for (int i = 0; i < t.size(); i++) {
            for (double b : bounds) {
                double d = t.get(i) - b;
                if (Math.abs(d) < 0.01) {
                    t.set(i, b + (d < 0 ? -0.02 : 0.02));
                }
            }
        }
        return t;
    }

    @Test
    void broadcastingArithmetic() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            int[] a = c.operand(c.maskA());
            int[] b = c.operand(c.maskB());
            check(x -> Ops.add(x[0], x[1]), c.uniform(-2, 2, 1, a), c.uniform(-2, 2, 2, b));
            check(x -> Ops.sub(x[0], x[1]), c.uniform(-2, 2, 3, a), c.uniform(-2, 2, 4, b));
            check(x -> Ops.mul(x[0], x[1]), c.uniform(-2, 2, 5, a), c.uniform(-2, 2, 6, b));
            check(x -> Ops.div(x[0], x[1]), c.uniform(-2, 2, 7, a), c.signed(0.5, 2, 8, b));
        });
    }

    @Test
    void matrixProductWithEveryTranspose() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            SplittableRandom r = new SplittableRandom(c.seed());
            int m = 1 + r.nextInt(5);
            int n = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(5);
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                check(x -> Ops.matmul(x[0], x[1], ta, tb),
                        c.uniform(-1, 1, 1 + flags, ta ? new int[] {k, m} : new int[] {m, k}),
                        c.uniform(-1, 1, 5 + flags, tb ? new int[] {n, k} : new int[] {k, n}));
            }
        });
    }

    @Test
    void softmaxAndReductions() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            int[] s = c.shape();
            check(x -> Ops.softmax(x[0]), c.uniform(-3, 3, 1, s));
            check(x -> Ops.logSoftmax(x[0]), c.uniform(-3, 3, 2, s));
            check(x -> Ops.sum(x[0]), c.uniform(-1, 1, 3, s));
            check(x -> Ops.mean(x[0]), c.uniform(-1, 1, 4, s));
            for (int axis = -s.length; axis < s.length; axis++) {
                int ax = axis;
                check(x -> Ops.sum(x[0], ax), c.uniform(-1, 1, 5, s));
                check(x -> Ops.mean(x[0], ax), c.uniform(-1, 1, 6, s));
            }
        });
    }

    @Test
    void shapeOps() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            int[] s = c.shape();
            int axis = (int) Math.floorMod(c.seed(), s.length);
            int len = s[axis];
            int[] other = s.clone();
            other[axis] = 1 + (int) Math.floorMod(c.seed() >> 8, 3);
            check(x -> Shapes.concat(axis, x[0], x[1]), c.uniform(-1, 1, 1, s), c.uniform(-1, 1, 2, other));
            int cut = (int) Math.floorMod(c.seed() >> 16, len + 1);
            check(x -> Shapes.split(x[0], axis, cut, len - cut)[cut == 0 ? 1 : 0], c.uniform(-1, 1, 3, s));
            check(x -> Shapes.slice(x[0], axis, cut / 2, cut), c.uniform(-1, 1, 4, s));
            check(x -> Shapes.reshape(x[0], -1), c.uniform(-1, 1, 5, s));
            int other1 = (axis + 1) % s.length;
            check(x -> Shapes.transpose(x[0], axis, other1), c.uniform(-1, 1, 6, s));
            // A consumer after each op, so the gradient reaching it is not all ones.
            check(x -> Ops.mul(Shapes.reshape(x[0], -1), Shapes.reshape(x[1], -1)),
                    c.uniform(-1, 1, 7, s), c.uniform(-1, 1, 8, s));
        });
    }

    @Test
    void embeddingDropoutAndLosses() {
        qt().withExamples(EXAMPLES).forAll(shapes()).checkAssert(c -> {
            SplittableRandom r = new SplittableRandom(c.seed());
            int vocabulary = 1 + r.nextInt(6);
            int dim = 1 + r.nextInt(4);
            int[] indices = r.ints(1 + r.nextInt(7), 0, vocabulary).toArray();
            check(x -> Ops.embedding(x[0], indices), c.uniform(-1, 1, 1, vocabulary, dim));
            int[] s = c.shape();
            long maskSeed = r.nextLong();
            // The same mask on every evaluation: the generator is re-seeded inside the function.
            check(x -> Ops.dropout(x[0], 0.3, true, new SplittableRandom(maskSeed)), c.uniform(-1, 1, 2, s));
            check(x -> Losses.mse(x[0], x[1]), c.uniform(-1, 1, 3, s), c.uniform(-1, 1, 4, s));
            int rows = 1 + r.nextInt(4);
            int classes = 1 + r.nextInt(5);
            int[] targets = r.ints(rows, 0, classes).toArray();
            check(x -> Losses.crossEntropy(x[0], targets), c.uniform(-3, 3, 5, rows, classes));
        });
    }
}
