package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.AlignedFloatMatrix;
import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once compiled, no kernel call allocates on the heap (the promise of FloatKernels and
 * DoubleKernels; single-threaded GEMM included, by a packed B too, whose packing buffers are per
 * thread and already grown). Each kernel is warmed up until C2 has compiled it (this module runs with -Xbatch), then
 * the bytes the thread allocated over many calls are read from the JVM's per-thread counter. The
 * same holds when one method calls many kernels (see {@link ManyKernels}).
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
        PackedFloatMatrix packed = k.pack(true, 70, n, y, 0, 70);
        calls.put("gemm(packed)", () -> k.gemm(false, 37, n, 70, 1f, x, 0, 70, packed, 0f, z, 0, n));
        calls.put("gemm(T, packed)", () -> k.gemm(true, n, n, 70, 1f, x, 0, n, packed, 1f, z, 0, n));
        PackedFloatMatrix wide = k.pack(false, 40, 250, y, 0, 250);
        calls.put("gemm(1 row, packed)", () -> k.gemm(false, 1, 250, 40, 1f, x, 0, 40, wide, 1f, z, 0, 250));
        calls.put("gemv", () -> k.gemv(false, n, n, 1f, x, 0, n, y, 0, 0f, z, 0));
        calls.put("gemv(T)", () -> k.gemv(true, n, n, 1f, x, 0, n, y, 0, 1f, z, 0));
        AlignedFloatMatrix aligned = k.align(n, n, x, 0, n);
        calls.put("gemv(aligned)", () -> k.gemv(aligned, 1, n - 1, 2, n - 2, 1f, y, 0, 1f, z, 0));
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
        PackedDoubleMatrix packed = k.pack(false, n, n, y, 0, n);
        calls.put("gemm(packed)", () -> k.gemm(false, 37, n, n, 1, x, 0, n, packed, 0, z, 0, n));
        PackedDoubleMatrix wide = k.pack(false, 40, 250, y, 0, 250);
        calls.put("gemm(1 row, packed)", () -> k.gemm(false, 1, 250, 40, 1, x, 0, 40, wide, 1, z, 0, 250));
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

    /**
     * Many kernels called from one method, as user code calls them (an RNN step, a loss and its
     * gradient). C2 inlines the first kernels into that method until it passes its node-count cutoff
     * ({@code NodeCountInliningCutoff}), then inlines no more methods of ours, only the JDK's
     * {@code @ForceInline} ones: a kernel that passed a vector to or from a method of ours would box
     * it on every call (measured before the kernels were written so, on AVX-512: 1,152 bytes per call
     * of {@link #doubles}, 5,760 per RNN step in StepInferenceAllocationTest). Run in a fresh JVM
     * with this JVM's flags (plus any given), so the kernels are first compiled for this method and
     * not already by other tests; prints the bytes per call of each method that allocates, then
     * "done".
     */
    public static final class ManyKernels {

        public static void main(String[] args) {
            FloatKernels f = Kernels.vector().withThreads(1).f32();
            DoubleKernels d = Kernels.vector().withThreads(1).f64();
            int n = 32;
            float[] a = new float[n * n];
            float[] b = new float[n * n];
            float[] c = new float[n * n];
            float[] x = new float[n];
            float[] y = new float[n];
            float[] z = new float[n];
            float[] h = new float[n];
            double[] ad = new double[n * n];
            double[] bd = new double[n * n];
            double[] cd = new double[n * n];
            double[] xd = new double[n];
            double[] yd = new double[n];
            double[] zd = new double[n];
            double[] hd = new double[n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 7) * 0.01f - 0.03f;
                b[i] = (i % 5) * 0.02f - 0.04f;
                ad[i] = a[i];
                bd[i] = b[i];
            }
            for (int i = 0; i < n; i++) {
                x[i] = i * 0.03f - 0.5f;
                xd[i] = x[i];
            }
            // n / 2 x n, and 8 x 4n (wide enough for the one-row kernel, which reads four strips at once).
            PackedFloatMatrix packed = f.pack(true, n / 2, n, b, 0, n / 2);
            PackedDoubleMatrix packedD = d.pack(true, n / 2, n, bd, 0, n / 2);
            PackedFloatMatrix wide = f.pack(false, 8, 4 * n, b, 0, 4 * n);
            PackedDoubleMatrix wideD = d.pack(false, 8, 4 * n, bd, 0, 4 * n);
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("float", () -> floats(f, n, a, b, c, x, y, z, h, packed, wide));
            calls.put("double", () -> doubles(d, n, ad, bd, cd, xd, yd, zd, hd, packedD, wideD));
            allocating(calls).forEach((name, bytes) -> System.out.println(name + " " + bytes));
            System.out.println("done");
        }

        /** Every kind of float kernel, in the order a recurrent step and its loss might call them. */
        static void floats(FloatKernels k, int n, float[] a, float[] b, float[] c, float[] x, float[] y, float[] z,
                           float[] h, PackedFloatMatrix packed, PackedFloatMatrix wide) {
            k.gemv(false, n, n / 2, 1f, a, 0, n / 2, x, 0, 0f, y, 0);
            k.gemv(false, n, n, 1f, b, 0, n, h, 0, 1f, y, 0);
            k.add(n, y, 0, x, 0, y, 0);
            k.add(n, y, 0, h, 0, z, 0);
            k.add(n, z, 0, x, 0, z, 0);
            k.tanh(n, y, 0, h, 0);
            k.sigmoid(n, z, 0, z, 0);
            k.productSum(n, y, 0, z, 0, x, 0, h, 0, y, 0);
            k.mul(n, y, 0, z, 0, y, 0);
            k.sub(n, y, 0, x, 0, z, 0);
            k.div(n, z, 0, h, 0, z, 0);
            k.exp(n - 3, y, 0, z, 0);
            k.log(n - 1, z, 0, z, 0);
            k.gemm(false, true, 4, n, n / 2, 1f, a, 0, n / 2, b, 0, n / 2, 0f, c, 0, n);
            k.gemm(false, 4, n, n / 2, 1f, a, 0, n / 2, packed, 1f, c, 0, n);
            k.gemm(true, n - 1, n, n / 2, 1f, a, 0, n, packed, 0f, c, 0, n);
            k.gemm(false, 1, 4 * n, 8, 1f, x, 0, 8, wide, 1f, c, 0, 4 * n);
            k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            k.gemm(true, true, n - 1, n, n - 3, 1f, a, 0, n, b, 0, n, 1f, c, 0, n);
            k.gemm(false, false, 1, n, n, 1f, x, 0, n, b, 0, n, 0f, z, 0, n);
            k.gemm(false, true, n, 1, n, 1f, a, 0, n, h, 0, n, 0f, y, 0, 1);
            k.gemv(true, n, n, 1f, a, 0, n, y, 0, 0f, z, 0);
            k.softmaxRows(4, n - 2, c, 0, n, c, 0, n);
            k.logSoftmaxRows(4, n - 2, c, 0, n, c, n * 4, n);
            k.relu(n, x, 0, z, 0);
            k.tanhBackward(n, h, 0, y, 0, z, 0);
            k.sigmoidBackward(n, h, 0, z, 0, z, 0);
            k.reluBackward(n, x, 0, z, 0, z, 0);
            k.addProduct(n, y, 0, z, 0, h, 0);
            k.lerp(n, h, 0, y, 0, z, 0, z, 0);
            k.axpy(n, 0.5f, z, 0, y, 0);
            k.scale(n, 0.5f, y, 0);
            y[0] = k.sum(n, z, 0) + k.dot(n, z, 0, h, 0) + k.max(n, h, 0) + k.sumOfSquares(n - 1, y, 0);
            k.tanh(n, y, 0, h, 0);
            k.exp(n, h, 0, x, 0);
            k.fill(n, 0.25f, h, 0);
            k.copy(n, x, 0, y, 0);
        }

        /** {@link #floats} in double. */
        static void doubles(DoubleKernels k, int n, double[] a, double[] b, double[] c, double[] x, double[] y,
                            double[] z, double[] h, PackedDoubleMatrix packed,
                            PackedDoubleMatrix wide) {
            k.gemv(false, n, n / 2, 1, a, 0, n / 2, x, 0, 0, y, 0);
            k.gemv(false, n, n, 1, b, 0, n, h, 0, 1, y, 0);
            k.add(n, y, 0, x, 0, y, 0);
            k.add(n, y, 0, h, 0, z, 0);
            k.add(n, z, 0, x, 0, z, 0);
            k.tanh(n, y, 0, h, 0);
            k.sigmoid(n, z, 0, z, 0);
            k.productSum(n, y, 0, z, 0, x, 0, h, 0, y, 0);
            k.mul(n, y, 0, z, 0, y, 0);
            k.sub(n, y, 0, x, 0, z, 0);
            k.div(n, z, 0, h, 0, z, 0);
            k.exp(n - 3, y, 0, z, 0);
            k.log(n - 1, z, 0, z, 0);
            k.gemm(false, true, 4, n, n / 2, 1, a, 0, n / 2, b, 0, n / 2, 0, c, 0, n);
            k.gemm(false, 4, n, n / 2, 1, a, 0, n / 2, packed, 1, c, 0, n);
            k.gemm(true, n - 1, n, n / 2, 1, a, 0, n, packed, 0, c, 0, n);
            k.gemm(false, 1, 4 * n, 8, 1, x, 0, 8, wide, 1, c, 0, 4 * n);
            k.gemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
            k.gemm(true, true, n - 1, n, n - 3, 1, a, 0, n, b, 0, n, 1, c, 0, n);
            k.gemm(false, false, 1, n, n, 1, x, 0, n, b, 0, n, 0, z, 0, n);
            k.gemm(false, true, n, 1, n, 1, a, 0, n, h, 0, n, 0, y, 0, 1);
            k.gemv(true, n, n, 1, a, 0, n, y, 0, 0, z, 0);
            k.softmaxRows(4, n - 2, c, 0, n, c, 0, n);
            k.logSoftmaxRows(4, n - 2, c, 0, n, c, n * 4, n);
            k.relu(n, x, 0, z, 0);
            k.tanhBackward(n, h, 0, y, 0, z, 0);
            k.sigmoidBackward(n, h, 0, z, 0, z, 0);
            k.reluBackward(n, x, 0, z, 0, z, 0);
            k.addProduct(n, y, 0, z, 0, h, 0);
            k.lerp(n, h, 0, y, 0, z, 0, z, 0);
            k.axpy(n, 0.5, z, 0, y, 0);
            k.scale(n, 0.5, y, 0);
            y[0] = k.sum(n, z, 0) + k.dot(n, z, 0, h, 0) + k.max(n, h, 0) + k.sumOfSquares(n - 1, y, 0);
            k.tanh(n, y, 0, h, 0);
            k.exp(n, h, 0, x, 0);
            k.fill(n, 0.25, h, 0);
            k.copy(n, x, 0, y, 0);
        }
    }

    /** Runs {@link ManyKernels} in a child JVM and returns what it printed. */
    private static String manyKernels(String... extraFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        // This JVM's module, vector-width and compilation flags (-Xbatch, -XX:MaxVectorSize=...).
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-modules") || arg.startsWith("-XX:") || arg.equals("-Xbatch")) {
                command.add(arg);
            }
        }
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ManyKernels.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, process.exitValue(), out);
        return out.strip() + "\n(" + String.join(" ", command.subList(1, command.size() - 3)) + ")";
    }

    @Test
    void manyKernelsCalledFromOneMethodAllocateNothing() throws IOException, InterruptedException {
        String out = manyKernels();
        assertTrue(out.startsWith("done\n"), "bytes allocated per call after warm-up: " + out);
    }

    /**
     * The worst case of a large caller, made certain: C2 inlines no method of the vector kernels'
     * package, so a vector passed to or returned from any of them is boxed (measured before the
     * kernels were written so, on AVX-512: 34,272 bytes per call of {@link ManyKernels#floats},
     * 52,512 of {@link ManyKernels#doubles}). The Vector API's own methods are still inlined.
     */
    @Test
    void noVectorCrossesACallBetweenKernelMethods() throws IOException, InterruptedException {
        String out = manyKernels("-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,dev.vectorgrad.kernels.vector.*::*");
        assertTrue(out.startsWith("done\n"), "bytes allocated per call after warm-up: " + out);
    }
}
