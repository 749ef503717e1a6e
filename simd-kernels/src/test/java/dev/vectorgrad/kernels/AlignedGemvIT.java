package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link AlignedGemvTest} on the multi-release jar (failsafe runs after package, on the jar), where a JDK 22 or
 * later loads the off-heap version of the vector provider's aligned matrix: the same bits as the array GEMV, and
 * the matrix is off the heap exactly when the JDK is 22 or later.
 */
class AlignedGemvIT extends AlignedGemvTest {

    @Test
    void theVectorProviderKeepsTheMatrixOffTheHeapFromJdk22() {
        boolean offHeap = Kernels.vector().f32().align(3, 5, new float[15], 0, 5).offHeap();
        assertEquals(Runtime.version().feature() >= 22, offHeap,
                "on JDK " + Runtime.version() + ", kernels from " + Kernels.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
