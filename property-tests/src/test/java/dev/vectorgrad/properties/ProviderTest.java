package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The properties compare the Vector API kernels with the scalar ones, so this module must run
 * with the Vector API active ({@code --add-modules jdk.incubator.vector} in surefire's argLine).
 */
class ProviderTest {

    @Test
    void vectorProviderIsChosen() {
        assertEquals("vector", Kernels.provider().name(), "chosen provider: " + Kernels.provider().description());
        assertEquals("vector", Kernels.vector().name());
        assertEquals("scalar", Kernels.scalar().name());
    }
}
