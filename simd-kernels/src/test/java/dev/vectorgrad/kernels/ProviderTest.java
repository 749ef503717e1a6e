package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards against the vector path being skipped silently: the build runs tests with
 * {@code --add-modules jdk.incubator.vector}, so the chosen provider must be the Vector API one.
 */
class ProviderTest {

    @Test
    void testsRunOnTheVectorApiProvider() {
        assertEquals("vector", Kernels.provider().name(),
                "tests must run with --add-modules jdk.incubator.vector and C2 enabled; chosen: " + Kernels.provider());
        assertTrue(Kernels.provider().description().contains("float x "), Kernels.provider().description());
    }

    @Test
    void scalarAndVectorAreDistinctImplementations() {
        assertEquals("scalar", Kernels.scalar().name());
        assertNotSame(Kernels.scalar().f32().getClass(), Kernels.vector().f32().getClass());
        assertNotSame(Kernels.scalar().f64().getClass(), Kernels.vector().f64().getClass());
    }

    @Test
    void theEntryPointHandsOutTheChosenProvidersKernels() {
        assertSame(Kernels.provider().f32(), Kernels.f32());
        assertSame(Kernels.provider().f64(), Kernels.f64());
        assertSame(Kernels.provider(), Kernels.vector(), "the vector provider, once chosen, is the one handed out");
    }

    @Test
    void providersDescribeThemselves() {
        KernelProvider scalar = Kernels.scalar();
        assertEquals("scalar: plain Java loops (no Vector API)", scalar.toString());
        assertEquals(1, scalar.threads());
        assertSame(scalar, scalar.withThreads(4), "the scalar kernels are single-threaded");
        KernelProvider vector = Kernels.vector();
        assertEquals("vector: " + vector.description(), vector.toString());
        assertTrue(vector.description().endsWith("-bit), GEMM threads " + vector.threads()), vector.description());
        assertEquals(3, vector.withThreads(3).threads());
        assertSame(vector, vector.withThreads(vector.threads()));
        // At the JVM's own width nothing is emulated (the tests run at it or narrower).
        assertFalse(vector.description().contains("emulated"), vector.description());
    }

    @Test
    void theVectorProviderRunsTheConfiguredNumberOfThreads() {
        // the property when this JVM was given it (bench forks are), else one GEMM thread per processor
        String property = System.getProperty(Kernels.THREADS_PROPERTY);
        int expected = property == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(property.trim());
        assertEquals(expected, Kernels.defaultThreads());
        assertEquals(expected, Kernels.vector().threads());
    }

    @Test
    void threadCountsAreTheProcessorsOrAPositiveInteger() {
        assertEquals(6, Kernels.threads(null, 6));
        assertEquals(3, Kernels.threads(" 3 ", 6));
        assertEquals(1, Kernels.threads("1", 6));
        for (String bad : new String[] {"0", "-2", "two", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.threads(bad, 6));
            assertEquals("system property vectorgrad.kernels.threads must be a positive integer, but is '" + bad + "'",
                    e.getMessage());
        }
    }
}
