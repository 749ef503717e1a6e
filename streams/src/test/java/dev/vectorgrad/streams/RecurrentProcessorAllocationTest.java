package dev.vectorgrad.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.LSTM;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A record's own work in the processor (state in, steps, state out) allocates exactly the state array it hands to the
 * store, nothing else: the workspace, the codec and the model's steps allocate nothing once warm. The store is a plain
 * map (Kafka's stores serialise keys and wrap bytes on their own account, and the forward makes Kafka's record), so
 * what is counted is this module's code. Runs in its own JVM under -Xbatch (the {@code allocation} execution of the
 * pom), then reads the thread's allocation counter.
 */
@Tag("allocation")
class RecurrentProcessorAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Where the calibration keeps its arrays, so that escape analysis cannot remove them. */
    private static byte[] kept;

    @Test
    void aRecordAllocatesOnlyItsStateArray() {
        for (StreamModel model : List.of(StreamModel.of(TestModels.lstm(64, 3)),
                StreamModel.of(new Sequential(new LSTM(32), new Dense(2, "softmax")).inputShape(-1, 4)))) {
            RecurrentInference<String, float[], float[]> inference = RecurrentInference
                    .builder(model, Serdes.String(), StepInput.floats(), (String k, float[] v, float[] out, long n) -> out)
                    .modelUpgrade(ModelUpgrade.FAIL).maxSteps(2).build();
            RecurrentProcessor<String, float[], float[]> processor =
                    (RecurrentProcessor<String, float[], float[]>) inference.get();
            MockProcessorContext<String, float[]> context = new MockProcessorContext<>();
            context.addStateStore(new MapStore(inference.storeName()));
            processor.init(context);
            String[] keys = {"a", "b", "c"};
            float[][] values = {new float[4], new float[8], new float[4]};
            for (int i = 0; i < values.length; i++) {
                for (int j = 0; j < values[i].length; j++) {
                    values[i][j] = (i - j) / 8f;
                }
            }
            int size = inference.codec().encodedSize();
            long perRecord = allocatedPerRun(i -> processor.advance(keys[i % 3], values[i % 3], i));
            long array = allocatedPerRun(i -> kept = new byte[size]);
            assertEquals(array, perRecord, model + ": bytes per record against one byte[" + size + "]");
        }
    }

    private interface Run {
        void run(int i);
    }

    /** Warms {@code run} up, then runs it 2,000 times and returns the bytes allocated per run, rounded down. */
    private static long allocatedPerRun(Run run) {
        for (int i = 0; i < 20_000; i++) {
            run.run(i);
        }
        int measured = 2_000;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measured; i++) {
            run.run(i);
        }
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / measured;
    }

    /** A key-value store over a map: get and put of known keys allocate nothing. */
    private static final class MapStore implements KeyValueStore<String, byte[]> {
        private final String name;
        private final Map<String, byte[]> map = new HashMap<>();

        MapStore(String name) {
            this.name = name;
        }

        @Override
        public void put(String key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(String key, byte[] value) {
            return map.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<String, byte[]>> entries) {
            entries.forEach(e -> map.put(e.key, e.value));
        }

        @Override
        public byte[] delete(String key) {
            return map.remove(key);
        }

        @Override
        public byte[] get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, byte[]> range(String from, String to) {
            throw new UnsupportedOperationException("not used by the processor's record path");
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
            throw new UnsupportedOperationException("not used without idle-key eviction");
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            // nothing to open
        }

        @Override
        public void close() {
            map.clear();
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
