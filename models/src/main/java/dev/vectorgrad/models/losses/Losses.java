package dev.vectorgrad.models.losses;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras's losses by name and by config ({@code keras.losses.get}, {@code deserialize}, and {@code compile}'s
 * {@code "crossentropy"} shortcut). Names are Keras's, case-sensitive as in Keras: the function names
 * ({@code "mean_squared_error"}, ...), the class names ({@code "MeanSquaredError"}, ...) and the aliases
 * {@code "mse"}, {@code "MSE"}, {@code "mae"}, {@code "MAE"}, {@code "bce"}, {@code "BCE"}, {@code "huber"}.
 */
public final class Losses {

    /** Every name {@link #get(String)} knows. */
    public static final Set<String> NAMES = Set.of(
            "mean_squared_error", "MeanSquaredError", "mse", "MSE",
            "mean_absolute_error", "MeanAbsoluteError", "mae", "MAE",
            "huber", "Huber",
            "binary_crossentropy", "BinaryCrossentropy", "bce", "BCE",
            "categorical_crossentropy", "CategoricalCrossentropy",
            "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy");

    private static final Set<String> CONFIG_KEYS = Set.of("name", "reduction", "dtype", "from_logits",
            "label_smoothing", "axis", "ignore_class", "delta");

    private Losses() {
    }

    /**
     * A loss with Keras's defaults, by name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss get(String name) {
        return switch (name) {
            case "mean_squared_error", "MeanSquaredError", "mse", "MSE" -> new MeanSquaredError();
            case "mean_absolute_error", "MeanAbsoluteError", "mae", "MAE" -> new MeanAbsoluteError();
            case "huber", "Huber" -> new Huber();
            case "binary_crossentropy", "BinaryCrossentropy", "bce", "BCE" -> new BinaryCrossentropy();
            case "categorical_crossentropy", "CategoricalCrossentropy" -> new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy" ->
                    new SparseCategoricalCrossentropy();
            default -> throw new IllegalArgumentException("could not interpret loss identifier '" + name
                    + "': known losses are " + new TreeSet<>(NAMES)
                    + " and, given the shapes, 'crossentropy' or 'ce'");
        };
    }

    /**
     * {@link #get(String)}, plus Keras's {@code compile} shortcut {@code "crossentropy"} / {@code "ce"}
     * (case-insensitive), resolved from the shapes of a batch's targets and predictions as Keras does: binary if
     * the prediction's last dimension is 1; else sparse if the target has a lower rank, or its last dimension is 1;
     * else categorical.
     */
    public static Loss get(String name, int[] yTrueShape, int[] yPredShape) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("crossentropy") && !lower.equals("ce")) {
            return get(name);
        }
        return switch (Resolution.of(yTrueShape, yPredShape)) {
            case BINARY -> new BinaryCrossentropy();
            case SPARSE -> new SparseCategoricalCrossentropy();
            case CATEGORICAL -> new CategoricalCrossentropy();
        };
    }

    /** Which of the binary, sparse and categorical variants Keras picks for a pair of shapes. */
    public enum Resolution {
        /** The prediction's last dimension is 1. */
        BINARY,
        /** The target has a lower rank than the prediction, or ends in 1 while the prediction does not. */
        SPARSE,
        /** Otherwise. */
        CATEGORICAL;

        /** Keras's {@code is_binary_or_sparse_categorical}, binary first. */
        public static Resolution of(int[] yTrueShape, int[] yPredShape) {
            if (yTrueShape.length == 0 || yPredShape.length == 0) {
                throw new IllegalArgumentException("cannot tell binary from categorical targets for y_true "
                        + Arrays.toString(yTrueShape) + " and y_pred " + Arrays.toString(yPredShape)
                        + ": both need at least one dimension");
            }
            int trueLast = yTrueShape[yTrueShape.length - 1];
            int predLast = yPredShape[yPredShape.length - 1];
            if (predLast == 1) {
                return BINARY;
            }
            if (yTrueShape.length < yPredShape.length || trueLast == 1 && predLast > 1) {
                return SPARSE;
            }
            return CATEGORICAL;
        }
    }

    /**
     * The loss a Keras config describes ({@code {"class_name": ..., "config": {...}}}, as {@link Loss#config()}
     * writes it); the class name may be any name {@link #get(String)} knows. Keras features not built here fail,
     * naming the key: a reduction other than {@code "sum_over_batch_size"} (or its synonym {@code "mean"}), an axis
     * other than -1, an {@code ignore_class}, a dtype other than float32/float64.
     *
     * @throws IllegalArgumentException for an unknown class, argument or value, naming it
     */
    public static Loss fromConfig(Map<String, ?> serialized) {
        Object cls = serialized.get("class_name");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("loss config: 'class_name' must be a string, got " + cls);
        }
        Loss base = get(className);
        Object inner = serialized.get("config");
        if (inner == null) {
            return base;
        }
        if (!(inner instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException(className + ": 'config' must be an object, got " + inner);
        }
        Set<String> unknown = new TreeSet<>();
        for (Object k : c.keySet()) {
            if (!CONFIG_KEYS.contains(k)) {
                unknown.add(String.valueOf(k));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(className + ": config argument(s) not recognized: " + unknown);
        }
        only(className, c, "reduction", List.of("sum_over_batch_size", "mean"));
        only(className, c, "dtype", List.of("float32", "float64"));
        only(className, c, "axis", List.of(-1));
        only(className, c, "ignore_class", List.of());
        boolean fromLogits = bool(className, c, "from_logits");
        double smoothing = number(className, c, "label_smoothing", 0);
        return switch (base) {
            case Huber h -> {
                requireAbsent(className, c, "from_logits", "label_smoothing");
                yield new Huber(number(className, c, "delta", h.delta()));
            }
            case BinaryCrossentropy b -> new BinaryCrossentropy(fromLogits).withLabelSmoothing(smoothing);
            case CategoricalCrossentropy b -> new CategoricalCrossentropy(fromLogits).withLabelSmoothing(smoothing);
            case SparseCategoricalCrossentropy b -> {
                requireAbsent(className, c, "label_smoothing", "delta");
                yield new SparseCategoricalCrossentropy(fromLogits);
            }
            default -> {
                requireAbsent(className, c, "from_logits", "label_smoothing", "delta");
                yield base;
            }
        };
    }

    private static void only(String who, Map<?, ?> c, String key, List<Object> allowed) {
        Object v = c.get(key);
        if (v == null) {
            return;
        }
        for (Object a : allowed) {
            if (a.equals(v) || a instanceof Number n && v instanceof Number m && n.doubleValue() == m.doubleValue()) {
                return;
            }
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' = " + v + " is not supported"
                + (allowed.isEmpty() ? " (only null)" : " (only " + allowed + " or null)"));
    }

    private static void requireAbsent(String who, Map<?, ?> c, String... keys) {
        for (String k : keys) {
            Object v = c.get(k);
            boolean neutral = v == null || Boolean.FALSE.equals(v) || v instanceof Number n && n.doubleValue() == 0;
            if (!neutral) {
                throw new IllegalArgumentException(who + ": config '" + k + "' = " + v + " does not apply to this loss");
            }
        }
    }

    private static boolean bool(String who, Map<?, ?> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' must be true or false, got " + v);
    }

    private static double number(String who, Map<?, ?> c, String key, double absent) {
        Object v = c.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' must be a number, got " + v);
    }
}
