package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.spark.BroadcastModel;
import dev.vectorgrad.spark.SequenceScorer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batch scoring of {@value #ROWS} windows with the forecaster: in {@code local[2]} through {@link SequenceScorer}
 * ({@link #score_spark}: two tasks on two cores, Spark's job included), against {@code predict} in one thread
 * ({@link #score_jvm}), at {@code batch} rows per batch. Time per row; rows per second per core = 1 / (time x cores).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SparkScoreBench {

    static final int ROWS = 4096;

    @Param({"1", "32"})
    public int batch;

    @Param({"50"})
    public int units;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private SparkSession spark;
    private Sequential model;
    private BroadcastModel shipped;
    private Dataset<Row> data;
    private Tensor x;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        spark = SparkWorkload.session();
        model = SparkWorkload.model(units, 1);
        List<float[][]> windows = SparkWorkload.windows(ROWS, 2);
        data = SparkWorkload.dataset(spark, windows, 2).cache();
        data.count();
        shipped = BroadcastModel.of(spark, model);
        x = SparkWorkload.batch(windows, 0, ROWS)[0];
    }

    @TearDown
    public void tearDown() {
        shipped.destroy();
        spark.stop();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long score_spark() {
        return SequenceScorer.floats("x").withBatchSize(batch).score(shipped, data).count();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public Tensor score_jvm() {
        return model.predict(x, RunOptions.defaults().batchSize(batch).verbose(0));
    }
}
