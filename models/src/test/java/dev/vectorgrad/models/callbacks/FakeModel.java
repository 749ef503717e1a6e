package dev.vectorgrad.models.callbacks;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.optimizers.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted stand-in for a model under training: one weight {@code w} whose value the test sets, an optimizer that
 * only holds a learning rate, and records of every stop, load and save.
 */
final class FakeModel implements TrainingModel {

    final Tensor w = Tensor.of(new float[] {0f}, 1);
    final List<Integer> stops = new ArrayList<>();
    final List<Map<String, Tensor>> loads = new ArrayList<>();
    final List<String> saves = new ArrayList<>();
    final FakeOptimizer optimizer = new FakeOptimizer();
    int epoch;

    @Override
    public void stopTraining() {
        stops.add(epoch);
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", w);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> weights) {
        loads.add(weights);
        w.set(0, weights.get("w").get(0));
    }

    @Override
    public void save(Path file) throws IOException {
        saves.add("model " + file.getFileName());
        Files.writeString(file, "model");
    }

    @Override
    public void saveWeights(Path file) throws IOException {
        saves.add("weights " + file.getFileName());
        Files.writeString(file, "weights");
    }

    static final class FakeOptimizer implements Optimizer {
        double lr = 1.0;

        @Override
        public void build(List<Tensor> variables) {}

        @Override
        public void apply() {}

        @Override
        public double learningRate() {
            return lr;
        }

        @Override
        public void setLearningRate(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("bad lr " + value);
            }
            lr = value;
        }

        @Override
        public long iterations() {
            return 0;
        }

        @Override
        public List<Tensor> variables() {
            return List.of();
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }
}
