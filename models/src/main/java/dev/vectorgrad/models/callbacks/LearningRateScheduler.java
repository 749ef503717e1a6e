package dev.vectorgrad.models.callbacks;

import dev.vectorgrad.models.optimizers.Optimizer;
import java.io.PrintStream;
import java.util.Map;

/**
 * Keras's {@code LearningRateScheduler}: at the start of each epoch, sets the optimizer's learning rate to
 * {@code schedule(epoch, lr)}, where {@code epoch} counts from 0 and {@code lr} is the current rate. Keras also adds
 * {@code "learning_rate"} to the epoch's logs; logs are read-only here, so read {@code optimizer().learningRate()}.
 */
public final class LearningRateScheduler implements Callback {

    /** A schedule: the learning rate for an epoch (from 0), given the current one. */
    @FunctionalInterface
    public interface Schedule {
        double apply(int epoch, double lr);
    }

    private final Schedule schedule;
    private final int verbose;
    private final PrintStream out;
    private TrainingModel model;

    /** Applies {@code schedule} silently. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0, System.out);
    }

    private LearningRateScheduler(Schedule schedule, int verbose, PrintStream out) {
        if (schedule == null || out == null) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule and output must not be null");
        }
        this.schedule = schedule;
        this.verbose = verbose;
        this.out = out;
    }

    /** 1 prints Keras's message at each epoch; 0 is silent. */
    public LearningRateScheduler withVerbose(int value) {
        return new LearningRateScheduler(schedule, value, out);
    }

    /** Where verbose messages go (default {@code System.out}). */
    public LearningRateScheduler withOutput(PrintStream value) {
        return new LearningRateScheduler(schedule, verbose, value);
    }

    @Override
    public void setModel(TrainingModel model) {
        this.model = model;
    }

    /**
     * @throws IllegalArgumentException if the schedule returns a negative, NaN or infinite rate, naming the epoch and
     *     the value
     */
    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (model == null) {
            throw new IllegalStateException("LearningRateScheduler: no model set (fit calls setModel before training)");
        }
        Optimizer optimizer = model.optimizer();
        double lr = schedule.apply(epoch, optimizer.learningRate());
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave learning rate " + lr
                    + " for epoch " + epoch + "; it must be finite and 0 or more");
        }
        optimizer.setLearningRate(lr);
        if (verbose > 0) {
            out.print("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
                    + KerasFormat.repr(lr) + ".\n");
        }
    }
}
