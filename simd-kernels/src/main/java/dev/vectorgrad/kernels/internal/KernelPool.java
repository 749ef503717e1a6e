package dev.vectorgrad.kernels.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p><b>Lingering:</b> a pool thread that has finished the parts of a call spins for up to
 * {@value #LINGER_NANOS} ns looking for a new call to join before it returns to the pool, as OpenBLAS's
 * threads do: products called back to back (a training loop, a benchmark) then skip the tens of
 * microseconds it takes to wake a parked thread, which would be a large share of a product of a few
 * hundred microseconds. It costs at most that much spinning per call.
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

    /** Nanoseconds a pool thread that ran parts of a call keeps looking for the next call to join. */
    static final long LINGER_NANOS = 50_000;

    /** The latest call that pool threads may join (null once it has ended), and how many are looking. */
    private static final AtomicReference<Claims> OFFER = new AtomicReference<>();
    private static final AtomicInteger LINGERING = new AtomicInteger();

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
        int helpers = Math.min(threads, parts) - 1;
        Claims claims = new Claims(parts, part, Thread.currentThread(), helpers);
        // Offered first, then counted: a lingering thread that stops looking after the count still
        // sees the offer (see linger), so no helper is lost between the two.
        OFFER.set(claims);
        for (int helper = LINGERING.get(); helper < helpers; helper++) {
            Holder.POOL.execute(claims::help);
        }
        claims.work();
        claims.awaitAll();
        OFFER.compareAndSet(claims, null);
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

    /**
     * Spins up to {@link #LINGER_NANOS} for an offered call with parts left and a helper seat free,
     * and returns it with a seat taken, or null. The count of lingering threads drops before the last
     * look, so a caller that counted this thread offered its call before that look.
     */
    private static Claims linger() {
        LINGERING.incrementAndGet();
        long start = System.nanoTime();
        do {
            Claims offer = OFFER.get();
            if (offer != null && offer.takeSeat()) {
                LINGERING.decrementAndGet();
                return offer;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < LINGER_NANOS);
        LINGERING.decrementAndGet();
        Claims offer = OFFER.get();
        return offer != null && offer.takeSeat() ? offer : null;
    }

    /**
     * The parts of one call: the next one to claim, how many have finished, the first failure, and
     * the helper seats left (so no more than {@code threads} threads ever work on it).
     */
    private static final class Claims {
        private final int parts;
        private final IntConsumer part;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicInteger seats;
        private volatile Throwable failure;

        Claims(int parts, IntConsumer part, Thread caller, int helpers) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
            this.seats = new AtomicInteger(helpers);
        }

        /** Takes a helper seat if one is free and parts are left to claim. */
        boolean takeSeat() {
            for (int free = seats.get(); free > 0 && next.get() < parts; free = seats.get()) {
                if (seats.compareAndSet(free, free - 1)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A pool thread's task: works on this call if a seat is still free (a lingering thread may have
         * taken it), then on the calls it finds lingering.
         */
        void help() {
            for (Claims call = takeSeat() ? this : null; call != null; call = linger()) {
                call.work();
            }
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
