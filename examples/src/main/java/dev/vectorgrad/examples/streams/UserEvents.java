package dev.vectorgrad.examples.streams;

import java.util.SplittableRandom;

/**
 * A generated stream of card payments per user. Every user has a usual amount and a usual hour; a normal payment is
 * near both, an anomalous one (5 % of them) is 3 to 6 times the usual amount or 8 to 16 hours off. An event's
 * features are {@code [amount / 10, sin(hour), cos(hour)]} (the hour as an angle on the day); whether it is anomalous
 * shows only against the user's own history, which is what the recurrent state carries.
 */
final class UserEvents {

    static final int FEATURES = 3;
    static final double ANOMALY_RATE = 0.05;

    private final double[] usualAmount;
    private final double[] usualHour;
    private final SplittableRandom random;

    UserEvents(int users, long seed) {
        this.random = new SplittableRandom(seed);
        this.usualAmount = new double[users];
        this.usualHour = new double[users];
        for (int u = 0; u < users; u++) {
            usualAmount[u] = 0.5 + 4.5 * random.nextDouble();
            usualHour[u] = 24 * random.nextDouble();
        }
    }

    int users() {
        return usualAmount.length;
    }

    /** The next event of user {@code u} into {@code x} at {@code offset}; returns whether it is anomalous. */
    boolean next(int u, float[] x, int offset) {
        return next(u, x, offset, ANOMALY_RATE);
    }

    /** {@link #next(int, float[], int)} with anomalies at {@code rate} (training balances its labels with it). */
    boolean next(int u, float[] x, int offset, double rate) {
        boolean anomalous = random.nextDouble() < rate;
        double amount = usualAmount[u] * (1 + 0.1 * random.nextGaussian());
        double hour = usualHour[u] + random.nextGaussian();
        if (anomalous) {
            if (random.nextBoolean()) {
                amount = usualAmount[u] * (3 + 3 * random.nextDouble());
            } else {
                hour += 8 + 8 * random.nextDouble();
            }
        }
        double angle = 2 * Math.PI * hour / 24;
        x[offset] = (float) (amount / 10);
        x[offset + 1] = (float) Math.sin(angle);
        x[offset + 2] = (float) Math.cos(angle);
        return anomalous;
    }

    /** A random user. */
    int user() {
        return random.nextInt(usualAmount.length);
    }
}
