package dev.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.ParameterVector;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.Callback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Distributed training equals single-JVM training on the same global batches: bit for bit against one JVM that
 * computes each partition's gradient on its rows, sums them in the same tree and applies the same optimizer; bit for
 * bit against {@code trainOnBatch} with one partition.
 */
class TrainingTest {

    private static SparkSession spark;
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("TrainingTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static final int B = 8;

    /** The rows of each partition of {@code data}, in partition order. */
    private static List<List<float[][]>> partitions(Dataset<Row> data) {
        List<List<float[][]>> out = new ArrayList<>();
        for (List<Row> part : data.javaRDD().glom().collect()) {
            List<float[][]> rows = new ArrayList<>();
            for (Row r : part) {
                rows.add(new float[][] {SequenceScorer.values(r, 0, -1), SequenceScorer.values(r, 1, -1)});
            }
            out.add(rows);
        }
        return out;
    }

    private static List<float[][]> rowsOfStep(List<float[][]> partition, int step, int b) {
        List<float[][]> out = new ArrayList<>();
        for (int j = 0; j < b; j++) {
            out.add(partition.get((step * b + j) % partition.size()));
        }
        return out;
    }

    /** One step in one JVM: each partition's gradient, the tree sum, divided by P, the driver's optimizer. */
    private static void referenceStep(Sequential driver, Sequential worker, List<List<float[][]>> parts, int step) {
        float[] theta = ParameterVector.values(driver.trainableWeights());
        TreeSum sum = new TreeSum(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            ParameterVector.setValues(worker.trainableWeights(), theta);
            Tensor[] xy = LocalSpark.tensors(rowsOfStep(parts.get(p), step, B));
            double loss = worker.computeGradients(xy[0], xy[1]);
            sum.add(p, ParameterVector.gradients(worker.trainableWeights()), loss, 0);
        }
        float[] g = sum.vector();
        for (int i = 0; i < g.length; i++) {
            g[i] /= parts.size();
        }
        ParameterVector.setGradients(driver.trainableWeights(), g);
        driver.applyGradients();
    }

    private static float[] referenceRun(Dataset<Row> data, int steps) throws IOException {
        Sequential driver = LocalSpark.forecaster(7);
        Sequential worker = Sequential.loadModel(driver.toBytes());
        List<List<float[][]>> parts = partitions(data);
        for (int s = 0; s < steps; s++) {
            referenceStep(driver, worker, parts, s);
        }
        return ParameterVector.values(driver.trainableWeights());
    }

    private static DataParallelTrainer trainer() {
        return DataParallelTrainer.on(spark).withBatchPerPartition(B).withVerbose(0);
    }

    @Test
    void oneStepEqualsOneSingleJvmStep() throws IOException {
        Dataset<Row> data = LocalSpark.dataset(spark, LocalSpark.windows(60, 1), 2);
        Sequential model = LocalSpark.forecaster(7);
        float[] before = ParameterVector.values(model.trainableWeights());
        DataParallelTrainer.Run run = trainer().fit(model, data, 1, 1);
        assertEquals(2, run.partitions());
        assertEquals(16, run.globalBatch());
        float[] after = ParameterVector.values(model.trainableWeights());
        assertFalse(java.util.Arrays.equals(before, after), "the step changed the weights");
        assertArrayEquals(referenceRun(data, 1), after);

        // Against trainOnBatch on the whole global batch of 16 rows: equal up to the order of float sums.
        Sequential whole = LocalSpark.forecaster(7);
        List<List<float[][]>> parts = partitions(data);
        List<float[][]> global = new ArrayList<>(rowsOfStep(parts.get(0), 0, B));
        global.addAll(rowsOfStep(parts.get(1), 0, B));
        Tensor[] xy = LocalSpark.tensors(global);
        whole.trainOnBatch(xy[0], xy[1]);
        float[] single = ParameterVector.values(whole.trainableWeights());
        double worst = 0;
        for (int i = 0; i < single.length; i++) {
            worst = Math.max(worst, Math.abs(single[i] - after[i]) / Math.max(1e-3, Math.abs(single[i])));
        }
        System.out.printf("one step, 2 partitions vs trainOnBatch of the global batch: max relative difference %.3g%n", worst);
        assertTrue(worst <= 1e-6, "max relative difference " + worst);
    }

    @Test
    void twentyStepsEqualTwentySingleJvmSteps() throws IOException {
        Dataset<Row> data = LocalSpark.dataset(spark, LocalSpark.windows(60, 2), 2);
        Sequential model = LocalSpark.forecaster(7);
        DataParallelTrainer.Run run = trainer().fit(model, data, 2, 10);
        assertEquals(20, run.steps().size());
        assertArrayEquals(referenceRun(data, 20), ParameterVector.values(model.trainableWeights()));
        assertEquals(20, model.optimizer().iterations());
        assertTrue(run.finalLoss() < run.steps().get(0).loss(), "loss " + run.steps().get(0).loss() + " -> "
                + run.finalLoss());
    }

    @Test
    void onePartitionIsTrainOnBatchBitForBit() {
        List<float[][]> windows = LocalSpark.windows(40, 3);
        Dataset<Row> data = LocalSpark.dataset(spark, windows, 1);
        Sequential model = LocalSpark.forecaster(7);
        trainer().fit(model, data, 1, 3);
        Sequential single = LocalSpark.forecaster(7);
        for (int s = 0; s < 3; s++) {
            Tensor[] xy = LocalSpark.tensors(rowsOfStep(windows, s, B));
            single.trainOnBatch(xy[0], xy[1]);
        }
        assertArrayEquals(ParameterVector.values(single.trainableWeights()), ParameterVector.values(model.trainableWeights()));
    }

    /** A task that fails in step 3 on its first attempt is retried by Spark; the weights are the same bits. */
    @Test
    void aRetriedTaskLeavesTheResultUnchanged() throws IOException {
        Dataset<Row> clean = LocalSpark.dataset(spark, LocalSpark.windows(60, 4), 2);
        Dataset<Row> failing = clean.map((MapFunction<Row, Row>) row -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 1 && task.attemptNumber() == 0 && ARMED.compareAndSet(true, false)) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure in partition 1, attempt 0");
            }
            return row;
        }, Encoders.row(LocalSpark.XY));
        Callback arm = new Callback() {
            @Override
            public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
                if (batch == 3) {
                    ARMED.set(true);
                }
            }
        };
        Sequential model = LocalSpark.forecaster(7);
        trainer().withCachedData(false).withCallbacks(arm).fit(model, failing, 1, 6);
        assertEquals(1, INJECTED.get(), "the failure was injected once");
        assertFalse(ARMED.get());
        assertArrayEquals(referenceRun(clean, 6), ParameterVector.values(model.trainableWeights()));
    }

    /** Parameter averaging every K local steps: runs, lowers the loss; its effect is printed next to K = 1. */
    @Test
    void localStepsAverageParameters() {
        List<float[][]> windows = LocalSpark.windows(200, 6);
        Dataset<Row> data = LocalSpark.dataset(spark, windows, 2);
        Tensor[] all = LocalSpark.tensors(windows);
        RunOptions quiet = RunOptions.defaults().verbose(0);
        Sequential sync = LocalSpark.forecaster(7);
        double initial = sync.evaluate(all[0], all[1], quiet).get(0);
        trainer().fit(sync, data, 1, 40);
        double syncLoss = sync.evaluate(all[0], all[1], quiet).get(0);
        Sequential averaged = LocalSpark.forecaster(7);
        DataParallelTrainer.Run run = trainer().withLocalSteps(4).fit(averaged, data, 1, 10);
        double averagedLoss = averaged.evaluate(all[0], all[1], quiet).get(0);
        System.out.printf("40 samples x 16 rows: loss %.5f -> synchronous (40 jobs) %.5f, K=4 averaging (10 jobs) %.5f%n",
                initial, syncLoss, averagedLoss);
        assertEquals(10, run.steps().size());
        assertEquals(40, averaged.optimizer().iterations());
        assertTrue(averagedLoss < initial && syncLoss < initial, initial + " -> " + syncLoss + ", " + averagedLoss);
    }

    /** A callback's stopTraining ends the run after that step, and only that run. */
    @Test
    void aCallbackStopsTheRun() {
        Dataset<Row> data = LocalSpark.dataset(spark, LocalSpark.windows(40, 5), 2);
        Sequential model = LocalSpark.forecaster(7);
        Callback stopAtThree = new Callback() {
            private dev.vectorgrad.models.callbacks.TrainingModel training;

            @Override
            public void setModel(dev.vectorgrad.models.callbacks.TrainingModel m) {
                training = m;
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                if (batch == 2) {
                    training.stopTraining();
                }
            }
        };
        assertEquals(3, trainer().withCallbacks(stopAtThree).fit(model, data, 2, 5).steps().size());
        assertEquals(4, trainer().fit(model, data, 1, 4).steps().size(), "the next run is not stopped");
        assertEquals(7, model.optimizer().iterations());
    }

    @Test
    void checksTheResultSizeAndInputsUpFront() {
        IllegalStateException big = assertThrows(IllegalStateException.class,
                () -> DataParallelTrainer.checkResultSize(1_000_000, 4, 100_000));
        assertEquals("DataParallelTrainer: each step may bring 4 x 100000 floats = 1600000 bytes to the driver, more than"
                + " spark.driver.maxResultSize = 1000000 bytes; raise spark.driver.maxResultSize or use fewer partitions",
                big.getMessage());
        DataParallelTrainer.checkResultSize(0, 4, 100_000);
        Dataset<Row> data = LocalSpark.dataset(spark, LocalSpark.windows(10, 1), 1);
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> trainer().withColumns("features", "y").fit(LocalSpark.forecaster(1), data, 1, 1));
        assertEquals("DataParallelTrainer: the data has no column 'features'; its columns are [x, y]", column.getMessage());
        Sequential uncompiled = new Sequential(new dev.vectorgrad.models.layers.Input(12, 1),
                new dev.vectorgrad.models.layers.Dense(1));
        assertThrows(IllegalStateException.class, () -> trainer().fit(uncompiled, data, 1, 1));
    }
}
