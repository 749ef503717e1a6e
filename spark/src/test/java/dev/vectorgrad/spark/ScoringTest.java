package dev.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.Input;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed scoring equals single-JVM {@code predict}, bit for bit. */
class ScoringTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ScoringTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static float[] floats(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    /** Row id -> the scored column, from scored rows whose first column is the id. */
    private static Map<Integer, float[]> byId(Dataset<Row> scored, String column) {
        Map<Integer, float[]> out = new HashMap<>();
        int index = List.of(scored.columns()).indexOf(column);
        for (Row r : scored.collectAsList()) {
            out.put(r.getInt(0), floats(r.getList(index)));
        }
        return out;
    }

    /**
     * Every batch size gives predict's bits: 1, 7 (partial last batches), 32, against predict at batch 32 and at 1.
     * The scores are the same bits at every batch size because each output row of the batched GEMMs is the same
     * dot products, in the same order, whatever the number of rows (checked first, on predict itself).
     */
    @Test
    void scoresArePredictsBitsForEveryBatchSize() {
        Sequential model = LocalSpark.forecaster(3);
        List<float[][]> windows = LocalSpark.windows(101, 5);
        Tensor x = LocalSpark.tensors(windows)[0];
        float[] single32 = model.predict(x, RunOptions.defaults().batchSize(32)).toFloatArray();
        float[] single1 = model.predict(x, RunOptions.defaults().batchSize(1)).toFloatArray();
        assertArrayEquals(single32, single1, "predict itself gives the same bits at batch 1 and 32");
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("x", DataTypes.createArrayType(DataTypes.FloatType, false), false)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            rows.add(RowFactory.create(i, LocalSpark.boxed(windows.get(i)[0])));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        BroadcastModel shipped = BroadcastModel.of(spark, model);
        try {
            for (int batch : new int[] {1, 7, 32}) {
                Dataset<Row> scored = SequenceScorer.floats("x").withBatchSize(batch)
                        .withHiddenState("lstm", "h").score(shipped, data);
                Map<Integer, float[]> predictions = byId(scored, "prediction");
                assertEquals(windows.size(), predictions.size());
                for (int i = 0; i < windows.size(); i++) {
                    assertArrayEquals(new float[] {single32[i]}, predictions.get(i), "batch " + batch + ", row " + i);
                }
                Map<Integer, float[]> hidden = byId(scored, "h");
                assertEquals(8, hidden.get(0).length);
            }
        } finally {
            shipped.destroy();
        }
    }

    /** Ids with lengths: sequences of two lengths in one column, grouped by length, scored as predict scores them. */
    @Test
    void idsWithLengthsAreGroupedByLength() {
        Sequential model = new Sequential(new Input(-1), new Embedding(20, 4), new GRU(6), new Dense(3));
        model.compile("adam", "mse");
        SplittableRandom r = new SplittableRandom(11);
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
                DataTypes.createStructField("n", DataTypes.IntegerType, false)));
        List<Row> rows = new ArrayList<>();
        List<float[]> sequences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i % 3 == 0 ? 5 : 8;
            List<Integer> ids = new ArrayList<>();
            float[] seq = new float[n];
            for (int t = 0; t < 10; t++) {
                int id = 1 + r.nextInt(19);
                ids.add(t < n ? id : 0);
                if (t < n) {
                    seq[t] = id;
                }
            }
            rows.add(RowFactory.create(i, ids, n));
            sequences.add(seq);
        }
        BroadcastModel shipped = BroadcastModel.of(spark, model);
        try {
            Dataset<Row> scored = SequenceScorer.ids("ids", "n").withBatchSize(4)
                    .withHiddenState("gru", "h").score(shipped, spark.createDataFrame(rows, schema).repartition(2));
            Map<Integer, float[]> predictions = byId(scored, "prediction");
            Map<Integer, float[]> hidden = byId(scored, "h");
            for (int i = 0; i < sequences.size(); i++) {
                float[] seq = sequences.get(i);
                Tensor one = Tensor.of(seq, 1, seq.length);
                assertArrayEquals(model.predict(one).toFloatArray(), predictions.get(i), "row " + i);
                model.eval();                       // no tape is open: nothing is recorded
                Tensor h = model.layers().get(1).call(model.layers().get(0).call(one));
                assertArrayEquals(h.toFloatArray(), hidden.get(i), "final GRU state of row " + i);
            }
        } finally {
            shipped.destroy();
        }
    }

    @Test
    void badInputsAreNamed() {
        Sequential model = LocalSpark.forecaster(1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> SequenceScorer.sampleShape(new int[] {12, 1}, 13));
        assertEquals("SequenceScorer: a sequence of 13 values does not fit the model's input shape [12, 1]"
                + " (a multiple of 12 values expected)", shape.getMessage());
        assertArrayEquals(new int[] {7, 3}, SequenceScorer.sampleShape(new int[] {-1, 3}, 21));
        assertThrows(IllegalArgumentException.class, () -> SequenceScorer.floats("x").withBatchSize(0));
        BroadcastModel shipped = BroadcastModel.of(spark, model);
        try {
            Dataset<Row> data = LocalSpark.dataset(spark, LocalSpark.windows(4, 1), 1);
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> SequenceScorer.floats("seq").score(shipped, data));
            assertEquals("SequenceScorer: the input has no column 'seq'; its columns are [x, y]", missing.getMessage());
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> SequenceScorer.floats("x").withPredictionColumn("y").score(shipped, data));
            assertEquals("SequenceScorer: the input already has a column 'y'", taken.getMessage());
        } finally {
            shipped.destroy();
        }
    }
}
