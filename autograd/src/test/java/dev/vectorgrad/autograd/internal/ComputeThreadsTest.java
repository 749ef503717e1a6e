package dev.vectorgrad.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.kernels.Kernels;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link Compute#threads()}, which layers (e.g. the fused sequence) use to size their
 * splits: it is the kernel thread count, i.e. {@code -Dvectorgrad.kernels.threads} when set, else
 * the number of available processors (1 with the single-threaded scalar kernels), and never
 * below 1; and {@link Compute#forEachPart} runs
 * every part exactly once.
 */
class ComputeThreadsTest {

    @Test
    void threadsIsTheConfiguredKernelThreadCount() {
        String property = System.getProperty(Kernels.THREADS_PROPERTY);
        // the scalar kernels are single-threaded whatever is configured
        int expected = Kernels.provider() == Kernels.scalar() ? 1
                : property == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(property.trim());
        assertEquals(expected, Compute.threads());
        assertEquals(Kernels.provider().threads(), Compute.threads());
        assertTrue(Compute.threads() >= 1);
    }

    @Test
    void forEachPartRunsEveryPartOnce() {
        int parts = 3 * Math.max(Compute.threads(), 1) + 1;
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        Compute.forEachPart(parts, runs::incrementAndGet);
        for (int p = 0; p < parts; p++) {
            assertEquals(1, runs.get(p), "part " + p);
        }
    }
}
