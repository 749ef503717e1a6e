package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.serving.StepModel;
import dev.vectorgrad.streams.FloatArraySerde;
import dev.vectorgrad.streams.ModelUpgrade;
import dev.vectorgrad.streams.RecurrentInference;
import dev.vectorgrad.streams.StateCodec;
import dev.vectorgrad.streams.StepInput;
import dev.vectorgrad.streams.StreamModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-key recurrent inference in Kafka Streams (issue 22), one record per call on the benchmark thread, which plays
 * one stream thread, in Kafka Streams' {@link TopologyTestDriver} (no broker: it measures the processor, the store,
 * the codec, the serdes and Streams' own per-record work, not the network or broker transactions).
 * {@code LSTM(hidden)} over {@code input} features, then {@code Dense(1, sigmoid)}, served by
 * {@code vectorgrad-streams} for 1,000 keys in turn; every key has a state from the warm-up on.
 * <ul>
 *   <li>{@code record_driver}: {@code pipeInput} of one record: key and value serdes, the processor (store get, state
 *       decode, the step, encode, store put with its changelog record), the output record through its serde.
 *       The driver commits after every record (a store flush; under {@code exactly_once_v2} also a transaction of its
 *       mock producer), where an application commits every {@code commit.interval.ms}: an upper bound.
 *   <li>{@code record_store}: what the processor does per record, called on the driver's own store: get, decode,
 *       the step, encode, put (the changelog record included); without the driver's serdes and record handling.
 * </ul>
 * Sample time: JMH's percentiles give p50 and p99 per record; records per second per stream thread are 1 / mean.
 * {@link StreamsStepBench} measures the bare step and the codec on their own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamsBench {

    static final int KEYS = 1_000;

    /** {@code inputxhidden}. */
    @Param({"16x64", "128x256"})
    public String model;

    @Param({"rocksdb", "memory"})
    public String store;

    @Param({"at_least_once", "exactly_once_v2"})
    public String guarantee;

    /** Kernel threads of the fork (Suites sets it; serving steps run on the caller's thread). */
    @Param({"1"})
    public int threads;

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, float[]> in;
    private TestOutputTopic<String, float[]> out;
    private TestOutputTopic<String, byte[]> changelog;
    private KeyValueStore<String, byte[]> kv;
    private String[] keys;
    private float[][] inputs;
    private long time;
    private int next;
    private StepModel steps;
    private StateCodec codec;
    private StepModel.State state;
    private float[] saved;

    /** {@code LSTM(hidden) + Dense(1, sigmoid)} over {@code input} features, weights U(-0.1, 0.1) from a seed. */
    static StreamModel model(String shape) {
        String[] d = shape.split("x");
        int input = Integer.parseInt(d[0]);
        Sequential m = new Sequential(new LSTM(Integer.parseInt(d[1])), new Dense(1, "sigmoid")).inputShape(-1, input);
        long seed = 7;
        for (Layer layer : m.layers()) {
            if (layer instanceof KerasLayer k) {
                List<Tensor> values = new ArrayList<>();
                for (Tensor w : k.getWeights()) {
                    values.add(Tensor.uniform(DType.F32, -0.1, 0.1, seed++, w.shape()));
                }
                k.setWeights(values);
            }
        }
        return StreamModel.of(m);
    }

    /** 16 inputs of {@code features} floats in [-1, 1]. */
    static float[][] inputs(int features) {
        SplittableRandom r = new SplittableRandom(3);
        float[][] x = new float[16][features];
        for (float[] row : x) {
            for (int i = 0; i < features; i++) {
                row[i] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Rnns.checkThreads(threads);
        StreamModel served = model(model);
        RecurrentInference.Builder<String, float[], float[]> b = RecurrentInference.builder(served, Serdes.String(),
                StepInput.floats(), (String k, float[] v, float[] output, long n) -> new float[] {output[0]})
                .modelUpgrade(ModelUpgrade.FAIL).maxSteps(1);
        RecurrentInference<String, float[], float[]> inference = (store.equals("rocksdb") ? b.persistent()
                : b.inMemory()).build();
        StreamsBuilder builder = new StreamsBuilder();
        FloatArraySerde floats = new FloatArraySerde();
        builder.stream("events", Consumed.with(Serdes.String(), floats)).process(inference)
                .to("scores", Produced.with(Serdes.String(), floats));
        stateDir = Files.createTempDirectory("streams-bench");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), p);
        in = driver.createInputTopic("events", Serdes.String().serializer(), floats);
        out = driver.createOutputTopic("scores", new StringDeserializer(), floats);
        changelog = driver.createOutputTopic("bench-" + inference.storeName() + "-changelog", new StringDeserializer(),
                new ByteArrayDeserializer());
        kv = driver.getKeyValueStore(inference.storeName());
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user-" + i;
        }
        inputs = inputs(served.featureSize());
        for (int i = 0; i < KEYS; i++) {
            in.pipeInput(keys[i], inputs[i & 15], time++);
        }
        drain();
        steps = served.stepModel();
        codec = inference.codec();
        state = steps.newState();
        saved = new float[codec.stateFloats()];
    }

    /** Empties the driver's captured output and changelog records, which it would otherwise keep. */
    @TearDown(Level.Iteration)
    public void drain() {
        out.readRecordsToList();
        changelog.readRecordsToList();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Benchmark
    public void record_driver() {
        int i = next++;
        in.pipeInput(keys[i % KEYS], inputs[i & 15], time++);
    }

    @Benchmark
    public float[] record_store() {
        int i = next++;
        String key = keys[i % KEYS];
        byte[] stored = kv.get(key);
        codec.decode(stored, saved);
        state.load(0, saved, 0);
        float[] y = steps.step(state, inputs[i & 15]);
        state.save(0, saved, 0);
        kv.put(key, codec.encode(saved, StateCodec.steps(stored) + 1, time++));
        return y;
    }
}
