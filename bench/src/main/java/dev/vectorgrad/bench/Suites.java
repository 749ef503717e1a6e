package dev.vectorgrad.bench;

import dev.vectorgrad.kernels.Kernels;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
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
 * {@code impl=<impl> op=<op> <params> threads=<n> score=<value> unit=<unit> [alloc=<B/op>]}, so scripts can
 * read it;
 * the JMH JSON goes next to it. Usage: {@code Suites SUITE [--quick] [--out DIR]}.
 */
public final class Suites {

    /**
     * One JMH run: a benchmark class with parameter overrides for the full and the quick version
     * (an absent key keeps the class's own {@code @Param} values). With {@code kernelThreads}, the run
     * is one JMH invocation per thread count, its forks started with
     * {@code -Dvectorgrad.kernels.threads=N} (read once, at startup, by the kernels the cells use)
     * and its {@code threads} parameter set to N. {@code gc} adds JMH's gc profiler. {@code warmup}, when
     * not null, is the number of 1-second warm-up iterations {full, quick}, for benchmarks whose code takes
     * longer to reach C2 (the Vector API code of a recurrent step runs ~100x slower, allocating, until
     * compiled: a batch-32 LSTM step takes about 5 s of calls to get there on this machine). {@code forks}, when
     * above 0, replaces the full run's 2 forks (and its 6 measurement iterations by 3), for a spread across JVMs.
     */
    private record Run(String name, Class<?> benchmark, Map<String, String[]> full, Map<String, String[]> quick,
                       int[] kernelThreads, boolean gc, int[] warmup, int forks) {
        Run(String name, Class<?> benchmark, Map<String, String[]> full, Map<String, String[]> quick) {
            this(name, benchmark, full, quick, null, false, null);
        }

        Run(String name, Class<?> benchmark, Map<String, String[]> full, Map<String, String[]> quick,
            int[] kernelThreads, boolean gc, int[] warmup) {
            this(name, benchmark, full, quick, kernelThreads, gc, warmup, 0);
        }

        /** The names of the JSON parts this run writes, one per thread count. */
        List<String> parts() {
            if (kernelThreads == null) {
                return List.of(name);
            }
            List<String> names = new ArrayList<>();
            for (int t : kernelThreads) {
                names.add(name + "-t" + t);
            }
            return names;
        }
    }

    /** The runs of each suite. */
    private static final Map<String, List<Run>> SUITES = Map.ofEntries(
            Map.entry("gemm", List.of(
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
                    // The RNN step C = X * W^T by weights packed once, against unpacked and OpenBLAS.
                    new Run("SgemmPackedBench", SgemmPackedBench.class, Map.of(),
                            Map.of("shape", new String[] {"1x1024x256", "8x1024x256", "32x1024x256", "64x1024x384"})),
                    new Run("SgemmBaselineBench", SgemmBaselineBench.class, Map.of(), Map.of("shape", new String[] {"256x256x256"})),
                    new Run("DgemmBench", DgemmBench.class, Map.of(), Map.of("shape", new String[] {"512x512x512"})))),
            Map.entry("gemv", List.of(new Run("SgemvBench", SgemvBench.class, Map.of(), Map.of()))),
            Map.entry("activations", List.of(new Run("ActivationBench", ActivationBench.class, Map.of(), Map.of()))),
            // Issue 6: inference steps (with the gc profiler: a step should allocate 0 B) and their GEMV roofline.
            Map.entry("cells", List.of(
                    new Run("CellStepBench", CellStepBench.class, Map.of(), Map.of(), new int[] {1}, true, new int[] {10, 6}),
                    // Issue 21: the same batch-1 steps with plain Java kernels (StepInference.withPlainJavaKernels).
                    new Run("PlainStepBench", PlainStepBench.class, Map.of(), Map.of(), new int[] {1}, true,
                            new int[] {10, 6}),
                    new Run("CellRooflineBench", CellRooflineBench.class, Map.of(), Map.of(), new int[] {1}, true, null))),
            // Issue 6: a sequence forward pass and a training step over 32 x 64 tokens, on 1 and 2 kernel threads.
            Map.entry("train", List.of(
                    new Run("SequenceBench", SequenceBench.class, Map.of(), Map.of(), new int[] {1, 2}, false,
                            new int[] {10, 6}))),
            // Issue 18: a Keras-style LSTM/GRU layer against the cells layer it runs on, same shapes as "train"; and
            Map.entry("layers", List.of(
                    new Run("KerasLayerBench", KerasLayerBench.class, Map.of(), Map.of(), new int[] {1, 2}, false,
                            new int[] {10, 6}),
                    // fit against the hand-written loop, one epoch of the char model each.
                    new Run("FitBench", FitBench.class, Map.of(), Map.of(), new int[] {1}, false, new int[] {10, 6}))),
            // Issue 19: conv2d forward and a training step's forward + backward at the demo's shapes, kernels and op.
            Map.entry("conv", List.of(
                    new Run("ConvBench", ConvBench.class, Map.of(), Map.of(), new int[] {1}, true, null),
                    // the demo model's training step (trainOnBatch), 32 sequences of 8 frames.
                    new Run("ConvModelBench", ConvModelBench.class, Map.of(), Map.of(), new int[] {1}, false,
                            new int[] {6, 3}))),
            // Issue 18: a whole model served one token at a time, ours against ONNX Runtime (with the gc profiler).
            Map.entry("serving", List.of(
                    new Run("ServingBench", ServingBench.class, Map.of(), Map.of(), new int[] {1}, true,
                            new int[] {10, 6}))),
            // Issue 20: an exported LSTM/GRU layer loaded from the same .onnx file by vectorgrad and ONNX Runtime:
            // batch-1 steps and a 32 x 64 sequence (with the gc profiler), at 1 and 2 threads (ours kernel threads,
            // ONNX Runtime's intra-op threads), then JVM launch to the first result.
            Map.entry("import", List.of(
                    new Run("ImportBench", ImportBench.class, Map.of(), Map.of(), new int[] {1, 2}, true,
                            new int[] {10, 6}),
                    new Run("LaunchBench", LaunchBench.class, Map.of(), Map.of(), new int[] {1}, false, null))),
            // Issue 22: per-key inference in Kafka Streams' test driver (sample time: p50/p99 per record), and the
            // bare step and the codec it is measured against.
            Map.entry("streams", List.of(
                    new Run("StreamsStepBench", StreamsStepBench.class, Map.of(), Map.of(), new int[] {1}, false,
                            new int[] {10, 3}),
                    new Run("StreamsBench", StreamsBench.class, Map.of(), Map.of(), new int[] {1}, false,
                            new int[] {10, 3}))),
            // Issue 21: the batch-1 step against our GEMV over the same weights, from a heap array and aligned off the
            // heap, in 6 forks each (new JVMs, new array placement): the step's overhead and the spread across forks.
            Map.entry("alignment", List.of(
                    new Run("CellStepBench", CellStepBench.class, Map.of("batch", new String[] {"1"}),
                            Map.of("batch", new String[] {"1"}), new int[] {1}, false, new int[] {6, 3}, 6),
                    new Run("CellRooflineBench", CellRooflineBench.class, Map.of("matrix", new String[] {"ihhh"}),
                            Map.of("matrix", new String[] {"ihhh"}), new int[] {1}, false, new int[] {3, 3}, 6))),
            // Issue 21: GEMV and packed GEMM by fp32, bf16 and int8 weights, and batch-1 steps in each format; then
            // ONNX Runtime's fp32 step on the layers the PyTorch peer exported (skipped when they are not there).
            Map.entry("quant", List.of(
                    new Run("QuantGemvBench", QuantGemvBench.class, Map.of(), Map.of()),
                    new Run("QuantPackedBench", QuantPackedBench.class, Map.of(), Map.of()),
                    new Run("QuantStepBench", QuantStepBench.class, Map.of(), Map.of(), new int[] {1}, true,
                            new int[] {10, 6}),
                    new Run("QuantOrtStepBench", QuantOrtStepBench.class, Map.of(), Map.of()))),
            // Issue 23: scoring and data-parallel training in local[2] (Spark's JVM options added to the forks).
            Map.entry("spark", List.of(
                    new Run("SparkScoreBench", SparkScoreBench.class, Map.of(), Map.of(), new int[] {1}, false,
                            new int[] {6, 3}),
                    new Run("SparkTrainBench", SparkTrainBench.class, Map.of(), Map.of(), new int[] {1}, false,
                            new int[] {6, 3}))));

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

        List<Run> runs = new ArrayList<>();
        for (Run run : SUITES.get(suite)) {
            if (run.benchmark() == QuantOrtStepBench.class && !QuantOrtStepBench.exported(out)) {
                System.out.println("NOTE: the ONNX Runtime peer of the quant suite needs the layers the PyTorch peer"
                        + " exports (bench/torch_peer.py quant --export --out " + out + "); skipping it.");
                continue;
            }
            runs.add(run);
        }
        List<String> lines = new ArrayList<>();
        for (Run run : runs) {
            int[] counts = run.kernelThreads() == null ? new int[] {0} : run.kernelThreads();
            List<String> parts = run.parts();
            for (int i = 0; i < counts.length; i++) {
                // The output directory, where the serving suite's peer left the model it exported.
                List<String> jvmArgs = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED", "-Dvectorgrad.bench.out=" + out.toAbsolutePath()));
                if (counts[i] > 0) {
                    jvmArgs.add("-D" + Kernels.THREADS_PROPERTY + "=" + counts[i]);
                }
                if (suite.equals("spark")) {
                    jvmArgs.addAll(SparkWorkload.JVM_FLAGS);
                }
                ChainedOptionsBuilder options = new OptionsBuilder()
                        .include(run.benchmark().getName() + "\\.")
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                        .shouldFailOnError(true)
                        .resultFormat(ResultFormatType.JSON)
                        .result(out.resolve(parts.get(i) + (quick ? "-quick" : "") + ".json").toString());
                if (!run.benchmark().isAnnotationPresent(BenchmarkMode.class)) {
                    options.mode(Mode.AverageTime);
                }
                if (!blas) {
                    options.exclude(".*_openblas");
                }
                if (run.gc()) {
                    options.addProfiler(GCProfiler.class);
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
                if (run.warmup() != null) {
                    options.warmupIterations(run.warmup()[quick ? 1 : 0]).warmupTime(TimeValue.seconds(1));
                }
                if (!quick && run.forks() > 0) {
                    options.forks(run.forks()).measurementIterations(3);
                }
                if (counts[i] > 0) {
                    options.param("threads", String.valueOf(counts[i]));
                }
                for (RunResult result : new Runner(options.build()).run()) {
                    lines.add(line(result));
                }
            }
        }
        mergeJson(out, runs, quick, json);
        Path text = out.resolve(suite + (quick ? "-quick" : "") + ".txt");
        Files.write(text, lines);
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("results: " + text + " and " + json);
    }

    /** Concatenates the per-class JSON arrays of the runs made into one array for the suite. */
    private static void mergeJson(Path out, List<Run> runs, boolean quick, Path json) throws IOException {
        StringBuilder merged = new StringBuilder("[");
        for (Run run : runs) {
            for (String name : run.parts()) {
                Path part = out.resolve(name + (quick ? "-quick" : "") + ".json");
                String body = Files.readString(part).trim();
                if (body.length() > 2) {
                    if (merged.length() > 1) {
                        merged.append(',');
                    }
                    merged.append(body, 1, body.length() - 1);
                }
                Files.delete(part);
            }
        }
        Files.writeString(json, merged.append("]\n"));
    }

    /**
     * Formats one result; GEMM/GEMV scores become GFLOP/s, activations elem/ns; recurrent benchmarks (a
     * {@code cell} parameter) carry {@code cell= batch= steps=} and become us/step (inference step),
     * us (roofline GEMV, with its {@code m= n=}) or tokens/s (sequence forward, training step); {@code fit} epochs
     * ({@code FitBench}) ms/epoch; a launch ({@code LaunchBench}, a {@code cell} parameter) ms; convolutions ({@code ConvBench}, a {@code conv} parameter) ms per call; the demo model's
     * training step ({@code ConvModelBench}, a {@code frames} parameter) frames/s; the spark suite (a {@code units}
     * parameter) rows/s when scoring, ms per training step or per run to the target loss; plus
     * {@code alloc=} in B/op when the gc profiler ran.
     */
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
        if (keys.contains("cell")) {
            String cell = params.getParam("cell");
            sb.append(" cell=").append(cell);
            for (String key : List.of("size", "format")) {         // QuantStepBench: HIDDENxINPUT, weight format
                if (keys.contains(key)) {
                    sb.append(' ').append(key).append('=').append(params.getParam(key));
                }
            }
            int batch = keys.contains("batch") ? Integer.parseInt(params.getParam("batch")) : 1;
            int steps = keys.contains("steps") ? Integer.parseInt(params.getParam("steps")) : 1;
            if (keys.contains("matrix")) {
                sb.append(" m=").append(Rnns.gateRows(cell)).append(" n=").append(Rnns.matrixColumns(params.getParam("matrix")));
            }
            sb.append(" batch=").append(batch).append(" steps=").append(steps);
            if ("step".equals(op)) {
                score = microseconds;
                unit = "us/step";
            } else if ("launch".equals(op)) {
                // LaunchBench: one JVM from its start to its exit, in milliseconds.
                score = microseconds / 1e3;
                unit = "ms";
            } else if (keys.contains("matrix")) {
                score = microseconds;
                unit = "us";
            } else {
                score = batch * (double) steps / (microseconds * 1e-6);
                unit = "tokens/s";
            }
        } else if (keys.contains("shape")) {
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
        } else if (keys.contains("conv")) {
            // ConvBench: one call over the batch, in milliseconds.
            sb.append(" conv=").append(params.getParam("conv")).append(" batch=").append(params.getParam("batch"));
            score = microseconds / 1e3;
            unit = "ms";
        } else if (keys.contains("frames")) {
            // ConvModelBench: one training step of the demo model over batch x frames images, in frames per second.
            int frames = Integer.parseInt(params.getParam("batch")) * Integer.parseInt(params.getParam("frames"));
            sb.append(" model=fashion batch=").append(params.getParam("batch")).append(" frames=")
                    .append(params.getParam("frames"));
            score = frames / (microseconds * 1e-6);
            unit = "frames/s";
        } else if (keys.contains("model")) {
            // StreamsBench, StreamsStepBench: sample time, µs per record (mean), with p50 and p99.
            for (String key : List.of("model", "store", "guarantee")) {
                if (keys.contains(key)) {
                    sb.append(' ').append(key).append('=').append(params.getParam(key));
                }
            }
            var stats = result.getPrimaryResult().getStatistics();
            sb.append(String.format(" p50=%.3f p99=%.3f", stats.getPercentile(50), stats.getPercentile(99)));
            score = microseconds;
            unit = "us/record";
        } else if (keys.contains("units")) {
            // The spark suite: scoring per row (rows/s), training per step or per run to the target loss (ms).
            sb.append(" units=").append(params.getParam("units"));
            if (keys.contains("batch")) {
                sb.append(" batch=").append(params.getParam("batch"));
                score = 1e6 / microseconds;
                unit = "rows/s";
            } else {
                sb.append(" perPartition=").append(params.getParam("perPartition"));
                score = microseconds / 1e3;
                unit = "ms";
            }
        } else if (keys.contains("windows")) {
            // FitBench: one epoch of the char model per call.
            for (String key : List.of("vocab", "seq", "batch", "windows")) {
                sb.append(' ').append(key).append('=').append(params.getParam(key));
            }
            score = microseconds / 1e3;
            unit = "ms/epoch";
        } else {
            int n = Integer.parseInt(params.getParam("n"));
            sb.append(" n=").append(n);
            score = n / (microseconds * 1e3);
            unit = "elem/ns";
        }
        sb.append(" threads=").append(params.getParam("threads"));
        sb.append(String.format(" score=%.3f unit=%s", score, unit));
        Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
        if (alloc != null) {
            sb.append(String.format(" alloc=%.3f", alloc.getScore()));
        }
        return sb.toString();
    }
}
