package dev.vectorgrad.models.optimizers;

/** Argument checks shared by the optimizers; each message names the optimizer, Keras's argument and the value. */
final class Checks {

    private Checks() {
    }

    static double learningRate(String who, double value) {
        return nonNegative(who, "learning_rate", value);
    }

    /** A finite value {@code >= 0}. */
    static double nonNegative(String who, String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(who + ": " + name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1]}. */
    static double unitClosed(String who, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1)}. */
    static double unitOpen(String who, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** Each clipping limit that is set is finite and positive, and at most one is set (as Keras requires). */
    static void clipping(String who, BaseOptimizer.Common c) {
        positive(who, "clipnorm", c.clipnorm());
        positive(who, "clipvalue", c.clipvalue());
        positive(who, "global_clipnorm", c.globalClipnorm());
        int set = (c.clipnorm() != null ? 1 : 0) + (c.clipvalue() != null ? 1 : 0) + (c.globalClipnorm() != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException(who + ": only one of clipnorm, clipvalue and global_clipnorm can be set, got"
                    + " clipnorm=" + c.clipnorm() + ", clipvalue=" + c.clipvalue()
                    + ", global_clipnorm=" + c.globalClipnorm());
        }
    }

    private static void positive(String who, String name, Double value) {
        if (value != null && !(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(who + ": " + name + " must be finite and > 0, got " + value);
        }
    }
}
