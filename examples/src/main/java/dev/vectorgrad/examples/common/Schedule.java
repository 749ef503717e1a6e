package dev.vectorgrad.examples.common;

/** Learning-rate schedules, to set with {@code optimizer.setLearningRate(...)} before each step. */
public final class Schedule {

    private Schedule() {
    }

    /**
     * Cosine decay from {@code base} at step 1 to a tenth of it at step {@code steps}: large steps
     * while far from a minimum, small ones to settle into it at the end.
     */
    public static double cosine(double base, int step, int steps) {
        double progress = steps <= 1 ? 1 : (double) (step - 1) / (steps - 1);
        return base * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
