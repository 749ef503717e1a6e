package dev.vectorgrad.kernels.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The one thread pool the kernels share: a {@link ForkJoinPool} of daemon threads named
 * {@code vectorgrad-kernel-N}, at most one per available processor, created on first use. Idle
 * workers exit after the pool's keep-alive (60 s), so an idle JVM holds no kernel threads; the pool
 * is never shut down and needs no closing. Concurrent callers share it: each call waits only for its
 * own parts, and the caller runs one part itself.
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
     * Runs {@code part.accept(p)} for {@code p = 0 .. parts-1}: part 0 on the calling thread, the
     * others on the pool, and returns when all have finished. The first failure is rethrown after
     * every part has ended.
     */
    public static void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int index = p;
            tasks[p - 1] = Holder.POOL.submit(() -> part.accept(index));
        }
        RuntimeException failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
