package dev.vectorgrad.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the provider is chosen, checked in fresh JVMs started with different flags: the fallback to
 * scalar with one warning, and the system property that forces either implementation.
 */
class ProviderSelectionTest {

    /** Prints the chosen provider's name; run in a child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("provider=" + Kernels.provider().name());
        }
    }

    /** Prints the chosen provider's description and a float GEMM's first element; run in a child JVM. */
    public static final class DescriptionProbe {
        public static void main(String[] args) {
            System.out.println(Kernels.provider().description());
            // [1, 2, 3] . [4, 5, 6] = 32 through the vector GEMM at the chosen width.
            float[] c = new float[1];
            Kernels.f32().gemm(false, false, 1, 1, 3, 1f, new float[] {1, 2, 3}, 0, 3, new float[] {4, 5, 6}, 0, 1,
                    0f, c, 0, 1);
            System.out.println("dot=" + c[0]);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run probe(String... jvmArgs) throws IOException, InterruptedException {
        return probe(Probe.class, jvmArgs);
    }

    private static Run probe(Class<?> main, String... jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        return new Run(process.exitValue(), out, err);
    }

    private static int occurrences(String text, String fragment) {
        return text.split(java.util.regex.Pattern.quote(fragment), -1).length - 1;
    }

    @Test
    void withTheModuleTheVectorProviderIsChosenSilently() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector");
        assertEquals("provider=vector", run.stdout().trim(), run.stderr());
        assertFalse(run.stderr().contains("scalar kernels"), run.stderr());
    }

    @Test
    void withoutTheModuleScalarIsChosenWithOneWarningNamingTheFlag() throws Exception {
        Run run = probe();
        assertEquals("provider=scalar", run.stdout().trim(), run.stderr());
        assertEquals(1, occurrences(run.stderr(), "--add-modules jdk.incubator.vector"), run.stderr());
    }

    @Test
    void withoutC2ScalarIsChosenWithAWarning() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
        assertEquals("provider=scalar", run.stdout().trim(), run.stderr());
        assertEquals(1, occurrences(run.stderr(), "C2 compiler is disabled"), run.stderr());
    }

    @Test
    void vectorsUnder128BitsFallBackToScalarWithAWarning() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=8");
        assertEquals("provider=scalar", run.stdout().trim(), run.stderr());
        assertEquals(1, occurrences(run.stderr(), "the preferred vector size is 64 bits"), run.stderr());
    }

    @Test
    void thePropertyForcesScalar() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector", "-D" + Kernels.PROVIDER_PROPERTY + "=scalar");
        assertEquals("provider=scalar", run.stdout().trim(), run.stderr());
        assertFalse(run.stderr().contains("WARNING: vectorgrad"), run.stderr());
    }

    @Test
    void thePropertyForcesVectorEvenWithoutC2() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1",
                "-D" + Kernels.PROVIDER_PROPERTY + "=vector");
        assertEquals("provider=vector", run.stdout().trim(), run.stderr());
    }

    @Test
    void forcingVectorWithoutTheModuleFailsAtOnce() throws Exception {
        Run run = probe("-D" + Kernels.PROVIDER_PROPERTY + "=vector");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("--add-modules jdk.incubator.vector"), run.stderr());
    }

    @Test
    void anUnknownPropertyValueIsRejected() throws Exception {
        Run run = probe("-D" + Kernels.PROVIDER_PROPERTY + "=gpu");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("must be auto, vector or scalar, but is 'gpu'"), run.stderr());
    }

    @Test
    void thePropertySetsANarrowerVectorWidth() throws Exception {
        Run run = probe(DescriptionProbe.class, "--add-modules=jdk.incubator.vector",
                "-D" + Kernels.VECTOR_BITS_PROPERTY + "=128");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("float x 4 and double x 2 (128-bit)"), run.stdout());
        assertTrue(run.stdout().contains("dot=32.0"), run.stdout());
    }

    @Test
    void aWidthWiderThanTheCpusIsEmulatedAndSaysSo() throws Exception {
        // 512 bits are wider than the CPU's vectors once MaxVectorSize caps them at 256.
        Run run = probe(DescriptionProbe.class, "--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=32",
                "-D" + Kernels.VECTOR_BITS_PROPERTY + "=512");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("float x 16 and double x 8 (512-bit, emulated: wider than this CPU's 256-bit"
                + " vectors)"), run.stdout());
        assertTrue(run.stdout().contains("dot=32.0"), run.stdout());
    }

    @Test
    void anUnknownVectorWidthIsRejected() throws Exception {
        Run run = probe("--add-modules=jdk.incubator.vector", "-D" + Kernels.VECTOR_BITS_PROPERTY + "=384");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("vectorgrad.kernels.vectorBits must be 128, 256 or 512, but is '384'"),
                run.stderr());
    }
}
