package dev.vectorgrad.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel pool's documented lifecycle: bounded, daemon threads, no leak after repeated use from
 * many short-lived callers, failures (errors included) reaching the caller only after every part
 * has ended, and an interrupt not cutting a call short.
 */
class KernelPoolTest {

    private static final String PREFIX = "vectorgrad-kernel-";
    private static final int N = 256;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void repeatedUseFromShortLivedThreadsLeavesAtMostMaxThreadsAllDaemons() throws InterruptedException {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        KernelProvider threaded = Kernels.vector().withThreads(4);
        float[] a = new float[N * N];
        float[] b = new float[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
            b[i] = (i % 5) - 2;
        }
        double[] ad = new double[N * N];
        double[] bd = new double[N * N];
        for (int i = 0; i < ad.length; i++) {
            ad[i] = a[i];
            bd[i] = b[i];
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // 40 rounds of 4 callers, each a new thread doing a split float and double GEMM (2^25 flops,
        // 8 parts each); then 500 more callers of the pool itself with cheap parts.
        for (int round = 0; round < 40; round++) {
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        float[] c = new float[N * N];
                        threaded.f32().gemm(false, false, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
                        double[] cd = new double[N * N];
                        threaded.f64().gemm(false, true, N, N, N, 1, ad, 0, N, bd, 0, N, 0, cd, 0, N);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }
        for (int i = 0; i < 500; i++) {
            Thread caller = Thread.ofPlatform().start(() -> {
                AtomicInteger done = new AtomicInteger();
                KernelPool.run(16, 8, p -> done.incrementAndGet());
                if (done.get() != 16) {
                    failure.compareAndSet(null, new AssertionError("ran " + done.get() + " of 16 parts"));
                }
            });
            caller.join();
        }
        assertEquals(null, failure.get());

        List<Thread> added = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // (JUnit's own timeout watcher may start lazily; it is not ours.)
            if (!before.contains(t) && t.isAlive() && !t.getName().startsWith("junit-")) {
                added.add(t);
            }
        }
        for (Thread t : added) {
            assertTrue(t.getName().startsWith(PREFIX), "a thread other than the kernel pool's is left: " + t);
            assertTrue(t.isDaemon(), "kernel thread " + t.getName() + " is not a daemon");
        }
        long kernelThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(PREFIX)).count();
        assertTrue(kernelThreads <= KernelPool.maxThreads(), kernelThreads + " kernel threads, more than the bound "
                + KernelPool.maxThreads());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), KernelPool.maxThreads());
        assertEquals(60, KernelPool.KEEP_ALIVE_SECONDS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailingPartIsRethrownToTheCallerAfterEveryPartHasEnded() {
        AtomicInteger ended = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelPool.run(16, 4, p -> {
            try {
                sleep(2);
                if (p == 5) {
                    throw new IllegalStateException("part 5 fails");
                }
            } finally {
                ended.incrementAndGet();
            }
        }));
        assertEquals("part 5 fails", e.getMessage());
        assertEquals(16, ended.get(), "the call returned before every part had ended");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anErrorOnAPoolThreadReachesTheCaller() {
        Thread caller = Thread.currentThread();
        CountDownLatch poolThreadFailed = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        Error e = assertThrows(Error.class, () -> KernelPool.run(8, 4, p -> {
            try {
                if (Thread.currentThread() != caller) {
                    poolThreadFailed.countDown();
                    throw new Error("part " + p + " failed on a pool thread");
                }
                // The caller holds its first part until a pool thread has failed on another.
                await(poolThreadFailed);
            } finally {
                ended.incrementAndGet();
            }
        }));
        assertTrue(e.getMessage().endsWith("failed on a pool thread"), e.getMessage());
        assertEquals(8, ended.get());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterruptedCallerStillWaitsForEveryPart() {
        AtomicReferenceArray<String> done = new AtomicReferenceArray<>(8);
        Thread.currentThread().interrupt();
        try {
            KernelPool.run(8, 4, p -> {
                if (Thread.currentThread().getName().startsWith(PREFIX)) {
                    sleep(20);
                }
                done.set(p, "done");
            });
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
        for (int p = 0; p < 8; p++) {
            assertEquals("done", done.get(p), "part " + p);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCallerInterruptedWhileWaitingKeepsWaitingAndKeepsTheInterrupt() {
        // Two parts, two threads. The caller's part holds it (spinning, not parked) until a pool thread has
        // claimed the other; that one waits until the caller is parked for it, interrupts it, and ends 50 ms later.
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> poolThread = new AtomicReference<>();
        AtomicInteger callerParts = new AtomicInteger();
        AtomicInteger poolPartEnded = new AtomicInteger();
        try {
            KernelPool.run(2, 2, p -> {
                if (Thread.currentThread() == caller) {
                    callerParts.incrementAndGet();
                    while (poolThread.get() == null) {
                        Thread.onSpinWait();
                    }
                } else {
                    poolThread.set(Thread.currentThread());
                    while (caller.getState() != Thread.State.WAITING) {
                        Thread.onSpinWait();
                    }
                    caller.interrupt();
                    sleep(50);
                    poolPartEnded.incrementAndGet();
                }
            });
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, poolPartEnded.get(), "the call returned before the pool thread's part had ended");
        assertEquals(1, callerParts.get(), "the caller runs parts itself");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCallerThatWaitsWithoutAnInterruptIsNotInterruptedAfterwards() {
        // The pool thread's part ends 50 ms after the caller's, so the caller parks; it must not come back marked.
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> poolThread = new AtomicReference<>();
        KernelPool.run(2, 2, p -> {
            if (Thread.currentThread() == caller) {
                while (poolThread.get() == null) {
                    Thread.onSpinWait();
                }
            } else {
                poolThread.set(Thread.currentThread());
                sleep(50);
            }
        });
        assertTrue(!Thread.currentThread().isInterrupted(), "the caller was marked interrupted");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void laterFailuresAreSuppressedInTheFirst() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelPool.run(4, 2, p -> {
            throw new IllegalStateException("part " + p);
        }));
        assertEquals(3, e.getSuppressed().length, "every part runs, and each later failure is kept");
        Set<String> messages = new HashSet<>();
        messages.add(e.getMessage());
        for (Throwable t : e.getSuppressed()) {
            messages.add(t.getMessage());
        }
        assertEquals(Set.of("part 0", "part 1", "part 2", "part 3"), messages);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void callsBackToBackNeverRunOnMoreThreadsThanAskedAndLingeringThreadsJoinThem() {
        Set<String> helpers = new HashSet<>();
        for (int threads : new int[] {2, 3}) {
            for (int call = 0; call < 300; call++) {
                Set<String> ran = ConcurrentHashMap.newKeySet();
                AtomicInteger done = new AtomicInteger();
                KernelPool.run(16, threads, p -> {
                    ran.add(Thread.currentThread().getName());
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < 20_000) {
                        Thread.onSpinWait();
                    }
                    done.incrementAndGet();
                });
                assertEquals(16, done.get(), "call " + call);
                assertTrue(ran.size() <= threads, "call " + call + " on " + threads + " threads ran on " + ran);
                ran.stream().filter(name -> name.startsWith(PREFIX)).forEach(helpers::add);
            }
        }
        assertTrue(KernelPool.maxThreads() == 1 || !helpers.isEmpty(), "no pool thread helped");
    }

    @Test
    void oneThreadOrOnePartRunsOnTheCallerInOrder() {
        for (int[] partsThreads : new int[][] {{5, 1}, {1, 4}, {0, 4}}) {
            List<String> ran = new ArrayList<>();
            KernelPool.run(partsThreads[0], partsThreads[1], p -> ran.add(p + "@" + Thread.currentThread().getName()));
            List<String> expected = new ArrayList<>();
            for (int p = 0; p < partsThreads[0]; p++) {
                expected.add(p + "@" + Thread.currentThread().getName());
            }
            assertEquals(expected, ran, partsThreads[0] + " parts, " + partsThreads[1] + " threads");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no pool thread ran a part within 30 s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
