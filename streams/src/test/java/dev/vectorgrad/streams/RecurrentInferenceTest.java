package dev.vectorgrad.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor in a {@link TopologyTestDriver} against the model run directly ({@link TestModels#direct}): states,
 * step counts and outputs bit for bit, for both stores; then the state choices (upgrade, incompatible), idle-key
 * eviction and the kernel metric.
 */
class RecurrentInferenceTest {

    private static final FloatArraySerde FLOATS = new FloatArraySerde();
    private static final StreamModel MODEL = StreamModel.of(TestModels.lstm(16, 1));

    @TempDir
    Path stateDir;

    private static RecurrentInference.Builder<String, float[], float[]> builder(StreamModel model) {
        return RecurrentInference.builder(model, Serdes.String(), StepInput.floats(), StepOutput.<String, float[]>copy())
                .maxSteps(3);
    }

    private static Topology topology(RecurrentInference<String, float[], float[]> inference) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("events", Consumed.with(Serdes.String(), FLOATS)).process(inference)
                .to("scores", Produced.with(Serdes.String(), FLOATS));
        return b.build();
    }

    private TopologyTestDriver driver(RecurrentInference<String, float[], float[]> inference) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "recurrent-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(topology(inference), p);
    }

    private static void pipe(TopologyTestDriver driver, List<TestModels.Event> events) {
        TestInputTopic<String, float[]> in = driver.createInputTopic("events", Serdes.String().serializer(), FLOATS);
        for (TestModels.Event e : events) {
            in.pipeInput(e.key(), e.features(), e.timestamp());
        }
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static Map<String, byte[]> storeContents(TopologyTestDriver driver) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecurrentInference.DEFAULT_STORE);
        Map<String, byte[]> all = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    @ParameterizedTest(name = "persistent store: {0}")
    @ValueSource(booleans = {true, false})
    void statesAndOutputsEqualTheModelRunDirectlyBitForBit(boolean persistent) {
        List<TestModels.Event> events = TestModels.events(600, 25, 3, 7);
        TestModels.Direct direct = TestModels.direct(MODEL, events);
        RecurrentInference.Builder<String, float[], float[]> b = builder(MODEL).modelUpgrade(ModelUpgrade.FAIL);
        RecurrentInference<String, float[], float[]> inference = (persistent ? b.persistent() : b.inMemory()).build();
        try (TopologyTestDriver driver = driver(inference)) {
            pipe(driver, events);
            TestOutputTopic<String, float[]> out = driver.createOutputTopic("scores", Serdes.String().deserializer(),
                    FLOATS);
            List<KeyValue<String, float[]>> outputs = out.readKeyValuesToList();
            assertEquals(events.size(), outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                assertEquals(events.get(i).key(), outputs.get(i).key);
                assertArrayEquals(bits(direct.outputs().get(i)), bits(outputs.get(i).value), "output " + i);
            }
            Map<String, byte[]> stored = storeContents(driver);
            assertEquals(direct.states().keySet(), stored.keySet());
            StateCodec codec = inference.codec();
            for (Map.Entry<String, byte[]> e : stored.entrySet()) {
                float[] state = new float[codec.stateFloats()];
                codec.decode(e.getValue(), state);
                assertArrayEquals(bits(direct.states().get(e.getKey())), bits(state), e.getKey());
                assertEquals(direct.steps().get(e.getKey()), StateCodec.steps(e.getValue()), e.getKey());
                assertEquals(codec.encodedSize(), e.getValue().length);
            }
        }
    }

    /**
     * What the README says of {@code at_least_once}: a record processed again after a crash (here: piped twice) advances
     * its key a second time; the state is that of two steps, not one, and its step count says 2.
     */
    @Test
    void aReplayedRecordAdvancesItsKeyAgain() {
        float[] x = {0.5f, -0.25f, 0.125f, 1f};
        try (TopologyTestDriver driver = driver(builder(MODEL).modelUpgrade(ModelUpgrade.FAIL).build())) {
            pipe(driver, List.of(new TestModels.Event("k", x, 1), new TestModels.Event("k", x, 1)));
            byte[] stored = storeContents(driver).get("k");
            assertEquals(2, StateCodec.steps(stored));
            dev.vectorgrad.models.serving.StepModel.State once = MODEL.stepModel().newState();
            MODEL.stepModel().step(once, x);
            float[] afterOne = new float[MODEL.stateSize()];
            once.save(0, afterOne, 0);
            MODEL.stepModel().step(once, x);
            float[] afterTwo = new float[MODEL.stateSize()];
            once.save(0, afterTwo, 0);
            float[] got = new float[MODEL.stateSize()];
            new StateCodec(MODEL).decode(stored, got);
            assertArrayEquals(bits(afterTwo), bits(got));
            assertNotEquals(java.util.Arrays.toString(bits(afterOne)), java.util.Arrays.toString(bits(got)));
        }
    }

    @Test
    void theKernelProviderIsAMetric() {
        RecurrentInference<String, float[], float[]> inference = builder(MODEL).modelUpgrade(ModelUpgrade.RESET)
                .build();
        assertEquals("vector", inference.kernelProvider(), "surefire runs with --add-modules jdk.incubator.vector");
        try (TopologyTestDriver driver = driver(inference)) {
            List<Map.Entry<MetricName, ? extends Metric>> found = new ArrayList<>();
            for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
                if (e.getKey().name().equals(RecurrentProcessor.PROVIDER_METRIC)) {
                    found.add(e);
                }
            }
            assertEquals(1, found.size(), "one task, one metric");
            assertEquals(RecurrentProcessor.METRIC_GROUP, found.get(0).getKey().group());
            assertEquals("vector", found.get(0).getKey().tags().get("provider"));
            assertEquals("0_0", found.get(0).getKey().tags().get("task-id"));
            assertEquals(1.0, found.get(0).getValue().metricValue());
        }
    }

    @Test
    void noUpgradeChoiceIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder(MODEL).build());
        assertTrue(e.getMessage().contains("modelUpgrade(ModelUpgrade.RESET)"), e.getMessage());
    }

    /**
     * Idle keys go when stream time passes their last record by the timeout: the punctuator runs every 100 ms of stream
     * time and deletes keys last seen more than 1,000 ms before.
     */
    @Test
    void idleKeysAreEvicted() {
        RecurrentInference<String, float[], float[]> inference = builder(MODEL).modelUpgrade(ModelUpgrade.FAIL)
                .idleTimeout(Duration.ofMillis(1000), Duration.ofMillis(100)).build();
        try (TopologyTestDriver driver = driver(inference)) {
            TestInputTopic<String, float[]> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    FLOATS);
            float[] x = {0.1f, -0.2f, 0.3f, 0.4f};
            in.pipeInput("idle", x, 0);
            in.pipeInput("busy", x, 0);
            for (long t = 100; t <= 1000; t += 100) {
                in.pipeInput("busy", x, t);
            }
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecurrentInference.DEFAULT_STORE);
            assertTrue(store.get("idle") != null, "at 1,000 ms 'idle' is exactly the timeout old: kept");
            in.pipeInput("busy", x, 1100);
            assertNull(store.get("idle"), "at 1,100 ms 'idle' is past the timeout");
            assertEquals(12, StateCodec.steps(store.get("busy")));
            in.pipeInput("idle", x, 1200);
            assertEquals(1, StateCodec.steps(store.get("idle")), "an evicted key starts again from zero");
        }
    }

    /** The states model A wrote, as a changelog restore would put them in model B's store. */
    private Map<String, byte[]> runModel(StreamModel model, List<TestModels.Event> events) {
        try (TopologyTestDriver driver = driver(builder(model).modelUpgrade(ModelUpgrade.FAIL).build())) {
            pipe(driver, events);
            return storeContents(driver);
        }
    }

    private TopologyTestDriver restored(RecurrentInference<String, float[], float[]> inference,
                                        Map<String, byte[]> states) {
        TopologyTestDriver driver = driver(inference);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecurrentInference.DEFAULT_STORE);
        states.forEach(store::put);
        return driver;
    }

    @Test
    void anUpgradeKeepsStatesWhenChosenAndTheShapesMatch() {
        StreamModel next = StreamModel.of(TestModels.lstm(16, 2));
        assertNotEquals(MODEL.fingerprint(), next.fingerprint());
        List<TestModels.Event> before = TestModels.events(200, 10, 2, 11);
        List<TestModels.Event> after = TestModels.events(200, 10, 2, 12);
        Map<String, byte[]> old = runModel(MODEL, before);
        RecurrentInference<String, float[], float[]> inference = builder(next)
                .modelUpgrade(ModelUpgrade.KEEP_WHEN_SHAPES_MATCH).build();
        try (TopologyTestDriver driver = restored(inference, old)) {
            pipe(driver, after);
            Map<String, byte[]> stored = storeContents(driver);
            // Directly: the old model's states, then the new model's steps from them.
            TestModels.Direct first = TestModels.direct(MODEL, before);
            for (String key : stored.keySet()) {
                dev.vectorgrad.models.serving.StepModel.State s = next.stepModel().newState();
                if (first.states().containsKey(key)) {
                    s.load(0, first.states().get(key), 0);
                }
                for (TestModels.Event e : after) {
                    if (e.key().equals(key)) {
                        for (int t = 0; t < e.features().length / TestModels.FEATURES; t++) {
                            next.stepModel().step(s, e.features(), t * TestModels.FEATURES);
                        }
                    }
                }
                float[] expected = new float[next.stateSize()];
                s.save(0, expected, 0);
                float[] got = new float[next.stateSize()];
                inference.codec().decode(stored.get(key), got);
                assertArrayEquals(bits(expected), bits(got), key);
                assertEquals(next.fingerprint(), StateCodec.fingerprint(stored.get(key)), "rewritten by the new model");
                long total = first.steps().getOrDefault(key, 0L) + TestModels.direct(next, after).steps().get(key);
                assertEquals(total, StateCodec.steps(stored.get(key)), "the step count carries over");
            }
        }
    }

    @Test
    void anUpgradeResetsStatesWhenChosen() {
        StreamModel next = StreamModel.of(TestModels.lstm(16, 2));
        List<TestModels.Event> before = TestModels.events(200, 10, 2, 11);
        List<TestModels.Event> after = TestModels.events(200, 10, 2, 12);
        RecurrentInference<String, float[], float[]> inference = builder(next).modelUpgrade(ModelUpgrade.RESET).build();
        try (TopologyTestDriver driver = restored(inference, runModel(MODEL, before))) {
            pipe(driver, after);
            TestModels.Direct fresh = TestModels.direct(next, after);
            Map<String, byte[]> stored = storeContents(driver);
            for (Map.Entry<String, float[]> e : fresh.states().entrySet()) {
                float[] got = new float[next.stateSize()];
                inference.codec().decode(stored.get(e.getKey()), got);
                assertArrayEquals(bits(e.getValue()), bits(got), e.getKey());
                assertEquals(fresh.steps().get(e.getKey()), StateCodec.steps(stored.get(e.getKey())));
            }
        }
    }

    @Test
    void anUpgradeFailsWhenChosenNamingBothModels() {
        StreamModel next = StreamModel.of(TestModels.lstm(16, 2));
        List<TestModels.Event> before = TestModels.events(20, 3, 1, 11);
        RecurrentInference<String, float[], float[]> inference = builder(next).modelUpgrade(ModelUpgrade.FAIL).build();
        try (TopologyTestDriver driver = restored(inference, runModel(MODEL, before))) {
            StreamsException e = assertThrows(StreamsException.class, () -> pipe(driver, before));
            StateMismatchException cause = assertInstanceOf(StateMismatchException.class, rootCause(e));
            assertTrue(cause.getMessage().contains("fingerprint " + MODEL.fingerprintHex()), cause.getMessage());
            assertTrue(cause.getMessage().contains("fingerprint " + next.fingerprintHex()), cause.getMessage());
            assertTrue(cause.getMessage().contains("modelUpgrade is FAIL"), cause.getMessage());
        }
    }

    @Test
    void otherShapesAreIncompatibleEvenWhenKeepingIsChosen() {
        StreamModel wider = StreamModel.of(TestModels.lstm(24, 3));
        List<TestModels.Event> events = TestModels.events(20, 3, 1, 11);
        Map<String, byte[]> old = runModel(MODEL, events);
        RecurrentInference<String, float[], float[]> failing = builder(wider)
                .modelUpgrade(ModelUpgrade.KEEP_WHEN_SHAPES_MATCH).build();
        try (TopologyTestDriver driver = restored(failing, old)) {
            StreamsException e = assertThrows(StreamsException.class, () -> pipe(driver, events));
            String m = rootCause(e).getMessage();
            assertTrue(m.contains("layout [layer 0 LSTM h[16], layer 0 LSTM c[16]]"), m);
            assertTrue(m.contains("layout [layer 0 LSTM h[24], layer 0 LSTM c[24]]"), m);
        }
        RecurrentInference<String, float[], float[]> resetting = builder(wider)
                .modelUpgrade(ModelUpgrade.KEEP_WHEN_SHAPES_MATCH).incompatibleState(IncompatibleState.RESET).build();
        try (TopologyTestDriver driver = restored(resetting, old)) {
            pipe(driver, events);
            Map<String, byte[]> stored = storeContents(driver);
            TestModels.Direct fresh = TestModels.direct(wider, events);
            for (Map.Entry<String, Long> e : fresh.steps().entrySet()) {
                assertEquals(e.getValue(), StateCodec.steps(stored.get(e.getKey())), e.getKey());
            }
        }
    }

    @Test
    void bytesThatAreNoStateAreRejectedOrReset() {
        Map<String, byte[]> junk = Map.of("user-0", "not a state".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<TestModels.Event> events = List.of(new TestModels.Event("user-0", new float[] {1, 2, 3, 4}, 5));
        try (TopologyTestDriver driver = restored(builder(MODEL).modelUpgrade(ModelUpgrade.RESET).build(), junk)) {
            String m = rootCause(assertThrows(StreamsException.class, () -> pipe(driver, events))).getMessage();
            assertTrue(m.contains("not a vectorgrad state"), m);
            assertTrue(m.contains("key user-0"), m);
        }
        try (TopologyTestDriver driver = restored(builder(MODEL).modelUpgrade(ModelUpgrade.RESET)
                .incompatibleState(IncompatibleState.RESET).build(), junk)) {
            pipe(driver, events);
            assertEquals(1, StateCodec.steps(storeContents(driver).get("user-0")));
        }
    }

    @Test
    void aRecordWithTooManyStepsIsRejectedNamingTheLimit() {
        try (TopologyTestDriver driver = driver(builder(MODEL).modelUpgrade(ModelUpgrade.RESET).build())) {
            List<TestModels.Event> events = List.of(new TestModels.Event("k", new float[4 * 4], 0));
            String m = rootCause(assertThrows(StreamsException.class, () -> pipe(driver, events))).getMessage();
            assertTrue(m.contains("1 to 3 steps of 4 features, got 16 floats"), m);
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
