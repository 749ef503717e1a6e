package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.properties.Cases.Args;
import org.quicktheories.core.Gen;

import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

import static org.quicktheories.QuickTheory.qt;

/**
 * Base of the property classes: the scalar kernels (the reference) and the vector kernels of one
 * precision, and the comparison of an output array between them.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
abstract class KernelProperties<A> {

    /** Unchecked calls before a property of a cheap kernel (see {@link #warmUp}). */
    static final int WARMUP_CALLS = 3000;

    final Precision<A> p;
    final Ops<A> scalar;
    final Ops<A> vector;

    KernelProperties(Precision<A> p) {
        this.p = p;
        this.scalar = p.ops(Kernels.scalar());
        this.vector = p.ops(Kernels.vector());
    }

    /**
     * Calls a vector kernel on {@code count} generated cases, checking nothing. The interpreter and
     * C1 run the Vector API's Java fallback, lane by lane with {@code Math} functions; only C2
     * compiles the SIMD intrinsics, after some thousands of calls. Warming up on cases like the
     * property's own (so every branch is profiled) makes its checked examples run the SIMD code
     * the library runs in production. This relies on {@code -Xbatch} (see this module's pom): it
     * makes the compilation finish before the calling thread goes on, so the warm-up ends with the
     * kernel compiled by C2 however busy the compiler is.
     */
    static <T> void warmUp(int count, Gen<T> cases, Consumer<T> call) {
        qt().withExamples(count).forAll(cases).checkAssert(call);
    }

    /**
     * Where {@code written} holds, the vector output is within {@code bound} of the scalar one;
     * everywhere else they are identical.
     */
    void assertClose(String what, A expected, A actual, IntPredicate written, IntToDoubleFunction bound) {
        assertSameOutside(what, expected, actual, written);
        for (int i = 0; i < p.length(expected); i++) {
            if (written.test(i)) {
                Tolerances.assertWithin(what + "[" + i + "]", p.get(expected, i), p.get(actual, i), bound.applyAsDouble(i));
            }
        }
    }

    /** Outside the output range (offsets, padding, tails) both implementations left the same bits. */
    void assertSameOutside(String what, A expected, A actual, IntPredicate written) {
        for (int i = 0; i < p.length(expected); i++) {
            if (!written.test(i)) {
                Tolerances.assertSameBits("vector vs scalar " + what + "[" + i + "], outside the output range",
                        p.get(expected, i), p.get(actual, i));
            }
        }
    }

    /** The elements of a rows x cols matrix with leading dimension ld from off. */
    static IntPredicate inMatrix(int off, int rows, int cols, int ld) {
        return i -> i >= off && (i - off) / ld < rows && (i - off) % ld < cols;
    }

    /** A kernel call on materialised arguments, run once with each implementation. */
    @FunctionalInterface
    interface Kernel<A> {
        void run(Ops<A> kernels, Args<A> args);
    }
}
