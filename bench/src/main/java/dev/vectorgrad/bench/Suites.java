package dev.vectorgrad.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.results.format.ResultFormatType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a named benchmark suite with JMH and prints one line per result,
 * {@code impl=<impl> op=<op> <params> threads=<n> score=<value> unit=<unit>}, so scripts can read it;
 * the JMH JSON goes next to it. Usage: {@code Suites SUITE [--quick] [--out DIR]}.
 */
public final class Suites {

    /**
     * One JMH run: a benchmark class with parameter overrides for the full and the quick version
     * (an absent key keeps the class's own {@code @Param} values).
     */
    private record Run(String name, Class<?> benchmark, Map<String, String[]> full, Map<String, String[]> quick) {
    }

    /** The runs of each suite. */
    private static final Map<String, List<Run>> SUITES = Map.of(
            "gemm", List.of(
                    new Run("SgemmBench", SgemmBench.class, Map.of(),
                            Map.of("shape", new String[] {"256x256x256", "1024x1024x1024", "32x1024x512"})),
                    new Run("SgemmTransposed", SgemmBench.class,
                            Map.of("shape", new String[] {"512x512x512", "32x1024x512"}, "threads", new String[] {"1"},
                                    "trans", new String[] {"NT", "TN", "TT"}),
                            Map.of("shape", new String[] {"512x512x512"}, "threads", new String[] {"1"},
                                    "trans", new String[] {"NT", "TT"})),
                    new Run("SgemmSkinny", SgemmBench.class,
                            Map.of("shape", new String[] {"1x1024x512", "4x1024x512", "8x1024x512", "16x1024x512",
                                    "64x1024x512", "128x1024x512"}, "threads", new String[] {"1"}),
                            Map.of("shape", new String[] {"8x1024x512"}, "threads", new String[] {"1"})),
                    new Run("SgemmBaselineBench", SgemmBaselineBench.class, Map.of(), Map.of("shape", new String[] {"256x256x256"})),
                    new Run("DgemmBench", DgemmBench.class, Map.of(), Map.of("shape", new String[] {"512x512x512"}))),
            "gemv", List.of(new Run("SgemvBench", SgemvBench.class, Map.of(), Map.of())),
            "activations", List.of(new Run("ActivationBench", ActivationBench.class, Map.of(), Map.of())));

    private Suites() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length == 0 || !SUITES.containsKey(args[0])) {
            throw new IllegalArgumentException("usage: Suites SUITE [--quick] [--out DIR]; suites: " + SUITES.keySet());
        }
        String suite = args[0];
        boolean quick = List.of(args).contains("--quick");
        int outIndex = List.of(args).indexOf("--out");
        Path out = Path.of(outIndex >= 0 ? args[outIndex + 1] : "bench/results");
        Files.createDirectories(out);
        Path json = out.resolve(suite + (quick ? "-quick" : "") + ".json");
        boolean blas = OpenBlas.available();
        if (blas) {
            System.out.println("OpenBLAS core: " + OpenBlas.coreName());
        } else {
            System.out.println("NOTE: " + OpenBlas.INSTALL_HINT + "; skipping them.");
        }

        List<String> lines = new ArrayList<>();
        for (Run run : SUITES.get(suite)) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(run.benchmark().getName() + "\\.")
                    .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                    .timeUnit(TimeUnit.MICROSECONDS)
                    .jvmArgsAppend("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED")
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(out.resolve(run.name() + (quick ? "-quick" : "") + ".json").toString());
            if (!blas) {
                options.exclude(".*_openblas");
            }
            if (quick) {
                options.forks(1).warmupIterations(3).warmupTime(TimeValue.milliseconds(500))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
                run.quick().forEach(options::param);
            } else {
                options.forks(2).warmupIterations(4).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(6).measurementTime(TimeValue.seconds(1));
                run.full().forEach(options::param);
            }
            for (RunResult result : new Runner(options.build()).run()) {
                lines.add(line(result));
            }
        }
        mergeJson(out, suite, quick, json);
        Path text = out.resolve(suite + (quick ? "-quick" : "") + ".txt");
        Files.write(text, lines);
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("results: " + text + " and " + json);
    }

    /** Concatenates the per-class JSON arrays into one array for the suite. */
    private static void mergeJson(Path out, String suite, boolean quick, Path json) throws IOException {
        StringBuilder merged = new StringBuilder("[");
        for (Run run : SUITES.get(suite)) {
            Path part = out.resolve(run.name() + (quick ? "-quick" : "") + ".json");
            String body = Files.readString(part).trim();
            if (body.length() > 2) {
                if (merged.length() > 1) {
                    merged.append(',');
                }
                merged.append(body, 1, body.length() - 1);
            }
            Files.delete(part);
        }
        Files.writeString(json, merged.append("]\n"));
    }

    /** Formats one result; GEMM/GEMV scores become GFLOP/s, activations elem/ns. */
    static String line(RunResult result) {
        var params = result.getParams();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String op = method.substring(0, method.indexOf('_'));
        String impl = method.substring(method.indexOf('_') + 1);
        double microseconds = result.getPrimaryResult().getScore();
        StringBuilder sb = new StringBuilder("impl=" + impl + " op=" + op);
        double score;
        String unit;
        Collection<String> keys = params.getParamsKeys();
        if (keys.contains("shape")) {
            int[] d = Data.shape(params.getParam("shape"));
            String[] names = {"m", "n", "k"};
            double flops = 2;
            for (int i = 0; i < d.length; i++) {
                sb.append(' ').append(names[i]).append('=').append(d[i]);
                flops *= d[i];
            }
            if (keys.contains("trans") && !"NN".equals(params.getParam("trans"))) {
                sb.append(" trans=").append(params.getParam("trans"));
            }
            score = flops / (microseconds * 1e3);
            unit = "GFLOP/s";
        } else {
            int n = Integer.parseInt(params.getParam("n"));
            sb.append(" n=").append(n);
            score = n / (microseconds * 1e3);
            unit = "elem/ns";
        }
        sb.append(" threads=").append(params.getParam("threads"));
        sb.append(String.format(" score=%.3f unit=%s", score, unit));
        return sb.toString();
    }
}
