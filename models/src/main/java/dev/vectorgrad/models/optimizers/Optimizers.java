package dev.vectorgrad.models.optimizers;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keras's optimizers by name and by config ({@code keras.optimizers.get} and {@code deserialize}): names are
 * the class names, case-insensitive, as Keras resolves them ({@code "adam"}, {@code "Adam"}, {@code "SGD"},
 * {@code "rmsprop"}, {@code "adamw"}, {@code "adagrad"}).
 */
public final class Optimizers {

    /** The names {@link #get} knows, as Keras's {@code ALL_OBJECTS_DICT} keys them (lower case). */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    private static final Set<String> COMMON_KEYS = Set.of("name", "learning_rate", "weight_decay", "clipnorm",
            "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
            "gradient_accumulation_steps", "decay", "jit_compile", "is_legacy_optimizer");

    private Optimizers() {
    }

    /**
     * A new optimizer with Keras's defaults, by name (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static BaseOptimizer<?> get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "adam" -> new Adam();
            case "adamw" -> new AdamW();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            default -> throw new IllegalArgumentException("could not interpret optimizer identifier '" + name
                    + "': known optimizers are " + NAMES);
        };
    }

    /**
     * The optimizer that {@link Optimizer#config()} describes: {@code {"class_name": ..., "config": {...}}}, the
     * class name case-insensitive, every argument optional (Keras's default when absent or null). A config that asks
     * for a Keras feature not built here (EMA, loss scaling, gradient accumulation) or names an unknown argument
     * fails, naming it. Keras's ignored {@code decay} argument is ignored, and so is tf.keras's {@code jit_compile} (a
     * compilation flag, no part of the update). The result is unbuilt, with no state:
     * copy a saved {@link Optimizer#variables()} into the new one's after {@link Optimizer#build}.
     *
     * @throws IllegalArgumentException for an unknown class, argument or value, naming it
     */
    public static BaseOptimizer<?> fromConfig(Map<String, ?> serialized) {
        Object cls = serialized.get("class_name");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("optimizer config: 'class_name' must be a string, got " + cls);
        }
        Object inner = serialized.get("config");
        Map<String, ?> c = inner == null ? Map.of() : asMap(className, inner);
        String who = className;
        Set<String> known = new HashSet<>(COMMON_KEYS);
        String kind = className.toLowerCase(Locale.ROOT);
        known.addAll(switch (kind) {
            case "sgd" -> Set.of("momentum", "nesterov");
            case "adam", "adamw" -> Set.of("beta_1", "beta_2", "epsilon", "amsgrad");
            case "rmsprop" -> Set.of("rho", "momentum", "epsilon", "centered");
            case "adagrad" -> Set.of("initial_accumulator_value", "epsilon");
            default -> throw new IllegalArgumentException("optimizer config: unknown class_name '" + className
                    + "': known optimizers are " + NAMES);
        });
        Configs.onlyKnownKeys(who, c, known);
        Configs.unsupported(who, c, "use_ema", false);
        Configs.unsupported(who, c, "ema_overwrite_frequency", null);
        Configs.unsupported(who, c, "loss_scale_factor", null);
        Configs.unsupported(who, c, "gradient_accumulation_steps", null);
        Configs.unsupported(who, c, "is_legacy_optimizer", false);
        BaseOptimizer<?> base = get(kind);
        BaseOptimizer.Common common = new BaseOptimizer.Common(
                Configs.string(who, c, "name"),
                Configs.number(who, c, "learning_rate", base.learningRate()),
                c.containsKey("weight_decay") ? Configs.optionalNumber(who, c, "weight_decay") : base.weightDecay(),
                Configs.optionalNumber(who, c, "clipnorm"),
                Configs.optionalNumber(who, c, "clipvalue"),
                Configs.optionalNumber(who, c, "global_clipnorm"));
        return switch (base) {
            case SGD s -> s.copy(common)
                    .withMomentum(Configs.number(who, c, "momentum", s.momentum()))
                    .withNesterov(Configs.bool(who, c, "nesterov", s.nesterov()));
            case BaseAdam<?> a -> a.copy(common, new BaseAdam.Settings(
                    Configs.number(who, c, "beta_1", a.beta1()),
                    Configs.number(who, c, "beta_2", a.beta2()),
                    Configs.number(who, c, "epsilon", a.epsilon()),
                    Configs.bool(who, c, "amsgrad", a.amsgrad())));
            case RMSprop r -> r.copy(common)
                    .withRho(Configs.number(who, c, "rho", r.rho()))
                    .withMomentum(Configs.number(who, c, "momentum", r.momentum()))
                    .withEpsilon(Configs.number(who, c, "epsilon", r.epsilon()))
                    .withCentered(Configs.bool(who, c, "centered", r.centered()));
            case Adagrad a -> a.copy(common)
                    .withInitialAccumulatorValue(Configs.number(who, c, "initial_accumulator_value",
                            a.initialAccumulatorValue()))
                    .withEpsilon(Configs.number(who, c, "epsilon", a.epsilon()));
            default -> throw new IllegalStateException("unreachable: " + base.className());
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(String who, Object inner) {
        if (inner instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException(who + ": config keys must be strings, got " + k);
                }
            }
            return (Map<String, ?>) m;
        }
        throw new IllegalArgumentException(who + ": 'config' must be an object, got " + inner);
    }
}
