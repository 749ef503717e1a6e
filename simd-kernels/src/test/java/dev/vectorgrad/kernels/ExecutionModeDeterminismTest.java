package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector kernels give the same bits whether the JVM interprets them or C2 has compiled them, so
 * results do not change as a program warms up (the reason the vector kernels avoid
 * {@code reduceLanes(ADD)} and {@code lanewise(EXP/TANH)}). A child JVM computes every kernel once
 * with {@code -Xint} and once after a C2 warm-up with {@code -Xbatch}; the checksums must agree.
 */
class ExecutionModeDeterminismTest {

    /** Computes every kernel on seeded inputs and prints one checksum line per kernel and dtype. */
    public static final class Probe {
        public static void main(String[] args) {
            int warmup = Integer.parseInt(args[0]);
            FloatKernels f = Kernels.provider().f32();
            DoubleKernels d = Kernels.provider().f64();
            for (int i = 0; i < warmup; i++) {
                checksums(f, d, 37);
            }
            System.out.println("provider=" + Kernels.provider().name());
            checksums(f, d, 97).forEach(System.out::println);
        }

        static List<String> checksums(FloatKernels f, DoubleKernels d, int n) {
            SplittableRandom r = new SplittableRandom(n);
            float[] x = new float[n * n];
            float[] y = new float[n * n];
            double[] xd = new double[n * n];
            double[] yd = new double[n * n];
            for (int i = 0; i < x.length; i++) {
                xd[i] = r.nextDouble(-12, 12);
                yd[i] = r.nextDouble(-12, 12);
                x[i] = (float) xd[i];
                y[i] = (float) yd[i];
            }
            float[] out = new float[n * n];
            double[] outd = new double[n * n];
            List<String> lines = new ArrayList<>();
            lines.add("sum " + Float.floatToIntBits(f.sum(x.length, x, 0)) + " " + Double.doubleToLongBits(d.sum(xd.length, xd, 0)));
            lines.add("dot " + Float.floatToIntBits(f.dot(x.length, x, 0, y, 0)) + " " + Double.doubleToLongBits(d.dot(xd.length, xd, 0, yd, 0)));
            f.tanh(x.length, x, 0, out, 0);
            d.tanh(xd.length, xd, 0, outd, 0);
            lines.add("tanh " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.sigmoid(x.length, x, 0, out, 0);
            d.sigmoid(xd.length, xd, 0, outd, 0);
            lines.add("sigmoid " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.div(x.length, x, 0, y, 0, out, 0);
            d.div(xd.length, xd, 0, yd, 0, outd, 0);
            lines.add("div " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.exp(x.length, x, 0, out, 0);
            d.exp(xd.length, xd, 0, outd, 0);
            lines.add("exp " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            // log over the whole exponent range: |x| times 2^e for e in [-150, 150] (7e for double),
            // so subnormals, 0 and infinity too, and every third input negated (NaN).
            float[] wide = new float[x.length];
            double[] wided = new double[xd.length];
            for (int i = 0; i < x.length; i++) {
                int e = i % 3 == 0 ? 0 : (i % 301) - 150;
                wide[i] = (i % 3 == 1 ? -1 : 1) * Math.abs(x[i]) * (float) Math.scalb(1.0, e);
                wided[i] = (i % 3 == 1 ? -1 : 1) * Math.abs(xd[i]) * Math.scalb(1.0, e * 7);
            }
            f.log(x.length, wide, 0, out, 0);
            d.log(xd.length, wided, 0, outd, 0);
            lines.add("log " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.softmaxRows(n, n, x, 0, n, out, 0, n);
            d.softmaxRows(n, n, xd, 0, n, outd, 0, n);
            lines.add("softmax " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.logSoftmaxRows(n, n, x, 0, n, out, 0, n);
            d.logSoftmaxRows(n, n, xd, 0, n, outd, 0, n);
            lines.add("logSoftmax " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            f.gemv(false, n, n, 1f, x, 0, n, y, 0, 0f, out, 0);
            d.gemv(false, n, n, 1, xd, 0, n, yd, 0, 0, outd, 0);
            lines.add("gemv " + Arrays.hashCode(Arrays.copyOf(out, n)) + " " + Arrays.hashCode(Arrays.copyOf(outd, n)));
            f.gemm(false, true, n, n, n, 1f, x, 0, n, y, 0, n, 0f, out, 0, n);
            d.gemm(false, true, n, n, n, 1, xd, 0, n, yd, 0, n, 0, outd, 0, n);
            lines.add("gemm " + Arrays.hashCode(out) + " " + Arrays.hashCode(outd));
            return lines;
        }
    }

    private static String run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules=jdk.incubator.vector", "-D" + Kernels.PROVIDER_PROPERTY + "=vector"));
        command.addAll(List.of(jvmArgs));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    @Test
    void interpretedAndCompiledVectorKernelsGiveTheSameBits() throws Exception {
        String cp = System.getProperty("java.class.path");
        String interpreted = run("-Xint", "-cp", cp, Probe.class.getName(), "0");
        String compiled = run("-Xbatch", "-cp", cp, Probe.class.getName(), "3000");
        assertTrue(interpreted.startsWith("provider=vector"), interpreted);
        assertEquals(interpreted, compiled);
    }
}
