package dev.vectorgrad.models.optimizers;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reading Keras optimizer configs: typed values with messages that name the optimizer, the key and the value. */
final class Configs {

    private Configs() {
    }

    /** Keras's {@code to_snake_case}: {@code "Adam" -> "adam"}, {@code "AdamW" -> "adam_w"}, {@code "RMSprop" -> "rm_sprop"}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Fails naming every key of {@code config} outside {@code known} (Keras: "Argument(s) not recognized"). */
    static void onlyKnownKeys(String who, Map<String, ?> config, Set<String> known) {
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(who + ": config argument(s) not recognized: " + unknown
                    + " (known: " + new TreeSet<>(known) + ")");
        }
    }

    static double number(String who, Map<String, ?> config, String key, double absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' must be a number, got " + describe(v));
    }

    /** A number, or {@code null} when the key is absent or null (Keras's {@code None}). */
    static Double optionalNumber(String who, Map<String, ?> config, String key) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        return number(who, config, key, 0);
    }

    static boolean bool(String who, Map<String, ?> config, String key, boolean absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' must be true or false, got " + describe(v));
    }

    static String string(String who, Map<String, ?> config, String key) {
        Object v = config.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(who + ": config '" + key + "' must be a string, got " + describe(v));
    }

    /** Fails if {@code key} holds anything but {@code null} or {@code allowed} (a Keras feature not supported here). */
    static void unsupported(String who, Map<String, ?> config, String key, Object allowed) {
        Object v = config.get(key);
        if (v != null && !equalValues(v, allowed)) {
            throw new IllegalArgumentException(who + ": config '" + key + "' = " + describe(v)
                    + " is not supported (only " + allowed + " or null)");
        }
    }

    private static boolean equalValues(Object v, Object allowed) {
        if (v instanceof Number a && allowed instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return v.equals(allowed);
    }

    static String describe(Object v) {
        return v instanceof String ? "\"" + v + "\"" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}
