package dev.vectorgrad.kernels.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one thread pool the kernels share: a {@link ForkJoinPool} of daemon threads named
 * {@code vectorgrad-kernel-N}, at most one per available processor, created on first use. Idle
 * workers exit after the pool's keep-alive (60 s), so an idle JVM holds no kernel threads; the pool
 * is never shut down and needs no closing. Concurrent callers share it without waiting on each
 * other's work.
 */
public final class KernelPool {

    private KernelPool() {
    }

    private static final class Holder {
        static final ForkJoinPool POOL = new ForkJoinPool(
                Runtime.getRuntime().availableProcessors(),
                pool -> {
                    var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setName("vectorgrad-kernel-" + thread.getPoolIndex());
                    thread.setDaemon(true);
                    return thread;
                },
                null, false);
    }

    /**
     * Runs {@code part.accept(p)} once for every {@code p} in {@code 0 .. parts-1} with up to
     * {@code threads} threads, the caller included, and returns when all parts have finished. Parts
     * are claimed in order by whichever thread is free, so a pool thread that wakes late costs
     * nothing: the caller goes on claiming. Which thread runs a part must not matter to the result.
     * The first failure is rethrown once every part has ended.
     */
    public static void run(int parts, int threads, IntConsumer part) {
        if (parts <= 1 || threads <= 1) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        Claims claims = new Claims(parts, part, Thread.currentThread());
        for (int helper = 1; helper < Math.min(threads, parts); helper++) {
            Holder.POOL.execute(claims::work);
        }
        claims.work();
        claims.awaitAll();
        if (claims.failure != null) {
            throw claims.failure;
        }
    }

    /** The parts of one call: the next one to claim, how many have finished, the first failure. */
    private static final class Claims {
        private final int parts;
        private final IntConsumer part;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile RuntimeException failure;

        Claims(int parts, IntConsumer part, Thread caller) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
        }

        void work() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.accept(p);
                } catch (RuntimeException e) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                } finally {
                    if (finished.incrementAndGet() == parts) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        void awaitAll() {
            while (finished.get() < parts) {
                LockSupport.park(this);
            }
        }
    }
}
