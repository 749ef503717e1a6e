package dev.vectorgrad.spark;

import dev.vectorgrad.models.Sequential;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A {@link Sequential} model shipped to the executors as the bytes of its whole-model file ({@link
 * Sequential#toBytes()}) in a Spark broadcast. Models are not {@link Serializable}; this handle is, and it is what a
 * task captures. On an executor, {@link #borrow()} builds the model from the bytes once per JVM and keeps it in a
 * cache keyed by the broadcast's id; since a model is not thread-safe, each task running at the same time in that JVM
 * borrows its own instance (so a JVM builds at most as many as it runs tasks at once) and returns it when done.
 *
 * <pre>{@code
 * BroadcastModel shipped = BroadcastModel.of(spark, model);
 * ... inside a task:  try (BroadcastModel.Lease lease = shipped.borrow()) { lease.model().predict(x); }
 * shipped.destroy();
 * }</pre>
 */
public final class BroadcastModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Broadcast ids whose models a JVM keeps; older ones are dropped (a trainer makes one per fit). */
    static final int CACHED_BROADCASTS = 8;

    /** Models built in this JVM, by broadcast id, least recently used first. */
    private static final Map<Long, Pool> POOLS = new LinkedHashMap<>(16, 0.75f, true);

    /** How many models this JVM has built from broadcast bytes (for tests and logs). */
    private static final AtomicLong BUILT = new AtomicLong();

    private final Broadcast<byte[]> bytes;
    private final int length;

    private BroadcastModel(Broadcast<byte[]> bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    /** Broadcasts {@code model}'s whole-model file (weights, architecture, compile settings, optimizer state). */
    public static BroadcastModel of(SparkSession spark, Sequential model) {
        byte[] file = model.toBytes();
        return new BroadcastModel(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(file), file.length);
    }

    /** The broadcast's id: the key of the executors' model cache. */
    public long id() {
        return bytes.id();
    }

    /** The size of the model file in bytes. */
    public int bytes() {
        return length;
    }

    /**
     * A model built from the broadcast bytes for this task alone until the lease is closed: a cached one when this
     * JVM has one free, else a new one. Runs {@link ExecutorChecks#prepare()} first.
     *
     * @throws IllegalStateException as {@code prepare}, or when the bytes do not load (naming the broadcast)
     */
    public Lease borrow() {
        ExecutorChecks.prepare();
        Pool pool;
        synchronized (POOLS) {
            pool = POOLS.computeIfAbsent(bytes.id(), id -> new Pool());
            while (POOLS.size() > CACHED_BROADCASTS) {
                Long eldest = POOLS.keySet().iterator().next();
                POOLS.remove(eldest);
            }
        }
        Sequential model = pool.take();
        if (model == null) {
            try {
                model = Sequential.loadModel(bytes.value());
            } catch (IOException e) {
                throw new UncheckedIOException("broadcast " + bytes.id() + " (" + length + " bytes) is not a model file", e);
            }
            BUILT.incrementAndGet();
        }
        return new Lease(pool, model);
    }

    /** Removes the bytes from the executors and the driver ({@link Broadcast#destroy()}); the handle is then unusable. */
    public void destroy() {
        bytes.destroy();
        synchronized (POOLS) {
            POOLS.remove(bytes.id());
        }
    }

    /** How many models this JVM has built from broadcasts so far. */
    static long built() {
        return BUILT.get();
    }

    /** A model lent to one task; closing it returns the model to its JVM's cache. */
    public static final class Lease implements AutoCloseable {

        private final Pool pool;
        private Sequential model;

        private Lease(Pool pool, Sequential model) {
            this.pool = pool;
            this.model = model;
        }

        /** The borrowed model. @throws IllegalStateException after {@link #close()} */
        public Sequential model() {
            if (model == null) {
                throw new IllegalStateException("BroadcastModel.Lease: the model was returned (the lease is closed)");
            }
            return model;
        }

        /** Returns the model to the cache. */
        @Override
        public void close() {
            if (model != null) {
                pool.give(model);
                model = null;
            }
        }
    }

    /** The free models of one broadcast in one JVM. */
    private static final class Pool {
        private final Deque<Sequential> free = new ArrayDeque<>();

        synchronized Sequential take() {
            return free.pollFirst();
        }

        synchronized void give(Sequential model) {
            free.addFirst(model);
        }
    }
}
