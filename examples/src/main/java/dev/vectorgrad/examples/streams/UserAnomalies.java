package dev.vectorgrad.examples.streams;

import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.streams.FloatArraySerde;
import dev.vectorgrad.streams.KernelCheck;
import dev.vectorgrad.streams.ModelUpgrade;
import dev.vectorgrad.streams.RecurrentInference;
import dev.vectorgrad.streams.StepInput;
import dev.vectorgrad.streams.StreamModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Per-user anomaly scoring in Kafka Streams. Trains an {@code LSTM(32) + Dense(1, sigmoid)} on generated card payments
 * ({@link UserEvents}: whether a payment is unusual shows only against the user's own history), then serves it with
 * {@code vectorgrad-streams}: topic {@code payments} (key: user, value: the payment's 3 features) through
 * {@link RecurrentInference} (each payment advances its user's LSTM state by one step, {@code exactly_once_v2}) to
 * topic {@code scores} (value: {@code "<step> <probability>"}). It produces the stream, reads the scores back and
 * prints how well they separate the anomalies it injected. Without {@code --bootstrap-servers} it starts a
 * one-node KRaft broker inside this JVM first (Kafka's test kit).
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.streams.UserAnomalies
 * ... -Dargs="--bootstrap-servers broker1:9092 --partitions 6 --threads 2"
 * </pre>
 */
@Command(name = "UserAnomalies", sortOptions = false,
        description = "Scores each user's payments for anomalies with a per-user LSTM state in Kafka Streams.")
public final class UserAnomalies implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--users", description = "users in the generated stream [${DEFAULT-VALUE}]", defaultValue = "200")
    int users;

    @Option(names = "--events", description = "payments to stream [${DEFAULT-VALUE}]", defaultValue = "20000")
    int events;

    @Option(names = "--train", description = "training windows of 24 payments [${DEFAULT-VALUE}]",
            defaultValue = "3000")
    int trainWindows;

    @Option(names = "--epochs", description = "training epochs [${DEFAULT-VALUE}]", defaultValue = "6")
    int epochs;

    @Option(names = "--partitions", description = "partitions of the payments topic [${DEFAULT-VALUE}]",
            defaultValue = "4")
    int partitions;

    @Option(names = "--threads", description = "stream threads [${DEFAULT-VALUE}]", defaultValue = "2")
    int threads;

    @Option(names = "--bootstrap-servers", description = "a running cluster's brokers; without it, an in-process"
            + " broker")
    String bootstrap;

    @Option(names = "--state-dir", description = "Kafka Streams' state directory [a new temporary one]")
    Path stateDir;

    @Mixin
    SeedOption seeding;

    static final int WINDOW = 24;

    /** What a run measured. */
    record Result(int scored, int anomalies, double auc, double precision, double recall, double recordsPerSecond,
                  int stateBytes, String provider) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new UserAnomalies()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    Result run() throws Exception {
        long seed = seeding.value();
        Sequential model = train(seed);
        StreamModel served = StreamModel.of(model);
        System.out.println("served: " + served + ", kernels: " + KernelCheck.provider());
        if (bootstrap != null) {
            return stream(bootstrap, served, seed);
        }
        System.out.println("starting a one-node KRaft broker in this JVM (--bootstrap-servers to use a cluster)");
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumControllerNodes(1).setNumBrokerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return stream(cluster.bootstrapServers(), served, seed);
        }
    }

    /** Trains the scorer on windows of {@value #WINDOW} payments: is the last one anomalous? */
    private Sequential train(long seed) {
        UserEvents gen = new UserEvents(users, seed + 1);
        float[][][] x = new float[trainWindows][WINDOW][UserEvents.FEATURES];
        float[][] y = new float[trainWindows][1];
        for (int i = 0; i < trainWindows; i++) {
            int u = gen.user();
            for (int t = 0; t < WINDOW - 1; t++) {
                gen.next(u, x[i][t], 0);
            }
            // The label is the last payment's; half of them are anomalous, so that both classes weigh alike.
            y[i][0] = gen.next(u, x[i][WINDOW - 1], 0, 0.5) ? 1 : 0;
        }
        Sequential model = new Sequential(new Input(WINDOW, UserEvents.FEATURES), new LSTM(32),
                new Dense(1, "sigmoid"));
        model.compile("adam", "binary_crossentropy");
        System.out.printf(Locale.ROOT, "training LSTM(32) + Dense(1, sigmoid) on %d windows of %d payments, %d"
                + " epochs%n", trainWindows, WINDOW, epochs);
        model.fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(32).seed(seed).verbose(0));
        return model;
    }

    private Result stream(String servers, StreamModel served, long seed) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (NewTopic topic : List.of(new NewTopic("payments", partitions, (short) 1),
                    new NewTopic("scores", partitions, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    System.out.println("topic " + topic.name() + " exists; using it");
                }
            }
        }
        RecurrentInference<String, float[], String> inference = RecurrentInference
                .builder(served, Serdes.String(), StepInput.floats(),
                        (String user, float[] payment, float[] out, long step) -> step + " " + out[0])
                .modelUpgrade(ModelUpgrade.RESET).maxSteps(1).build();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("payments", Consumed.with(Serdes.String(), new FloatArraySerde())).process(inference)
                .to("scores", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vectorgrad-user-anomalies");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                (stateDir != null ? stateDir : Files.createTempDirectory("vectorgrad-streams")).toString());

        // The stream: per user, in order; what was injected is remembered by (user, step).
        UserEvents gen = new UserEvents(users, seed + 1);
        Map<String, Boolean> truth = new HashMap<>();
        Map<String, Integer> steps = new HashMap<>();
        List<ProducerRecord<String, float[]>> records = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            int u = gen.user();
            float[] x = new float[UserEvents.FEATURES];
            boolean anomalous = gen.next(u, x, 0);
            String user = "user-" + u;
            int step = steps.merge(user, 1, Integer::sum);
            truth.put(user + " " + step, anomalous);
            records.add(new ProducerRecord<>("payments", user, x));
        }

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long start = System.nanoTime();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            try (KafkaProducer<String, float[]> producer = new KafkaProducer<>(pp, new StringSerializer(),
                    new FloatArraySerde())) {
                records.forEach(producer::send);
            }
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "vectorgrad-user-anomalies-reader-" + System.nanoTime());
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<double[]> scored = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("scores"));
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (scored.size() < events && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        String[] parts = r.value().split(" ");
                        Boolean anomalous = truth.get(r.key() + " " + parts[0]);
                        if (anomalous == null) {
                            throw new IllegalStateException("score for " + r.key() + " step " + parts[0]
                                    + " matches no payment of this run (is the topic shared with an earlier run?)");
                        }
                        scored.add(new double[] {Double.parseDouble(parts[1]), anomalous ? 1 : 0});
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (scored.size() < events) {
                throw new IllegalStateException("read " + scored.size() + " scores of " + events + " in 5 minutes");
            }
            Result result = summarize(scored, events / seconds, inference.codec().encodedSize(),
                    inference.kernelProvider());
            print(result, seconds);
            return result;
        }
    }

    private static Result summarize(List<double[]> scored, double rate, int stateBytes, String provider) {
        int positives = 0;
        int flagged = 0;
        int hits = 0;
        for (double[] s : scored) {
            positives += (int) s[1];
            if (s[0] > 0.5) {
                flagged++;
                hits += (int) s[1];
            }
        }
        // AUC: the chance that a random anomaly scores above a random normal payment (ties count half).
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                rankSum += sorted.get(k)[1] * rank;
            }
            i = j;
        }
        int negatives = scored.size() - positives;
        double auc = positives == 0 || negatives == 0 ? Double.NaN
                : (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        return new Result(scored.size(), positives, auc, flagged == 0 ? 0 : (double) hits / flagged,
                positives == 0 ? 0 : (double) hits / positives, rate, stateBytes, provider);
    }

    private static void print(Result r, double seconds) {
        System.out.printf(Locale.ROOT, "%nscored %d payments in %.1f s (%.0f records/s end to end, produce to"
                + " committed score), %d injected anomalies%n", r.scored(), seconds, r.recordsPerSecond(),
                r.anomalies());
        System.out.printf(Locale.ROOT, "AUC %.3f; above 0.5: precision %.2f, recall %.2f%n", r.auc(), r.precision(),
                r.recall());
        System.out.printf(Locale.ROOT, "state per user: %d bytes; kernels: %s%n", r.stateBytes(), r.provider());
    }
}
