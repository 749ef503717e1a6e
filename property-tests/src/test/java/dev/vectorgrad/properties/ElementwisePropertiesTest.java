package dev.vectorgrad.properties;

import dev.vectorgrad.properties.Cases.Args;
import dev.vectorgrad.properties.Cases.Fill;
import dev.vectorgrad.properties.Cases.VecCase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.quicktheories.QuickTheory.qt;

/**
 * Element-wise kernels (add, sub, mul, div, axpy, scale, fill, copy, addProduct, productSum, lerp,
 * relu and the three backward kernels): the vector implementation equals the scalar one bit for
 * bit, because both perform the same IEEE operations per element in the same order (fused where
 * the javadoc says fma). Sizes 0..300, offsets 0..17, in-place use, scalars including -0, NaN
 * and infinities, and contents with NaN, infinities, signed zeros and subnormals.
 */
class ElementwisePropertiesTest {

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
        void add() {
            assertExact(3, (k, x) -> k.add(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void sub() {
            assertExact(3, (k, x) -> k.sub(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void mul() {
            assertExact(3, (k, x) -> k.mul(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void div() {
            assertExact(3, (k, x) -> k.div(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void axpy() {
            assertExact(2, (k, x) -> k.axpy(x.n(), x.alpha(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        @Test
        void scale() {
            assertExact(1, (k, x) -> k.scale(x.n(), x.alpha(), x.a(0), x.off(0)));
        }

        @Test
        void fill() {
            assertExact(1, (k, x) -> k.fill(x.n(), x.alpha(), x.a(0), x.off(0)));
        }

        @Test
        void copy() {
            assertExact(2, (k, x) -> k.copy(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        @Test
        void addProduct() {
            assertExact(3, (k, x) -> k.addProduct(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void productSum() {
            assertExact(5, (k, x) -> k.productSum(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2),
                    x.a(3), x.off(3), x.a(4), x.off(4)));
        }

        @Test
        void lerp() {
            assertExact(4, (k, x) -> k.lerp(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2),
                    x.a(3), x.off(3)));
        }

        @Test
        void relu() {
            assertExact(2, (k, x) -> k.relu(x.n(), x.a(0), x.off(0), x.a(1), x.off(1)));
        }

        @Test
        void tanhBackward() {
            assertExact(3, (k, x) -> k.tanhBackward(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void sigmoidBackward() {
            assertExact(3, (k, x) -> k.sigmoidBackward(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        @Test
        void reluBackward() {
            assertExact(3, (k, x) -> k.reluBackward(x.n(), x.a(0), x.off(0), x.a(1), x.off(1), x.a(2), x.off(2)));
        }

        /** Runs the kernel on the case's arrays with each implementation; every array must end identical. */
        private void assertExact(int arrays, Kernel<A> kernel) {
            Gen<VecCase> cases = Cases.vectors(p, Fill.WITH_SPECIALS);
            warmUp(WARMUP_CALLS, cases, c -> kernel.run(vector, c.args(p, arrays)));
            qt().withExamples(EXAMPLES).forAll(cases).checkAssert(c -> {
                Args<A> expected = c.args(p, arrays);
                Args<A> actual = c.args(p, arrays);
                kernel.run(scalar, expected);
                kernel.run(vector, actual);
                for (int i = 0; i < arrays; i++) {
                    Tolerances.assertSameBits(p, "array " + i, expected.a(i), actual.a(i));
                }
            });
        }
    }
}
