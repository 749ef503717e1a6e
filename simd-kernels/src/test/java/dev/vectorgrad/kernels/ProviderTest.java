package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
