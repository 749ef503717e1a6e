package dev.vectorgrad.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The startup check in a JVM without {@code --add-modules jdk.incubator.vector} (a child of the test JVM): building
 * the supplier fails with the flag's instruction, unless scalar kernels are allowed on purpose.
 */
class KernelCheckTest {

    /** The child: builds a supplier (with {@code allow}: scalar allowed) and prints the outcome. */
    public static void main(String[] args) {
        boolean allow = args.length > 0 && args[0].equals("allow");
        try {
            RecurrentInference<String, float[], float[]> built = RecurrentInference
                    .builder(StreamModel.of(TestModels.lstm(4, 1)), Serdes.String(), StepInput.floats(),
                            StepOutput.<String, float[]>copy())
                    .modelUpgrade(ModelUpgrade.RESET).allowScalarKernels(allow).build();
            System.out.println("BUILT " + built.kernelProvider());
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }

    private static String child(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KernelCheckTest.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutTheVectorModuleTheSupplierRefusesToBuild() throws Exception {
        String out = child();
        assertTrue(out.contains("REFUSED vectorgrad-streams: this JVM runs vectorgrad's scalar kernels"), out);
        assertTrue(out.contains("start every instance of the application with 'java --add-modules"
                + " jdk.incubator.vector ...'"), out);
        assertTrue(out.contains("allowScalarKernels(true)"), out);
    }

    @Test
    void scalarKernelsRunWhenAllowed() throws Exception {
        String out = child("allow");
        assertTrue(out.contains("BUILT scalar"), out);
    }

    @Test
    void thisJvmRunsTheVectorKernels() {
        assertEquals("vector", KernelCheck.require(false), "surefire passes --add-modules jdk.incubator.vector");
    }
}
