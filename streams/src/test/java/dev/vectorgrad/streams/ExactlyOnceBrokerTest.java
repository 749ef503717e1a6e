package dev.vectorgrad.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exactly_once_v2} against a real broker: an in-process KRaft broker (Kafka's {@link KafkaClusterTestKit}), an
 * application (two stream threads sharing the model, three partitions) that crashes in the middle of the stream (its processor throws on the 1,000th record, with work of the
 * open transaction written to the changelog and the output topic), and a restart on an empty state directory, which
 * restores the states from the changelog. Afterwards every key's state and the set of committed outputs equal the
 * model run directly over the records (what an uninterrupted run gives, bit for bit, as RecurrentInferenceTest
 * shows): no update lost, none applied twice, no output duplicated.
 */
@Tag("broker")
@Timeout(240)
class ExactlyOnceBrokerTest {

    private static final FloatArraySerde FLOATS = new FloatArraySerde();
    private static final StreamModel MODEL = StreamModel.of(TestModels.lstm(16, 5));
    private static final int FIRST = 600;
    private static final int CRASH_AT = 1_000;
    private static final int TOTAL = 1_500;

    private static KafkaClusterTestKit cluster;

    @TempDir
    static Path dirs;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumControllerNodes(1).setNumBrokerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("events", 3, (short) 1), new NewTopic("scores", 3, (short) 1)))
                    .all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The output: the key's step count and the output's bits, so that outputs compare exactly. */
    private static String describe(long steps, float[] output) {
        StringBuilder s = new StringBuilder().append(steps);
        for (float v : output) {
            s.append(':').append(Integer.toHexString(Float.floatToRawIntBits(v)));
        }
        return s.toString();
    }

    private KafkaStreams start(String stateDir, StepInput<float[]> input) {
        RecurrentInference<String, float[], String> inference = RecurrentInference
                .builder(MODEL, Serdes.String(), input, (String k, float[] v, float[] out, long n) -> describe(n, out))
                .modelUpgrade(ModelUpgrade.FAIL).maxSteps(2).build();
        StreamsBuilder b = new StreamsBuilder();
        b.stream("events", Consumed.with(Serdes.String(), FLOATS)).process(inference)
                .to("scores", Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-crash");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dirs.resolve(stateDir).toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2); // two threads share the one model
        // A crashed member stays in the group until its session times out (Streams does not leave on close): the
        // broker's least, 6 s, rather than the default 45 s, keeps the test short.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        KafkaStreams streams = new KafkaStreams(b.build(), p);
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                .SHUTDOWN_CLIENT);
        streams.start();
        return streams;
    }

    private static void produce(List<TestModels.Event> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, float[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                FLOATS.serializer())) {
            long base = System.currentTimeMillis();
            for (TestModels.Event e : events) {
                producer.send(new ProducerRecord<>("events", null, base + e.timestamp(), e.key(), e.features()));
            }
            producer.flush();
        }
    }

    /** Reads committed outputs until {@code count} have come, then 1 s more to see that no others follow. */
    private static List<String> committedOutputs(KafkaConsumer<String, String> consumer, List<String> seen, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                seen.add(r.key() + "|" + r.value());
            }
            if (seen.size() >= count && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        return seen;
    }

    @Test
    void aCrashMidStreamLosesNoUpdateAndCountsNoRecordTwice() throws Exception {
        List<TestModels.Event> events = TestModels.events(TOTAL, 30, 2, 21);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "checker");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> outputs = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("scores"));

            AtomicInteger processed = new AtomicInteger();
            StepInput<float[]> floats = StepInput.floats();
            StepInput<float[]> crashing = (value, buffer, n) -> {
                if (processed.incrementAndGet() == CRASH_AT) {
                    throw new IllegalStateException("simulated crash at record " + CRASH_AT);
                }
                return floats.write(value, buffer, n);
            };
            long t0 = System.nanoTime();
            KafkaStreams first = start("first", crashing);
            produce(events.subList(0, FIRST));
            committedOutputs(consumer, outputs, FIRST);
            assertEquals(FIRST, outputs.size(), "the first records' outputs, committed before the crash");
            System.out.printf("T first outputs %.1f s%n", (System.nanoTime() - t0) / 1e9);
            produce(events.subList(FIRST, TOTAL));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first.state() != KafkaStreams.State.ERROR && first.state() != KafkaStreams.State.NOT_RUNNING
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(KafkaStreams.State.ERROR, first.state(), "the application crashed");
            System.out.printf("T crashed %.1f s%n", (System.nanoTime() - t0) / 1e9);
            first.close(Duration.ofSeconds(10));
            System.out.printf("T closed %.1f s%n", (System.nanoTime() - t0) / 1e9);
            assertTrue(processed.get() >= CRASH_AT, "it crashed at record " + CRASH_AT + ", after " + processed.get());

            KafkaStreams second = start("second", StepInput.floats());
            try {
                committedOutputs(consumer, outputs, TOTAL);
                System.out.printf("T all outputs %.1f s%n", (System.nanoTime() - t0) / 1e9);
                TestModels.Direct direct = TestModels.direct(MODEL, events);
                Set<String> expected = new HashSet<>();
                Map<String, Long> steps = new HashMap<>();
                for (int i = 0; i < TOTAL; i++) {
                    TestModels.Event e = events.get(i);
                    long n = steps.merge(e.key(), (long) (e.features().length / TestModels.FEATURES), Long::sum);
                    expected.add(e.key() + "|" + describe(n, direct.outputs().get(i)));
                }
                assertEquals(TOTAL, outputs.size(), "no output lost or duplicated");
                assertEquals(expected, new HashSet<>(outputs), "the committed outputs");

                ReadOnlyKeyValueStore<String, byte[]> store = second.store(StoreQueryParameters
                        .fromNameAndType(RecurrentInference.DEFAULT_STORE, QueryableStoreTypes.keyValueStore()));
                StateCodec codec = new StateCodec(MODEL);
                Map<String, byte[]> stored = new HashMap<>();
                try (KeyValueIterator<String, byte[]> it = store.all()) {
                    it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
                }
                assertEquals(direct.states().keySet(), stored.keySet());
                for (Map.Entry<String, byte[]> e : stored.entrySet()) {
                    float[] state = new float[codec.stateFloats()];
                    codec.decode(e.getValue(), state);
                    assertEquals(java.util.Arrays.toString(RecurrentInferenceTest.bits(direct.states().get(e.getKey()))),
                            java.util.Arrays.toString(RecurrentInferenceTest.bits(state)), e.getKey());
                    assertEquals(direct.steps().get(e.getKey()), StateCodec.steps(e.getValue()), e.getKey());
                }
            } finally {
                second.close(Duration.ofSeconds(10));
            }
        }
    }
}
