package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.internal.Checks;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species of every kernel in this package: the JVM's preferred shape, or the width that
 * {@value Kernels#VECTOR_BITS_PROPERTY} asks for, fixed when this class is initialised. Each kernel
 * class copies it into its own {@code static final} field, which C2 folds to a constant.
 */
final class Species {

    /** The shape of every vector: the property's width, or the preferred one. */
    static final VectorShape SHAPE = shape();
    /** Floats in {@link #SHAPE}. */
    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, SHAPE);
    /** Doubles in {@link #SHAPE}. */
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, SHAPE);

    private Species() {
    }

    private static VectorShape shape() {
        int bits = Checks.vectorBits(System.getProperty(Kernels.VECTOR_BITS_PROPERTY));
        return bits == 0 ? VectorShape.preferredShape() : VectorShape.forBitSize(bits);
    }

    /** Whether {@link #SHAPE} is wider than the CPU's vectors, so the Vector API runs it in Java, not SIMD. */
    static boolean emulated() {
        return SHAPE.vectorBitSize() > VectorShape.preferredShape().vectorBitSize();
    }
}
