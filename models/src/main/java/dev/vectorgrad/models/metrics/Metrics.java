package dev.vectorgrad.models.metrics;

import dev.vectorgrad.models.losses.Losses;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras's metrics by name, as {@code compile(metrics=[...])} resolves them ({@code compile_utils.get_metric}): the
 * metric is shown under the name it was asked by ({@code "accuracy"}, {@code "acc"}, {@code "mae"}, ...).
 */
public final class Metrics {

    /** The names {@link #get} knows besides {@code "accuracy"} and {@code "acc"} (any case). */
    public static final Set<String> NAMES = Set.of(
            "binary_accuracy", "BinaryAccuracy",
            "categorical_accuracy", "CategoricalAccuracy",
            "sparse_categorical_accuracy", "SparseCategoricalAccuracy",
            "mean_squared_error", "MeanSquaredError", "mse", "MSE",
            "mean_absolute_error", "MeanAbsoluteError", "mae", "MAE");

    private Metrics() {
    }

    /**
     * The metric {@code name} stands for, given the shapes of a batch's targets and predictions (batch dimension
     * included). {@code "accuracy"} and {@code "acc"} (any case) pick, as Keras does: {@link BinaryAccuracy} if the
     * prediction's last dimension is 1; else {@link SparseCategoricalAccuracy} if the target has a lower rank than
     * the prediction, or its last dimension is 1 while the prediction's is larger; else
     * {@link CategoricalAccuracy}. Other names are exact (Keras's function and class names and the aliases
     * {@code mse}, {@code MSE}, {@code mae}, {@code MAE}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric get(String name, int[] yTrueShape, int[] yPredShape) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("accuracy") || lower.equals("acc")) {
            return switch (Losses.Resolution.of(yTrueShape, yPredShape)) {
                case BINARY -> new BinaryAccuracy(name, 0.5);
                case SPARSE -> new SparseCategoricalAccuracy(name);
                case CATEGORICAL -> new CategoricalAccuracy(name);
            };
        }
        return switch (name) {
            case "binary_accuracy", "BinaryAccuracy" -> new BinaryAccuracy(name, 0.5);
            case "categorical_accuracy", "CategoricalAccuracy" -> new CategoricalAccuracy(name);
            case "sparse_categorical_accuracy", "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy(name);
            case "mean_squared_error", "MeanSquaredError", "mse", "MSE" -> new MeanSquaredError(name);
            case "mean_absolute_error", "MeanAbsoluteError", "mae", "MAE" -> new MeanAbsoluteError(name);
            default -> throw new IllegalArgumentException("could not interpret metric identifier '" + name
                    + "': known metrics are 'accuracy', 'acc' and " + new TreeSet<>(NAMES));
        };
    }
}
