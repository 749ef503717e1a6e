package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import dev.vectorgrad.properties.Cases.Fill;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * 2-D convolution and pooling, vector against scalar, over random channels-last geometries: batch
 * 0..3, images 1..10 square or not, 1..20 channels and filters (below, at and across the lane counts),
 * windows 1..4 (up to the image with valid padding, larger with same), strides 1..3 each way, valid
 * and same padding (odd pads included) and explicit pads (0 up to the window less one on each side,
 * top and bottom, left and right drawn apart), bias or none, every array at an offset and followed by a tail
 * that must stay untouched. A second convolution property crosses the vector kernels' im2col blocks
 * (more than 2^17 elements of window rows), a third takes 1x1 windows at strides 1 (no im2col), a
 * fourth few taps and 32..90 filters (the vector kernels' direct forward pass), a fifth few taps and
 * filters in whole vectors (their direct input gradient, and the forward pass's four-pixel tiles), a sixth
 * 32 or 64 channels (their input and kernel gradients computed in place).
 *
 * <p>The scalar convolution is a direct loop; the vector one multiplies im2col blocks with the GEMM or
 * adds each window position's products into the input gradient, which sums in another order, so each element is compared within twice the bound its kernel's javadoc
 * states per implementation (as {@link Tolerances#gemmBound}: {@code 2 (k + 2) eps * abs + (k + 2)
 * minValue}, the absolute terms summed in double here): forward {@code k = windowHeight * windowWidth
 * * channels} with {@code abs = |bias| + sum |x w|}; input gradient {@code k = filters + windowHeight
 * * windowWidth} with {@code abs = |dx before| + sum |dy w|}; kernel gradient {@code k = 3 * pixels}
 * with {@code abs = |dkernel before| + sum |x dy|}. The backward kernels add into outputs that start
 * with random values. Contents are finite of mixed magnitude (2^-10 to 2^10).
 *
 * <p>Pooling does the same operations in the same order in both, so it must give the same bits, here
 * over contents with NaN, infinities, signed zeros, subnormals and extremes (one element in 32): the
 * maximum and where its gradient goes, the average and its gradient.
 */
class ConvolutionPropertiesTest {

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

    /** A geometry and its arrays' layout; filters and bias are ignored by pooling. */
    record WindowCase(int batch, int height, int width, int channels, int windowHeight, int windowWidth,
                      int strideHeight, int strideWidth, Padding padding, List<Integer> pads, int filters,
                      boolean bias, List<Integer> offsets, int tail, long seed) {

        /**
         * The geometry; with {@link Padding#EXPLICIT}, {@code pads} (top, bottom, left, right) are
         * taken below the window's size, the bottom and right ones raised where the window would not
         * fit the padded image (the derived generators change windows and sides after drawing them).
         */
        Window2d geometry() {
            if (padding != Padding.EXPLICIT) {
                return Window2d.of(batch, height, width, channels, windowHeight, windowWidth, strideHeight,
                        strideWidth, padding);
            }
            int top = Math.min(pads.get(0), windowHeight - 1);
            int bottom = Math.max(Math.min(pads.get(1), windowHeight - 1), windowHeight - height - top);
            int left = Math.min(pads.get(2), windowWidth - 1);
            int right = Math.max(Math.min(pads.get(3), windowWidth - 1), windowWidth - width - left);
            return Window2d.explicit(batch, height, width, channels, windowHeight, windowWidth, strideHeight,
                    strideWidth, top, bottom, left, right);
        }

        int off(int i) {
            return offsets.get(i);
        }

        /** An array holding {@code size} elements of {@code fill} from offset {@code off(i)}, then the tail. */
        <A> A array(Precision<A> p, int i, int size, Fill fill, SplittableRandom random) {
            return Cases.array(p, off(i) + size + tail, fill, random);
        }
    }

    /** Cases with sides up to {@code maxSide} and channels and filters up to {@code maxChannels}. */
    static Gen<WindowCase> windows(int maxBatch, int maxSide, int maxChannels) {
        Gen<Integer> batches = range(0, maxBatch);
        Gen<Integer> sides = range(1, maxSide);
        Gen<Integer> channels = range(1, maxChannels);
        Gen<Integer> windowSides = range(1, 4);
        Gen<Integer> strides = range(1, 3);
        Gen<Padding> paddings = pick(List.of(Padding.VALID, Padding.SAME, Padding.EXPLICIT));
        Gen<Integer> pads = range(0, 3);
        Gen<Boolean> flags = booleans().all();
        Gen<Integer> offsets = range(0, Cases.MAX_OFFSET);
        Gen<Integer> tails = range(0, Cases.MAX_PAD);
        Gen<Long> seeds = longs().all();
        return in -> {
            int height = sides.generate(in);
            int width = sides.generate(in);
            Padding padding = paddings.generate(in);
            int wh = windowSides.generate(in);
            int ww = windowSides.generate(in);
            if (padding == Padding.VALID) {
                wh = Math.min(wh, height);
                ww = Math.min(ww, width);
            }
            return new WindowCase(batches.generate(in), height, width, channels.generate(in), wh, ww,
                    strides.generate(in), strides.generate(in), padding,
                    List.of(pads.generate(in), pads.generate(in), pads.generate(in), pads.generate(in)),
                    channels.generate(in), flags.generate(in),
                    List.of(offsets.generate(in), offsets.generate(in), offsets.generate(in), offsets.generate(in)),
                    tails.generate(in), seeds.generate(in));
        };
    }

    /**
     * Two images of 30..40 pixels a side, 16..24 channels, 3x3 or 4x4 windows at strides 1: at least
     * 2 * 27 * 27 pixels of 144 taps, more than one im2col block of 2^17 elements.
     */
    static Gen<WindowCase> largeWindows() {
        Gen<WindowCase> small = windows(2, 4, 4);
        Gen<Integer> sides = range(30, 40);
        Gen<Integer> channels = range(16, 24);
        Gen<Integer> windowSides = range(3, 4);
        return in -> {
            WindowCase c = small.generate(in);
            return new WindowCase(2, sides.generate(in), sides.generate(in), channels.generate(in),
                    windowSides.generate(in), windowSides.generate(in), 1, 1, c.padding(),
                    c.pads(), c.filters(), c.bias(), c.offsets(), c.tail(), c.seed());
        };
    }

    /** 1x1 windows with strides 1, which the vector kernels multiply without im2col. */
    static Gen<WindowCase> pointwise() {
        Gen<WindowCase> any = windows(3, 10, 20);
        return in -> {
            WindowCase c = any.generate(in);
            return new WindowCase(c.batch(), c.height(), c.width(), c.channels(), 1, 1, 1, 1, c.padding(),
                    c.pads(), c.filters(), c.bias(), c.offsets(), c.tail(), c.seed());
        };
    }

    /** At most 72 taps (3x3 windows of up to 8 channels) and 32..90 filters, which the vector kernels sum directly. */
    static Gen<WindowCase> fewTapsManyFilters() {
        Gen<WindowCase> any = windows(3, 8, 8);
        Gen<Integer> filters = range(32, 90);
        return in -> {
            WindowCase c = any.generate(in);
            return new WindowCase(c.batch(), c.height(), c.width(), c.channels(), Math.min(c.windowHeight(), 3),
                    Math.min(c.windowWidth(), 3), c.strideHeight(), c.strideWidth(), c.padding(), c.pads(), filters.generate(in),
                    c.bias(), c.offsets(), c.tail(), c.seed());
        };
    }

    /**
     * At most 72 taps (3x3 windows of up to 8 channels), images up to 12 a side, and 8 to 64 filters in
     * multiples of 8 (one to four whole vectors at 8 and 16 lanes): the vector kernels' direct input
     * gradient, and their direct forward pass with its four-pixel tiles over the interior.
     */
    static Gen<WindowCase> wholeVectorFilters() {
        Gen<WindowCase> any = windows(3, 12, 8);
        Gen<Integer> filters = pick(List.of(8, 16, 24, 32, 48, 64));
        return in -> {
            WindowCase c = any.generate(in);
            return new WindowCase(c.batch(), c.height(), c.width(), c.channels(), Math.min(c.windowHeight(), 3),
                    Math.min(c.windowWidth(), 3), c.strideHeight(), c.strideWidth(), c.padding(), c.pads(),
                    filters.generate(in), c.bias(), c.offsets(), c.tail(), c.seed());
        };
    }

    /**
     * 32 or 64 channels (whole strips of two vectors at 8 and 16 lanes) and 1 to 64 filters, whole vectors
     * among them: the vector kernels' input gradient added in place, padded or not, and, unpadded with whole
     * vectors of filters, their kernel gradient read from the image in place.
     */
    static Gen<WindowCase> wholeStripChannels() {
        Gen<WindowCase> any = windows(3, 8, 8);
        Gen<Integer> channels = pick(List.of(32, 64));
        Gen<Integer> filters = pick(List.of(1, 5, 16, 17, 32, 64));
        return in -> {
            WindowCase c = any.generate(in);
            return new WindowCase(c.batch(), c.height(), c.width(), channels.generate(in),
                    Math.min(c.windowHeight(), 3), Math.min(c.windowWidth(), 3), c.strideHeight(), c.strideWidth(),
                    c.padding(), c.pads(), filters.generate(in), c.bias(), c.offsets(), c.tail(), c.seed());
        };
    }

    abstract static class Properties<A> extends KernelProperties<A> {

        Properties(Precision<A> p) {
            super(p);
        }

        @Test
        void conv2d() {
            Gen<WindowCase> cases = windows(3, 10, 20);
            warmUp(30, cases, c -> conv(vector, c));
            qt().withExamples(100).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void conv2dAcrossIm2colBlocks() {
            Gen<WindowCase> cases = largeWindows();
            warmUp(3, cases, c -> conv(vector, c));
            qt().withExamples(8).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void conv2dFewTapsManyFilters() {
            Gen<WindowCase> cases = fewTapsManyFilters();
            warmUp(30, cases, c -> conv(vector, c));
            qt().withExamples(60).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void conv2dFiltersInWholeVectors() {
            Gen<WindowCase> cases = wholeVectorFilters();
            warmUp(30, cases, c -> conv(vector, c));
            qt().withExamples(60).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void conv2dChannelsInWholeStrips() {
            Gen<WindowCase> cases = wholeStripChannels();
            warmUp(20, cases, c -> conv(vector, c));
            qt().withExamples(40).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void conv2dOneByOne() {
            Gen<WindowCase> cases = pointwise();
            warmUp(30, cases, c -> conv(vector, c));
            qt().withExamples(50).forAll(cases).checkAssert(this::assertConv);
        }

        @Test
        void poolingIsExact() {
            Gen<WindowCase> cases = windows(3, 10, 20);
            warmUp(30, cases, c -> pool(vector, c));
            qt().withExamples(150).forAll(cases).checkAssert(c -> {
                List<A> expected = pool(scalar, c);
                List<A> actual = pool(vector, c);
                String[] names = {"maxPool2d y", "maxPool2dBackward dx", "avgPool2d y", "avgPool2dBackward dx"};
                for (int i = 0; i < names.length; i++) {
                    Tolerances.assertSameBits(p, names[i] + " " + c.geometry(), expected.get(i), actual.get(i));
                }
            });
        }

        /** Max pooling, its backward, average pooling, its backward; the gradients added into random values. */
        private List<A> pool(Ops<A> k, WindowCase c) {
            Window2d g = c.geometry();
            int in = g.inputSize();
            int out = (int) g.outputPixels() * g.channels();
            SplittableRandom r = new SplittableRandom(c.seed());
            A x = c.array(p, 0, in, Fill.WITH_SPECIALS, r);
            A dy = c.array(p, 1, out, Fill.WITH_SPECIALS, r);
            A y = c.array(p, 2, out, Fill.FINITE, r);
            A dx = c.array(p, 3, in, Fill.FINITE, r);
            A yAvg = c.array(p, 2, out, Fill.FINITE, r);
            A dxAvg = c.array(p, 3, in, Fill.FINITE, r);
            k.maxPool2d(g, x, c.off(0), y, c.off(2));
            k.maxPool2dBackward(g, x, c.off(0), dy, c.off(1), dx, c.off(3));
            k.avgPool2d(g, x, c.off(0), yAvg, c.off(2));
            k.avgPool2dBackward(g, dy, c.off(1), dxAvg, c.off(3));
            return List.of(y, dx, yAvg, dxAvg);
        }

        /** The arrays of one convolution case, and the three outputs once the kernels ran. */
        private record Conv<A>(A x, A w, A bias, A dy, A y, A dx, A dw) {
        }

        private Conv<A> arrays(WindowCase c) {
            Window2d g = c.geometry();
            int f = c.filters();
            int in = g.inputSize();
            int out = (int) g.outputPixels() * f;
            int taps = g.windowHeight() * g.windowWidth() * g.channels() * f;
            SplittableRandom r = new SplittableRandom(c.seed());
            return new Conv<>(c.array(p, 0, in, Fill.FINITE, r), c.array(p, 1, taps, Fill.FINITE, r),
                    c.bias() ? c.array(p, 2, f, Fill.FINITE, r) : null, c.array(p, 2, out, Fill.FINITE, r),
                    c.array(p, 3, out, Fill.FINITE, r), c.array(p, 0, in, Fill.FINITE, r),
                    c.array(p, 1, taps, Fill.FINITE, r));
        }

        /** Runs the three convolution kernels of a case on fresh arrays; returns them. */
        private Conv<A> conv(Ops<A> k, WindowCase c) {
            Window2d g = c.geometry();
            Conv<A> a = arrays(c);
            k.conv2d(g, c.filters(), a.x(), c.off(0), a.w(), c.off(1), a.bias(), c.off(2), a.y(), c.off(3));
            k.conv2dBackwardInput(g, c.filters(), a.dy(), c.off(2), a.w(), c.off(1), a.dx(), c.off(0));
            k.conv2dBackwardKernel(g, c.filters(), a.x(), c.off(0), a.dy(), c.off(2), a.dw(), c.off(1));
            return a;
        }

        private void assertConv(WindowCase c) {
            Window2d g = c.geometry();
            int f = c.filters();
            Conv<A> original = arrays(c);
            Conv<A> expected = conv(scalar, c);
            Conv<A> actual = conv(vector, c);
            int in = g.inputSize();
            int out = (int) g.outputPixels() * f;
            int taps = g.windowHeight() * g.windowWidth() * g.channels() * f;
            // sums of |terms| per output element, by a direct loop in double
            double[] yAbs = new double[out];
            double[] dxAbs = new double[in];
            double[] dwAbs = new double[taps];
            for (int o = 0; o < out; o++) {
                yAbs[o] = c.bias() ? Math.abs(p.get(original.bias(), c.off(2) + o % f)) : 0;
            }
            for (int i = 0; i < in; i++) {
                dxAbs[i] = Math.abs(p.get(original.dx(), c.off(0) + i));
            }
            for (int t = 0; t < taps; t++) {
                dwAbs[t] = Math.abs(p.get(original.dw(), c.off(1) + t));
            }
            int pixel = 0;
            for (int n = 0; n < g.batch(); n++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++, pixel++) {
                        for (int ky = 0; ky < g.windowHeight(); ky++) {
                            for (int kx = 0; kx < g.windowWidth(); kx++) {
                                int iy = oy * g.strideHeight() + ky - g.padTop();
                                int ix = ox * g.strideWidth() + kx - g.padLeft();
                                if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) {
                                    continue;
                                }
                                for (int ch = 0; ch < g.channels(); ch++) {
                                    int xi = ((n * g.height() + iy) * g.width() + ix) * g.channels() + ch;
                                    double xv = p.get(original.x(), c.off(0) + xi);
                                    for (int q = 0; q < f; q++) {
                                        int t = ((ky * g.windowWidth() + kx) * g.channels() + ch) * f + q;
                                        double wv = p.get(original.w(), c.off(1) + t);
                                        double dyv = p.get(original.dy(), c.off(2) + pixel * f + q);
                                        yAbs[pixel * f + q] += Math.abs(xv * wv);
                                        dxAbs[xi] += Math.abs(dyv * wv);
                                        dwAbs[t] += Math.abs(xv * dyv);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            int k = g.windowHeight() * g.windowWidth() * g.channels();
            String where = " " + g + ", " + f + " filters, bias " + c.bias();
            assertClose("conv2d y" + where, expected.y(), actual.y(), range(c.off(3), out),
                    i -> Tolerances.gemmBound(p, k, yAbs[i - c.off(3)]));
            assertClose("conv2dBackwardInput dx" + where, expected.dx(), actual.dx(), range(c.off(0), in),
                    i -> Tolerances.gemmBound(p, f + g.windowHeight() * g.windowWidth(), dxAbs[i - c.off(0)]));
            long pixels = g.outputPixels();
            assertClose("conv2dBackwardKernel dkernel" + where, expected.dw(), actual.dw(), range(c.off(1), taps),
                    i -> Tolerances.gemmBound(p, (int) (3 * pixels), dwAbs[i - c.off(1)]));
        }

        private static IntPredicate range(int off, int size) {
            return i -> i >= off && i < off + size;
        }
    }
}
