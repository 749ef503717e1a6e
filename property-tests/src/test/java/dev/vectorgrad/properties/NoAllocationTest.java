package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Once compiled, no kernel call allocates on the heap (the promise of FloatKernels and
 * DoubleKernels; single-threaded GEMM included, whose packing buffers are per thread and already
 * grown). Each kernel is warmed up until C2 has compiled it (this module runs with -Xbatch), then
 * the bytes the thread allocated over many calls are read from the JVM's per-thread counter.
 */
class NoAllocationTest {

    private static final int WARMUP = 20_000;
    private static final int MEASURED = 2_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated per kernel call after warm-up, for every kernel that allocates any. */
    private static Map<String, Long> allocating(Map<String, Runnable> calls) {
        Map<String, Long> found = new LinkedHashMap<>();
        calls.forEach((name, call) -> {
            for (int i = 0; i < WARMUP; i++) {
                call.run();
            }
            long before = allocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                call.run();
            }
            long bytes = allocatedBytes() - before;
            // The smallest object is 16 bytes, so an allocation per call shows as >= 16 per call;
            // a few bytes over all calls are the JVM's own (the counter sees everything on the thread).
            if (bytes >= MEASURED) {
                found.put(name, bytes / MEASURED);
            }
        });
        return found;
    }

    @Test
    void floatKernelsAllocateNothing() {
        FloatKernels k = Kernels.vector().withThreads(1).f32();
        int n = 101;
        float[] x = new float[n * n];
        float[] y = new float[n * n];
        float[] z = new float[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) * 0.1f - 0.8f;
            y[i] = (i % 13) * 0.1f - 0.6f;
        }
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("gemm", () -> k.gemm(false, false, 37, n, n, 1f, x, 0, n, y, 0, n, 0f, z, 0, n));
        calls.put("gemm(T,T)", () -> k.gemm(true, true, n, n, 70, 1f, x, 0, n, y, 0, 70, 0f, z, 0, n));
        calls.put("gemv", () -> k.gemv(false, n, n, 1f, x, 0, n, y, 0, 0f, z, 0));
        calls.put("gemv(T)", () -> k.gemv(true, n, n, 1f, x, 0, n, y, 0, 1f, z, 0));
        calls.put("add", () -> k.add(n, x, 0, y, 0, z, 0));
        calls.put("div", () -> k.div(n, x, 0, y, 0, z, 0));
        calls.put("axpy", () -> k.axpy(n, 0.5f, x, 0, z, 0));
        calls.put("productSum", () -> k.productSum(n, x, 0, y, 0, x, 1, y, 1, z, 0));
        calls.put("lerp", () -> k.lerp(n, x, 0, y, 0, x, 3, z, 0));
        calls.put("sum", () -> z[0] = k.sum(n, x, 0));
        calls.put("dot", () -> z[0] = k.dot(n, x, 0, y, 0));
        calls.put("max", () -> z[0] = k.max(n, x, 0));
        calls.put("tanh", () -> k.tanh(n, x, 0, z, 0));
        calls.put("sigmoid", () -> k.sigmoid(n, x, 0, z, 0));
        calls.put("exp", () -> k.exp(n, x, 0, z, 0));
        calls.put("log", () -> k.log(n, x, 0, z, 0));
        calls.put("tanhBackward", () -> k.tanhBackward(n, x, 0, y, 0, z, 0));
        calls.put("reluBackward", () -> k.reluBackward(n, x, 0, y, 0, z, 0));
        calls.put("softmaxRows", () -> k.softmaxRows(7, n, x, 0, n, z, 0, n));
        calls.put("logSoftmaxRows", () -> k.logSoftmaxRows(7, n, x, 0, n, z, 0, n));
        assertEquals(Map.of(), allocating(calls), "bytes allocated per call after warm-up");
    }

    @Test
    void doubleKernelsAllocateNothing() {
        DoubleKernels k = Kernels.vector().withThreads(1).f64();
        int n = 101;
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        double[] z = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) * 0.1 - 0.8;
            y[i] = (i % 13) * 0.1 - 0.6;
        }
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("gemm", () -> k.gemm(false, true, 37, n, n, 1, x, 0, n, y, 0, n, 0, z, 0, n));
        calls.put("gemv", () -> k.gemv(false, n, n, 1, x, 0, n, y, 0, 0, z, 0));
        calls.put("tanh", () -> k.tanh(n, x, 0, z, 0));
        calls.put("sigmoid", () -> k.sigmoid(n, x, 0, z, 0));
        calls.put("div", () -> k.div(n, x, 0, y, 0, z, 0));
        calls.put("exp", () -> k.exp(n, x, 0, z, 0));
        calls.put("log", () -> k.log(n, x, 0, z, 0));
        calls.put("sum", () -> z[0] = k.sum(n, x, 0));
        calls.put("softmaxRows", () -> k.softmaxRows(7, n, x, 0, n, z, 0, n));
        assertEquals(Map.of(), allocating(calls), "bytes allocated per call after warm-up");
    }
}
