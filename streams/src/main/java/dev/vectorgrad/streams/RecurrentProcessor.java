package dev.vectorgrad.streams;

import dev.vectorgrad.models.serving.StepModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processor of one task, made by {@link RecurrentInference#get()}: reads the key's state from the store, runs the
 * record's steps on the shared model with this task's workspace, writes the state back and forwards the output. Per
 * record it allocates only the state array it hands to the store (the store may keep it) and what the output and Kafka
 * itself make.
 *
 * <p>It registers the metric {@value #PROVIDER_METRIC} (group {@value #METRIC_GROUP}, tags {@code thread-id},
 * {@code task-id}, {@code provider}): 1 when the instance runs the vector kernels, 0 for scalar.
 *
 * @param <K> the record key
 * @param <V> the record value
 * @param <R> the forwarded value
 */
public final class RecurrentProcessor<K, V, R> implements Processor<K, V, K, R> {

    /** The metric group of this processor's metrics. */
    public static final String METRIC_GROUP = "vectorgrad-streams-metrics";
    /** The kernel provider metric's name. */
    public static final String PROVIDER_METRIC = "kernel-provider-vector";

    private final RecurrentInference<K, V, R> config;
    private final StepModel steps;
    private final StateCodec codec;
    private final StepModel.State state;
    private final float[] saved;
    private final float[] features;
    private final int featureSize;
    private ProcessorContext<K, R> context;
    private KeyValueStore<K, byte[]> store;
    private Sensor providerSensor;
    private Cancellable eviction;
    /** The key's step count after the last {@link #advance}. */
    private long lastSteps;

    RecurrentProcessor(RecurrentInference<K, V, R> config) {
        this.config = config;
        this.steps = config.model.stepModel();
        this.codec = config.codec;
        this.state = steps.newState();
        this.saved = new float[codec.stateFloats()];
        this.featureSize = steps.featureSize();
        this.features = new float[config.maxSteps * featureSize];
    }

    @Override
    public void init(ProcessorContext<K, R> context) {
        this.context = context;
        this.store = context.getStateStore(config.storeName);
        String thread = Thread.currentThread().getName();
        String task = context.taskId().toString();
        double vector = config.kernelProvider.equals("vector") ? 1 : 0;
        providerSensor = context.metrics().addSensor("vectorgrad." + thread + "." + task + ".kernel-provider",
                Sensor.RecordingLevel.INFO);
        providerSensor.add(new MetricName(PROVIDER_METRIC, METRIC_GROUP, "1 when vectorgrad runs its vector (SIMD)"
                + " kernels in this instance, 0 for scalar; the provider tag names it",
                Map.of("thread-id", thread, "task-id", task, "provider", config.kernelProvider)), new Constant(vector));
        if (config.idleTimeout != null) {
            eviction = context.schedule(config.idleCheck, config.idleClock, this::evictIdle);
        }
    }

    @Override
    public void process(Record<K, V> record) {
        float[] out = advance(record.key(), record.value(), record.timestamp());
        context.forward(record.withValue(config.output.output(record.key(), record.value(), out, lastSteps)));
    }

    /**
     * One record's work without the forward: the key's state in, the record's steps, the state out. Returns the
     * model's output (this task's buffer).
     */
    float[] advance(K key, V value, long timestamp) {
        if (key == null) {
            throw new IllegalArgumentException("RecurrentInference: a record without a key has no recurrent state"
                    + " (store " + config.storeName + "); filter or key records before this processor");
        }
        long count = load(key, store.get(key));
        int n = config.input.write(value, features, featureSize);
        if (n < 1 || n > config.maxSteps) {
            throw new IllegalArgumentException("RecurrentInference: the input wrote " + n + " steps for key " + key
                    + ", expected 1 to maxSteps " + config.maxSteps);
        }
        float[] out = null;
        for (int t = 0; t < n; t++) {
            out = steps.step(state, features, t * featureSize);
        }
        lastSteps = count + n;
        state.save(0, saved, 0);
        store.put(key, codec.encode(saved, lastSteps, timestamp));
        return out;
    }

    /** Sets the workspace state from the stored bytes (or zero) and returns the key's step count. */
    private long load(K key, byte[] stored) {
        if (stored == null) {
            state.reset();
            return 0;
        }
        switch (codec.match(stored)) {
            case SAME_MODEL -> {
                return continueFrom(stored);
            }
            case OTHER_MODEL_SAME_LAYOUT -> {
                switch (config.upgrade) {
                    case KEEP_WHEN_SHAPES_MATCH -> {
                        return continueFrom(stored);
                    }
                    case RESET -> {
                        state.reset();
                        return 0;
                    }
                    default -> throw new StateMismatchException("RecurrentInference: key " + key + " (store "
                            + config.storeName + "): " + codec.describe(stored) + "; the state was written by another"
                            + " model and modelUpgrade is FAIL");
                }
            }
            default -> {
                if (config.incompatible == IncompatibleState.RESET) {
                    state.reset();
                    return 0;
                }
                throw new StateMismatchException("RecurrentInference: key " + key + " (store " + config.storeName
                        + "): " + codec.describe(stored) + "; incompatibleState is FAIL");
            }
        }
    }

    private long continueFrom(byte[] stored) {
        codec.decode(stored, saved);
        state.load(0, saved, 0);
        return StateCodec.steps(stored);
    }

    /** Deletes the keys whose last record is older than the timeout at {@code now}. */
    private void evictIdle(long now) {
        long oldest = now - config.idleTimeout.toMillis();
        List<K> idle = new ArrayList<>();
        try (KeyValueIterator<K, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<K, byte[]> e = all.next();
                if (StateCodec.readable(e.value) && StateCodec.lastSeen(e.value) < oldest) {
                    idle.add(e.key);
                }
            }
        }
        for (K key : idle) {
            store.delete(key);
        }
    }

    @Override
    public void close() {
        if (eviction != null) {
            eviction.cancel();
        }
        if (providerSensor != null) {
            context.metrics().removeSensor(providerSensor);
        }
    }

    /** A metric whose value is fixed. */
    private record Constant(double value) implements MeasurableStat {
        @Override
        public void record(MetricConfig config, double v, long timeMs) {
            throw new UnsupportedOperationException("the kernel provider metric is a constant; nothing records it");
        }

        @Override
        public double measure(MetricConfig config, long now) {
            return value;
        }
    }
}
