package dev.vectorgrad.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@link ProcessorSupplier} of per-key recurrent inference: each record advances its key's recurrent state by the
 * steps it carries and forwards the model's output. It brings its own state store, so
 * {@code builder.stream("events").process(inference)} (or {@code Topology.addProcessor}) is all a topology needs.
 *
 * <pre>{@code
 * StreamModel model = StreamModel.load(Path.of("model.safetensors"));      // once per application instance
 * RecurrentInference<String, float[], float[]> inference = RecurrentInference
 *         .builder(model, Serdes.String(), StepInput.floats(), StepOutput.copy())
 *         .modelUpgrade(ModelUpgrade.RESET)
 *         .idleTimeout(Duration.ofHours(24), Duration.ofMinutes(5))
 *         .build();                                                        // fails here without the vector kernels
 * builder.stream("events", Consumed.with(Serdes.String(), floatsSerde))
 *        .process(inference)
 *        .to("scores", Produced.with(Serdes.String(), floatsSerde));
 * }</pre>
 *
 * <p><b>Threads and memory.</b> The model is immutable and shared by every task of every stream thread; each task
 * gets its own processor with one workspace (a step state and buffers, made once). Steps run on the stream thread
 * (the serving kernels use one thread), so a stream thread is one core.
 *
 * <p><b>Failure model.</b> The state write goes to the store and its changelog topic, the output downstream: under
 * {@code exactly_once_v2} both commit with the input offset in one transaction, so after a crash each record advances
 * its key exactly once. Under {@code at_least_once} a record processed again after a crash advances its key a second
 * time (see the README).
 *
 * @param <K> the record key: one recurrent state per key
 * @param <V> the record value: the steps' features ({@link StepInput})
 * @param <R> the forwarded value ({@link StepOutput})
 */
public final class RecurrentInference<K, V, R> implements ProcessorSupplier<K, V, K, R> {

    /** The store's name unless {@link Builder#storeName} sets another. */
    public static final String DEFAULT_STORE = "vectorgrad-recurrent-state";

    final StreamModel model;
    final StateCodec codec;
    final StepInput<V> input;
    final StepOutput<K, V, R> output;
    final String storeName;
    final int maxSteps;
    final ModelUpgrade upgrade;
    final IncompatibleState incompatible;
    final Duration idleTimeout;
    final Duration idleCheck;
    final PunctuationType idleClock;
    final String kernelProvider;
    private final StoreBuilder<KeyValueStore<K, byte[]>> store;

    private RecurrentInference(Builder<K, V, R> b) {
        this.kernelProvider = KernelCheck.require(b.allowScalar);
        if (b.upgrade == null) {
            throw new IllegalStateException("RecurrentInference: choose what a state written by another model"
                    + " becomes: modelUpgrade(ModelUpgrade.RESET), KEEP_WHEN_SHAPES_MATCH or FAIL");
        }
        this.model = b.model;
        this.codec = new StateCodec(b.model);
        this.input = b.input;
        this.output = b.output;
        this.storeName = b.storeName;
        this.maxSteps = b.maxSteps;
        this.upgrade = b.upgrade;
        this.incompatible = b.incompatible;
        this.idleTimeout = b.idleTimeout;
        this.idleCheck = b.idleCheck;
        this.idleClock = b.idleClock;
        KeyValueBytesStoreSupplier bytes = b.persistent ? Stores.persistentKeyValueStore(storeName)
                : Stores.inMemoryKeyValueStore(storeName);
        StoreBuilder<KeyValueStore<K, byte[]>> sb = Stores.keyValueStoreBuilder(bytes, b.keySerde, Serdes.ByteArray());
        this.store = b.logging ? sb : sb.withLoggingDisabled();
    }

    /**
     * A builder for {@code model}, keys serialised by {@code keySerde} (in the store), values read by {@code input},
     * outputs made by {@code output}.
     */
    public static <K, V, R> Builder<K, V, R> builder(StreamModel model, Serde<K> keySerde, StepInput<V> input,
                                                      StepOutput<K, V, R> output) {
        return new Builder<>(model, keySerde, input, output);
    }

    @Override
    public Processor<K, V, K, R> get() {
        return new RecurrentProcessor<>(this);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store);
    }

    /** The model every processor of this supplier shares. */
    public StreamModel model() {
        return model;
    }

    /** The codec of the stored states. */
    public StateCodec codec() {
        return codec;
    }

    /** The name of the key-value store holding the states. */
    public String storeName() {
        return storeName;
    }

    /** The kernel provider this JVM runs ({@code vector}, or {@code scalar} where allowed). */
    public String kernelProvider() {
        return kernelProvider;
    }

    /** Settings of a {@link RecurrentInference}; {@link #modelUpgrade} must be chosen. */
    public static final class Builder<K, V, R> {
        private final StreamModel model;
        private final Serde<K> keySerde;
        private final StepInput<V> input;
        private final StepOutput<K, V, R> output;
        private String storeName = DEFAULT_STORE;
        private boolean persistent = true;
        private boolean logging = true;
        private int maxSteps = 16;
        private ModelUpgrade upgrade;
        private IncompatibleState incompatible = IncompatibleState.FAIL;
        private Duration idleTimeout;
        private Duration idleCheck;
        private PunctuationType idleClock = PunctuationType.STREAM_TIME;
        private boolean allowScalar;

        private Builder(StreamModel model, Serde<K> keySerde, StepInput<V> input, StepOutput<K, V, R> output) {
            this.model = Objects.requireNonNull(model, "model");
            this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
            this.input = Objects.requireNonNull(input, "input");
            this.output = Objects.requireNonNull(output, "output");
        }

        /** The store's name (default {@value RecurrentInference#DEFAULT_STORE}). */
        public Builder<K, V, R> storeName(String name) {
            this.storeName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A RocksDB store (the default): states on disk, restored from local files after a clean restart. */
        public Builder<K, V, R> persistent() {
            this.persistent = true;
            return this;
        }

        /** An in-memory store: faster, restored from the changelog topic at every start. */
        public Builder<K, V, R> inMemory() {
            this.persistent = false;
            return this;
        }

        /** Whether the store has a changelog topic (default true; without it a lost instance loses its states). */
        public Builder<K, V, R> logging(boolean enabled) {
            this.logging = enabled;
            return this;
        }

        /** The most steps one record may carry (default 16): the size of each task's input buffer. */
        public Builder<K, V, R> maxSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("RecurrentInference: maxSteps must be at least 1, got " + steps);
            }
            this.maxSteps = steps;
            return this;
        }

        /** What a state written by another model becomes; no default. */
        public Builder<K, V, R> modelUpgrade(ModelUpgrade choice) {
            this.upgrade = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /** What a state this model cannot read becomes (default {@link IncompatibleState#FAIL}). */
        public Builder<K, V, R> incompatibleState(IncompatibleState choice) {
            this.incompatible = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /**
         * Deletes keys whose last record is older than {@code timeout}, checked every {@code every} of stream time (the
         * largest record timestamp seen by the task). Off by default: a key-value store keeps keys forever.
         */
        public Builder<K, V, R> idleTimeout(Duration timeout, Duration every) {
            return idleTimeout(timeout, every, PunctuationType.STREAM_TIME);
        }

        /**
         * {@link #idleTimeout(Duration, Duration)} on the given clock: with {@link PunctuationType#WALL_CLOCK_TIME} keys
         * expire while no records arrive too, judged by the system clock against record timestamps.
         */
        public Builder<K, V, R> idleTimeout(Duration timeout, Duration every, PunctuationType clock) {
            if (timeout.isNegative() || timeout.isZero() || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("RecurrentInference: idle timeout and check interval must be"
                        + " positive, got " + timeout + " and " + every);
            }
            this.idleTimeout = timeout;
            this.idleCheck = every;
            this.idleClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Allows the scalar kernels (default false: {@link #build} fails without {@code --add-modules
         * jdk.incubator.vector}).
         */
        public Builder<K, V, R> allowScalarKernels(boolean allow) {
            this.allowScalar = allow;
            return this;
        }

        /**
         * The supplier.
         *
         * @throws IllegalStateException if the JVM runs the scalar kernels and they are not allowed (the message says
         *                               how to start it), or no {@link #modelUpgrade} was chosen
         */
        public RecurrentInference<K, V, R> build() {
            return new RecurrentInference<>(this);
        }
    }
}
