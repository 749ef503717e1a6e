package dev.vectorgrad.autograd;

import dev.vectorgrad.kernels.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One table of every public differentiable op of {@link Ops}, {@link Shapes}, {@link Losses} and
 * {@link Convolutions} (matmul in all four transpose combinations and with one tensor on both sides,
 * broadcasting arithmetic, activations, softmaxes, reductions, embedding, seeded dropout, dtype
 * conversion, shape ops, losses, convolution and pooling), shared by {@link GradientAccumulationTest}
 * and {@link F32AgreesWithF64Test}.
 * Inputs are small, but element-wise cases have 39 elements so the kernels run both their vector
 * loop and their scalar tail.
 *
 * <p>Every input value is a float (a double rounded to float), so an F32 tensor and an F64 tensor
 * built from the same case hold exactly the same numbers, and the F64 finite differences of the
 * reference function are taken at exactly the point the F32 op sees.
 */
final class OpCases {

    private OpCases() {
    }

    /** An input: its shape, a uniform range, and whether values closer than 0.1 to zero are pushed away (relu's kink). */
    record Input(int[] shape, double low, double high, boolean awayFromZero) {
    }

    /**
     * A differentiable function of its inputs, and the function whose F64 finite differences give the
     * expected gradient ({@code reference}: the same function, except for {@code to(dtype)}, whose
     * mathematical definition is the identity; differencing a float-rounding copy would measure the
     * rounding, not the derivative).
     */
    record Case(String name, Function<Tensor[], Tensor> f, Function<Tensor[], Tensor> reference, Input... inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Input in(int... shape) {
        return new Input(shape, -1, 1, false);
    }

    static Input range(double low, double high, int... shape) {
        return new Input(shape, low, high, false);
    }

    static Input awayFromZero(int... shape) {
        return new Input(shape, -1, 1, true);
    }

    private static Case op(String name, Function<Tensor[], Tensor> f, Input... inputs) {
        return new Case(name, f, f, inputs);
    }

    /** Doubles that are exactly floats, uniform in the input's range (pushed 0.1 away from 0 if asked). */
    static double[] values(Input input, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[Tensor.sizeOf(input.shape())];
        for (int i = 0; i < v.length; i++) {
            double x = r.nextDouble(input.low(), input.high());
            if (input.awayFromZero()) {
                x = x < 0 ? x - 0.1 : x + 0.1;
            }
            v[i] = (float) x;
        }
        return v;
    }

    /** A tensor of {@code dtype} holding {@code values} (exact: they are floats). */
    static Tensor tensor(DType dtype, double[] values, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t;
    }

    /** The values of each input of {@code c}, seeded by the input's position and {@code seed}. */
    static double[][] inputValues(Case c, long seed) {
        double[][] v = new double[c.inputs().length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = values(c.inputs()[i], seed * 31 + i);
        }
        return v;
    }

    /** Leaves of {@code dtype} requiring gradients, holding {@code values}. */
    static Tensor[] leaves(Case c, DType dtype, double[][] values) {
        Tensor[] t = new Tensor[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = tensor(dtype, values[i], c.inputs()[i].shape()).requiresGrad(true);
        }
        return t;
    }

    /** An upstream gradient of the output's shape: floats in [-1.1, -0.1] or [0.1, 1.1], never tiny. */
    static double[] upstream(int size, long seed) {
        return values(new Input(new int[] {size}, -1, 1, true), seed);
    }

    /**
     * F64 central differences of {@code s(x) = <g, reference(x)>} with respect to every element of
     * every input: the vector-Jacobian product the backward pass must produce. With step
     * {@code h = 1e-6} and functions of magnitude below ~30 here, the truncation error is about
     * {@code h^2 |s'''| / 6 < 1e-11} and the rounding error about {@code 2^-53 |s| / h < 1e-8}.
     */
    static double[][] numericalGradient(Case c, double[][] values, double[] g) {
        double h = 1e-6;
        double[][] grad = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            grad[i] = new double[values[i].length];
            for (int e = 0; e < values[i].length; e++) {
                double plus = projected(c, values, i, e, h, g);
                double minus = projected(c, values, i, e, -h, g);
                grad[i][e] = (plus - minus) / (2 * h);
            }
        }
        return grad;
    }

    private static double projected(Case c, double[][] values, int input, int element, double step, double[] g) {
        Tensor[] x = new Tensor[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = tensor(DType.F64, values[i], c.inputs()[i].shape());
        }
        x[input].set(element, values[input][element] + step);
        Tensor y = c.reference().apply(x);
        double s = 0;
        for (int j = 0; j < g.length; j++) {
            s += g[j] * y.get(j);
        }
        return s;
    }

    /** The op table. */
    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        int m = 3;
        int n = 5;
        int k = 4;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                c.add(op("matmul transA=" + ta + " transB=" + tb, x -> Ops.matmul(x[0], x[1], ta, tb),
                        ta ? in(k, m) : in(m, k), tb ? in(n, k) : in(k, n)));
            }
        }
        c.add(op("matmul(a, a, transB): a a^T", x -> Ops.matmul(x[0], x[0], false, true), in(3, 4)));
        c.add(op("matmul(a, a, transA): a^T a", x -> Ops.matmul(x[0], x[0], true, false), in(3, 4)));

        c.add(op("add same shape", x -> Ops.add(x[0], x[1]), in(3, 13), in(3, 13)));
        c.add(op("add bias [13] over [3, 13]", x -> Ops.add(x[0], x[1]), in(3, 13), in(13)));
        c.add(op("add [2, 3, 4] + [3, 1] (last axis broadcast)", x -> Ops.add(x[0], x[1]), in(2, 3, 4), in(3, 1)));
        c.add(op("add scalar + [3, 13]", x -> Ops.add(x[0], x[1]), in(), in(3, 13)));
        c.add(op("sub same shape", x -> Ops.sub(x[0], x[1]), in(3, 13), in(3, 13)));
        c.add(op("sub [3, 1] - [2, 1, 5]", x -> Ops.sub(x[0], x[1]), in(3, 1), in(2, 1, 5)));
        c.add(op("sub [3, 13] - [13]", x -> Ops.sub(x[0], x[1]), in(3, 13), in(13)));
        c.add(op("mul same shape", x -> Ops.mul(x[0], x[1]), in(3, 13), in(3, 13)));
        c.add(op("mul [2, 3, 4] * [3, 1]", x -> Ops.mul(x[0], x[1]), in(2, 3, 4), in(3, 1)));
        c.add(op("mul [13] * [3, 13]", x -> Ops.mul(x[0], x[1]), in(13), in(3, 13)));
        c.add(op("div same shape", x -> Ops.div(x[0], x[1]), in(3, 13), range(0.5, 2, 3, 13)));
        c.add(op("div [2, 3, 4] / [3, 1]", x -> Ops.div(x[0], x[1]), in(2, 3, 4), range(0.5, 2, 3, 1)));
        c.add(op("div [13] / [3, 13]", x -> Ops.div(x[0], x[1]), in(13), range(-2, -0.5, 3, 13)));

        c.add(op("neg", x -> Ops.neg(x[0]), in(3, 13)));
        c.add(op("scale 2.5", x -> Ops.scale(x[0], 2.5), in(3, 13)));
        c.add(op("scale -0.75", x -> Ops.scale(x[0], -0.75), in(3, 13)));
        c.add(op("tanh", x -> Ops.tanh(x[0]), range(-2, 2, 3, 13)));
        c.add(op("sigmoid", x -> Ops.sigmoid(x[0]), range(-3, 3, 3, 13)));
        c.add(op("relu (inputs 0.1 away from the kink)", x -> Ops.relu(x[0]), awayFromZero(3, 13)));
        c.add(op("exp", x -> Ops.exp(x[0]), range(-1.5, 1.5, 3, 13)));
        c.add(op("log", x -> Ops.log(x[0]), range(0.5, 3, 3, 13)));
        c.add(op("abs (inputs 0.1 away from the kink)", x -> Ops.abs(x[0]), awayFromZero(3, 13)));
        c.add(op("clamp [-0.5, 0.25] (inputs both sides of both bounds)", x -> Ops.clamp(x[0], -0.5, 0.25), in(3, 13)));
        c.add(op("softplus", x -> Ops.softplus(x[0]), range(-4, 4, 3, 13)));
        c.add(op("softmax [3, 13]", x -> Ops.softmax(x[0]), range(-2, 2, 3, 13)));
        c.add(op("softmax [2, 2, 5]", x -> Ops.softmax(x[0]), range(-2, 2, 2, 2, 5)));
        c.add(op("logSoftmax [3, 13]", x -> Ops.logSoftmax(x[0]), range(-2, 2, 3, 13)));
        c.add(op("logSoftmax [2, 2, 5]", x -> Ops.logSoftmax(x[0]), range(-2, 2, 2, 2, 5)));

        // reductions: positive inputs, so a reduction that lost its terms could not land near the true value
        c.add(op("sum", x -> Ops.sum(x[0]), range(0.5, 1.5, 2, 3, 4)));
        c.add(op("mean", x -> Ops.mean(x[0]), range(0.5, 1.5, 2, 3, 4)));
        for (int axis : new int[] {0, 1, 2, -1}) {
            c.add(op("sum(axis=" + axis + ")", x -> Ops.sum(x[0], axis), range(0.5, 1.5, 2, 3, 4)));
            c.add(op("mean(axis=" + axis + ")", x -> Ops.mean(x[0], axis), range(0.5, 1.5, 2, 3, 4)));
        }

        c.add(op("embedding with a repeated index", x -> Ops.embedding(x[0], new int[] {4, 0, 4, 2}), in(5, 3)));
        c.add(op("dropout p=0.3 seeded", x -> Ops.dropout(x[0], 0.3, true, new SplittableRandom(11)), in(3, 13)));
        c.add(new Case("to(F32)", x -> Ops.to(x[0], DType.F32), x -> x[0], in(3, 13)));
        c.add(new Case("to(F64)", x -> Ops.to(x[0], DType.F64), x -> x[0], in(3, 13)));

        c.add(op("reshape [2, 3, 4] to [4, -1]", x -> Shapes.reshape(x[0], 4, -1), in(2, 3, 4)));
        c.add(op("transpose matrix", x -> Shapes.transpose(x[0]), in(3, 5)));
        c.add(op("transpose axes 0, 2", x -> Shapes.transpose(x[0], 0, 2), in(2, 3, 4)));
        c.add(op("transpose axes 1, 2", x -> Shapes.transpose(x[0], 1, 2), in(2, 3, 4)));
        c.add(op("transpose axes -1, 0", x -> Shapes.transpose(x[0], -1, 0), in(2, 3, 4)));
        c.add(op("permute NCHW to NHWC", x -> Shapes.permute(x[0], 0, 2, 3, 1), in(2, 3, 2, 4)));
        c.add(op("permute [2, 3, 4] by (2, 0, 1), negative axes", x -> Shapes.permute(x[0], -1, 0, 1), in(2, 3, 4)));
        c.add(op("permute(permute(x)) round trip", x -> Shapes.permute(Shapes.permute(x[0], 0, 2, 3, 1), 0, 3, 1, 2),
                in(1, 2, 3, 2)));
        c.add(op("concat axis 1", x -> Shapes.concat(1, x[0], x[1]), in(2, 3), in(2, 1)));
        c.add(op("concat(0, a, a): one tensor twice", x -> Shapes.concat(0, x[0], x[0]), in(2, 3)));
        c.add(op("concat axis 2 rank 3", x -> Shapes.concat(2, x[0], x[1]), in(2, 3, 2), in(2, 3, 3)));
        c.add(op("concat axis 0 of three", x -> Shapes.concat(0, x[0], x[1], x[2]), in(1, 3, 4), in(2, 3, 4), in(1, 3, 4)));
        c.add(op("slice axis 0 [1, 2)", x -> Shapes.slice(x[0], 0, 1, 2), in(3, 4, 5)));
        c.add(op("slice axis 1 [1, 3)", x -> Shapes.slice(x[0], 1, 1, 3), in(3, 4, 5)));
        c.add(op("slice axis 2 [2, 4)", x -> Shapes.slice(x[0], 2, 2, 4), in(3, 4, 5)));
        c.add(op("split axis 0 (1, 2), parts swapped", x -> {
            Tensor[] p = Shapes.split(x[0], 0, 1, 2);
            return Shapes.concat(0, p[1], p[0]);
        }, in(3, 4, 5)));
        c.add(op("split axis 1 (1, 2, 1), parts reversed", x -> {
            Tensor[] p = Shapes.split(x[0], 1, 1, 2, 1);
            return Shapes.concat(1, p[2], p[1], p[0]);
        }, in(3, 4, 5)));
        c.add(op("split axis 2 (2, 3), second part doubled", x -> {
            Tensor[] p = Shapes.split(x[0], -1, 2, 3);
            return Shapes.concat(2, p[1], p[0], p[1]);
        }, in(3, 4, 5)));

        c.add(op("flatten [2, 3, 4] to [2, 12]", x -> Shapes.flatten(x[0]), in(2, 3, 4)));

        // convolution and pooling, channels-last; reductions kept to at most 24 terms (see F32AgreesWithF64Test)
        c.add(op("conv2d valid, 2 images, 2 channels, 3 filters, no bias",
                x -> Convolutions.conv2d(x[0], x[1], null), in(2, 3, 3, 2), in(2, 2, 2, 3)));
        c.add(op("conv2d same, strides 2, odd pads at the end, bias",
                x -> Convolutions.conv2d(x[0], x[1], x[2], 2, 2, Padding.SAME), in(1, 4, 6, 2), in(3, 3, 2, 2), in(2)));
        c.add(op("conv2d valid, strides 1 x 2, bias",
                x -> Convolutions.conv2d(x[0], x[1], x[2], 1, 2, Padding.VALID), in(2, 3, 4, 1), in(2, 2, 1, 2), in(2)));
        c.add(op("conv2d 1x1, bias", x -> Convolutions.conv2d(x[0], x[1], x[2]), in(1, 2, 3, 3), in(1, 1, 3, 2), in(2)));
        c.add(op("conv2d explicit pads 1 each side, bias",
                x -> Convolutions.conv2d(x[0], x[1], x[2], 1, 1, 1, 1, 1, 1), in(1, 3, 3, 2), in(2, 2, 2, 2), in(2)));
        c.add(op("conv2d explicit uneven pads (1, 0, 0, 2), strides 2",
                x -> Convolutions.conv2d(x[0], x[1], null, 2, 2, 1, 0, 0, 2), in(1, 4, 4, 1), in(3, 3, 1, 2)));
        c.add(op("maxPool2d 2x2 strides 2, explicit pads 1 each side",
                x -> Convolutions.maxPool2d(x[0], 2, 2, 2, 2, 1, 1, 1, 1), in(1, 3, 3, 2)));
        c.add(op("maxPool2d 2x2", x -> Convolutions.maxPool2d(x[0], 2, 2), in(2, 4, 4, 3)));
        c.add(op("maxPool2d 2x2 strides 1 (overlapping windows)",
                x -> Convolutions.maxPool2d(x[0], 2, 2, 1, 1, Padding.VALID), in(1, 3, 3, 2)));
        c.add(op("maxPool2d 2x2 strides 2 same (odd pad)",
                x -> Convolutions.maxPool2d(x[0], 2, 2, 2, 2, Padding.SAME), in(1, 3, 5, 2)));
        c.add(op("avgPool2d 2x2 strides 2 same (odd pad)",
                x -> Convolutions.avgPool2d(x[0], 2, 2, 2, 2, Padding.SAME), in(1, 3, 5, 2)));
        c.add(op("avgPool2d 2x3 strides 1 x 2", x -> Convolutions.avgPool2d(x[0], 2, 3, 1, 2, Padding.VALID), in(1, 4, 5, 1)));
        c.add(op("flatten(maxPool2d(tanh(conv2d(x, k, b))))",
                x -> Shapes.flatten(Convolutions.maxPool2d(Ops.tanh(Convolutions.conv2d(x[0], x[1], x[2])), 2, 2)),
                in(1, 5, 5, 2), in(2, 2, 2, 3), in(3)));

        c.add(op("mse", x -> Losses.mse(x[0], x[1]), in(3, 4), in(3, 4)));
        c.add(op("crossEntropy", x -> Losses.crossEntropy(x[0], new int[] {1, 0, 4}), range(-2, 2, 3, 5)));

        // one input reaching the loss through two different ops
        c.add(op("mse(softmax(x), tanh(x))", x -> Losses.mse(Ops.softmax(x[0]), Ops.tanh(x[0])), in(3, 5)));
        c.add(op("abs(x) * clamp(x) + softplus(x)",
                x -> Ops.add(Ops.mul(Ops.abs(x[0]), Ops.clamp(x[0], -0.4, 0.6)), Ops.softplus(x[0])), awayFromZero(3, 5)));
        c.add(op("transpose(x) * transpose(x)", x -> Ops.mul(Shapes.transpose(x[0]), Shapes.transpose(x[0])), in(3, 5)));
        c.add(op("crossEntropy(x) + mean(logSoftmax(x))",
                x -> Ops.add(Losses.crossEntropy(x[0], new int[] {2, 3, 0}), Ops.mean(Ops.logSoftmax(x[0]))), in(3, 5)));
        c.add(op("matmul(x, w) + matmul(x, w^T stored)",
                x -> Ops.add(Ops.matmul(x[0], x[1]), Ops.matmul(x[0], Shapes.transpose(x[1]), false, true)),
                in(3, 4), in(4, 5)));
        return c;
    }
}
