package dev.vectorgrad.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JVM launch to the first result (issue 20): the wall time of a fresh JVM that runs {@link FirstResult} (load
 * the exported layer of {@link ImportBench}, one step at batch 1, print it) with vectorgrad or with ONNX Runtime,
 * from process start to its exit. Both children run the JDK and class path of this fork; vectorgrad's adds
 * {@code --add-modules=jdk.incubator.vector} (its vector kernels) and {@code -Dvectorgrad.kernels.threads}, ONNX
 * Runtime's nothing (it unpacks its native library to a temporary directory at every launch, as it does in a
 * service). The setup runs each child once and checks the printed values against PyTorch's first step.
 */
@BenchmarkMode(Mode.SingleShotTime)
@State(Scope.Thread)
public class LaunchBench {

    @Param({"lstm", "gru"})
    public String cell;

    /** Kernel threads of vectorgrad's child. */
    @Param({"1"})
    public int threads;

    private List<String> vectorgrad;
    private List<String> onnxRuntime;

    @Setup(Level.Trial)
    public void setup() throws IOException, InterruptedException {
        Path file = ImportBench.onnxFile(cell);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        String input = ImportBench.dir().resolve("import-first-input.bin").toString();
        vectorgrad = command(java, List.of("--add-modules=jdk.incubator.vector",
                "-Dvectorgrad.kernels.threads=" + threads), classPath, "vectorgrad", file, input);
        onnxRuntime = command(java, List.of(), classPath, "onnxruntime", file, input);
        float[] expected = ImportBench.reference(cell, "step_y");
        check("vectorgrad", launch(vectorgrad), expected);
        check("ONNX Runtime", launch(onnxRuntime), expected);
    }

    private List<String> command(String java, List<String> flags, String classPath, String engine, Path file,
                                 String input) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, FirstResult.class.getName(), engine, file.toString(), input, cell));
        return command;
    }

    /** Fails unless the child printed {@code y} and values within the tolerance of PyTorch's first step. */
    private static void check(String engine, String output, float[] expected) {
        String[] words = output.trim().split(" ");
        if (words.length != FirstResult.PRINTED + 1 || !words[0].equals("y")) {
            throw new IllegalStateException("LaunchBench: the " + engine + " child printed '" + output.trim()
                    + "', expected 'y' and " + FirstResult.PRINTED + " values");
        }
        double worst = 0;
        for (int i = 0; i < FirstResult.PRINTED; i++) {
            worst = Math.max(worst, Math.abs(Float.parseFloat(words[i + 1]) - (double) expected[i]));
        }
        if (!(worst <= ImportBench.CHECK_TOLERANCE)) {
            throw new IllegalStateException("LaunchBench: the " + engine + " child's first result differs from"
                    + " PyTorch's by " + worst + " (tolerance " + ImportBench.CHECK_TOLERANCE + ")");
        }
    }

    /** Runs one child to its end and returns what it printed; fails on a non-zero exit. */
    static String launch(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("LaunchBench: " + String.join(" ", command) + " exited with " + code);
        }
        return out;
    }

    @Benchmark
    public String launch_vectorgrad() throws IOException, InterruptedException {
        return launch(vectorgrad);
    }

    @Benchmark
    public String launch_onnxruntime() throws IOException, InterruptedException {
        return launch(onnxRuntime);
    }
}
