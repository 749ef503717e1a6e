package dev.vectorgrad.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The OpenBLAS peer: {@code cblas_sgemm}, {@code cblas_dgemm} and {@code cblas_sgemv} from Debian's
 * {@code libopenblas0}, called through the FFM API. Calls are "critical" with heap access, so Java
 * arrays are passed in place with no copy, as our kernels receive them.
 */
public final class OpenBlas {

    /** The shared object Debian's libopenblas0 installs (through the alternatives system). */
    public static final String LIBRARY = "libopenblas.so.0";
    /** What to tell a user when the library is missing. */
    public static final String INSTALL_HINT = "OpenBLAS (" + LIBRARY + ") was not found; install it with "
            + "'apt-get install libopenblas0' to run the openblas peer benchmarks";

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private static final MethodHandle SGEMM;
    private static final MethodHandle DGEMM;
    private static final MethodHandle SGEMV;
    private static final MethodHandle SET_THREADS;
    private static final MethodHandle CORE_NAME;

    static {
        SymbolLookup lib = lookup().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        SGEMM = linker.downcallHandle(symbol(lib, "cblas_sgemm"), FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), critical);
        DGEMM = linker.downcallHandle(symbol(lib, "cblas_dgemm"), FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), critical);
        SGEMV = linker.downcallHandle(symbol(lib, "cblas_sgemv"), FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), critical);
        SET_THREADS = linker.downcallHandle(symbol(lib, "openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(JAVA_INT));
        CORE_NAME = linker.downcallHandle(symbol(lib, "openblas_get_corename"), FunctionDescriptor.of(ADDRESS));
    }

    private OpenBlas() {
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
    }

    private static Optional<SymbolLookup> lookup() {
        try {
            return Optional.of(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the library can be loaded, checked without initialising this class. */
    public static boolean available() {
        return lookup().isPresent();
    }

    /** The kernel family OpenBLAS chose for this CPU (for example {@code SkylakeX} or {@code Haswell}). */
    public static String coreName() {
        try {
            MemorySegment name = (MemorySegment) CORE_NAME.invokeExact();
            return name.reinterpret(64).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_get_corename failed", e);
        }
    }

    /** Sets the number of threads OpenBLAS uses for every later call. */
    public static void setThreads(int threads) {
        try {
            SET_THREADS.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed", e);
        }
    }

    /** Row-major {@code cblas_sgemm} on Java arrays. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta,
                    MemorySegment.ofArray(c), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    /** Row-major {@code cblas_dgemm} on Java arrays. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        try {
            DGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta,
                    MemorySegment.ofArray(c), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_dgemm failed", e);
        }
    }

    /** Row-major {@code cblas_sgemv} on Java arrays (unit strides). */
    public static void sgemv(boolean transA, int m, int n, float alpha, float[] a, int lda, float[] x,
                             float beta, float[] y) {
        try {
            SGEMV.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, m, n, alpha, MemorySegment.ofArray(a), lda,
                    MemorySegment.ofArray(x), 1, beta, MemorySegment.ofArray(y), 1);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemv failed", e);
        }
    }
}
