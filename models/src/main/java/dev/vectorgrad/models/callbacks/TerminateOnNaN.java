package dev.vectorgrad.models.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras's {@code TerminateOnNaN}: watches the running {@code loss} after every training batch and, when it is NaN or
 * infinite, stops training, naming where: by default it prints {@code Epoch 3, batch 17: invalid loss nan,
 * terminating training} and calls {@link TrainingModel#stopTraining()} (Keras 3 breaks out of the epoch at once,
 * then ends {@code fit}); with {@code raiseError} true it throws an {@link InvalidLossException} carrying the epoch,
 * the batch and the value instead (Keras's {@code raise_error=True}). The epoch counts from 1, as Keras's
 * {@code Epoch N} messages do; the batch is its index within the epoch, from 0, as Keras's message has it.
 */
public final class TerminateOnNaN implements Callback {

    private final boolean raiseError;
    private final PrintStream out;

    private TrainingModel model;
    private int epoch;

    /** Stops training and prints the message (Keras's default, {@code raise_error=False}). */
    public TerminateOnNaN() {
        this(false, System.out);
    }

    private TerminateOnNaN(boolean raiseError, PrintStream out) {
        if (out == null) {
            throw new IllegalArgumentException("TerminateOnNaN: output must not be null");
        }
        this.raiseError = raiseError;
        this.out = out;
    }

    /** Throw an {@link InvalidLossException} instead of stopping quietly. */
    public TerminateOnNaN withRaiseError(boolean value) {
        return new TerminateOnNaN(value, out);
    }

    /** Where the message goes (default {@code System.out}). */
    public TerminateOnNaN withOutput(PrintStream value) {
        return new TerminateOnNaN(raiseError, value);
    }

    @Override
    public void setModel(TrainingModel model) {
        this.model = model;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs == null ? null : logs.get("loss");
        if (loss == null || Double.isFinite(loss)) {
            return;
        }
        if (raiseError) {
            throw new InvalidLossException(epoch, batch, loss);
        }
        out.print("Epoch " + (epoch + 1) + ", batch " + batch + ": invalid loss " + KerasFormat.repr(loss)
                + ", terminating training\n");
        out.flush();
        if (model == null) {
            throw new IllegalStateException("TerminateOnNaN: no model set (fit calls setModel before training)");
        }
        model.stopTraining();
    }
}
