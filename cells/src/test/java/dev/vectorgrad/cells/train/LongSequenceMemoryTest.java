package dev.vectorgrad.cells.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Truncated BPTT over 100,000 steps (batch 2, hidden 8, chunks of 50: 2000 chunks) in bounded
 * memory: the heap in use after a full GC, measured every 10,000 steps from inside the run, stays
 * within {@link #FLAT_BYTES} of its first value. The input of each chunk is made when the chunk
 * runs, so the only things that grow with the sequence are the per-chunk losses (one Double each).
 */
class LongSequenceMemoryTest {

    static final int STEPS = 100_000;
    static final int CHUNK = 50;
    static final int BATCH = 2;
    static final int IN = 4;
    static final int HIDDEN = 8;
    static final int SAMPLE_EVERY_CHUNKS = 10_000 / CHUNK;
    /** Allowed spread of the post-GC heap over the run: the tape of one chunk is far smaller than this. */
    static final long FLAT_BYTES = 4L << 20;

    @Test
    void aHundredThousandStepsTrainInFlatMemory() {
        Lstm lstm = new Lstm(IN, HIDDEN, RecurrentOptions.defaults().withSeed(5));
        Linear head = new Linear(HIDDEN, 1, LinearOptions.defaults().withSeed(6));
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        TruncatedBptt trainer = new TruncatedBptt(lstm, Adam.builder(0.01).build(params), CHUNK, 1.0);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> heap = new ArrayList<>();
        long started = System.nanoTime();
        TruncatedBptt.Result result = trainer.run(STEPS, (start, end) -> {
            Tensor x = Tensor.zeros(DType.F32, end - start, BATCH, IN);
            for (int t = start; t < end; t++) {
                for (int i = 0; i < BATCH * IN; i++) {
                    x.set((t - start) * BATCH * IN + i, Math.sin(0.05 * t + i));
                }
            }
            return x;
        }, null, (out, start, end) -> {
            if (start % (SAMPLE_EVERY_CHUNKS * CHUNK) == 0) {
                heap.add(usedAfterGc(memory));
            }
            Tensor y = head.forward(Shapes.reshape(out.output(), -1, HIDDEN));
            Tensor target = Tensor.zeros(DType.F32, (end - start) * BATCH, 1);
            for (int t = start; t < end; t++) {
                for (int b = 0; b < BATCH; b++) {
                    target.set((t - start) * BATCH + b, Math.sin(0.05 * (t + 1) + b * IN));
                }
            }
            return Losses.mse(y, target);
        });
        heap.add(usedAfterGc(memory));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(STEPS / CHUNK, result.losses().size());
        long first = heap.get(0);
        long max = heap.stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = heap.stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf("100,000-step TBPTT: %.1f s; heap after GC every 10,000 steps (KiB): %s%n", seconds,
                heap.stream().map(b -> Long.toString(b >> 10)).toList());
        assertTrue(max - min <= FLAT_BYTES, "heap after GC ranged from " + min + " to " + max + " bytes (first "
                + first + "), more than " + FLAT_BYTES + ": " + heap);
        double lastLoss = result.losses().get(result.losses().size() - 1);
        assertTrue(lastLoss < result.losses().get(0), "it trained: first loss " + result.losses().get(0) + ", last " + lastLoss);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
