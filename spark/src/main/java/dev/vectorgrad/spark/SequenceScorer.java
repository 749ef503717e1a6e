package dev.vectorgrad.spark;

import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.RecurrentLayer;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a {@code Dataset<Row>} of sequences with a {@link BroadcastModel}: each row keeps its columns and gains the
 * model's output as an {@code array<float>} column (the flattened {@code predict} output of its sample), and
 * optionally a recurrent layer's final hidden state.
 *
 * <p>Inputs: {@link #floats(String)}, an {@code array<float>} (or any numeric array) column holding one flattened
 * sample: its length fixes the sample shape from the model's input shape (a {@code -1} size, such as the number of
 * steps, takes what the length leaves); or {@link #ids(String, String)}, an array of token ids for a model that starts
 * with an {@code Embedding}, of which the first {@code length} (from an integer column) are the sequence.
 *
 * <p>Inside each partition rows are grouped by sample shape into batches of {@link #withBatchSize(int)} rows, so that
 * the model runs its batched GEMM path; a batch is one {@code predict} batch, evaluated exactly as
 * {@link Sequential#predict} evaluates its batches, so a row's scores are the bits {@code predict} gives for it in a
 * batch of the same rows. Rows come out batch by batch (for mixed lengths, not in input order). Nothing is padded.
 *
 * <p>The scorer is a lazy transformation: the broadcast must outlive every action on the result.
 */
public final class SequenceScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String inputColumn;
    private final String lengthColumn;
    private final int batchSize;
    private final String predictionColumn;
    private final String hiddenLayer;
    private final String hiddenColumn;

    private SequenceScorer(String inputColumn, String lengthColumn, int batchSize, String predictionColumn,
                           String hiddenLayer, String hiddenColumn) {
        this.inputColumn = inputColumn;
        this.lengthColumn = lengthColumn;
        this.batchSize = batchSize;
        this.predictionColumn = predictionColumn;
        this.hiddenLayer = hiddenLayer;
        this.hiddenColumn = hiddenColumn;
    }

    /** Scores the flattened samples of the numeric array column {@code column}, in batches of 32. */
    public static SequenceScorer floats(String column) {
        return new SequenceScorer(requireName(column, "input column"), null, 32, "prediction", null, null);
    }

    /** Scores the first {@code lengthColumn} ids of the id array column {@code idsColumn}, in batches of 32. */
    public static SequenceScorer ids(String idsColumn, String lengthColumn) {
        return new SequenceScorer(requireName(idsColumn, "ids column"), requireName(lengthColumn, "length column"), 32,
                "prediction", null, null);
    }

    /** This scorer with batches of {@code rows} rows. @throws IllegalArgumentException unless {@code rows >= 1} */
    public SequenceScorer withBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("SequenceScorer: the batch size must be at least 1, got " + rows);
        }
        return new SequenceScorer(inputColumn, lengthColumn, rows, predictionColumn, hiddenLayer, hiddenColumn);
    }

    /** This scorer writing the predictions to {@code column} (default {@code prediction}). */
    public SequenceScorer withPredictionColumn(String column) {
        return new SequenceScorer(inputColumn, lengthColumn, batchSize, requireName(column, "prediction column"),
                hiddenLayer, hiddenColumn);
    }

    /**
     * This scorer also writing the final hidden state of the recurrent layer {@code layerName} ({@code [units]}: its
     * output at the last step) to {@code column}. For an LSTM it is h, not the cell state c.
     */
    public SequenceScorer withHiddenState(String layerName, String column) {
        return new SequenceScorer(inputColumn, lengthColumn, batchSize, predictionColumn,
                requireName(layerName, "hidden-state layer"), requireName(column, "hidden-state column"));
    }

    /** The rows per batch. */
    public int batchSize() {
        return batchSize;
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("SequenceScorer: the " + what + " must be a non-blank name, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /**
     * The scored rows of {@code input}: its schema plus the prediction column (and the hidden-state column).
     *
     * @throws IllegalArgumentException when a column is missing or the output columns exist already
     */
    public Dataset<Row> score(BroadcastModel model, Dataset<Row> input) {
        StructType in = input.schema();
        List<String> names = Arrays.asList(in.fieldNames());
        for (String c : lengthColumn == null ? List.of(inputColumn) : List.of(inputColumn, lengthColumn)) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("SequenceScorer: the input has no column '" + c + "'; its columns are "
                        + names);
            }
        }
        List<StructField> fields = new ArrayList<>(Arrays.asList(in.fields()));
        List<String> outputs = hiddenColumn == null ? List.of(predictionColumn) : List.of(predictionColumn, hiddenColumn);
        for (String c : outputs) {
            if (names.contains(c)) {
                throw new IllegalArgumentException("SequenceScorer: the input already has a column '" + c + "'");
            }
            fields.add(DataTypes.createStructField(c, DataTypes.createArrayType(DataTypes.FloatType, false), false));
        }
        StructType out = DataTypes.createStructType(fields);
        int inputIndex = names.indexOf(inputColumn);
        int lengthIndex = lengthColumn == null ? -1 : names.indexOf(lengthColumn);
        SequenceScorer spec = this;
        MapPartitionsFunction<Row, Row> run = rows -> new Scoring(spec, model, inputIndex, lengthIndex, rows);
        return input.mapPartitions(run, Encoders.row(out));
    }

    /** The values of one row's sequence: all of a numeric array, or the first {@code length} of an id array. */
    static float[] values(Row row, int inputIndex, int lengthIndex) {
        if (row.isNullAt(inputIndex)) {
            throw new IllegalArgumentException("SequenceScorer: a row has a null sequence: " + row);
        }
        List<Object> list = row.getList(inputIndex);
        int n = list.size();
        if (lengthIndex >= 0) {
            n = ((Number) row.get(lengthIndex)).intValue();
            if (n < 1 || n > list.size()) {
                throw new IllegalArgumentException("SequenceScorer: length " + n + " outside [1, " + list.size()
                        + "] (the ids the row holds): " + row);
            }
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((Number) list.get(i)).floatValue();
        }
        return v;
    }

    /**
     * The shape of one sample of {@code length} values for a model whose sample shape is {@code declared}: a -1
     * size takes what the others leave.
     *
     * @throws IllegalArgumentException when the length does not fit, naming both
     */
    static int[] sampleShape(int[] declared, int length) {
        int known = 1;
        int free = -1;
        for (int d = 0; d < declared.length; d++) {
            if (declared[d] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException("SequenceScorer: the model's input shape "
                            + Arrays.toString(declared) + " has more than one unknown size");
                }
                free = d;
            } else {
                known *= declared[d];
            }
        }
        int[] shape = declared.clone();
        if (free >= 0 && length % known == 0 && length > 0) {
            shape[free] = length / known;
            return shape;
        }
        if (free < 0 && length == known) {
            return shape;
        }
        throw new IllegalArgumentException("SequenceScorer: a sequence of " + length + " values does not fit the model's"
                + " input shape " + Arrays.toString(declared) + " (a multiple of " + known + " values expected)");
    }

    /** Runs one batch of equal-shaped samples: the model's outputs and, if asked, the layer's final hidden states. */
    static Tensor[] run(Sequential model, String hiddenLayer, Tensor x) {
        Tensor hidden = null;
        Tensor out = x;
        boolean wasTraining = model.isTraining();
        model.train(false);
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            for (Layer layer : model.layers()) {
                out = layer.call(out);
                if (layer.name().equals(hiddenLayer)) {
                    hidden = lastStep((RecurrentLayer) layer, out);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Tensor[] {out, hidden};
    }

    private static Tensor lastStep(RecurrentLayer layer, Tensor out) {
        if (!layer.returnSequences()) {
            return out;
        }
        int batch = out.dim(0);
        int steps = out.dim(1);
        int units = out.dim(2);
        float[] last = new float[batch * units];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(out.dataF32(), (b * steps + steps - 1) * units, last, b * units, units);
        }
        return Tensor.of(last, batch, units);
    }

    /** The rows of one partition, scored batch by batch as they are pulled. */
    private static final class Scoring implements Iterator<Row> {
        private final SequenceScorer spec;
        private final BroadcastModel model;
        private final int inputIndex;
        private final int lengthIndex;
        private final Iterator<Row> rows;
        private final Map<Integer, List<Row>> buckets = new LinkedHashMap<>();
        private final Map<Integer, List<float[]>> values = new LinkedHashMap<>();
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private int[] declared;

        Scoring(SequenceScorer spec, BroadcastModel model, int inputIndex, int lengthIndex, Iterator<Row> rows) {
            this.spec = spec;
            this.model = model;
            this.inputIndex = inputIndex;
            this.lengthIndex = lengthIndex;
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty()) {
                if (rows.hasNext()) {
                    Row row = rows.next();
                    float[] v = values(row, inputIndex, lengthIndex);
                    buckets.computeIfAbsent(v.length, k -> new ArrayList<>()).add(row);
                    List<float[]> pending = values.computeIfAbsent(v.length, k -> new ArrayList<>());
                    pending.add(v);
                    if (pending.size() == spec.batchSize) {
                        flush(v.length);
                    }
                } else if (!buckets.isEmpty()) {
                    flush(buckets.keySet().iterator().next());
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException("SequenceScorer: the partition has no more rows");
            }
            return ready.poll();
        }

        private void flush(int length) {
            List<Row> batchRows = buckets.remove(length);
            List<float[]> batch = values.remove(length);
            try (BroadcastModel.Lease lease = model.borrow()) {
                Sequential m = lease.model();
                if (declared == null) {
                    declared = m.inputShape();
                    if (spec.hiddenLayer != null && !(m.layer(spec.hiddenLayer) instanceof RecurrentLayer)) {
                        throw new IllegalArgumentException("SequenceScorer: layer '" + spec.hiddenLayer + "' is a "
                                + m.layer(spec.hiddenLayer).className() + ", not a recurrent layer");
                    }
                }
                int[] sample = sampleShape(declared, length);
                int[] shape = new int[sample.length + 1];
                shape[0] = batch.size();
                System.arraycopy(sample, 0, shape, 1, sample.length);
                float[] flat = new float[batch.size() * length];
                for (int i = 0; i < batch.size(); i++) {
                    System.arraycopy(batch.get(i), 0, flat, i * length, length);
                }
                Tensor[] result = run(m, spec.hiddenLayer, Tensor.of(flat, shape));
                for (int i = 0; i < batchRows.size(); i++) {
                    Row row = batchRows.get(i);
                    Object[] cells = new Object[row.size() + (result[1] == null ? 1 : 2)];
                    for (int c = 0; c < row.size(); c++) {
                        cells[c] = row.get(c);
                    }
                    cells[row.size()] = rowOf(result[0], i);
                    if (result[1] != null) {
                        cells[row.size() + 1] = rowOf(result[1], i);
                    }
                    ready.add(RowFactory.create(cells));
                }
            }
        }

        private static float[] rowOf(Tensor t, int i) {
            int per = t.size() / t.dim(0);
            return Arrays.copyOfRange(t.dataF32(), i * per, (i + 1) * per);
        }
    }
}
