package dev.vectorgrad.kernels.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one thread pool the kernels share: a {@link ForkJoinPool} of daemon threads named
 * {@code vectorgrad-kernel-N}.
 *
 * <h2>Lifecycle</h2>
 * <ul>
 *   <li><b>Created lazily:</b> the pool is made the first time a product is split over threads
 *       (never for single-threaded calls), and its threads are started one at a time as work
 *       arrives.</li>
 *   <li><b>Bounded:</b> it never holds more than {@link #maxThreads()} threads (the number of
 *       available processors when the pool is made), however many callers or parts there are
 *       and whatever thread count a provider asks for: work beyond that waits in the pool's queue,
 *       and callers do their own parts meanwhile.</li>
 *   <li><b>Daemons:</b> the threads never keep the JVM alive.</li>
 *   <li><b>Idle threads exit</b> after {@value #KEEP_ALIVE_SECONDS} s without work, so an idle
 *       JVM holds no kernel threads; the pool starts new ones when work comes back.</li>
 *   <li><b>Never shut down, nothing to close:</b> the pool lives as long as the class loader that
 *       loaded this class, and needs no call from the application.</li>
 * </ul>
 *
 * <p>Concurrent callers share the pool without waiting on each other's work and without deadlock:
 * a caller always works through its own parts itself, so it finishes even when every pool thread
 * is busy with other callers' work (pool threads only speed it up). Parts of different calls
 * share no state.
 */
public final class KernelPool {

    private KernelPool() {
    }

    /** Seconds an idle pool thread waits for work before it exits. */
    static final long KEEP_ALIVE_SECONDS = 60;

    private static final class Holder {
        static final int SIZE = Math.max(1, Runtime.getRuntime().availableProcessors());
        static final ForkJoinPool POOL = new ForkJoinPool(
                SIZE,
                pool -> {
                    var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setName("vectorgrad-kernel-" + thread.getPoolIndex());
                    thread.setDaemon(true);
                    return thread;
                },
                null, false,
                0, SIZE, 1,
                // Parts never block inside the pool, so it never needs to compensate with extra
                // threads; should it try at the maximum, it goes on without one instead of failing.
                pool -> true,
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** The most threads the pool ever holds: the number of available processors when it was made. */
    public static int maxThreads() {
        return Holder.SIZE;
    }

    /**
     * Runs {@code part.accept(p)} once for every {@code p} in {@code 0 .. parts-1} with up to
     * {@code threads} threads, the caller included, and returns when all parts have finished. Parts
     * are claimed in order by whichever thread is free, so a pool thread that wakes late costs
     * nothing: the caller goes on claiming. Which thread runs a part must not matter to the result.
     * The first failure (any exception or error, on any thread) is rethrown once every part has
     * ended, so the caller never returns while a part is still writing; later failures are added
     * to it as suppressed.
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
        Throwable failure = claims.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("a kernel part failed", failure);
        }
    }

    /** The parts of one call: the next one to claim, how many have finished, the first failure. */
    private static final class Claims {
        private final int parts;
        private final IntConsumer part;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Claims(int parts, IntConsumer part, Thread caller) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
        }

        void work() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.accept(p);
                } catch (Throwable e) {
                    // Errors too: on a pool thread one would otherwise vanish into the pool and leave
                    // the caller returning a partly computed result.
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

        /**
         * Waits for the parts other threads claimed. An interrupt does not end the wait (the parts
         * still write into the caller's arrays); the thread's interrupt status is kept.
         */
        void awaitAll() {
            boolean interrupted = false;
            while (finished.get() < parts) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
