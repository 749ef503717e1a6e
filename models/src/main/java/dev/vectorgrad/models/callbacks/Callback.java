package dev.vectorgrad.models.callbacks;

import java.util.Map;

/**
 * Code that {@code fit} (and {@code evaluate}) calls at fixed points, as a Keras {@code Callback}. Every method
 * does nothing unless overridden. Epochs and batches count from 0, as in Keras; {@code logs} map metric names
 * ({@code "loss"}, {@code "accuracy"}, {@code "val_loss"}, ...) to running or final values and are read-only.
 */
public interface Callback {

    /** Called once before training, with the model being trained. */
    default void setModel(TrainingModel model) {}

    /** Called once before training, with the run's sizes. */
    default void setParams(TrainingParams params) {}

    default void onTrainBegin(Map<String, Double> logs) {}

    default void onTrainEnd(Map<String, Double> logs) {}

    default void onEpochBegin(int epoch, Map<String, Double> logs) {}

    /** {@code logs} holds the epoch's training metrics and, when there is validation, the {@code val_} ones. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    default void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

    /** {@code logs} holds the running epoch averages after this batch. */
    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

    default void onTestBegin(Map<String, Double> logs) {}

    default void onTestEnd(Map<String, Double> logs) {}

    default void onTestBatchEnd(int batch, Map<String, Double> logs) {}
}
