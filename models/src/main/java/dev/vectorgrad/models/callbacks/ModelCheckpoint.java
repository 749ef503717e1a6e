package dev.vectorgrad.models.callbacks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras's {@code ModelCheckpoint}: saves the model (or its weights) at the end of each epoch, or only when the
 * monitored quantity improves. Defaults as Keras's: {@code monitor "val_loss"}, {@code verbose 0},
 * {@code saveBestOnly} false, {@code saveWeightsOnly} false (the whole model, through
 * {@link TrainingModel#save}), {@code mode "auto"}, no {@code initialValueThreshold}.
 *
 * <p>{@code filepath} may hold Python format fields filled from the epoch (counting from 1, as Keras) and the
 * epoch's logs: {@code "ckpt-{epoch:02d}-{val_loss:.2f}.vgm"} gives {@code ckpt-03-0.41.vgm}. Supported specs:
 * none ({@code {epoch}} is the integer, a log value Python's {@code str(float)}), {@code d} (for {@code epoch}) with an optional
 * zero-padded width, and {@code f}/{@code e} with a precision (and optional width); {@code {{} and {@code }}} are
 * literal braces. Missing parent directories are created.
 *
 * <p>Differences from Keras, by design: the file name's extension is not checked (Keras requires {@code .keras},
 * {@code .h5} or {@code .weights.h5}; the format here is whatever {@code save}/{@code saveWeights} write); only
 * {@code save_freq="epoch"} exists; with {@code saveBestOnly} a monitor missing from the logs is an error (Keras
 * warns and saves). The best value persists across {@code fit} calls, as in Keras.
 */
public final class ModelCheckpoint implements Callback {

    private static final Pattern FIELD = Pattern.compile("\\{\\{|\\}\\}|\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\\}");
    private static final Pattern SPEC = Pattern.compile("(0?)(\\d*)(?:\\.(\\d+))?([dfe]?)");

    private final String filepath;
    private final String monitorName;
    private final int verbose;
    private final boolean saveBestOnly;
    private final boolean saveWeightsOnly;
    private final String mode;
    private final Double initialValueThreshold;
    private final PrintStream out;
    private final Monitor monitor;

    private TrainingModel model;
    private Double best;

    /**
     * Saves the whole model to {@code filepath} after every epoch.
     *
     * @throws IllegalArgumentException if {@code filepath} is null or has a malformed or unsupported field
     */
    public ModelCheckpoint(String filepath) {
        this(filepath, "val_loss", 0, false, false, "auto", null, System.out);
    }

    private ModelCheckpoint(String filepath, String monitorName, int verbose, boolean saveBestOnly,
            boolean saveWeightsOnly, String mode, Double initialValueThreshold, PrintStream out) {
        if (filepath == null || filepath.isEmpty()) {
            throw new IllegalArgumentException("ModelCheckpoint: filepath must not be empty");
        }
        if (out == null) {
            throw new IllegalArgumentException("ModelCheckpoint: output must not be null");
        }
        checkTemplate(filepath);
        this.monitor = new Monitor("ModelCheckpoint", monitorName, mode, 0);
        this.filepath = filepath;
        this.monitorName = monitorName;
        this.verbose = verbose;
        this.saveBestOnly = saveBestOnly;
        this.saveWeightsOnly = saveWeightsOnly;
        this.mode = mode;
        this.initialValueThreshold = initialValueThreshold;
        this.out = out;
        this.best = initialValueThreshold;
    }

    /** The log name to watch with {@code saveBestOnly}, e.g. {@code "val_accuracy"}. */
    public ModelCheckpoint withMonitor(String value) {
        return new ModelCheckpoint(filepath, value, verbose, saveBestOnly, saveWeightsOnly, mode,
                initialValueThreshold, out);
    }

    /** 1 prints Keras's message for every epoch (saved, improved, did not improve); 0 is silent. */
    public ModelCheckpoint withVerbose(int value) {
        return new ModelCheckpoint(filepath, monitorName, value, saveBestOnly, saveWeightsOnly, mode,
                initialValueThreshold, out);
    }

    /** Save only when the monitored quantity improves on the best so far. */
    public ModelCheckpoint withSaveBestOnly(boolean value) {
        return new ModelCheckpoint(filepath, monitorName, verbose, value, saveWeightsOnly, mode,
                initialValueThreshold, out);
    }

    /** Save the weights alone ({@link TrainingModel#saveWeights}) instead of the whole model. */
    public ModelCheckpoint withSaveWeightsOnly(boolean value) {
        return new ModelCheckpoint(filepath, monitorName, verbose, saveBestOnly, value, mode,
                initialValueThreshold, out);
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public ModelCheckpoint withMode(String value) {
        return new ModelCheckpoint(filepath, monitorName, verbose, saveBestOnly, saveWeightsOnly, value,
                initialValueThreshold, out);
    }

    /** The value a first save must beat with {@code saveBestOnly}; {@code null} for none. */
    public ModelCheckpoint withInitialValueThreshold(Double value) {
        return new ModelCheckpoint(filepath, monitorName, verbose, saveBestOnly, saveWeightsOnly, mode, value, out);
    }

    /** Where verbose messages go (default {@code System.out}). */
    public ModelCheckpoint withOutput(PrintStream value) {
        return new ModelCheckpoint(filepath, monitorName, verbose, saveBestOnly, saveWeightsOnly, mode,
                initialValueThreshold, value);
    }

    @Override
    public void setModel(TrainingModel model) {
        this.model = model;
    }

    /** Checks that the monitored name has a direction (with {@code saveBestOnly}); the best value is kept. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        if (saveBestOnly) {
            monitor.maximise(); // fails now, before any step, if auto mode cannot tell the direction
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Path path = Path.of(formatPath(filepath, epoch + 1, logs));
        if (!shouldSave(epoch, logs, path)) {
            return;
        }
        if (model == null) {
            throw new IllegalStateException("ModelCheckpoint: no model set (fit calls setModel before training)");
        }
        try {
            if (Files.isDirectory(path)) {
                throw new IOException("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is"
                        + " an existing directory: " + path);
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (saveWeightsOnly) {
                model.saveWeights(path);
            } else {
                model.save(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: saving " + path + " failed", e);
        }
    }

    private boolean shouldSave(int epoch, Map<String, Double> logs, Path path) {
        if (!saveBestOnly) {
            if (verbose > 0) {
                out.print("\nEpoch " + (epoch + 1) + ": saving model to " + path + "\n");
            }
            return true;
        }
        double current = monitor.value(logs);
        String bestString = best == null ? "None" : KerasFormat.fixed(best, 5);
        if (monitor.isImprovement(current, best)) {
            if (verbose > 0) {
                out.print("\nEpoch " + (epoch + 1) + ": " + monitorName + " improved from " + bestString + " to "
                        + KerasFormat.fixed(current, 5) + ", saving model to " + path + "\n");
            }
            best = current;
            return true;
        }
        if (verbose > 0) {
            out.print("\nEpoch " + (epoch + 1) + ": " + monitorName + " did not improve from " + bestString + "\n");
        }
        return false;
    }

    /** The best monitored value so far ({@code initialValueThreshold} before any save), or {@code null}. */
    public Double best() {
        return best;
    }

    /**
     * Fills a Keras checkpoint file name: {@code epoch} (from 1) and the log names, with Python's format specs
     * {@code d}, {@code f}, {@code e} or none.
     *
     * @throws IllegalArgumentException if a field names neither {@code epoch} nor a log entry, naming it and the
     *     template, or if its spec is unsupported or does not fit the value (a {@code d} for a log value, which is a float)
     */
    static String formatPath(String template, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(template);
        StringBuilder s = new StringBuilder();
        int last = 0;
        while (m.find()) {
            s.append(template, last, m.start());
            last = m.end();
            String token = m.group();
            if (token.equals("{{")) {
                s.append('{');
                continue;
            }
            if (token.equals("}}")) {
                s.append('}');
                continue;
            }
            String key = m.group(1);
            String spec = m.group(2) == null ? "" : m.group(2);
            if (key.equals("epoch")) {
                s.append(formatValue(template, key, spec, epoch, true));
            } else {
                Double v = logs == null ? null : logs.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("Failed to format this callback filepath: \"" + template
                            + "\". Reason: no '" + key + "' in the logs " + (logs == null ? "[]"
                                    : new java.util.TreeSet<>(logs.keySet())));
                }
                s.append(formatValue(template, key, spec, v, false));
            }
        }
        s.append(template, last, template.length());
        return s.toString();
    }

    /** Checks every field's spec once, at construction, with stand-in values. */
    private static void checkTemplate(String template) {
        Matcher m = FIELD.matcher(template);
        int last = 0;
        while (m.find()) {
            checkNoStrayBrace(template, template.substring(last, m.start()));
            last = m.end();
            if (m.group(1) != null) {
                String spec = m.group(2) == null ? "" : m.group(2);
                if (!SPEC.matcher(spec).matches()) {
                    throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec '" + spec + "' for '"
                            + m.group(1) + "' in filepath \"" + template + "\" (supported: d, f, e, with width and"
                            + " precision)");
                }
            }
        }
        checkNoStrayBrace(template, template.substring(last));
    }

    private static void checkNoStrayBrace(String template, String literal) {
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            throw new IllegalArgumentException("ModelCheckpoint: unbalanced brace in filepath \"" + template
                    + "\" (write {{ and }} for literal braces)");
        }
    }

    private static String formatValue(String template, String key, String spec, double v, boolean integer) {
        Matcher sm = SPEC.matcher(spec);
        if (!sm.matches()) {
            throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec '" + spec + "' for '" + key
                    + "' in filepath \"" + template + "\"");
        }
        boolean zero = !sm.group(1).isEmpty();
        int width = sm.group(2).isEmpty() ? 0 : Integer.parseInt(sm.group(2));
        String type = sm.group(4);
        String body;
        switch (type) {
            case "d" -> {
                if (sm.group(3) != null) {
                    throw new IllegalArgumentException("Failed to format this callback filepath: \"" + template
                            + "\". Reason: precision not allowed in integer format specifier for '" + key + "'");
                }
                if (!integer) {
                    throw new IllegalArgumentException("Failed to format this callback filepath: \"" + template
                            + "\". Reason: '" + key + "' is a float, and format code 'd' takes integers (as in Python)");
                }
                body = Long.toString((long) v);
            }
            case "f" -> body = KerasFormat.fixed(v, sm.group(3) == null ? 6 : Integer.parseInt(sm.group(3)));
            case "e" -> body = KerasFormat.scientific(v, sm.group(3) == null ? 6 : Integer.parseInt(sm.group(3)));
            default -> {
                if (sm.group(3) != null) {
                    throw new IllegalArgumentException("ModelCheckpoint: a precision needs a type (f or e) for '"
                            + key + "' in filepath \"" + template + "\"");
                }
                body = integer ? Long.toString((long) v) : KerasFormat.repr(v);
            }
        }
        if (body.length() >= width) {
            return body;
        }
        if (zero) {
            boolean minus = body.startsWith("-");
            String digits = minus ? body.substring(1) : body;
            return (minus ? "-" : "") + "0".repeat(width - body.length()) + digits;
        }
        // Python right-aligns numbers in a width
        return " ".repeat(width - body.length()) + body;
    }
}
