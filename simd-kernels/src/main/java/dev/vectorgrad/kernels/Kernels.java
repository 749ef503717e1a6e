package dev.vectorgrad.kernels;

import dev.vectorgrad.kernels.internal.Checks;
import dev.vectorgrad.kernels.scalar.ScalarProvider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * Entry point: chooses the kernel implementation once, when this class is initialised, following
 * Lucene's vectorization provider.
 *
 * <p>The Vector API provider is chosen when the {@code jdk.incubator.vector} module is in the boot
 * layer, C2 is enabled and the preferred vector is at least 128 bits wide. Otherwise the scalar
 * provider is used and one warning is logged through {@link System.Logger} saying why (for the
 * missing module: pass {@code --add-modules jdk.incubator.vector}). The system property
 * {@value #PROVIDER_PROPERTY} forces the choice: {@code auto} (default), {@code vector} (used even
 * with C2 off; fails at once if the module is missing) or {@code scalar}; {@value #VECTOR_BITS_PROPERTY} sets
 * the vector width.
 *
 * <pre>{@code
 * KernelProvider p = Kernels.provider();                     // chosen once, when this class is initialised
 * System.out.println(p.name() + ": " + p.description());    // "vector: ..." or "scalar: ..."
 * FloatKernels k = Kernels.f32();
 * k.gemm(false, true, m, n, kk, 1f, a, 0, kk, b, 0, kk, 0f, c, 0, n);   // C [m, n] = A [m, kk] B^T, B stored [n, kk]
 * }</pre>
 */
public final class Kernels {

    /** System property that forces a provider: {@code auto}, {@code vector} or {@code scalar}. */
    public static final String PROVIDER_PROPERTY = "vectorgrad.kernels.provider";

    /** System property with the default GEMM thread count (a positive integer). */
    public static final String THREADS_PROPERTY = "vectorgrad.kernels.threads";

    /**
     * System property with the width of the SIMD kernels' vectors in bits: {@code 128}, {@code 256} or {@code 512};
     * unset, the JVM's preferred width. A width narrower than the CPU's runs at that width (to compare widths on
     * one machine); a wider one runs the Vector API's Java fallback, with the same results but many times slower,
     * and exists to test the code paths of wider CPUs (the provider's description then says "emulated").
     */
    public static final String VECTOR_BITS_PROPERTY = "vectorgrad.kernels.vectorBits";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_PROVIDER_CLASS = "dev.vectorgrad.kernels.vector.VectorProvider";
    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    private static final KernelProvider SCALAR = new ScalarProvider();
    private static final KernelProvider CHOSEN = choose();

    private Kernels() {
    }

    /** The provider chosen for this JVM. */
    public static KernelProvider provider() {
        return CHOSEN;
    }

    /** Float kernels of the chosen provider. */
    public static FloatKernels f32() {
        return CHOSEN.f32();
    }

    /** Double kernels of the chosen provider. */
    public static DoubleKernels f64() {
        return CHOSEN.f64();
    }

    /** The scalar provider: plain Java loops, the reference the vector kernels are tested against. */
    public static KernelProvider scalar() {
        return SCALAR;
    }

    /**
     * The Vector API provider.
     *
     * @throws UnsupportedOperationException naming the reason when the Vector API cannot be used
     */
    public static KernelProvider vector() {
        if (CHOSEN != SCALAR) {
            return CHOSEN;
        }
        return loadVectorProvider(false);
    }

    /** Quantised-weight kernels of the chosen provider. */
    public static dev.vectorgrad.kernels.quant.QuantKernels quant() {
        return CHOSEN.quant();
    }

    private static KernelProvider choose() {
        String forced = System.getProperty(PROVIDER_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "scalar":
                return SCALAR;
            case "vector":
                return loadVectorProvider(false);
            case "auto":
                try {
                    return loadVectorProvider(true);
                } catch (UnsupportedOperationException e) {
                    LOG.log(System.Logger.Level.WARNING, "vectorgrad uses its scalar kernels: " + e.getMessage());
                    return SCALAR;
                }
            default:
                throw new IllegalArgumentException("system property " + PROVIDER_PROPERTY
                        + " must be auto, vector or scalar, but is '" + forced + "'");
        }
    }

    /** The GEMM thread count from {@value #THREADS_PROPERTY}, or the number of available processors. */
    static int defaultThreads() {
        return threads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /**
     * A thread count given as {@code value} (the property's text), or {@code processors} when it is null.
     *
     * @throws IllegalArgumentException unless {@code value} is null or a positive integer, naming the property
     */
    static int threads(String value, int processors) {
        if (value == null) {
            return processors;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException("system property " + THREADS_PROPERTY
                + " must be a positive integer, but is '" + value + "'");
    }

    /**
     * Loads the Vector API provider. With {@code checkCompiler}, refuses when C2 is off (the kernels
     * would run the Vector API's slow Java fallback); forcing skips that check, since the results
     * are the same, only slower.
     */
    private static KernelProvider loadVectorProvider(boolean checkCompiler) {
        Module vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE).orElseThrow(() ->
                new UnsupportedOperationException("the Java Vector API module is not readable; pass '--add-modules "
                        + VECTOR_MODULE + "' to the JVM to enable the SIMD kernels"));
        String vmInfo = System.getProperty("java.vm.info", "");
        if (checkCompiler && (vmInfo.contains("emulated-client") || vmInfo.contains("interpreted mode"))) {
            throw new UnsupportedOperationException("the C2 compiler is disabled (java.vm.info: " + vmInfo
                    + "), so Vector API code would not be compiled to SIMD instructions");
        }
        Checks.vectorBits(System.getProperty(VECTOR_BITS_PROPERTY)); // a bad value fails here, named, before any kernel
        Kernels.class.getModule().addReads(vectorModule);
        try {
            var lookup = MethodHandles.lookup();
            var providerClass = lookup.findClass(VECTOR_PROVIDER_CLASS);
            var constructor = lookup.findConstructor(providerClass, MethodType.methodType(void.class, int.class));
            return (KernelProvider) constructor.invoke(defaultThreads());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create " + VECTOR_PROVIDER_CLASS, e);
        }
    }
}
