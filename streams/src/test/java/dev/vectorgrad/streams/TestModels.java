package dev.vectorgrad.streams;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.serving.StepModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small served models with seeded weights, and the direct per-key run the streams results must equal. */
final class TestModels {

    static final int FEATURES = 4;

    private TestModels() {
    }

    /** LSTM(hidden) then Dense(3, sigmoid) over 4 features, every weight U(-0.5, 0.5) from {@code seed}. */
    static Sequential lstm(int hidden, long seed) {
        Sequential m = new Sequential(new LSTM(hidden), new Dense(3, "sigmoid")).inputShape(-1, FEATURES);
        long s = seed;
        for (Layer layer : m.layers()) {
            if (layer instanceof KerasLayer k) {
                List<Tensor> values = new ArrayList<>();
                for (Tensor w : k.getWeights()) {
                    values.add(Tensor.uniform(DType.F32, -0.5, 0.5, s++, w.shape()));
                }
                k.setWeights(values);
            }
        }
        return m;
    }

    /** One record: its key, features ({@code steps * FEATURES} floats) and timestamp. */
    record Event(String key, float[] features, long timestamp) {
    }

    /** {@code count} records over {@code keys} keys, 1 to {@code maxSteps} steps each, timestamps 10 ms apart. */
    static List<Event> events(int count, int keys, int maxSteps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[(1 + r.nextInt(maxSteps)) * FEATURES];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (r.nextDouble() * 2 - 1);
            }
            events.add(new Event("user-" + r.nextInt(keys), x, 10L * i));
        }
        return events;
    }

    /** Per key, its final state and step count when its records run through {@code model} directly. */
    record Direct(Map<String, float[]> states, Map<String, Long> steps, List<float[]> outputs) {
    }

    static Direct direct(StreamModel model, List<Event> events) {
        StepModel steps = model.stepModel();
        Map<String, StepModel.State> states = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        List<float[]> outputs = new ArrayList<>();
        for (Event e : events) {
            StepModel.State s = states.computeIfAbsent(e.key(), k -> steps.newState());
            float[] out = null;
            for (int t = 0; t < e.features().length / FEATURES; t++) {
                out = steps.step(s, e.features(), t * FEATURES);
            }
            outputs.add(out.clone());
            counts.merge(e.key(), (long) (e.features().length / FEATURES), Long::sum);
        }
        Map<String, float[]> saved = new HashMap<>();
        states.forEach((k, s) -> {
            float[] v = new float[model.stateSize()];
            s.save(0, v, 0);
            saved.put(k, v);
        });
        return new Direct(saved, counts, outputs);
    }
}
