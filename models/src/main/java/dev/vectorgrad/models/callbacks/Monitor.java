package dev.vectorgrad.models.callbacks;

import java.util.Map;
import java.util.Set;

/**
 * The watched quantity of {@link EarlyStopping}, {@link ReduceLROnPlateau} and {@link ModelCheckpoint}, as Keras's
 * {@code MonitorCallback}: its direction (from {@code mode}, or for {@code "auto"} from its name) and the improvement
 * test {@code current - minDelta > reference} (maximising) or {@code current + minDelta < reference} (minimising),
 * with {@code minDelta} taken as its absolute value; everything improves on "no reference yet".
 */
final class Monitor {

    /**
     * Metrics Keras 3 marks {@code _direction = "up"} (accuracy, confusion, correlation, F-score, IoU, R2 and cosine
     * metrics), by their default names; other known metric and loss names go down.
     */
    private static final Set<String> UP = Set.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc",
            "precision", "recall", "f1_score", "fbeta_score", "iou", "mean_iou", "binary_iou", "one_hot_iou",
            "one_hot_mean_iou", "pearson_correlation", "concordance_correlation", "cosine_similarity", "r2_score");
    private static final Set<String> DOWN = Set.of("loss", "mse", "mae", "mape", "msle", "rmse", "mean_squared_error",
            "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
            "root_mean_squared_error", "logcosh", "log_cosh", "hinge", "squared_hinge", "categorical_hinge",
            "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence",
            "kld", "poisson", "huber", "crossentropy", "ce");

    private final String owner;
    private final String monitor;
    private final String mode;
    private final double minDelta;

    /**
     * @throws IllegalArgumentException if {@code mode} is not auto, min or max, or if {@code minDelta} is NaN or
     *     infinite
     */
    Monitor(String owner, String monitor, String mode, double minDelta) {
        if (monitor == null || monitor.isEmpty()) {
            throw new IllegalArgumentException(owner + ": monitor must be a metric name, got " + monitor);
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException(owner + ": minDelta must be finite, got " + minDelta);
        }
        this.owner = owner;
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        if (!"auto".equals(mode) && !"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException(owner + ": mode must be \"auto\", \"min\" or \"max\", got "
                    + (mode == null ? "null" : "\"" + mode + "\""));
        }
        this.mode = mode;
    }

    /** Keras's auto rule: the name without its {@code val_} prefix decides; a loss goes down, an accuracy up. */
    static boolean autoMaximise(String owner, String monitor) {
        String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (UP.contains(name)) {
            return true;
        }
        if (DOWN.contains(name)) {
            return false;
        }
        throw new IllegalArgumentException(owner + " received monitor=" + monitor + ", but cannot tell whether that"
                + " metric should be maximized or minimized: pass mode \"max\" or \"min\"");
    }

    String name() {
        return monitor;
    }

    /**
     * Whether larger is better: {@code mode} max, or auto and the name is a known "up" metric. Callbacks call it
     * when training begins (so that options can be set in any order), as Keras settles it at the first epoch end.
     *
     * @throws IllegalArgumentException if mode is auto and the name's direction is unknown (Keras's error: pass min
     *     or max)
     */
    boolean maximise() {
        return switch (mode) {
            case "min" -> false;
            case "max" -> true;
            default -> autoMaximise(owner, monitor);
        };
    }

    /** Whether {@code current} beats {@code reference} by more than minDelta; true when reference is null. */
    boolean isImprovement(double current, Double reference) {
        if (reference == null) {
            return true;
        }
        return maximise() ? current - minDelta > reference : current + minDelta < reference;
    }

    /**
     * The monitored value in an epoch's logs.
     *
     * @throws IllegalStateException if the logs lack it (Keras warns and skips the epoch; a missing name is almost
     *     always a typo or missing validation data, so it fails here), naming the names present
     */
    double value(Map<String, Double> logs) {
        Double v = logs == null ? null : logs.get(monitor);
        if (v == null) {
            throw new IllegalStateException(owner + " is conditioned on metric '" + monitor
                    + "' which is not available; available metrics are: "
                    + (logs == null ? "[]" : new java.util.TreeSet<>(logs.keySet())));
        }
        return v;
    }
}
