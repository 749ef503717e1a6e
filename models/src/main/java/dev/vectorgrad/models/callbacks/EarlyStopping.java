package dev.vectorgrad.models.callbacks;

import dev.vectorgrad.autograd.Tensor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code EarlyStopping}: stops training when the monitored quantity has not improved for {@code patience}
 * epochs. Defaults as Keras's: {@code monitor "val_loss"}, {@code minDelta 0}, {@code patience 0}, {@code verbose 0},
 * {@code mode "auto"} (a loss is minimised, an accuracy maximised), no {@code baseline}, {@code restoreBestWeights}
 * false, {@code startFromEpoch 0}.
 *
 * <p>The rule, epoch by epoch (from {@code startFromEpoch} on, as Keras 3's {@code on_epoch_end}): the wait grows by
 * one; an improvement on the best value so far (by more than {@code minDelta}) records the new best and resets the
 * wait to 0, but only if it also improves on the {@code baseline} when one is set; otherwise, once the wait reaches
 * {@code patience} (and never at epoch 0), training stops. With {@code restoreBestWeights}, a copy of the weights is
 * taken at each best epoch (at the first watched epoch too) and loaded back when training ends, whether or not
 * stopping triggered, as Keras 3 does.
 *
 * <p>Options are immutable: each {@code withX} returns a new, unstarted callback. The run state resets at
 * {@link #onTrainBegin}, so one instance can serve several {@code fit} calls.
 */
public final class EarlyStopping implements Callback {

    private final String monitorName;
    private final double minDelta;
    private final int patience;
    private final int verbose;
    private final String mode;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;
    private final PrintStream out;
    private final Monitor monitor;

    private TrainingModel model;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private Double best;
    private Map<String, Tensor> bestWeights;

    /** Keras's defaults: watches {@code val_loss}, stops at the first epoch without improvement. */
    public EarlyStopping() {
        this("val_loss", 0, 0, 0, "auto", null, false, 0, System.out);
    }

    private EarlyStopping(String monitorName, double minDelta, int patience, int verbose, String mode, Double baseline,
            boolean restoreBestWeights, int startFromEpoch, PrintStream out) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be 0 or more, got " + patience);
        }
        if (startFromEpoch < 0) {
            throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be 0 or more, got " + startFromEpoch);
        }
        if (baseline != null && Double.isNaN(baseline)) {
            throw new IllegalArgumentException("EarlyStopping: baseline must not be NaN");
        }
        if (out == null) {
            throw new IllegalArgumentException("EarlyStopping: output must not be null");
        }
        this.monitor = new Monitor("EarlyStopping", monitorName, mode, minDelta);
        this.monitorName = monitorName;
        this.minDelta = minDelta;
        this.patience = patience;
        this.verbose = verbose;
        this.mode = mode;
        this.baseline = baseline;
        this.restoreBestWeights = restoreBestWeights;
        this.startFromEpoch = startFromEpoch;
        this.out = out;
    }

    /** The log name to watch, e.g. {@code "val_accuracy"}. */
    public EarlyStopping withMonitor(String value) {
        return new EarlyStopping(value, minDelta, patience, verbose, mode, baseline, restoreBestWeights,
                startFromEpoch, out);
    }

    /** The smallest change that counts as an improvement (its absolute value is used). */
    public EarlyStopping withMinDelta(double value) {
        return new EarlyStopping(monitorName, value, patience, verbose, mode, baseline, restoreBestWeights,
                startFromEpoch, out);
    }

    /** Epochs without improvement after which training stops. */
    public EarlyStopping withPatience(int value) {
        return new EarlyStopping(monitorName, minDelta, value, verbose, mode, baseline, restoreBestWeights,
                startFromEpoch, out);
    }

    /** 1 prints Keras's messages ("Epoch 5: early stopping", the restore) when training ends; 0 is silent. */
    public EarlyStopping withVerbose(int value) {
        return new EarlyStopping(monitorName, minDelta, patience, value, mode, baseline, restoreBestWeights,
                startFromEpoch, out);
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping withMode(String value) {
        return new EarlyStopping(monitorName, minDelta, patience, verbose, value, baseline, restoreBestWeights,
                startFromEpoch, out);
    }

    /** A value the monitored quantity must beat for the wait to reset; {@code null} for none. */
    public EarlyStopping withBaseline(Double value) {
        return new EarlyStopping(monitorName, minDelta, patience, verbose, mode, value, restoreBestWeights,
                startFromEpoch, out);
    }

    /** Whether to load the best epoch's weights back when training ends. */
    public EarlyStopping withRestoreBestWeights(boolean value) {
        return new EarlyStopping(monitorName, minDelta, patience, verbose, mode, baseline, value, startFromEpoch,
                out);
    }

    /** Epochs to train before watching (a warm-up). */
    public EarlyStopping withStartFromEpoch(int value) {
        return new EarlyStopping(monitorName, minDelta, patience, verbose, mode, baseline, restoreBestWeights, value,
                out);
    }

    /** Where verbose messages go (default {@code System.out}). */
    public EarlyStopping withOutput(PrintStream value) {
        return new EarlyStopping(monitorName, minDelta, patience, verbose, mode, baseline, restoreBestWeights,
                startFromEpoch, value);
    }

    @Override
    public void setModel(TrainingModel model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        monitor.maximise(); // fails now, before any step, if auto mode cannot tell the direction
        wait = 0;
        stoppedEpoch = 0;
        best = null;
        bestWeights = null;
        bestEpoch = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (epoch < startFromEpoch) {
            return;
        }
        double current = monitor.value(logs);
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = copyWeights(); // until something improves, the first watched weights are the best
            bestEpoch = epoch;
        }
        wait++;
        if (monitor.isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = copyWeights();
            }
            if (baseline == null || monitor.isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            requireModel().stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            out.print("Epoch " + (stoppedEpoch + 1) + ": early stopping\n");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) {
                out.print("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".\n");
            }
            requireModel().loadStateDict(bestWeights);
        }
    }

    private Map<String, Tensor> copyWeights() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        requireModel().stateDict().forEach((name, t) -> copy.put(name, t.detach()));
        return copy;
    }

    private TrainingModel requireModel() {
        if (model == null) {
            throw new IllegalStateException("EarlyStopping: no model set (fit calls setModel before training)");
        }
        return model;
    }

    /** The epoch (from 0) at which training was stopped, or 0 when it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) with the best monitored value so far. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far, or {@code null} before the first watched epoch. */
    public Double best() {
        return best;
    }

    /** Epochs since the last counted improvement. */
    public int waitCount() {
        return wait;
    }
}
