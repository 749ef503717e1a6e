package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Init;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Keras's default initialisers, written into a tensor in Keras's layout and drawn from a seeded generator (the same
 * seed gives the same weights on every run; the values are not TensorFlow's, whose generator differs).
 */
public final class Initializers {

    /** Keras's {@code RandomUniform} bounds for {@code Embedding}'s default {@code "uniform"} initialiser. */
    public static final double EMBEDDING_BOUND = 0.05;

    private Initializers() {
    }

    /**
     * Keras's {@code glorot_uniform}: {@code U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))}, the fans being
     * Keras's {@code compute_fans}: for a matrix {@code [in, out]} (Keras's layout, {@code [in, units]} or
     * {@code [in, k * units]}) {@code fanIn = in}, {@code fanOut = out}; for a convolution kernel
     * {@code [kh, kw, in, filters]} both are multiplied by the receptive field {@code kh * kw}.
     */
    public static void glorotUniform(Tensor kernel, RandomGenerator random) {
        long[] fans = fans("glorot_uniform", kernel);
        Init.uniform(kernel, Math.sqrt(6.0 / (fans[0] + fans[1])), random);
    }

    /**
     * Keras's {@code compute_fans} of a kernel of rank 2 or more: {@code {in * receptive, out * receptive}} with
     * {@code in, out} its last two sizes and {@code receptive} the product of the others (1 for a matrix).
     */
    static long[] fans(String what, Tensor kernel) {
        int[] s = kernel.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException(what + ": needs a kernel of rank 2 or more, got " + Arrays.toString(s));
        }
        long receptive = 1;
        for (int d = 0; d < s.length - 2; d++) {
            receptive *= s[d];
        }
        return new long[] {receptive * s[s.length - 2], receptive * s[s.length - 1]};
    }

    /**
     * Keras's {@code orthogonal} (gain 1) for a matrix {@code [rows, cols]}: rows orthonormal when
     * {@code rows <= cols} (a recurrent kernel {@code [units, k * units]}), columns otherwise.
     */
    public static void orthogonal(Tensor matrix, RandomGenerator random) {
        matrix("orthogonal", matrix);
        Init.orthogonal(matrix, 1, random);
    }

    /** Keras's {@code RandomUniform(minval, maxval)}: {@code U(-bound, bound)}. */
    public static void uniform(Tensor t, double bound, RandomGenerator random) {
        Init.uniform(t, bound, random);
    }

    private static int[] matrix(String what, Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException(what + ": needs a matrix, got " + Arrays.toString(t.shape()));
        }
        return t.shape();
    }
}
