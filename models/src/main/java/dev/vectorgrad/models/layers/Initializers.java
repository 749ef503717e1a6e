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
     * Keras's {@code glorot_uniform} for a kernel {@code [fanIn, fanOut]} (Keras's layout, {@code [in, units]} or
     * {@code [in, k * units]}): {@code U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))}.
     */
    public static void glorotUniform(Tensor kernel, RandomGenerator random) {
        int[] s = matrix("glorot_uniform", kernel);
        Init.uniform(kernel, Math.sqrt(6.0 / (s[0] + s[1])), random);
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
