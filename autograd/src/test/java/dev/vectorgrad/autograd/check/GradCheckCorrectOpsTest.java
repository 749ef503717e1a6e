package dev.vectorgrad.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The library's own ops have correct gradients, so the checker must pass them in both modes. */
class GradCheckCorrectOpsTest {

    /** An F64 input to check, uniform in [low, high). */
    static Tensor varIn(long seed, double low, double high, int... shape) {
        return Tensor.uniform(DType.F64, low, high, seed, shape).requiresGrad(true);
    }

    static Tensor var(long seed, int... shape) {
        return varIn(seed, -1, 1, shape);
    }

    /** An F64 constant (no gradient checked). */
    static Tensor constant(long seed, int... shape) {
        return Tensor.uniform(DType.F64, -1, 1, seed, shape);
    }

    record Case(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // matmul with each transpose flag; non-square so a wrong layout would not even run
        c.add(new Case("matmul", in -> Ops.matmul(in[0], in[1]), () -> new Tensor[] {var(1, 3, 4), var(2, 4, 5)}));
        c.add(new Case("matmul transA", in -> Ops.matmul(in[0], in[1], true, false),
                () -> new Tensor[] {var(3, 4, 3), var(4, 4, 5)}));
        c.add(new Case("matmul transB", in -> Ops.matmul(in[0], in[1], false, true),
                () -> new Tensor[] {var(5, 3, 4), var(6, 5, 4)}));
        c.add(new Case("matmul transA transB", in -> Ops.matmul(in[0], in[1], true, true),
                () -> new Tensor[] {var(7, 4, 3), var(8, 5, 4)}));
        c.add(new Case("tanh", in -> Ops.tanh(in[0]), () -> new Tensor[] {varIn(9, -2.0, 2.0, 2, 3)}));
        c.add(new Case("sigmoid", in -> Ops.sigmoid(in[0]), () -> new Tensor[] {varIn(10, -3.0, 3.0, 5)}));
        c.add(new Case("relu away from 0", in -> Ops.relu(in[0]),
                () -> new Tensor[] {Tensor.of(new double[] {-1.5, -0.5, 0.25, 0.75, 2}, 5).requiresGrad(true)}));
        c.add(new Case("exp", in -> Ops.exp(in[0]), () -> new Tensor[] {var(11, 2, 3)}));
        c.add(new Case("log", in -> Ops.log(in[0]), () -> new Tensor[] {varIn(12, 0.5, 2.0, 4)}));
        c.add(new Case("softmax", in -> Ops.softmax(in[0]), () -> new Tensor[] {varIn(13, -2.0, 2.0, 2, 5)}));
        c.add(new Case("logSoftmax", in -> Ops.logSoftmax(in[0]), () -> new Tensor[] {varIn(14, -2.0, 2.0, 3, 4)}));
        c.add(new Case("add bias [n] over [m, n]", in -> Ops.add(in[0], in[1]),
                () -> new Tensor[] {var(15, 3, 4), var(16, 4)}));
        c.add(new Case("add [m, 1] + [1, n]", in -> Ops.add(in[0], in[1]),
                () -> new Tensor[] {var(17, 3, 1), var(18, 1, 4)}));
        c.add(new Case("sub scalar - [2, 3]", in -> Ops.sub(in[0], in[1]),
                () -> new Tensor[] {Tensor.scalar(DType.F64, 0.7).requiresGrad(true), var(19, 2, 3)}));
        c.add(new Case("mul [2, 3, 4] * [3, 1]", in -> Ops.mul(in[0], in[1]),
                () -> new Tensor[] {var(20, 2, 3, 4), var(21, 3, 1)}));
        c.add(new Case("div by [4] away from 0", in -> Ops.div(in[0], in[1]),
                () -> new Tensor[] {var(22, 3, 4), varIn(23, 0.5, 2.0, 4)}));
        c.add(new Case("sum, mean", in -> Ops.add(Ops.sum(in[0]), Ops.mean(Ops.mul(in[0], in[0]))),
                () -> new Tensor[] {var(24, 3, 2)}));
        c.add(new Case("sum and mean over axes", in -> Ops.add(Ops.sum(in[0], 1), Ops.mean(in[0], -1)),
                () -> new Tensor[] {var(25, 2, 3, 3)}));
        c.add(new Case("crossEntropy", in -> Losses.crossEntropy(in[0], new int[] {2, 0, 4}),
                () -> new Tensor[] {varIn(26, -2.0, 2.0, 3, 5)}));
        c.add(new Case("mse against a constant target", in -> Losses.mse(in[0], in[1]),
                () -> new Tensor[] {var(27, 2, 3), constant(28, 2, 3)}));
        c.add(new Case("reshape, transpose, concat, slice, split", in -> {
            Tensor t = Shapes.transpose(Shapes.reshape(in[0], 3, 2, 2), 0, 2);
            Tensor[] parts = Shapes.split(Shapes.concat(1, t, Shapes.slice(t, 1, 0, 1)), 1, 1, 2);
            return Ops.mul(parts[0], parts[1]);
        }, () -> new Tensor[] {var(29, 12)}));
        c.add(new Case("embedding with a repeated index", in -> Ops.tanh(Ops.embedding(in[0], new int[] {2, 0, 2})),
                () -> new Tensor[] {var(30, 4, 3)}));
        c.add(new Case("linear layer + tanh + mse, input constant", in -> Losses.mse(
                Ops.tanh(Ops.add(Ops.matmul(in[0], in[1], false, true), in[2])), in[3]),
                () -> new Tensor[] {constant(31, 4, 3), var(32, 5, 3), var(33, 5), constant(34, 4, 5)}));
        c.add(new Case("identity (the output is the input)", in -> in[0], () -> new Tensor[] {var(35, 2, 2)}));
        c.add(new Case("an input the output does not depend on", in -> Ops.tanh(in[0]),
                () -> new Tensor[] {var(36, 3), var(37, 2)}));
        return c;
    }

    static Stream<Arguments> casesInBothModes() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0}, fast={1}")
    @MethodSource("casesInBothModes")
    void passesOnCorrectOps(Case c, boolean fast) {
        Report report = GradCheck.defaults().fast(fast).check(c.f(), c.inputs().get());
        assertTrue(report.passed(), report::toString);
        assertEquals(0, report.mismatchCount(), report::toString);
        assertEquals(fast, report.fast());
    }
}
