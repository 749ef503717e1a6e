package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The spark suite's workload: the Keras tutorials' forecaster ({@code SimpleRNN(units, relu, return_sequences)},
 * {@code SimpleRNN(units, relu)}, {@code Dense(1)}, adam, mse) on windows of 24 values of a noisy sine, and the
 * {@code local[2]} session it runs in.
 */
final class SparkWorkload {

    static final int WINDOW = 24;

    /** The JVM options Spark's launcher adds (JavaModuleOptions of 4.2.0), for the forks of this suite. */
    static final List<String> JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true",
            "--sun-misc-unsafe-memory-access=allow");

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("y", DataTypes.createArrayType(DataTypes.FloatType, false), false)));

    private SparkWorkload() {
    }

    static SparkSession session() {
        SparkSession spark = SparkSession.builder().appName("vectorgrad bench").master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    static Sequential model(int units, long seed) {
        Sequential m = new Sequential(new Input(WINDOW, 1),
                SimpleRNN.builder(units).activation("relu").returnSequences(true).seed(seed).build(),
                SimpleRNN.builder(units).activation("relu").seed(seed + 1).build(),
                new Dense(1));
        m.compile("adam", "mse");
        return m;
    }

    /** {@code count} windows and the value after each: {x: float[WINDOW], y: float[1]}. */
    static List<float[][]> windows(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[count + WINDOW];
        for (int t = 0; t < z.length; t++) {
            z[t] = (float) (Math.sin(2 * Math.PI * t / 24) + 0.6 * Math.sin(2 * Math.PI * t / 67 + 1)
                    + 0.2 * (r.nextDouble() - 0.5));
        }
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[WINDOW];
            System.arraycopy(z, i, x, 0, WINDOW);
            out.add(new float[][] {x, {z[i + WINDOW]}});
        }
        return out;
    }

    static Dataset<Row> dataset(SparkSession spark, List<float[][]> windows, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (float[][] w : windows) {
            rows.add(RowFactory.create(w[0], w[1]));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    /** Rows {@code [from, from + count)} of the windows (cyclically) as {@code [count, WINDOW, 1]} and {@code [count, 1]}. */
    static Tensor[] batch(List<float[][]> windows, long from, int count) {
        float[] x = new float[count * WINDOW];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            float[][] w = windows.get((int) ((from + i) % windows.size()));
            System.arraycopy(w[0], 0, x, i * WINDOW, WINDOW);
            y[i] = w[1][0];
        }
        return new Tensor[] {Tensor.of(x, count, WINDOW, 1), Tensor.of(y, count, 1)};
    }
}
