package dev.vectorgrad.spark;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The tests' Spark: {@code local[2]} with up to 4 attempts per task, bound to 127.0.0.1, no UI; and their data. */
final class LocalSpark {

    private LocalSpark() {
    }

    /** A new session for one test class (stop it in {@code @AfterAll}). */
    static SparkSession start(String name) {
        return SparkSession.builder()
                .appName(name)
                .master("local[2,4]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
    }

    /** Schema of the training rows: features x and label y, float arrays. */
    static final StructType XY = DataTypes.createStructType(List.of(
            DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("y", DataTypes.createArrayType(DataTypes.FloatType, false), false)));

    /** The forecasting tutorial's shape, small: windows of 12 values of a noisy sine, LSTM(8), Dense(1), adam, mse. */
    static Sequential forecaster(long seed) {
        Sequential m = new Sequential(new Input(12, 1), LSTM.builder(8).seed(seed).build(), new Dense(1));
        m.compile("adam", "mse");
        return m;
    }

    /** {@code count} windows of 12 values of a noisy sine and the value after each: {x: float[12], y: float[1]}. */
    static List<float[][]> windows(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[count + 12];
        for (int t = 0; t < z.length; t++) {
            z[t] = (float) (Math.sin(2 * Math.PI * t / 24) + 0.1 * (r.nextDouble() - 0.5));
        }
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[12];
            System.arraycopy(z, i, x, 0, 12);
            out.add(new float[][] {x, {z[i + 12]}});
        }
        return out;
    }

    /** The windows as a Dataset in {@code partitions} contiguous slices. */
    static Dataset<Row> dataset(SparkSession spark, List<float[][]> windows, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (float[][] w : windows) {
            rows.add(RowFactory.create(w[0], w[1]));
        }
        return spark.createDataFrame(spark.sparkContext().parallelize(
                scala.jdk.javaapi.CollectionConverters.asScala(rows).toSeq(), partitions,
                scala.reflect.ClassTag$.MODULE$.apply(Row.class)), XY);
    }

    static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    /** {@code [n, 12, 1]} and {@code [n, 1]} tensors of windows. */
    static Tensor[] tensors(List<float[][]> windows) {
        int n = windows.size();
        float[] x = new float[n * 12];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows.get(i)[0], 0, x, i * 12, 12);
            y[i] = windows.get(i)[1][0];
        }
        return new Tensor[] {Tensor.of(x, n, 12, 1), Tensor.of(y, n, 1)};
    }
}
