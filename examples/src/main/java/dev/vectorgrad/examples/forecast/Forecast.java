package dev.vectorgrad.examples.forecast;

import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.GradClip;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.LineChart;
import dev.vectorgrad.examples.common.LossLog;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Progress;
import dev.vectorgrad.examples.common.Schedule;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One-step-ahead forecasting with a GRU: from the last {@code window} values of a series, predict
 * the next one. Trains on the first 80 % of the series and reports the mean squared error on the
 * rest next to the naive forecast "the next value equals the last one", then draws the actual
 * and predicted test values and the loss curve as SVG images.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.forecast.Forecast
 * ... -Dargs="--csv prices.csv --column close"       # your own series
 * </pre>
 */
@Command(name = "Forecast", sortOptions = false, description = "A GRU forecasts the next value of a time series.")
public final class Forecast implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    SeriesOptions series;

    @Option(names = "--hidden", description = "GRU hidden size [${DEFAULT-VALUE}]", defaultValue = "32")
    int hidden;

    @Option(names = "--steps", description = "training steps [${DEFAULT-VALUE}]", defaultValue = "2000")
    int steps;

    @Option(names = "--batch", description = "windows per step [${DEFAULT-VALUE}]", defaultValue = "32")
    int batch;

    @Option(names = "--lr", description = "Adam learning rate, decayed along a cosine to a tenth [${DEFAULT-VALUE}]",
            defaultValue = "0.005")
    double lr;

    @Option(names = "--plot", description = "test points to draw [${DEFAULT-VALUE}]", defaultValue = "300")
    int plot;

    @Mixin
    SeedOption seeding;

    @Option(names = "--out", paramLabel = "DIR", description = "where the images go [${DEFAULT-VALUE}]",
            defaultValue = "target/forecast")
    Path out;

    public static void main(String[] args) {
        int code = new CommandLine(new Forecast()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Reads the series, trains, tests, prints what it measured and draws the charts. */
    @Override
    public Integer call() throws IOException {
        int window = series.window();
        int steps = OptionCheck.atLeast(spec, "--steps", this.steps, 1);
        int batch = OptionCheck.atLeast(spec, "--batch", this.batch, 1);
        int hidden = OptionCheck.atLeast(spec, "--hidden", this.hidden, 1);
        double lr = OptionCheck.positive(spec, "--lr", this.lr);
        int plot = OptionCheck.atLeast(spec, "--plot", this.plot, 1);
        long seed = seeding.value();
        double[] values = series.read(seed);
        String name = series.name();
        int testStart = values.length * 4 / 5;
        series.requireWindows(values.length, testStart, batch);
        // Standardise with the training part's mean and deviation; the model sees values near [-2, 2].
        double mean = 0;
        for (int t = 0; t < testStart; t++) {
            mean += values[t] / testStart;
        }
        double var = 0;
        for (int t = 0; t < testStart; t++) {
            var += (values[t] - mean) * (values[t] - mean) / testStart;
        }
        double std = Math.sqrt(var) > 0 ? Math.sqrt(var) : 1;
        double[] z = new double[values.length];
        for (int t = 0; t < z.length; t++) {
            z[t] = (values[t] - mean) / std;
        }
        System.out.printf(Locale.ROOT, "series: %s, %d values (%d to train, %d to test)%n",
                name, values.length, testStart, values.length - testStart);
        System.out.printf(Locale.ROOT, "model: GRU 1 -> %d over the last %d values -> linear 1%n%n", hidden, window);

        Forecaster model = new Forecaster(hidden, seed);
        Optimizer optimizer = Adam.builder(lr).build(model.parameters());
        SplittableRandom random = new SplittableRandom(seed + 2);
        Progress progress = new Progress(steps, "windows");
        LossLog log = new LossLog();
        int[] starts = new int[batch];
        try (Tape tape = Tape.open()) {
            for (int step = 1; step <= steps; step++) {
                for (int b = 0; b < batch; b++) {
                    starts[b] = random.nextInt(testStart - window);    // the target z[start + window] is a training value
                }
                Tensor loss = Losses.mse(model.predict(z, starts, window), targets(z, starts, window));
                tape.backward(loss);
                GradClip.byNorm(optimizer.parameters(), 1.0);
                optimizer.setLearningRate(Schedule.cosine(lr, step, steps));
                optimizer.step();
                optimizer.zeroGrad();
                tape.reset();
                log.step(step, loss.item());
                progress.update(step, (long) step * batch, String.format(Locale.ROOT, "MSE %.4f", log.smoothed()));
            }
        }

        // Every test value predicted from the window before it, in one batch.
        int tests = values.length - testStart;
        int[] testStarts = new int[tests];
        for (int i = 0; i < tests; i++) {
            testStarts[i] = testStart + i - window;
        }
        double[] predicted;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            predicted = model.predict(z, testStarts, window).toDoubleArray();
        }
        double modelMse = 0;
        double naiveMse = 0;
        double[] actual = new double[tests];
        for (int i = 0; i < tests; i++) {
            int t = testStart + i;
            actual[i] = values[t];
            predicted[i] = predicted[i] * std + mean;                 // back to the series' units
            modelMse += (predicted[i] - actual[i]) * (predicted[i] - actual[i]) / tests;
            naiveMse += (values[t - 1] - actual[i]) * (values[t - 1] - actual[i]) / tests;
        }
        System.out.printf(Locale.ROOT, "%ntest MSE over %d one-step forecasts:%n", tests);
        System.out.printf(Locale.ROOT, "  GRU          %.5f%n", modelMse);
        System.out.printf(Locale.ROOT, "  last value   %.5f   (%.1fx the GRU's)%n", naiveMse, naiveMse / modelMse);
        if (series.synthetic()) {
            System.out.printf(Locale.ROOT, "  noise        %.5f   (the noise variance: no forecast can beat it on average)%n",
                    series.noise * series.noise);
        }

        int shown = Math.min(plot, tests);
        double[] x = new double[shown];
        for (int i = 0; i < shown; i++) {
            x[i] = testStart + i;
        }
        Path forecastChart = new LineChart("GRU one-step forecast on the test part: " + name, "time step", "value")
                .line("actual", x, Arrays.copyOf(actual, shown))
                .line("predicted", x, Arrays.copyOf(predicted, shown))
                .write(out.resolve("forecast.svg"));
        Path lossChart = log.chart("GRU forecaster: training loss", "MSE (standardised units)")
                .write(out.resolve("loss.svg"));
        System.out.println("\nwrote " + forecastChart.toAbsolutePath());
        System.out.println("wrote " + lossChart.toAbsolutePath());
        return 0;
    }

    /** The model: a GRU over the window, and a linear layer on its final hidden state. */
    static final class Forecaster extends Module {
        final Gru gru;
        final Linear head;

        Forecaster(int hidden, long seed) {
            gru = registerModule("gru", new Gru(1, hidden, RecurrentOptions.defaults().withSeed(seed)));
            head = registerModule("head", new Linear(hidden, 1, LinearOptions.defaults().withSeed(seed + 1)));
        }

        /** The forecast for each window {@code z[start, start + window)}, as {@code [starts.length, 1]}. */
        Tensor predict(double[] z, int[] starts, int window) {
            int batch = starts.length;
            float[] x = new float[window * batch];                     // time-major [window, batch, 1]
            for (int t = 0; t < window; t++) {
                for (int b = 0; b < batch; b++) {
                    x[t * batch + b] = (float) z[starts[b] + t];
                }
            }
            Tensor h = gru.forward(Tensor.of(x, window, batch, 1)).state().h();   // [1, batch, hidden]
            return head.forward(Shapes.reshape(h, batch, -1));
        }
    }

    /** The value after each window, as {@code [starts.length, 1]}. */
    static Tensor targets(double[] z, int[] starts, int window) {
        float[] y = new float[starts.length];
        for (int b = 0; b < starts.length; b++) {
            y[b] = (float) z[starts[b] + window];
        }
        return Tensor.of(y, starts.length, 1);
    }
}
