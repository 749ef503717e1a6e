package dev.vectorgrad.models.callbacks;

import dev.vectorgrad.models.optimizers.Optimizer;
import java.io.PrintStream;
import java.util.Map;

/**
 * Keras's {@code ReduceLROnPlateau}: multiplies the optimizer's learning rate by {@code factor} when the monitored
 * quantity has not improved for {@code patience} epochs, then waits {@code cooldown} epochs before counting again,
 * never going below {@code minLr}. Defaults as Keras's: {@code monitor "val_loss"}, {@code factor 0.1},
 * {@code patience 10}, {@code verbose 0}, {@code mode "auto"}, {@code minDelta 1e-4}, {@code cooldown 0},
 * {@code minLr 0}.
 *
 * <p>The rule, each epoch (Keras 3's {@code on_epoch_end}): during a cooldown the counter goes down by one and the
 * wait is 0; an improvement (by more than {@code minDelta}) records the best and resets the wait; otherwise, outside
 * a cooldown, the wait grows and on reaching {@code patience} the rate becomes {@code max(lr * factor, minLr)} if
 * {@code lr} is above {@code minLr} (compared in float, as Keras compares with {@code np.float32(min_lr)}), which
 * starts a cooldown and resets the wait.
 *
 * <p>Keras also adds {@code "learning_rate"} to the epoch's logs; logs are read-only here, so read
 * {@code optimizer().learningRate()} instead. Options are immutable ({@code withX} returns a new callback); the run
 * state resets at {@link #onTrainBegin}.
 */
public final class ReduceLROnPlateau implements Callback {

    private final String monitorName;
    private final double factor;
    private final int patience;
    private final int verbose;
    private final String mode;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final PrintStream out;
    private final Monitor monitor;

    private TrainingModel model;
    private Double best;
    private int wait;
    private int cooldownCounter;

    /** Keras's defaults. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10, 0, "auto", 1e-4, 0, 0.0, System.out);
    }

    private ReduceLROnPlateau(String monitorName, double factor, int patience, int verbose, String mode,
            double minDelta, int cooldown, double minLr, PrintStream out) {
        if (!(factor < 1.0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0, got factor="
                    + factor);
        }
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be 0 or more, got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be 0 or more, got "
                    + "patience=" + patience + ", cooldown=" + cooldown);
        }
        if (!(minLr >= 0) || Double.isInfinite(minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be finite and 0 or more, got " + minLr);
        }
        if (out == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: output must not be null");
        }
        this.monitor = new Monitor("ReduceLROnPlateau", monitorName, mode, minDelta);
        this.monitorName = monitorName;
        this.factor = factor;
        this.patience = patience;
        this.verbose = verbose;
        this.mode = mode;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.out = out;
    }

    /** The log name to watch, e.g. {@code "val_accuracy"}. */
    public ReduceLROnPlateau withMonitor(String value) {
        return new ReduceLROnPlateau(value, factor, patience, verbose, mode, minDelta, cooldown, minLr, out);
    }

    /** The multiplier of each reduction, in [0, 1). */
    public ReduceLROnPlateau withFactor(double value) {
        return new ReduceLROnPlateau(monitorName, value, patience, verbose, mode, minDelta, cooldown, minLr, out);
    }

    /** Epochs without improvement after which the rate is reduced. */
    public ReduceLROnPlateau withPatience(int value) {
        return new ReduceLROnPlateau(monitorName, factor, value, verbose, mode, minDelta, cooldown, minLr, out);
    }

    /** 1 prints Keras's message at each reduction; 0 is silent. */
    public ReduceLROnPlateau withVerbose(int value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, value, mode, minDelta, cooldown, minLr, out);
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public ReduceLROnPlateau withMode(String value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, verbose, value, minDelta, cooldown, minLr, out);
    }

    /** The smallest change that counts as an improvement (its absolute value is used). */
    public ReduceLROnPlateau withMinDelta(double value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, verbose, mode, value, cooldown, minLr, out);
    }

    /** Epochs after a reduction during which no plateau is counted. */
    public ReduceLROnPlateau withCooldown(int value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, verbose, mode, minDelta, value, minLr, out);
    }

    /** The floor of the learning rate. */
    public ReduceLROnPlateau withMinLr(double value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, verbose, mode, minDelta, cooldown, value, out);
    }

    /** Where verbose messages go (default {@code System.out}). */
    public ReduceLROnPlateau withOutput(PrintStream value) {
        return new ReduceLROnPlateau(monitorName, factor, patience, verbose, mode, minDelta, cooldown, minLr, value);
    }

    @Override
    public void setModel(TrainingModel model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        monitor.maximise(); // fails now, before any step, if auto mode cannot tell the direction
        best = null;
        cooldownCounter = 0;
        wait = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double current = monitor.value(logs);
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.isImprovement(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience && reduce(epoch)) {
                cooldownCounter = cooldown;
                wait = 0;
            }
        }
    }

    private boolean reduce(int epoch) {
        if (model == null) {
            throw new IllegalStateException("ReduceLROnPlateau: no model set (fit calls setModel before training)");
        }
        Optimizer optimizer = model.optimizer();
        double oldLr = optimizer.learningRate();
        if (oldLr > (float) minLr) {
            double newLr = Math.max(oldLr * factor, minLr);
            optimizer.setLearningRate(newLr);
            if (verbose > 0) {
                out.print("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                        + KerasFormat.repr(newLr) + ".\n");
            }
            return true;
        }
        return false;
    }

    /** Epochs without improvement counted so far. */
    public int waitCount() {
        return wait;
    }

    /** Epochs of cooldown left. */
    public int cooldownCounter() {
        return cooldownCounter;
    }

    /** The best monitored value so far, or {@code null} before the first epoch. */
    public Double best() {
        return best;
    }
}
