package dev.vectorgrad.streams;

import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;

/**
 * The startup check of the SIMD kernels. Without {@code --add-modules jdk.incubator.vector} on the JVM's command line
 * vectorgrad runs its scalar kernels, an LSTM step about 15 times slower; inside a stream application that shows up
 * as lag, not as an error, so {@link RecurrentInference} refuses to build unless the vector kernels run or scalar ones
 * are allowed on purpose.
 */
public final class KernelCheck {

    private KernelCheck() {
    }

    /** The name of this JVM's kernel provider: {@code vector} or {@code scalar}. */
    public static String provider() {
        return Kernels.provider().name();
    }

    /**
     * Returns the provider's name when it is {@code vector}, or when {@code allowScalar}.
     *
     * @throws IllegalStateException when the scalar kernels run and scalar is not allowed, saying how to fix it
     */
    public static String require(boolean allowScalar) {
        KernelProvider p = Kernels.provider();
        if (!p.name().equals("vector") && !allowScalar) {
            throw new IllegalStateException("vectorgrad-streams: this JVM runs vectorgrad's " + p.name()
                    + " kernels (" + p.description() + "), expected vector: start every instance of the application"
                    + " with 'java --add-modules jdk.incubator.vector ...' (or JDK_JAVA_OPTIONS="
                    + "--add-modules=jdk.incubator.vector), or call allowScalarKernels(true) to run the scalar kernels"
                    + " on purpose");
        }
        return p.name();
    }
}
