package dev.vectorgrad.properties;

import dev.vectorgrad.properties.Cases.Args;
import dev.vectorgrad.properties.Cases.Fill;
import dev.vectorgrad.properties.Cases.VecCase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

import static org.quicktheories.QuickTheory.qt;

/**
 * Reductions. sum, dot and sumOfSquares add in a different order in the vector implementation
 * (lane-wise accumulators, then a reduction, then the tail), so they are compared within
 * {@link Tolerances#sumBound}: {@code 2 * n * eps * sum |term_i|} plus a subnormal floor, over
 * finite contents of mixed magnitude. max is exact, NaN and signed zeros included.
 */
class ReductionPropertiesTest {

    @Nested
    class Float32 extends Properties<float[]> {
        Float32() {
            super(Precision.F32);
        }
    }

    @Nested
    class Float64 extends Properties<double[]> {
        Float64() {
            super(Precision.F64);
        }
    }

    abstract static class Properties<A> extends KernelProperties<A> {

        private static final int EXAMPLES = 200;

        Properties(Precision<A> p) {
            super(p);
        }

        @Test
        void sum() {
            assertWithinSumBound("sum", 1, (k, x) -> k.sum(x.n(), x.a(0), x.off(0)),
                    x -> i -> Math.abs(x.get(0, i)));
        }

        @Test
        void dot() {
            assertWithinSumBound("dot", 2, (k, x) -> k.dot(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)),
                    x -> i -> Math.abs(x.get(0, i) * x.get(1, i)));
        }

        @Test
        void sumOfSquares() {
            assertWithinSumBound("sumOfSquares", 1, (k, x) -> k.sumOfSquares(x.n(), x.a(0), x.off(0)),
                    x -> i -> x.get(0, i) * x.get(0, i));
        }

        @Test
        void maxIsExact() {
            Reduction<A> max = (k, x) -> k.max(x.n(), x.a(0), x.off(0));
            Gen<VecCase> cases = Cases.vectors(p, Fill.WITH_SPECIALS);
            warmUp(WARMUP_CALLS, cases, c -> max.run(vector, c.args(p, 1)));
            qt().withExamples(EXAMPLES).forAll(cases).checkAssert(c -> {
                Args<A> x = c.args(p, 1);
                Tolerances.assertSameBits("max: vector vs scalar", max.run(scalar, x), max.run(vector, x));
            });
        }

        private void assertWithinSumBound(String what, int arrays, Reduction<A> kernel, Terms<A> absTerm) {
            Gen<VecCase> cases = Cases.vectors(p, Fill.FINITE);
            warmUp(WARMUP_CALLS, cases, c -> kernel.run(vector, c.args(p, arrays)));
            qt().withExamples(EXAMPLES).forAll(cases).checkAssert(c -> {
                Args<A> x = c.args(p, arrays);
                double absSum = IntStream.range(0, x.n()).mapToDouble(absTerm.of(x)).sum();
                Tolerances.assertWithin(what, kernel.run(scalar, x), kernel.run(vector, x),
                        Tolerances.sumBound(p, x.n(), absSum));
            });
        }
    }

    @FunctionalInterface
    interface Reduction<A> {
        double run(Ops<A> kernels, Args<A> args);
    }

    /** |term i| of a reduction over the given arguments. */
    @FunctionalInterface
    interface Terms<A> {
        IntToDoubleFunction of(Args<A> args);
    }
}
