package dev.vectorgrad.bench;

import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonArray;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Launch to the first and to the 1000th step (issue 21, warm-up): each sample is a fresh JVM running
 * {@link WarmupRun} with one engine and mode, which reports both times from the JVM's start. Not a JMH benchmark:
 * what is measured is inside the child, on the child's own clock, and JMH's single-shot mode would time the
 * child's whole life (exit included) as one number; this driver runs the samples round-robin over the modes (so
 * a change in the machine's load spreads over all of them), after one unmeasured run of each.
 *
 * <p>Modes: {@code onnxruntime} (ONNX Runtime Java on the exported {@code .onnx}); {@code vectorgrad} (the
 * default, the Vector API kernels); {@code vectorgrad-scalar} (the scalar provider forced by
 * {@code -Dvectorgrad.kernels.provider=scalar}); {@code vectorgrad-plain} ({@link
 * dev.vectorgrad.cells.StepInference#withPlainJavaKernels()}); and {@code vectorgrad-aot} and
 * {@code vectorgrad-plain-aot}, the same two with a JDK AOT cache ({@code -XX:AOTCache}) that this driver first
 * creates with a training run of the same command ({@code -XX:AOTCacheOutput}). Every vectorgrad child gets
 * {@code --add-modules=jdk.incubator.vector} and one kernel thread; ONNX Runtime one intra-op thread.
 *
 * <p>Checks, on every sample: y after the first step within {@link ImportBench#CHECK_TOLERANCE} of PyTorch's,
 * and y after the last step within {@link #LAST_TOLERANCE} of ONNX Runtime's (float32 sums in another order,
 * carried through {@value #STEPS} steps of the recurrence). Writes {@code warmup[-quick].json} (every sample) and
 * {@code warmup[-quick].txt} (medians). Usage: {@code WarmupBench [--quick] [--out DIR]}, DIR holding the import
 * suite's exported files.
 */
public final class WarmupBench {

    /** Steps per child: the second time reported is the end of this step. */
    static final int STEPS = 1000;
    /** Largest difference of y after the last step from ONNX Runtime's accepted. */
    static final double LAST_TOLERANCE = 1e-4;

    private static final List<String> CELLS = List.of("lstm", "gru");

    /** One engine and mode: the child's engine argument, its JVM flags, and whether it runs on an AOT cache. */
    private record Mode(String name, String engine, List<String> flags, boolean aot) {
    }

    private static final List<String> VECTORGRAD_FLAGS = List.of("--add-modules=jdk.incubator.vector",
            "-Dvectorgrad.kernels.threads=1");

    private static final List<Mode> MODES = List.of(
            new Mode("onnxruntime", "onnxruntime", List.of(), false),
            new Mode("vectorgrad", "vectorgrad", VECTORGRAD_FLAGS, false),
            new Mode("vectorgrad-scalar", "vectorgrad", plus(VECTORGRAD_FLAGS, "-Dvectorgrad.kernels.provider=scalar"),
                    false),
            new Mode("vectorgrad-plain", "vectorgrad-plain", VECTORGRAD_FLAGS, false),
            new Mode("vectorgrad-aot", "vectorgrad", VECTORGRAD_FLAGS, true),
            new Mode("vectorgrad-plain-aot", "vectorgrad-plain", VECTORGRAD_FLAGS, true));

    private WarmupBench() {
    }

    private static List<String> plus(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return List.copyOf(all);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> list = List.of(args);
        boolean quick = list.contains("--quick");
        int outIndex = list.indexOf("--out");
        Path dir = Path.of(outIndex >= 0 ? args[outIndex + 1] : "bench/results").toAbsolutePath();
        int samples = quick ? 3 : 10;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                throw new IllegalStateException("WarmupBench: the AOT cache needs a class path of jar files only;"
                        + " '" + entry + "' is not one (run it as bench/run warmup does: -cp benchmarks.jar)");
            }
        }

        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"steps\": %d, \"samples\": %d, \"clock\": \"RuntimeMXBean"
                + ".getStartTime (JVM creation, 1 ms) to System.nanoTime at the end of the step\", \"results\": [",
                STEPS, samples));
        List<String> lines = new ArrayList<>();
        boolean firstResult = true;
        for (String cell : CELLS) {
            float[] torchFirst = Arrays.copyOf(reference(dir, cell), WarmupRun.HIDDEN);
            List<List<String>> commands = new ArrayList<>();
            for (Mode m : MODES) {
                List<String> flags = new ArrayList<>(m.flags());
                if (m.aot()) {
                    Path cache = dir.resolve("warmup-" + cell + "-" + m.engine() + ".aot");
                    Files.deleteIfExists(cache);
                    run(command(java, classPath, plus(flags, "-XX:AOTCacheOutput=" + cache), m, cell, dir));
                    if (!Files.isRegularFile(cache)) {
                        throw new IllegalStateException("WarmupBench: the training run wrote no AOT cache " + cache);
                    }
                    flags.add("-XX:AOTCache=" + cache);
                    // Fail, rather than run without it, if the JVM cannot use the cache.
                    flags.add("-XX:AOTMode=on");
                }
                commands.add(command(java, classPath, flags, m, cell, dir));
            }
            double[][] first = new double[MODES.size()][samples];
            double[][] last = new double[MODES.size()][samples];
            double[] firstDiff = new double[MODES.size()];
            double[] lastDiff = new double[MODES.size()];
            float[] ortLast = null;
            for (int s = -1; s < samples; s++) {          // s = -1: one unmeasured run of each mode
                for (int i = 0; i < MODES.size(); i++) {
                    Output out = parse(run(commands.get(i)), MODES.get(i).name());
                    if (ortLast == null) {
                        ortLast = out.last();                // MODES.get(0) is ONNX Runtime
                    }
                    firstDiff[i] = Math.max(firstDiff[i], ImportBench.largestDifference(out.first(), 0, torchFirst, 0,
                            WarmupRun.HIDDEN));
                    lastDiff[i] = Math.max(lastDiff[i], ImportBench.largestDifference(out.last(), 0, ortLast, 0,
                            WarmupRun.HIDDEN));
                    if (!(firstDiff[i] <= ImportBench.CHECK_TOLERANCE && lastDiff[i] <= LAST_TOLERANCE)) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "WarmupBench: %s (%s) is off: y"
                                + " after step 1 differs from PyTorch's by %.3g (tolerance %.0e), after step %d from"
                                + " ONNX Runtime's by %.3g (tolerance %.0e)", MODES.get(i).name(), cell, firstDiff[i],
                                ImportBench.CHECK_TOLERANCE, STEPS, lastDiff[i], LAST_TOLERANCE));
                    }
                    if (s >= 0) {
                        first[i][s] = out.firstMillis();
                        last[i][s] = out.lastMillis();
                    }
                }
            }
            for (int i = 0; i < MODES.size(); i++) {
                String name = MODES.get(i).name();
                json.append(firstResult ? "\n  " : ",\n  ");
                firstResult = false;
                json.append(String.format(Locale.ROOT, "{\"cell\": \"%s\", \"impl\": \"%s\", \"first_ms\": %s,"
                        + " \"last_ms\": %s, \"first_diff_torch\": %.3g, \"last_diff_ort\": %.3g}", cell, name,
                        Arrays.toString(first[i]), Arrays.toString(last[i]), firstDiff[i], lastDiff[i]));
                String line = String.format(Locale.ROOT, "impl=%s op=warmup cell=%s batch=1 steps=%d first=%.1f"
                        + " last=%.1f unit=ms first_diff_torch=%.3g last_diff_ort=%.3g", name, cell, STEPS,
                        median(first[i]), median(last[i]), firstDiff[i], lastDiff[i]);
                lines.add(line);
                System.out.println(line);
            }
        }
        json.append("\n]}\n");
        String suffix = quick ? "-quick" : "";
        Files.writeString(dir.resolve("warmup" + suffix + ".json"), json);
        Files.write(dir.resolve("warmup" + suffix + ".txt"), lines);
        System.out.println("results: " + dir.resolve("warmup" + suffix + ".txt"));
    }

    private static List<String> command(String java, String classPath, List<String> flags, Mode m, String cell,
                                        Path dir) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, WarmupRun.class.getName(), m.engine(), cell, dir.toString(),
                String.valueOf(STEPS)));
        return command;
    }

    /** PyTorch's y for the 4-step batch-1 input, whose first step is the children's first. */
    private static float[] reference(Path dir, String cell) throws IOException {
        JsonArray values = Json.parse(Files.readString(dir.resolve("import-reference.json"))).asObject()
                .getObject(cell).getArray("step_y");
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    private record Output(double firstMillis, double lastMillis, float[] first, float[] last) {
    }

    private static Output parse(String text, String mode) {
        String[] lines = text.trim().split("\n");
        if (lines.length != 3 || !lines[0].startsWith("times ") || !lines[1].startsWith("first ")
                || !lines[2].startsWith("last ")) {
            throw new IllegalStateException("WarmupBench: the " + mode + " child printed '" + text.trim()
                    + "', expected the lines 'times', 'first' and 'last'");
        }
        String[] times = lines[0].split(" ");
        return new Output(Double.parseDouble(times[1]), Double.parseDouble(times[2]), floats(lines[1], mode),
                floats(lines[2], mode));
    }

    private static float[] floats(String line, String mode) {
        String[] words = line.split(" ");
        if (words.length != WarmupRun.HIDDEN + 1) {
            throw new IllegalStateException("WarmupBench: the " + mode + " child printed " + (words.length - 1)
                    + " values of y, expected " + WarmupRun.HIDDEN);
        }
        float[] out = new float[WarmupRun.HIDDEN];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(words[i + 1]);
        }
        return out;
    }

    /** Runs one child to its end and returns what it printed; fails with its error output on a non-zero exit. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("warmup", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("WarmupBench: " + String.join(" ", command) + " exited with " + code
                        + ":\n" + Files.readString(err));
            }
            return out;
        } finally {
            Files.delete(err);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
