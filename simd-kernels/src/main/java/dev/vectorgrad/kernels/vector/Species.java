package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species of every kernel in this package: the JVM's preferred shape, fixed when this
 * class is initialised. Each kernel class copies it into its own {@code static final} field, which
 * C2 folds to a constant.
 */
final class Species {

    /** Floats in the preferred vector shape. */
    static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    /** Doubles in the preferred vector shape. */
    static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    private Species() {
    }
}
