package dev.vectorgrad.models.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code CSVLogger}: one row per epoch in a CSV file, as Python's {@code csv} module writes it with the
 * {@code excel} dialect (rows end in {@code \r\n}; a field holding the separator, a quote or a line break is quoted).
 * The header is {@code epoch} then the first epoch's log names sorted; when those hold no {@code val_} name, a
 * {@code val_} column is added for each (so a later validation fits the table), and a missing value is written
 * {@code NA}. Values are written as Python's {@code str(float)} ({@code 0.25}, {@code 1e-05}, {@code nan}).
 * Defaults as Keras's: separator {@code ","}, {@code append} false (the file is truncated when training begins);
 * with {@code append}, the header is written only when the file is empty or new. The file is flushed after each row
 * and closed when training ends.
 */
public final class CSVLogger implements Callback {

    private final Path file;
    private final String separator;
    private final boolean append;

    private BufferedWriter writer;
    private List<String> keys;
    private boolean writeHeader;

    /** Logs to {@code file} with Keras's defaults. */
    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    /**
     * @throws IllegalArgumentException if the file is null or the separator is not one character other than a
     *     quote or line break (Python's csv needs a one-character delimiter)
     */
    public CSVLogger(Path file, String separator, boolean append) {
        if (file == null) {
            throw new IllegalArgumentException("CSVLogger: file must not be null");
        }
        if (separator == null || separator.length() != 1 || "\"\r\n".contains(separator)) {
            throw new IllegalArgumentException("CSVLogger: separator must be one character other than a quote or a"
                    + " line break, got " + (separator == null ? "null" : "\"" + separator + "\""));
        }
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        close();
        try {
            if (append) {
                writeHeader = !Files.exists(file) || Files.size(file) == 0;
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } else {
                writeHeader = true;
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
        }
        keys = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (writer == null) {
            throw new IllegalStateException("CSVLogger: onEpochEnd before onTrainBegin");
        }
        Map<String, Double> values = logs == null ? Map.of() : logs;
        try {
            if (keys == null) {
                keys = new ArrayList<>(new java.util.TreeSet<>(values.keySet()));
                if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                    List<String> val = keys.stream().map(k -> "val_" + k).toList();
                    keys.addAll(val);
                }
                if (writeHeader) {
                    List<String> header = new ArrayList<>();
                    header.add("epoch");
                    header.addAll(keys);
                    writeRow(header);
                }
            }
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(epoch));
            for (String k : keys) {
                Double v = values.get(k);
                row.add(v == null ? "NA" : KerasFormat.repr(v));
            }
            writeRow(row);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        close();
    }

    private void writeRow(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                writer.write(separator);
            }
            writer.write(quote(fields.get(i)));
        }
        writer.write("\r\n");
    }

    /** Python csv's QUOTE_MINIMAL: quote a field that holds the separator, a quote or a line break. */
    private String quote(String field) {
        if (field.contains(separator) || field.contains("\"") || field.contains("\r") || field.contains("\n")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }

    private void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
            } finally {
                writer = null;
            }
        }
    }
}
