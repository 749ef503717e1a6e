package dev.vectorgrad.properties;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Generated cases and the arrays they describe. A case holds only sizes, offsets, padding, flags,
 * scalars and a content seed, so QuickTheories prints (and shrinks) something readable; the array
 * contents come from a {@link SplittableRandom} seeded with that seed, so a printed case rebuilds
 * exactly the failing arrays. Every array is longer than the range the kernel is given (offset in
 * front, padding between rows and after the end), and that slack is compared too: a kernel that
 * writes outside its range differs from the scalar one there.
 */
final class Cases {

    static final int MAX_SIZE = 300;
    static final int MAX_OFFSET = 17;
    static final int MAX_PAD = 9;
    /** Offsets drawn per element-wise case: enough for the five arrays of productSum. */
    static final int MAX_ARRAYS = 5;
    /** Most multiply-adds (m * n * k) of one random GEMM case, so the module stays fast. */
    static final int MAX_GEMM_WORK = 2_000_000;

    private Cases() {
    }

    /** What the arrays are filled with. */
    enum Fill {
        /** Uniform in (-1, 1) times a power of two in [2^-10, 2^10]: mixed magnitudes, no overflow. */
        FINITE,
        /** As FINITE over [2^-30, 2^30], and one element in 32 NaN, +-Inf, +-0, subnormal, +-MAX or +-1. */
        WITH_SPECIALS,
        /**
         * Activation inputs: 60% uniform in [-20, 20], 10% where sigmoid is subnormal or close
         * ([-110, -85] for float, [-760, -700] for double), 10% tiny (down to subnormal), 20% one of
         * +-1e4, +-0, NaN, +-Inf, +-MAX.
         */
        ACTIVATION_INPUTS,
        /**
         * exp inputs: 40% uniform in [-20, 20], 10% where exp is subnormal or underflows to 0
         * ([-105, -87] for float, [-746, -708] for double), 10% where it overflows or nearly does
         * ([85, 89] for float, [705, 710] for double), 10% tiny (down to subnormal), 10% mixed
         * magnitudes up to 2^10, 20% one of +-0, NaN, +-Inf, +-MAX, +-MIN_VALUE, +-1, +-1e4.
         */
        EXP_INPUTS,
        /**
         * log inputs: 40% positive finite numbers with uniformly random bits (so every exponent,
         * subnormals included), 20% uniform in [0.5, 2) (around 1 and sqrt(1/2), where the result
         * cancels), 10% 1 plus or minus 2^-e, 10% subnormal, 20% one of +-0, -1, -MIN_VALUE, +-Inf,
         * NaN, MAX, MIN_VALUE, MIN_NORMAL, 1.
         */
        LOG_INPUTS
    }

    // ---------------------------------------------------------------- element-wise and reductions

    /**
     * Arrays of {@code n} elements, array {@code i} starting at {@code offsets[i]} and followed by
     * {@code tail} more. With {@code alias} the last array (the output) is the first input itself,
     * at the same offset (in-place use).
     */
    record VecCase(int n, List<Integer> offsets, int tail, boolean alias, double alpha, Fill fill, long seed) {

        <A> Args<A> args(Precision<A> p, int count) {
            var random = new SplittableRandom(seed);
            List<A> arrays = new ArrayList<>();
            List<Integer> offs = new ArrayList<>(offsets.subList(0, count));
            for (int i = 0; i < count; i++) {
                arrays.add(array(p, offs.get(i) + n + tail, fill, random));
            }
            if (alias && count > 1) {
                arrays.set(count - 1, arrays.getFirst());
                offs.set(count - 1, offs.getFirst());
            }
            return new Args<>(p, n, alpha, arrays, offs);
        }
    }

    /** The materialised arguments of an element-wise or reduction kernel. */
    record Args<A>(Precision<A> p, int n, double alpha, List<A> arrays, List<Integer> offsets) {

        A a(int i) {
            return arrays.get(i);
        }

        int off(int i) {
            return offsets.get(i);
        }

        /** Element {@code i} of the range of array {@code array}. */
        double get(int array, int i) {
            return p.get(a(array), off(array) + i);
        }
    }

    static Gen<VecCase> vectors(Precision<?> p, Fill fill) {
        Gen<Integer> sizes = sizes();
        Gen<Integer> offsets = range(0, MAX_OFFSET);
        Gen<Integer> tails = range(0, MAX_PAD);
        Gen<Boolean> aliases = frequency(List.of(Pair.of(3, constant(false)), Pair.of(1, constant(true))));
        Gen<Double> alphas = scalars(p, true);
        Gen<Long> seeds = longs().all();
        return in -> new VecCase(sizes.generate(in),
                IntStream.range(0, MAX_ARRAYS).mapToObj(i -> offsets.generate(in)).toList(),
                tails.generate(in), aliases.generate(in), alphas.generate(in), fill, seeds.generate(in));
    }

    /** 0..300, a quarter of them below 33 (around the lane counts, 8 floats or 4 doubles). */
    static Gen<Integer> sizes() {
        return frequency(List.of(Pair.of(1, range(0, 32)), Pair.of(3, range(0, MAX_SIZE))));
    }

    /**
     * alpha and beta: 0, 1 and -1 a third of the time (the special cases of BLAS), otherwise uniform
     * in [-2, 2]; with {@code specials} also -0, NaN and +-Inf. Rounded to the precision.
     */
    static Gen<Double> scalars(Precision<?> p, boolean specials) {
        List<Double> fixed = specials
                ? List.of(0.0, 1.0, -1.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                : List.of(0.0, 1.0, -1.0);
        return frequency(List.of(Pair.of(1, pick(fixed)), Pair.of(2, doubles().between(-2, 2)))).map(p::round);
    }

    // ---------------------------------------------------------------- GEMM and GEMV

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}; each matrix has leading dimension row length
     * (at least 1) plus its padding. When beta is 0, C (padding included) is filled with NaN.
     */
    record GemmCase(boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
                    int aOff, int aPad, int bOff, int bPad, int cOff, int cPad, long seed) {

        int lda() {
            return Math.max(1, transA ? m : k) + aPad;
        }

        int ldb() {
            return Math.max(1, transB ? k : n) + bPad;
        }

        int ldc() {
            return Math.max(1, n) + cPad;
        }

        /** Index of op(A)[i][p]. */
        int aIndex(int i, int p) {
            return transA ? aOff + p * lda() + i : aOff + i * lda() + p;
        }

        /** Index of op(B)[p][j]. */
        int bIndex(int p, int j) {
            return transB ? bOff + j * ldb() + p : bOff + p * ldb() + j;
        }

        int cIndex(int i, int j) {
            return cOff + i * ldc() + j;
        }

        <A> GemmArrays<A> arrays(Precision<A> p) {
            var random = new SplittableRandom(seed);
            A a = array(p, aOff + (transA ? k : m) * lda(), Fill.FINITE, random);
            A b = array(p, bOff + (transB ? n : k) * ldb(), Fill.FINITE, random);
            A c = output(p, cOff + m * ldc(), beta, random);
            return new GemmArrays<>(a, b, c);
        }
    }

    record GemmArrays<A>(A a, A b, A c) {
    }

    record Shape(int m, int n, int k) {
    }

    /** Random sizes in 0..300, n capped so that m * n * k stays within {@link #MAX_GEMM_WORK}. */
    static Gen<Shape> gemmShapes() {
        Gen<Integer> sizes = sizes();
        return in -> {
            int m = sizes.generate(in);
            int k = sizes.generate(in);
            int n = Math.min(sizes.generate(in), MAX_GEMM_WORK / Math.max(1, m * k));
            return new Shape(m, n, k);
        };
    }

    /**
     * Shapes across the blocking of the packed GEMM (MR = 8 rows with 512-bit vectors, else 4, and a
     * last strip of at most 4 rows packed 4 high; NR = two vectors: 16 to 32 floats, 8 to 16
     * doubles; KC = 256, MC = 240, NC = 1024; B read in place up to 64 rows): m around MR, 2 * MR,
     * 64 and MC, k around KC and 2 * KC, n
     * around multiples of 8 and 16; or n around NC with small m and k; or a single row or column of
     * C (the GEMV route). At most about 2.5e6 multiply-adds.
     */
    static Gen<Shape> gemmBlockEdgeShapes() {
        Gen<Integer> ms = pick(List.of(3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 63, 64, 65, 239, 240, 241));
        Gen<Integer> ks = pick(List.of(255, 256, 257, 513));
        Gen<Integer> ns = pick(List.of(1, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33));
        Gen<Shape> mcKc = in -> new Shape(ms.generate(in), ns.generate(in), ks.generate(in));
        Gen<Integer> smallMs = range(1, 6);
        Gen<Integer> ncKs = pick(List.of(1, 255, 256, 257));
        Gen<Integer> ncs = pick(List.of(1023, 1024, 1025));
        Gen<Shape> nc = in -> new Shape(smallMs.generate(in), ncs.generate(in), ncKs.generate(in));
        Gen<Integer> any = sizes();
        Gen<Boolean> rowNotColumn = booleans().all();
        Gen<Shape> vector = in -> rowNotColumn.generate(in)
                ? new Shape(1, any.generate(in), any.generate(in))
                : new Shape(any.generate(in), 1, any.generate(in));
        return frequency(List.of(Pair.of(3, mcKc), Pair.of(1, nc), Pair.of(1, vector)));
    }

    /**
     * Shapes of a GEMM by a packed B: the block edges of {@link #gemmBlockEdgeShapes}, or RNN steps:
     * m up to 65 around the micro-tile heights (4, 8) and the small-m limit (64), k around the block
     * depths (128, 256, 384), n around the strips (16 and 32 floats, 8 and 16 doubles) and the
     * recurrent widths (768, 1024), n capped so that m * n * k stays within about 2.5e6; or a last
     * block of A of a single row (m one more than a multiple of MC = 240) with n up to 300.
     */
    static Gen<Shape> packedGemmEdgeShapes() {
        Gen<Integer> ms = pick(List.of(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65));
        Gen<Integer> ks = pick(List.of(1, 127, 128, 129, 255, 256, 257, 383, 384, 385));
        Gen<Integer> ns = pick(List.of(1, 8, 15, 16, 17, 31, 32, 33, 100, 767, 768, 1023, 1024, 1025));
        Gen<Shape> steps = in -> {
            int m = ms.generate(in);
            int k = ks.generate(in);
            int n = Math.min(ns.generate(in), Math.max(1, 2_500_000 / (m * k)));
            return new Shape(m, n, k);
        };
        // A last block of one row (m = MC + 1 or 2 MC + 1), wide enough for the one-row kernel.
        Gen<Integer> oneRowMs = pick(List.of(241, 481));
        Gen<Integer> oneRowNs = range(120, 300);
        Gen<Integer> oneRowKs = range(1, 20);
        Gen<Shape> lastRow = in -> new Shape(oneRowMs.generate(in), oneRowNs.generate(in), oneRowKs.generate(in));
        return frequency(List.of(Pair.of(2, gemmBlockEdgeShapes()), Pair.of(4, steps), Pair.of(1, lastRow)));
    }

    /**
     * Shapes of 2^23 to 2^24.4 multiply-adds, so GEMM splits them over threads (from 2^24 flops),
     * with k across the in-place (128) and packed (256) block depths: a part must be computed
     * exactly as the whole would be.
     */
    static Gen<Shape> gemmParallelShapes() {
        Gen<Integer> sides = range(192, 256);
        Gen<Integer> depths = range(240, 320);
        return in -> new Shape(sides.generate(in), sides.generate(in), depths.generate(in));
    }

    static Gen<GemmCase> gemms(Precision<?> p, Gen<Shape> shapes) {
        Gen<Boolean> flags = booleans().all();
        Gen<Double> scalars = scalars(p, false);
        Gen<Integer> offsets = range(0, MAX_OFFSET);
        Gen<Integer> pads = pads();
        Gen<Long> seeds = longs().all();
        return in -> {
            Shape s = shapes.generate(in);
            return new GemmCase(flags.generate(in), flags.generate(in), s.m(), s.n(), s.k(),
                    scalars.generate(in), scalars.generate(in),
                    offsets.generate(in), pads.generate(in), offsets.generate(in), pads.generate(in),
                    offsets.generate(in), pads.generate(in), seeds.generate(in));
        };
    }

    /**
     * {@code y = alpha * op(A) * x + beta * y} with stored A m x n; x and y are followed by
     * {@code tail} more elements. When beta is 0, y (slack included) is filled with NaN.
     */
    record GemvCase(boolean transA, int m, int n, double alpha, double beta,
                    int aOff, int aPad, int xOff, int yOff, int tail, long seed) {

        int lda() {
            return Math.max(1, n) + aPad;
        }

        int xLength() {
            return transA ? m : n;
        }

        int yLength() {
            return transA ? n : m;
        }

        <A> GemvArrays<A> arrays(Precision<A> p) {
            var random = new SplittableRandom(seed);
            A a = array(p, aOff + m * lda(), Fill.FINITE, random);
            A x = array(p, xOff + xLength() + tail, Fill.FINITE, random);
            A y = output(p, yOff + yLength() + tail, beta, random);
            return new GemvArrays<>(a, x, y);
        }
    }

    record GemvArrays<A>(A a, A x, A y) {
    }

    static Gen<GemvCase> gemvs(Precision<?> p, boolean transA) {
        Gen<Integer> sizes = sizes();
        Gen<Double> scalars = scalars(p, false);
        Gen<Integer> offsets = range(0, MAX_OFFSET);
        Gen<Integer> pads = pads();
        Gen<Long> seeds = longs().all();
        return in -> new GemvCase(transA, sizes.generate(in), sizes.generate(in),
                scalars.generate(in), scalars.generate(in), offsets.generate(in), pads.generate(in),
                offsets.generate(in), offsets.generate(in), pads.generate(in), seeds.generate(in));
    }

    // ---------------------------------------------------------------- softmax rows

    /**
     * A rows x cols input with leading dimension {@code cols + xPad} and an output with
     * {@code cols + outPad}; with {@code inPlace} the output is the input range itself. Values are
     * uniform in [-scale, scale], with +-scale itself one time in 16 and NaN one time in 4096.
     */
    record RowsCase(int rows, int cols, int xOff, int xPad, int outOff, int outPad, boolean inPlace,
                    double scale, long seed) {

        int ldx() {
            return Math.max(1, cols) + xPad;
        }

        int ldo() {
            return Math.max(1, cols) + outPad;
        }

        int xIndex(int r, int j) {
            return xOff + r * ldx() + j;
        }

        int outIndex(int r, int j) {
            return outOff + r * ldo() + j;
        }

        /** {@code [x, out]}: the same array twice when in place. */
        <A> List<A> arrays(Precision<A> p) {
            var random = new SplittableRandom(seed);
            A x = p.newArray(xOff + rows * ldx());
            for (int i = 0; i < p.length(x); i++) {
                int kind = random.nextInt(4096);
                p.set(x, i, kind == 0 ? Double.NaN
                        : kind < 256 ? (random.nextBoolean() ? scale : -scale)
                        : random.nextDouble(-scale, scale));
            }
            return List.of(x, inPlace ? x : array(p, outOff + rows * ldo(), Fill.FINITE, random));
        }
    }

    static Gen<RowsCase> rows() {
        Gen<Integer> rowCounts = range(0, 12);
        Gen<Integer> cols = sizes();
        Gen<Integer> offsets = range(0, MAX_OFFSET);
        Gen<Integer> pads = pads();
        Gen<Boolean> inPlace = frequency(List.of(Pair.of(3, constant(false)), Pair.of(1, constant(true))));
        Gen<Double> scales = pick(List.of(1.0, 30.0, 1e4));
        Gen<Long> seeds = longs().all();
        return in -> {
            int r = rowCounts.generate(in);
            int c = cols.generate(in);
            int xOff = offsets.generate(in);
            int xPad = pads.generate(in);
            boolean same = inPlace.generate(in);
            int outOff = same ? xOff : offsets.generate(in);
            int outPad = same ? xPad : pads.generate(in);
            return new RowsCase(r, c, xOff, xPad, outOff, outPad, same, scales.generate(in), seeds.generate(in));
        };
    }

    // ---------------------------------------------------------------- contents

    /** Padding after each row: none a third of the time, else 1..9. */
    static Gen<Integer> pads() {
        return frequency(List.of(Pair.of(1, constant(0)), Pair.of(2, range(1, MAX_PAD))));
    }

    static <A> A array(Precision<A> p, int length, Fill fill, SplittableRandom random) {
        A array = p.newArray(length);
        for (int i = 0; i < length; i++) {
            p.set(array, i, value(p, fill, random));
        }
        return array;
    }

    /** An output of GEMM or GEMV: NaN when beta is 0 (it must not leak through), else FINITE. */
    private static <A> A output(Precision<A> p, int length, double beta, SplittableRandom random) {
        A array = array(p, length, Fill.FINITE, random);
        if (beta == 0) {
            for (int i = 0; i < length; i++) {
                p.set(array, i, Double.NaN);
            }
        }
        return array;
    }

    private static double value(Precision<?> p, Fill fill, SplittableRandom random) {
        return switch (fill) {
            case FINITE -> mixedMagnitude(random, 10);
            case WITH_SPECIALS -> random.nextInt(32) == 0
                    ? pickFrom(random, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                            p.minValue(), -p.minValue(), p.minNormal(), -p.minNormal(), p.maxValue(), -p.maxValue(),
                            1.0, -1.0)
                    : mixedMagnitude(random, 30);
            case ACTIVATION_INPUTS -> {
                int kind = random.nextInt(10);
                yield kind < 6 ? random.nextDouble(-20, 20)
                        // where exp(-x) overflows but the logistic function is still a (subnormal) number
                        : kind < 7 ? (p.minValue() == Double.MIN_VALUE ? random.nextDouble(-760, -700)
                                : random.nextDouble(-110, -85))
                        // |x| from 2^-10 down to below the smallest subnormal of the precision
                        : kind < 8 ? random.nextDouble(-1, 1)
                                * Math.scalb(1.0, -random.nextInt(10, 2 - Math.getExponent(p.minValue())))
                        : pickFrom(random, 1e4, -1e4, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY, p.maxValue(), -p.maxValue());
            }
            case EXP_INPUTS -> {
                boolean isFloat = p.minValue() == Float.MIN_VALUE;
                int kind = random.nextInt(10);
                yield kind < 4 ? random.nextDouble(-20, 20)
                        : kind < 5 ? (isFloat ? random.nextDouble(-105, -87) : random.nextDouble(-746, -708))
                        : kind < 6 ? (isFloat ? random.nextDouble(85, 89) : random.nextDouble(705, 710))
                        : kind < 7 ? random.nextDouble(-1, 1)
                                * Math.scalb(1.0, -random.nextInt(10, 2 - Math.getExponent(p.minValue())))
                        : kind < 8 ? mixedMagnitude(random, 10)
                        : pickFrom(random, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                                p.maxValue(), -p.maxValue(), p.minValue(), -p.minValue(), 1.0, -1.0, 1e4, -1e4);
            }
            case LOG_INPUTS -> {
                boolean isFloat = p.minValue() == Float.MIN_VALUE;
                int kind = random.nextInt(10);
                yield kind < 4 ? (isFloat ? Float.intBitsToFloat(random.nextInt(1, 0x7F800000))
                                : Double.longBitsToDouble(random.nextLong(1, 0x7FF0000000000000L)))
                        : kind < 6 ? random.nextDouble(0.5, 2)
                        : kind < 7 ? 1 + random.nextDouble(-1, 1) * Math.scalb(1.0, -random.nextInt(1, isFloat ? 25 : 54))
                        : kind < 8 ? (isFloat ? Float.intBitsToFloat(random.nextInt(1, 0x00800000))
                                : Double.longBitsToDouble(random.nextLong(1, 0x0010000000000000L)))
                        : pickFrom(random, 0.0, -0.0, -1.0, -p.minValue(), Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY, Double.NaN, p.maxValue(), p.minValue(), p.minNormal(), 1.0);
            }
        };
    }

    /** Uniform in (-1, 1) times 2^e for e uniform in [-maxExponent, maxExponent]. */
    private static double mixedMagnitude(SplittableRandom random, int maxExponent) {
        return random.nextDouble(-1, 1) * Math.scalb(1.0, random.nextInt(-maxExponent, maxExponent + 1));
    }

    private static double pickFrom(SplittableRandom random, double... values) {
        return values[random.nextInt(values.length)];
    }
}
