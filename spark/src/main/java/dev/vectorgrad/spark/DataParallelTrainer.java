package dev.vectorgrad.spark;

import dev.vectorgrad.autograd.ParameterVector;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.Callback;
import dev.vectorgrad.models.callbacks.ProgbarLogger;
import dev.vectorgrad.models.callbacks.TrainingModel;
import dev.vectorgrad.models.callbacks.TrainingParams;
import dev.vectorgrad.models.optimizers.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training of a compiled {@link Sequential} on a Spark cluster, the way Spark MLlib's own
 * optimisers train: each step broadcasts the parameters as one {@code float[]}, every partition computes the gradient
 * of the compiled loss on its share of the global batch ({@link Sequential#computeGradients}), {@code treeAggregate}
 * sums the gradients in a fixed binary tree over the partitions, and the driver divides by the number of partitions
 * and applies the model's own compiled optimizer ({@link Sequential#applyGradients()}): the same optimizer object
 * and update as single-JVM training. The step's broadcast is destroyed when the step ends.
 *
 * <p><b>Batches.</b> The data is a {@code Dataset<Row>} with a features column (a numeric array: one flattened
 * sample) and a label column (a numeric array: one flattened target, or one value for sparse labels). With P
 * partitions of n<sub>p</sub> rows and {@link #withBatchPerPartition(int) b} rows per partition, global step s takes
 * from partition p its rows (s·b + j) mod n<sub>p</sub>, j &lt; b, in partition order: a global batch of P·b rows.
 *
 * <p><b>Exactness.</b> The sum's tree depends only on P, never on which task finishes first or on retries, so the
 * result is the same bits run after run and equals a single JVM that computes each partition's gradient on its rows,
 * sums them in that tree and applies the optimizer. With one partition it is bit for bit
 * {@link Sequential#trainOnBatch} on the same batches. It differs from {@code trainOnBatch} on the whole global batch
 * only by float rounding: one batch sums its rows' contributions inside the GEMMs in another order than per-partition
 * gradients added afterwards. Dropout draws its masks on each executor's copy of the model, so models with dropout
 * train correctly but not bit for bit as in one JVM.
 *
 * <p><b>Local steps.</b> With {@link #withLocalSteps(int) K} &gt; 1 each partition takes K optimizer steps of its own
 * on b rows each, starting from the broadcast parameters and optimizer state, and the driver averages the partitions'
 * parameters and optimizer slots (parameter averaging): K times fewer Spark jobs, at the cost of a result that no
 * longer equals single-JVM training.
 *
 * <p><b>Operations.</b> Before the first step the gradient (or, with local steps, parameters and optimizer slots) is
 * checked against {@code spark.driver.maxResultSize}. Every job carries a description ({@code vectorgrad step 3/200})
 * for Spark's UI; each step is logged; the model's Keras-style progress line is drawn on the driver with
 * {@link #withVerbose(int) verbose} 1 or 2.
 */
public final class DataParallelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DataParallelTrainer.class);

    private final SparkSession spark;
    private final String featuresColumn;
    private final String labelColumn;
    private final int batchPerPartition;
    private final int localSteps;
    private final boolean cacheData;
    private final int verbose;
    private final List<Callback> callbacks;

    private DataParallelTrainer(SparkSession spark, String featuresColumn, String labelColumn, int batchPerPartition,
                                int localSteps, boolean cacheData, int verbose, List<Callback> callbacks) {
        this.spark = spark;
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
        this.batchPerPartition = batchPerPartition;
        this.localSteps = localSteps;
        this.cacheData = cacheData;
        this.verbose = verbose;
        this.callbacks = List.copyOf(callbacks);
    }

    /**
     * A trainer on {@code spark} reading columns {@code x} and {@code y}, 32 rows per partition per step, one local
     * step, the data cached, progress verbose 1.
     */
    public static DataParallelTrainer on(SparkSession spark) {
        if (spark == null) {
            throw new IllegalArgumentException("DataParallelTrainer: the SparkSession is null");
        }
        return new DataParallelTrainer(spark, "x", "y", 32, 1, true, 1, List.of());
    }

    /** This trainer reading features from {@code features} and labels from {@code labels}. */
    public DataParallelTrainer withColumns(String features, String labels) {
        return new DataParallelTrainer(spark, name(features, "features"), name(labels, "label"), batchPerPartition,
                localSteps, cacheData, verbose, callbacks);
    }

    /** This trainer taking {@code rows} rows from each partition per step. @throws IllegalArgumentException if below 1 */
    public DataParallelTrainer withBatchPerPartition(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("DataParallelTrainer: the batch per partition must be at least 1, got " + rows);
        }
        return new DataParallelTrainer(spark, featuresColumn, labelColumn, rows, localSteps, cacheData, verbose, callbacks);
    }

    /** This trainer averaging parameters after {@code k} local steps (1: synchronous gradient steps). */
    public DataParallelTrainer withLocalSteps(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("DataParallelTrainer: local steps must be at least 1, got " + k);
        }
        return new DataParallelTrainer(spark, featuresColumn, labelColumn, batchPerPartition, k, cacheData, verbose, callbacks);
    }

    /** This trainer caching the converted rows in memory ({@code true}, the default) or reading the input every step. */
    public DataParallelTrainer withCachedData(boolean cache) {
        return new DataParallelTrainer(spark, featuresColumn, labelColumn, batchPerPartition, localSteps, cache, verbose,
                callbacks);
    }

    /** This trainer with Keras's progress verbosity: 0 none, 1 a progress bar, 2 one line per epoch. */
    public DataParallelTrainer withVerbose(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("DataParallelTrainer: verbose must be 0, 1 or 2, got " + level);
        }
        return new DataParallelTrainer(spark, featuresColumn, labelColumn, batchPerPartition, localSteps, cacheData, level,
                callbacks);
    }

    /** This trainer also calling {@code more} (Keras callbacks: History, CSVLogger, EarlyStopping, ...) on the driver. */
    public DataParallelTrainer withCallbacks(Callback... more) {
        List<Callback> all = new ArrayList<>(callbacks);
        all.addAll(Arrays.asList(more));
        return new DataParallelTrainer(spark, featuresColumn, labelColumn, batchPerPartition, localSteps, cacheData, verbose,
                all);
    }

    private static String name(String column, String what) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("DataParallelTrainer: the " + what + " column must be a non-blank name, got "
                    + (column == null ? "null" : "'" + column + "'"));
        }
        return column;
    }

    /** What one synchronous step cost: the driver's wall time, the tasks' compute time, the loss. */
    public record StepStats(int step, double loss, long wallNanos, long computeNanos, long maxTaskNanos,
                            long updateNanos) {

        /** Wall time not spent computing in the slowest task nor updating on the driver: Spark's share. */
        public long sparkNanos() {
            return Math.max(0, wallNanos - maxTaskNanos - updateNanos);
        }
    }

    /** A finished run: every step's stats, in order. */
    public record Run(int partitions, int globalBatch, List<StepStats> steps) {

        /** Copies the list. */
        public Run {
            steps = List.copyOf(steps);
        }

        /** The last step's loss. */
        public double finalLoss() {
            return steps.get(steps.size() - 1).loss();
        }
    }

    /** One training row, converted once. */
    record Sample(float[] x, float[] y) implements Serializable {
    }

    /** What a task sends back: its partition's gradient (or parameters), loss and compute time. */
    record Shard(int partition, float[] vector, double loss, long nanos) implements Serializable {
    }

    /**
     * Trains {@code model} (compiled and built) for {@code epochs} epochs of {@code stepsPerEpoch} synchronous steps
     * on {@code data}, in place: the model's weights and optimizer are the driver's.
     *
     * @throws IllegalStateException    if the model is not compiled or built, a partition is empty, or the results
     *                                  would exceed {@code spark.driver.maxResultSize} (naming both sizes)
     * @throws IllegalArgumentException for a missing column
     */
    public Run fit(Sequential model, Dataset<Row> data, int epochs, int stepsPerEpoch) {
        if (model.optimizer() == null) {
            throw new IllegalStateException("DataParallelTrainer: the model is not compiled; call compile first");
        }
        if (!model.isBuilt()) {
            throw new IllegalStateException("DataParallelTrainer: the model is not built; declare its input shape");
        }
        if (epochs < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("DataParallelTrainer: epochs and steps per epoch must be at least 1, got "
                    + epochs + " and " + stepsPerEpoch);
        }
        List<String> columns = Arrays.asList(data.columns());
        for (String c : List.of(featuresColumn, labelColumn)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("DataParallelTrainer: the data has no column '" + c
                        + "'; its columns are " + columns);
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Tensor> weights = model.trainableWeights();
        Optimizer optimizer = model.optimizer();
        if (localSteps > 1) {
            optimizer.build(weights);
        }
        int parameters = ParameterVector.size(weights);
        int slots = localSteps > 1 ? ParameterVector.size(slotsOf(optimizer)) : 0;
        JavaRDD<Sample> samples = data.select(featuresColumn, labelColumn).javaRDD()
                .map(row -> new Sample(SequenceScorer.values(row, 0, -1), SequenceScorer.values(row, 1, -1)));
        if (cacheData) {
            samples = samples.persist(StorageLevel.MEMORY_ONLY());
        }
        spark.sparkContext().setJobDescription("vectorgrad: counting the rows of each partition");
        List<Integer> counts = samples.mapPartitions(rows -> {
            int n = 0;
            for (; rows.hasNext(); rows.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        int partitions = counts.size();
        for (int p = 0; p < partitions; p++) {
            if (counts.get(p) == 0) {
                throw new IllegalStateException("DataParallelTrainer: partition " + p + " of " + partitions
                        + " is empty; every partition needs rows (repartition the data)");
            }
        }
        checkResultSize(spark.sparkContext().conf().getSizeAsBytes("spark.driver.maxResultSize", "1g"), partitions,
                parameters + slots);
        int[] sizes = counts.stream().mapToInt(Integer::intValue).toArray();
        BroadcastModel shipped = BroadcastModel.of(spark, model);
        LOG.info("vectorgrad: training {} parameters on {} partitions {} of {} rows per step ({} local step(s)),"
                + " model broadcast {} ({} bytes)", parameters, partitions, Arrays.toString(sizes), batchPerPartition,
                localSteps, shipped.id(), shipped.bytes());
        List<Callback> all = new ArrayList<>(callbacks);
        if (verbose > 0) {
            all.add(new ProgbarLogger());
        }
        List<StepStats> stats = new ArrayList<>();
        Training training = new Training(model);
        try {
            for (Callback c : all) {
                c.setModel(training);
                c.setParams(new TrainingParams(epochs, stepsPerEpoch, verbose));
                c.onTrainBegin(Map.of());
            }
            Map<String, Double> logs = Map.of();
            int total = epochs * stepsPerEpoch;
            for (int epoch = 0; epoch < epochs && !training.stopRequested; epoch++) {
                for (Callback c : all) {
                    c.onEpochBegin(epoch, Map.of());
                }
                double lossSum = 0;
                for (int i = 0; i < stepsPerEpoch; i++) {
                    int step = epoch * stepsPerEpoch + i;
                    for (Callback c : all) {
                        c.onTrainBatchBegin(i, Map.of());
                    }
                    spark.sparkContext().setJobDescription("vectorgrad step " + (step + 1) + "/" + total + " ("
                            + partitions + " x " + batchPerPartition + " rows" + (localSteps > 1 ? ", " + localSteps
                            + " local steps" : "") + ")");
                    StepStats s = step(jsc, samples, shipped, model, sizes, step, parameters);
                    stats.add(s);
                    lossSum += s.loss();
                    LOG.info("vectorgrad step {}/{}: loss {}, {} ms (tasks {} ms, slowest {} ms, driver update {} ms)",
                            step + 1, total, s.loss(), s.wallNanos() / 1_000_000, s.computeNanos() / 1_000_000,
                            s.maxTaskNanos() / 1_000_000, s.updateNanos() / 1_000_000);
                    logs = Map.of("loss", lossSum / (i + 1));
                    for (Callback c : all) {
                        c.onTrainBatchEnd(i, logs);
                    }
                    if (training.stopRequested) {
                        break;
                    }
                }
                Map<String, Double> epochLogs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
                for (Callback c : all) {
                    c.onEpochEnd(epoch, epochLogs);
                }
            }
            for (Callback c : all) {
                c.onTrainEnd(logs);
            }
        } finally {
            shipped.destroy();
            if (cacheData) {
                samples.unpersist(false);
            }
            spark.sparkContext().setJobDescription(null);
        }
        return new Run(partitions, partitions * batchPerPartition, stats);
    }

    /**
     * The model as this run's callbacks see it: everything goes to the model except {@code stopTraining}, which ends
     * this run only (as Keras's {@code fit} resets {@code stop_training}, a request from an earlier run is not seen).
     */
    private static final class Training implements TrainingModel {
        private final Sequential model;
        private boolean stopRequested;

        Training(Sequential model) {
            this.model = model;
        }

        @Override
        public void stopTraining() {
            stopRequested = true;
        }

        @Override
        public Optimizer optimizer() {
            return model.optimizer();
        }

        @Override
        public Map<String, Tensor> stateDict() {
            return model.stateDict();
        }

        @Override
        public void loadStateDict(Map<String, Tensor> weights) {
            model.loadStateDict(weights);
        }

        @Override
        public void save(Path file) throws IOException {
            model.save(file);
        }

        @Override
        public void saveWeights(Path file) throws IOException {
            model.saveWeights(file);
        }
    }

    /** The optimizer's slots: its variables after the iteration count and the learning rate. */
    private static List<Tensor> slotsOf(Optimizer optimizer) {
        List<Tensor> vars = optimizer.variables();
        return vars.subList(2, vars.size());
    }

    /**
     * Fails unless the partial results the driver may receive fit {@code spark.driver.maxResultSize}: in the worst
     * case one float vector per partition.
     */
    static void checkResultSize(long limit, int partitions, int floats) {
        long needed = (long) partitions * floats * Float.BYTES;
        if (limit > 0 && needed > limit) {
            throw new IllegalStateException("DataParallelTrainer: each step may bring " + partitions + " x " + floats
                    + " floats = " + needed + " bytes to the driver, more than spark.driver.maxResultSize = " + limit
                    + " bytes; raise spark.driver.maxResultSize or use fewer partitions");
        }
    }

    private StepStats step(JavaSparkContext jsc, JavaRDD<Sample> samples, BroadcastModel shipped, Sequential model,
                           int[] sizes, int step, int parameters) {
        long start = System.nanoTime();
        List<Tensor> weights = model.trainableWeights();
        Optimizer optimizer = model.optimizer();
        float[] state = ParameterVector.values(weights);
        long iterations = optimizer.iterations();
        if (localSteps > 1) {
            float[] slots = ParameterVector.values(slotsOf(optimizer));
            state = Arrays.copyOf(state, parameters + slots.length);
            System.arraycopy(slots, 0, state, parameters, slots.length);
        }
        Broadcast<float[]> broadcast = jsc.broadcast(state);
        TreeSum sum;
        try {
            Task task = new Task(shipped, broadcast, sizes, batchPerPartition, localSteps, step, parameters, iterations);
            sum = samples.mapPartitionsWithIndex(task::run, false)
                    .treeAggregate(new TreeSum(sizes.length), (acc, shard) -> acc.add(shard.partition(), shard.vector(),
                            shard.loss(), shard.nanos()), TreeSum::merge, 2);
        } finally {
            broadcast.destroy();
        }
        long reduced = System.nanoTime();
        float[] vector = sum.vector();
        int p = sizes.length;
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= p;
        }
        if (localSteps == 1) {
            ParameterVector.setGradients(weights, vector);
            model.applyGradients();
        } else {
            ParameterVector.setValues(weights, Arrays.copyOf(vector, parameters));
            ParameterVector.setValues(slotsOf(optimizer), Arrays.copyOfRange(vector, parameters, vector.length));
            optimizer.variables().get(0).set(0, iterations + localSteps);
        }
        long end = System.nanoTime();
        return new StepStats(step, sum.scalar() / p, end - start, sum.computeNanos(), sum.maxTaskNanos(), end - reduced);
    }

    /** One partition's work in one step; serialised into each task. */
    record Task(BroadcastModel model, Broadcast<float[]> state, int[] sizes, int batch, int localSteps, int step,
                int parameters, long iterations) implements Serializable {

        Iterator<Shard> run(int partition, Iterator<Sample> rows) {
            long start = System.nanoTime();
            int n = sizes[partition];
            int need = batch * localSteps;
            long first = (long) step * need;
            // One pass keeps only this step's rows: row i is needed at positions j = (i - first) mod n + k n, j < need.
            Sample[] picked = new Sample[need];
            int offset = (int) (first % n);
            int count = 0;
            while (rows.hasNext()) {
                Sample row = rows.next();
                if (count < n) {
                    for (int j = Math.floorMod(count - offset, n); j < need; j += n) {
                        picked[j] = row;
                    }
                }
                count++;
            }
            if (count != n) {
                throw new IllegalStateException("DataParallelTrainer: partition " + partition + " holds " + count
                        + " rows, expected " + n + " as counted before training (the input must be deterministic)");
            }
            List<Sample> all = Arrays.asList(picked);
            float[] values = state.value();
            try (BroadcastModel.Lease lease = model.borrow()) {
                Sequential m = lease.model();
                List<Tensor> weights = m.trainableWeights();
                ParameterVector.setValues(weights, Arrays.copyOf(values, parameters));
                double loss = 0;
                float[] out;
                if (localSteps == 1) {
                    List<Sample> rowsOfStep = all;
                    loss = m.computeGradients(features(m, rowsOfStep), labels(m, rowsOfStep));
                    out = ParameterVector.gradients(weights);
                } else {
                    for (int k = 0; k < localSteps; k++) {
                        List<Sample> rowsOfStep = all.subList(k * batch, (k + 1) * batch);
                        loss += m.computeGradients(features(m, rowsOfStep), labels(m, rowsOfStep));
                        if (k == 0) {
                            List<Tensor> vars = m.optimizer().variables();
                            ParameterVector.setValues(vars.subList(2, vars.size()),
                                    Arrays.copyOfRange(values, parameters, values.length));
                            vars.get(0).set(0, iterations);
                        }
                        m.applyGradients();
                    }
                    loss /= localSteps;
                    float[] params = ParameterVector.values(weights);
                    List<Tensor> vars = m.optimizer().variables();
                    float[] slots = ParameterVector.values(vars.subList(2, vars.size()));
                    out = Arrays.copyOf(params, params.length + slots.length);
                    System.arraycopy(slots, 0, out, params.length, slots.length);
                }
                return List.of(new Shard(partition, out, loss, System.nanoTime() - start)).iterator();
            }
        }
    }

    /** The batch of samples' features, shaped {@code [rows, ...sample]} for {@code model}. */
    static Tensor features(Sequential model, List<Sample> rows) {
        int length = rows.get(0).x().length;
        int[] sample = SequenceScorer.sampleShape(model.inputShape(), length);
        return stack(rows, true, sample, "features");
    }

    /** The batch's labels: {@code [rows, ...outputShape]}, or {@code [rows]} for one value per row (sparse labels). */
    static Tensor labels(Sequential model, List<Sample> rows) {
        int[] out = model.outputShape();
        int length = rows.get(0).y().length;
        int expected = 1;
        for (int d : out) {
            expected *= d;
        }
        int[] sample = length == expected ? out : length == 1 ? new int[0] : null;
        if (sample == null) {
            throw new IllegalArgumentException("DataParallelTrainer: a label holds " + length + " values; the model's"
                    + " output " + Arrays.toString(out) + " needs " + expected + " (or 1 for a sparse label)");
        }
        return stack(rows, false, sample, "labels");
    }

    private static Tensor stack(List<Sample> rows, boolean features, int[] sample, String what) {
        int per = 1;
        for (int d : sample) {
            per *= d;
        }
        float[] flat = new float[rows.size() * per];
        for (int i = 0; i < rows.size(); i++) {
            float[] v = features ? rows.get(i).x() : rows.get(i).y();
            if (v.length != per) {
                throw new IllegalArgumentException("DataParallelTrainer: row " + i + " of a batch has " + v.length + " "
                        + what + " values, the batch's first row " + per);
            }
            System.arraycopy(v, 0, flat, i * per, per);
        }
        int[] shape = new int[sample.length + 1];
        shape[0] = rows.size();
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return Tensor.of(flat, shape);
    }
}
