package dev.vectorgrad.examples.forecast;

import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.spark.BroadcastModel;
import dev.vectorgrad.spark.DataParallelTrainer;
import dev.vectorgrad.spark.SequenceScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Keras tutorials' forecaster ({@code SimpleRNN(50, relu, return_sequences)}, {@code SimpleRNN(50, relu)},
 * {@code Dense(1)}, {@code adam}, {@code mse}) trained on Spark with {@code vectorgrad-spark}: a long noisy
 * multi-sine series ({@link Series}) is cut into windows, the first 80 % trained on by synchronous data-parallel steps
 * ({@link DataParallelTrainer}, one gradient per partition per step, the update on the driver), the rest scored on the
 * executors ({@link SequenceScorer}) and compared with the naive "next value = last value" forecast. Runs in
 * {@code local[2]} by default, in one command:
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:exec@spark-forecast
 * </pre>
 */
@Command(name = "SparkForecast", sortOptions = false,
        description = "Trains the Keras tutorials' forecaster on Spark (data-parallel) and scores a held-out set.")
public final class SparkForecast implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--master", description = "Spark master [${DEFAULT-VALUE}]", defaultValue = "local[2]")
    String master;

    @Option(names = "--length", description = "length of the generated series [${DEFAULT-VALUE}]", defaultValue = "20000")
    int length;

    @Option(names = "--noise", description = "noise standard deviation of the series [${DEFAULT-VALUE}]",
            defaultValue = "0.1")
    double noise;

    @Option(names = "--window", description = "past values each forecast reads [${DEFAULT-VALUE}]", defaultValue = "24")
    int window;

    @Option(names = "--partitions", description = "partitions of the training data [${DEFAULT-VALUE}]",
            defaultValue = "2")
    int partitions;

    @Option(names = "--batch-per-partition", description = "rows each partition contributes per step"
            + " [${DEFAULT-VALUE}]", defaultValue = "16")
    int batchPerPartition;

    @Option(names = "--epochs", description = "epochs (each a pass over the training windows) [${DEFAULT-VALUE}]",
            defaultValue = "1")
    int epochs;

    @Option(names = "--local-steps", description = "optimizer steps per partition between parameter averages; 1:"
            + " synchronous gradient steps [${DEFAULT-VALUE}]", defaultValue = "1")
    int localSteps;

    @Option(names = "--score-batch", description = "rows per scoring batch [${DEFAULT-VALUE}]", defaultValue = "32")
    int scoreBatch;

    @Option(names = "--verbose", description = "0 silent, 1 a progress bar, 2 a line per epoch [${DEFAULT-VALUE}]",
            defaultValue = "1")
    int verbose;

    @Option(names = "--log-level", description = "Spark's log level (INFO shows each step's timing) [${DEFAULT-VALUE}]",
            defaultValue = "WARN")
    String logLevel;

    @Mixin
    SeedOption seeding;

    /** What a run measured, in the series' units, and whether the scores equal the driver's predict. */
    record Result(double testMse, double lastValueMse, int tests, boolean scoresEqualPredict, double finalLoss) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SparkForecast()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        run();
        return 0;
    }

    private static final StructType WINDOWS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("t", DataTypes.IntegerType, false),
            DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("y", DataTypes.createArrayType(DataTypes.FloatType, false), false)));

    Result run() {
        OptionCheck.atLeast(spec, "--window", window, 1);
        OptionCheck.atLeast(spec, "--partitions", partitions, 1);
        OptionCheck.atLeast(spec, "--batch-per-partition", batchPerPartition, 1);
        OptionCheck.atLeast(spec, "--epochs", epochs, 1);
        OptionCheck.atLeast(spec, "--local-steps", localSteps, 1);
        OptionCheck.atLeast(spec, "--score-batch", scoreBatch, 1);
        long seed = seeding.value();
        double[] values = Series.noisyMultiSine(OptionCheck.atLeast(spec, "--length", length, window + 10), noise, seed);
        int testStart = values.length * 4 / 5;
        double mean = Arrays.stream(values, 0, testStart).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(values, 0, testStart).map(v -> (v - mean) * (v - mean)).sum() / testStart);
        float[] z = new float[values.length];
        for (int t = 0; t < z.length; t++) {
            z[t] = (float) ((values[t] - mean) / std);
        }
        // Window i reads z[i, i + window) and forecasts z[i + window]; training targets lie before testStart.
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (int i = 0; i + window < z.length; i++) {
            Row row = RowFactory.create(i + window, Arrays.copyOfRange(z, i, i + window), new float[] {z[i + window]});
            (i + window < testStart ? train : test).add(row);
        }
        int global = partitions * batchPerPartition;
        int stepsPerEpoch = Math.max(1, train.size() / (global * localSteps));
        System.out.printf(Locale.ROOT, "series: noisy multi-sine, %d values: %d training windows in %d partitions,"
                + " %d held out; %d steps of %d x %d rows per epoch%s%n%n", values.length, train.size(), partitions,
                test.size(), stepsPerEpoch, partitions, batchPerPartition,
                localSteps > 1 ? ", " + localSteps + " local steps each" : "");

        SparkSession spark = SparkSession.builder().appName("vectorgrad SparkForecast").master(master)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel(logLevel);
        try {
            // ---- the model: as the Keras tutorials write it ----
            Sequential model = new Sequential(new Input(window, 1),
                    SimpleRNN.builder(50).activation("relu").returnSequences(true).seed(seed).build(),
                    SimpleRNN.builder(50).activation("relu").seed(seed + 1).build(),
                    new Dense(1));
            model.compile("adam", "mse");
            System.out.println(model.summary());
            Dataset<Row> trainRows = spark.createDataFrame(train, WINDOWS).repartition(partitions).cache();
            DataParallelTrainer.Run run = DataParallelTrainer.on(spark)
                    .withBatchPerPartition(batchPerPartition)
                    .withLocalSteps(localSteps)
                    .withVerbose(verbose)
                    .fit(model, trainRows, epochs, stepsPerEpoch);
            trainRows.unpersist();
            // ---- scoring the held-out windows on the executors ----
            BroadcastModel shipped = BroadcastModel.of(spark, model);
            List<Row> scored;
            try {
                scored = SequenceScorer.floats("x").withBatchSize(scoreBatch)
                        .score(shipped, spark.createDataFrame(test, WINDOWS).repartition(partitions))
                        .select("t", "prediction").collectAsList();
            } finally {
                shipped.destroy();
            }
            // ---- end of the Spark part ----
            float[] predicted = new float[z.length];
            for (Row r : scored) {
                predicted[r.getInt(0)] = ((Number) r.getList(1).get(0)).floatValue();
            }
            float[][][] x = new float[test.size()][window][1];
            for (int i = 0; i < test.size(); i++) {
                float[] w = (float[]) test.get(i).get(1);
                for (int t = 0; t < window; t++) {
                    x[i][t][0] = w[t];
                }
            }
            float[] driver = model.predict(x).toFloatArray();
            boolean equal = true;
            double testMse = 0;
            double lastValueMse = 0;
            for (int i = 0; i < test.size(); i++) {
                int t = test.get(i).getInt(0);
                equal &= Float.floatToIntBits(driver[i]) == Float.floatToIntBits(predicted[t]);
                double p = predicted[t] * std + mean;
                testMse += (p - values[t]) * (p - values[t]) / test.size();
                lastValueMse += (values[t - 1] - values[t]) * (values[t - 1] - values[t]) / test.size();
            }
            List<DataParallelTrainer.StepStats> steps = run.steps();
            long wall = steps.stream().mapToLong(DataParallelTrainer.StepStats::wallNanos).sum();
            long spark0 = steps.stream().mapToLong(DataParallelTrainer.StepStats::sparkNanos).sum();
            System.out.printf(Locale.ROOT, "%n%d steps on %d partitions: %.1f ms per step, of which Spark %.1f ms"
                    + " (the rest: the slowest task's compute and the driver's update)%n", steps.size(), run.partitions(),
                    wall / 1e6 / steps.size(), spark0 / 1e6 / steps.size());
            System.out.printf(Locale.ROOT, "test MSE over %d one-step forecasts scored on the executors, in the series'"
                    + " units:%n", test.size());
            System.out.printf(Locale.ROOT, "  SimpleRNN    %.5f   (the executors' scores %s the driver's predict)%n",
                    testMse, equal ? "equal, bit for bit," : "DIFFER from");
            System.out.printf(Locale.ROOT, "  last value   %.5f   (%.1fx the model's)%n", lastValueMse,
                    lastValueMse / testMse);
            System.out.printf(Locale.ROOT, "  noise        %.5f   (the noise variance: no forecast beats it on average)%n",
                    noise * noise);
            return new Result(testMse, lastValueMse, test.size(), equal, run.finalLoss());
        } finally {
            spark.stop();
        }
    }
}
