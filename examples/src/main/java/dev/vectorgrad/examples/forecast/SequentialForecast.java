package dev.vectorgrad.examples.forecast;

import dev.vectorgrad.examples.common.FitLoop;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Dropout;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Keras tutorials' forecaster written with {@code models}: {@code SimpleRNN(50, relu, return_sequences)},
 * {@code SimpleRNN(50, relu)}, {@code Dense(1)}, compiled with {@code adam} and {@code mse} (or, with
 * {@code --model lstm}, the stock-price tutorials' {@code LSTM(50)} + {@code Dropout(0.2)} twice). From the last
 * {@code window} values of a series it predicts the next one: the noisy three-sine series of {@link Forecast}, or a
 * column of a CSV file. Trains on the first 80 % with Keras-style progress and prints the test MSE next to the
 * naive forecast "the next value equals the last one".
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.forecast.SequentialForecast
 * ... -Dargs="--model lstm --csv prices.csv --column close"
 * </pre>
 */
@Command(name = "SequentialForecast", sortOptions = false,
        description = "Forecasts the next value of a series with the Keras tutorials' model (vectorgrad models).")
public final class SequentialForecast implements Callable<Integer> {

    /** The two tutorial models. */
    enum Kind { rnn, lstm }

    @Mixin
    HelpOption help;

    @Option(names = "--model", description = "rnn: 2 x SimpleRNN(50, relu) + Dense(1); lstm: 2 x (LSTM(50) + "
            + "Dropout(0.2)) + Dense(1) [${DEFAULT-VALUE}]", defaultValue = "rnn")
    Kind kind;

    @Mixin
    SeriesOptions series;

    @Mixin
    FitLoop fit = new FitLoop(20);

    @Mixin
    SeedOption seeding;

    /** What a run measured, in the series' own units. */
    record Result(History history, double testMse, double lastValueMse, int tests) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SequentialForecast()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    /** Reads the series, trains, evaluates, and prints what it measured. */
    Result run() throws Exception {
        int window = series.window();
        int epochs = fit.epochs();
        int batch = fit.batch();
        int verbose = fit.verbose();
        long seed = seeding.value();
        double[] values = series.read(seed);
        String name = series.name();
        int testStart = values.length * 4 / 5;
        series.requireWindows(values.length, testStart, batch);
        // Standardise with the training part's mean and deviation, as the tutorials' MinMaxScaler/StandardScaler do.
        double mean = Arrays.stream(values, 0, testStart).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(values, 0, testStart).map(v -> (v - mean) * (v - mean)).sum() / testStart);
        double scale = std > 0 ? std : 1;
        float[] z = new float[values.length];
        for (int t = 0; t < z.length; t++) {
            z[t] = (float) ((values[t] - mean) / scale);
        }
        // Windows: x[i] holds z[i, i + window), y[i] the value after it. Training targets lie before testStart.
        int trainCount = testStart - window;
        int testCount = values.length - testStart;
        float[][][] xTrain = windows(z, 0, trainCount, window);
        float[][] yTrain = targets(z, 0, trainCount, window);
        float[][][] xTest = windows(z, trainCount, testCount, window);
        float[][] yTest = targets(z, trainCount, testCount, window);
        System.out.printf(Locale.ROOT, "series: %s, %d values (%d windows to train, %d to test)%n%n",
                name, values.length, trainCount, testCount);

        // ---- the model: as the Keras tutorials write it ----
        Sequential model = kind == Kind.lstm
                ? new Sequential(new Input(window, 1),
                        LSTM.builder(50).returnSequences(true).build(),
                        new Dropout(0.2),
                        new LSTM(50),
                        new Dropout(0.2),
                        new Dense(1))
                : new Sequential(new Input(window, 1),
                        SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
                        SimpleRNN.builder(50).activation("relu").build(),
                        new Dense(1));
        System.out.println(model.summary());
        model.compile("adam", "mse");
        History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationData(xTest, yTest).seed(seed).verbose(verbose));
        double testLoss = model.evaluate(xTest, yTest).get(0);
        float[] predictions = model.predict(xTest).toFloatArray();
        // ---- end of the model ----

        double testMse = 0;
        double lastValueMse = 0;
        for (int i = 0; i < testCount; i++) {
            int t = testStart + i;
            double predicted = predictions[i] * scale + mean;              // back to the series' units
            testMse += (predicted - values[t]) * (predicted - values[t]) / testCount;
            lastValueMse += (values[t - 1] - values[t]) * (values[t - 1] - values[t]) / testCount;
        }
        System.out.printf(Locale.ROOT, "%ntest MSE over %d one-step forecasts, in the series' units:%n", testCount);
        System.out.printf(Locale.ROOT, "  %-12s %.5f   (evaluate's loss %.5f on standardised values)%n",
                kind == Kind.lstm ? "LSTM" : "SimpleRNN", testMse, testLoss);
        System.out.printf(Locale.ROOT, "  last value   %.5f   (%.1fx the model's)%n", lastValueMse, lastValueMse / testMse);
        if (series.synthetic()) {
            System.out.printf(Locale.ROOT, "  noise        %.5f   (the noise variance: no forecast beats it on average)%n",
                    series.noise * series.noise);
        }
        return new Result(history, testMse, lastValueMse, testCount);
    }

    /** {@code count} windows {@code [count, window, 1]}, the first starting at {@code from}. */
    static float[][][] windows(float[] z, int from, int count, int window) {
        float[][][] x = new float[count][window][1];
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < window; t++) {
                x[i][t][0] = z[from + i + t];
            }
        }
        return x;
    }

    /** The value after each of those windows, {@code [count, 1]}. */
    static float[][] targets(float[] z, int from, int count, int window) {
        float[][] y = new float[count][1];
        for (int i = 0; i < count; i++) {
            y[i][0] = z[from + i + window];
        }
        return y;
    }
}
