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
import dev.vectorgrad.examples.common.Cli;
import dev.vectorgrad.examples.common.LineChart;
import dev.vectorgrad.examples.common.LossLog;
import dev.vectorgrad.examples.common.Progress;
import dev.vectorgrad.examples.common.Schedule;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

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
public final class Forecast {

    static final String USAGE = """
            Forecast: a GRU forecasts the next value of a time series.

            Options (defaults in brackets):
              --csv FILE           read the series from a CSV file with a header line [a synthetic noisy multi-sine]
              --column NAME        the CSV column to forecast (needed with --csv)
              --length N           length of the synthetic series [3000]
              --noise X            noise standard deviation of the synthetic series [0.1]
              --window N           past values the GRU reads for each forecast [48]
              --hidden N           GRU hidden size [32]
              --steps N            training steps [2000]
              --batch N            windows per step [32]
              --lr X               Adam learning rate, decayed along a cosine to a tenth [0.005]
              --plot N             test points to draw [300]
              --seed N             seeds the data, the weights and the batches [1]
              --out DIR            where the images go [target/forecast]
            """;

    private Forecast() {
    }

    public static void main(String[] args) throws IOException {
        Cli cli = Cli.parse(args, USAGE);
        Path csv = cli.path("csv", null);
        String column = cli.string("column", null);
        int length = cli.integer("length", 3000);
        double noise = cli.decimal("noise", 0.1);
        int window = cli.integer("window", 48);
        int hidden = cli.integer("hidden", 32);
        int steps = cli.integer("steps", 2000);
        int batch = cli.integer("batch", 32);
        double lr = cli.decimal("lr", 0.005);
        int plot = cli.integer("plot", 300);
        long seed = cli.integer("seed", 1);
        Path out = cli.path("out", Path.of("target", "forecast"));
        cli.done();
        if ((csv == null) != (column == null)) {
            throw cli.fail("--csv and --column go together");
        }

        double[] series = csv != null ? Series.csvColumn(csv, column) : Series.noisyMultiSine(length, noise, seed);
        String name = csv != null ? csv.getFileName() + " / " + column : "noisy multi-sine";
        int testStart = series.length * 4 / 5;
        if (testStart - window < batch || series.length - testStart < 2) {
            throw new IllegalArgumentException("the series has " + series.length + " values: too short for windows of "
                    + window + " (use a smaller --window)");
        }
        // Standardise with the training part's mean and deviation; the model sees values near [-2, 2].
        double mean = 0;
        for (int t = 0; t < testStart; t++) {
            mean += series[t] / testStart;
        }
        double var = 0;
        for (int t = 0; t < testStart; t++) {
            var += (series[t] - mean) * (series[t] - mean) / testStart;
        }
        double std = Math.sqrt(var) > 0 ? Math.sqrt(var) : 1;
        double[] z = new double[series.length];
        for (int t = 0; t < z.length; t++) {
            z[t] = (series[t] - mean) / std;
        }
        System.out.printf(Locale.ROOT, "series: %s, %d values (%d to train, %d to test)%n",
                name, series.length, testStart, series.length - testStart);
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
        int tests = series.length - testStart;
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
            actual[i] = series[t];
            predicted[i] = predicted[i] * std + mean;                 // back to the series' units
            modelMse += (predicted[i] - actual[i]) * (predicted[i] - actual[i]) / tests;
            naiveMse += (series[t - 1] - actual[i]) * (series[t - 1] - actual[i]) / tests;
        }
        System.out.printf(Locale.ROOT, "%ntest MSE over %d one-step forecasts:%n", tests);
        System.out.printf(Locale.ROOT, "  GRU          %.5f%n", modelMse);
        System.out.printf(Locale.ROOT, "  last value   %.5f   (%.1fx the GRU's)%n", naiveMse, naiveMse / modelMse);
        if (csv == null) {
            System.out.printf(Locale.ROOT, "  noise        %.5f   (the noise variance: no forecast can beat it on average)%n",
                    noise * noise);
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
