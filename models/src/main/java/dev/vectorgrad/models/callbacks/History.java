package dev.vectorgrad.models.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a {@code fit} run, as Keras's {@code History} (what {@code fit} returns): each epoch's logs by name
 * ({@code history()}: {@code "loss" -> [per epoch]}, {@code "val_loss" -> ...}), the epoch numbers, and the run's
 * params. Starting a new training run clears it.
 */
public final class History implements Callback {

    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();
    private TrainingParams params;

    /** An empty record; {@code fit} makes one per run. */
    public History() {}

    @Override
    public void setParams(TrainingParams params) {
        this.params = params;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        history.clear();
        epochs.clear();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        if (logs != null) {
            for (Map.Entry<String, Double> e : logs.entrySet()) {
                history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
    }

    /** Keras's {@code history.history}: each name's values, one per epoch that logged it, in epoch order. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> view = new LinkedHashMap<>();
        history.forEach((k, v) -> view.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(view);
    }

    /**
     * The values of one name, one per epoch.
     *
     * @throws IllegalArgumentException if no epoch logged it, naming the names that were logged
     */
    public List<Double> get(String name) {
        List<Double> values = history.get(name);
        if (values == null) {
            throw new IllegalArgumentException("history has no '" + name + "', it has " + history.keySet());
        }
        return Collections.unmodifiableList(values);
    }

    /** Keras's {@code history.epoch}: the epochs that ended, counting from 0. */
    public List<Integer> epoch() {
        return Collections.unmodifiableList(epochs);
    }

    /** Keras's {@code history.params}, or {@code null} before training. */
    public TrainingParams params() {
        return params;
    }
}
