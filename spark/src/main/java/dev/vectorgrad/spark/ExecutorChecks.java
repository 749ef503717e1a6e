package dev.vectorgrad.spark;

import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every vectorgrad task runs first on an executor, before any model code: the kernels get one thread (Spark
 * already runs one task per core), and a JVM started without the Vector API module fails the task at once with the
 * flag to add, instead of computing 15x slower on the scalar kernels.
 */
final class ExecutorChecks {

    /** The module the SIMD kernels need. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** What to add to the executors' JVM options; spark-submit 4.x adds the module itself, an embedded session does not. */
    static final String INSTRUCTION = "start the executor JVMs with --add-modules=jdk.incubator.vector (spark-submit"
            + " --conf spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector; in an embedded or local"
            + " SparkSession, on the java command line of the application)";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorChecks.class);

    /** The provider this JVM checked, or null before the first task. */
    private static volatile KernelProvider checked;

    private ExecutorChecks() {
    }

    /**
     * Readies this JVM for vectorgrad tasks, once: sets {@value Kernels#THREADS_PROPERTY} to 1 unless it is set
     * (the kernels read it once, when their class is initialised: this is the first vectorgrad code an executor JVM
     * runs, so it takes effect there; in local mode the driver's JVM initialised them already), then checks the
     * kernels. Logs the provider and its thread count once per JVM.
     *
     * @throws IllegalStateException naming the flag to add when the Vector API module is missing, or the reason the
     *                               scalar kernels were chosen (unless they were asked for with
     *                               {@value Kernels#PROVIDER_PROPERTY}{@code =scalar})
     */
    static KernelProvider prepare() {
        KernelProvider provider = checked;
        if (provider != null) {
            return provider;
        }
        synchronized (ExecutorChecks.class) {
            if (checked == null) {
                requireVectorModule(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
                if (System.getProperty(Kernels.THREADS_PROPERTY) == null) {
                    System.setProperty(Kernels.THREADS_PROPERTY, "1");
                }
                KernelProvider p = Kernels.provider();
                requireVectorKernels(p.name(), System.getProperty(Kernels.PROVIDER_PROPERTY));
                LOG.info("vectorgrad kernels on this executor: {} ({} GEMM thread(s)): {}", p.name(), p.threads(),
                        p.description());
                checked = p;
            }
            return checked;
        }
    }

    /** Fails with {@link #INSTRUCTION} unless the module is in the boot layer. */
    static void requireVectorModule(boolean present) {
        if (!present) {
            throw new IllegalStateException("vectorgrad: the Java Vector API module " + VECTOR_MODULE
                    + " is not in this executor's JVM: " + INSTRUCTION);
        }
    }

    /** Fails unless the vector kernels run, or the scalar ones were asked for by name. */
    static void requireVectorKernels(String providerName, String forced) {
        if (!"vector".equals(providerName) && !"scalar".equals(forced)) {
            throw new IllegalStateException("vectorgrad: this executor chose the " + providerName + " kernels although"
                    + " the Vector API module is present (C2 off, or vectors under 128 bits; see the warning logged by"
                    + " dev.vectorgrad.kernels.Kernels); set -D" + Kernels.PROVIDER_PROPERTY + "=scalar to accept them");
        }
    }
}
