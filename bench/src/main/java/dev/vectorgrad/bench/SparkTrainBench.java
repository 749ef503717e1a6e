package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.ParameterVector;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.spark.DataParallelTrainer;
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
 * Synchronous data-parallel training of the forecaster in {@code local[2]}: two partitions of {@code perPartition}
 * rows per step (a global batch of 2 x perPartition).
 * <ul>
 *   <li>{@link #step_spark}: one {@link DataParallelTrainer} step, from a fit of {@value #STEPS} steps (the fit's
 *       row count, model broadcast and caching are spread over its steps);
 *   <li>{@link #step_jvm}: one {@code trainOnBatch} of the same global batch in one thread: what Spark replaces;
 *   <li>{@link #shard_jvm}: one partition's share, {@code computeGradients} on perPartition rows: the compute inside
 *       one task. Spark's overhead per step is step_spark minus shard_jvm (minus the driver's update, tiny here);
 *   <li>{@link #toLoss_spark} and {@link #toLoss_jvm}: from fresh weights to a training-set loss below
 *       {@value #TARGET} (evaluated every {@value #EVERY} steps), time per run (each iteration runs whole runs).
 * </ul>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SparkTrainBench {

    static final int STEPS = 20;
    static final double TARGET = 0.01;
    static final int EVERY = 10;
    static final int MAX_STEPS = 2000;

    @Param({"16", "256"})
    public int perPartition;

    @Param({"50"})
    public int units;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private SparkSession spark;
    private Dataset<Row> data;
    private List<float[][]> windows;
    private Tensor[] all;
    private Sequential model;
    private float[] initial;
    private long position;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        spark = SparkWorkload.session();
        windows = SparkWorkload.windows(4096, 3);
        all = SparkWorkload.batch(windows, 0, windows.size());
        data = SparkWorkload.dataset(spark, windows, 2).cache();
        data.count();
        model = SparkWorkload.model(units, 5);
        initial = ParameterVector.values(model.trainableWeights());
    }

    @TearDown
    public void tearDown() {
        spark.stop();
    }

    private DataParallelTrainer trainer() {
        return DataParallelTrainer.on(spark).withBatchPerPartition(perPartition).withVerbose(0);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public DataParallelTrainer.Run step_spark() {
        return trainer().fit(model, data, 1, STEPS);
    }

    @Benchmark
    public List<Double> step_jvm() {
        Tensor[] xy = SparkWorkload.batch(windows, position, 2 * perPartition);
        position += 2L * perPartition;
        return model.trainOnBatch(xy[0], xy[1]);
    }

    @Benchmark
    public double shard_jvm() {
        Tensor[] xy = SparkWorkload.batch(windows, position, perPartition);
        position += perPartition;
        return model.computeGradients(xy[0], xy[1]);
    }

    private Sequential fresh() {
        Sequential m = SparkWorkload.model(units, 5);
        ParameterVector.setValues(m.trainableWeights(), initial);
        return m;
    }

    private double loss(Sequential m) {
        return m.evaluate(all[0], all[1], RunOptions.defaults().batchSize(256).verbose(0)).get(0);
    }

    @Benchmark
    public int toLoss_spark() {
        Sequential m = fresh();
        DataParallelTrainer t = trainer();
        for (int steps = EVERY; steps <= MAX_STEPS; steps += EVERY) {
            // One fit per EVERY steps: its rows continue where the last left off only within a fit, so each fit
            // starts the partitions' cycle over; the loss is evaluated on the driver between fits.
            t.fit(m, data, 1, EVERY);
            if (loss(m) < TARGET) {
                System.out.println("toLoss_spark: " + steps + " steps");
                return steps;
            }
        }
        throw new IllegalStateException("toLoss_spark: loss above " + TARGET + " after " + MAX_STEPS + " steps");
    }

    @Benchmark
    public int toLoss_jvm() {
        Sequential m = fresh();
        long at = 0;
        for (int steps = EVERY; steps <= MAX_STEPS; steps += EVERY) {
            for (int i = 0; i < EVERY; i++) {
                Tensor[] xy = SparkWorkload.batch(windows, at, 2 * perPartition);
                at += 2L * perPartition;
                m.trainOnBatch(xy[0], xy[1]);
            }
            if (loss(m) < TARGET) {
                System.out.println("toLoss_jvm: " + steps + " steps");
                return steps;
            }
        }
        throw new IllegalStateException("toLoss_jvm: loss above " + TARGET + " after " + MAX_STEPS + " steps");
    }
}
