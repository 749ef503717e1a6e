package dev.vectorgrad.models.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Several callbacks run as one, in list order, as Keras's {@code CallbackList}: {@code fit} calls this one object.
 * Each call reaches every callback; an exception from one stops the call there and propagates.
 */
public final class CallbackList implements Callback {

    private final List<Callback> callbacks;

    /** @throws IllegalArgumentException if a callback is null, naming its position */
    public CallbackList(List<? extends Callback> callbacks) {
        this.callbacks = Collections.unmodifiableList(checked(callbacks));
    }

    private static List<Callback> checked(List<? extends Callback> callbacks) {
        if (callbacks == null) {
            throw new IllegalArgumentException("callbacks is null");
        }
        List<Callback> copy = new ArrayList<>(callbacks.size());
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) == null) {
                throw new IllegalArgumentException("callback " + i + " is null");
            }
            copy.add(callbacks.get(i));
        }
        return copy;
    }

    /**
     * The list {@code fit} runs, as Keras builds it: the user's callbacks in order, then a {@link History} unless
     * one is among them, then (when {@code addProgbar}, i.e. verbose is not 0) a {@link ProgbarLogger} on
     * {@code System.out} unless one is among them. Find them again with {@link #history()} and {@link #progbar()}.
     */
    public static CallbackList forFit(List<? extends Callback> callbacks, boolean addProgbar) {
        List<Callback> all = checked(callbacks);
        if (all.stream().noneMatch(c -> c instanceof History)) {
            all.add(new History());
        }
        if (addProgbar && all.stream().noneMatch(c -> c instanceof ProgbarLogger)) {
            all.add(new ProgbarLogger());
        }
        return new CallbackList(all);
    }

    /** The first {@link History} in the list, or {@code null}. */
    public History history() {
        for (Callback c : callbacks) {
            if (c instanceof History h) {
                return h;
            }
        }
        return null;
    }

    /** The first {@link ProgbarLogger} in the list, or {@code null}. */
    public ProgbarLogger progbar() {
        for (Callback c : callbacks) {
            if (c instanceof ProgbarLogger p) {
                return p;
            }
        }
        return null;
    }

    /** The callbacks, in call order. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    @Override
    public void setModel(TrainingModel model) {
        for (Callback c : callbacks) {
            c.setModel(model);
        }
    }

    @Override
    public void setParams(TrainingParams params) {
        for (Callback c : callbacks) {
            c.setParams(params);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochBegin(epoch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onEpochEnd(epoch, logs);
        }
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchBegin(batch, logs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTrainBatchEnd(batch, logs);
        }
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBegin(logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestEnd(logs);
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        for (Callback c : callbacks) {
            c.onTestBatchEnd(batch, logs);
        }
    }
}
