package dev.vectorgrad.cells.train;

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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small LSTM learns to output, at each step, the symbol it was shown {@code DELAY} steps
 * earlier, trained by truncated BPTT over one long stream (so the memory must cross chunk
 * boundaries through the carried state). Everything is seeded, so the run is deterministic.
 */
class DelayedCopyTest {

    static final int SYMBOLS = 4;
    static final int DELAY = 3;
    static final int BATCH = 8;
    static final int STEPS = 3000;
    static final int CHUNK = 15;

    @Test
    void lstmLearnsTheDelayedCopyTask() {
        SplittableRandom random = new SplittableRandom(2026);
        int[][] symbols = new int[STEPS][BATCH];
        Tensor input = Tensor.zeros(DType.F32, STEPS, BATCH, SYMBOLS);
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                symbols[t][b] = random.nextInt(SYMBOLS);
                input.set((t * BATCH + b) * SYMBOLS + symbols[t][b], 1);
            }
        }
        Lstm lstm = new Lstm(SYMBOLS, 24, RecurrentOptions.defaults().withSeed(7));
        Linear head = new Linear(24, SYMBOLS, LinearOptions.defaults().withSeed(8));
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        TruncatedBptt trainer = new TruncatedBptt(lstm, Adam.builder(0.03).build(params), CHUNK, 1.0);
        TruncatedBptt.Result result = trainer.run(input, null, (out, start, end) -> {
            int from = Math.max(start, DELAY);
            Tensor h = Shapes.slice(out.output(), 0, from - start, end - start);
            Tensor logits = head.forward(Shapes.reshape(h, -1, 24));
            int[] targets = new int[(end - from) * BATCH];
            for (int t = from; t < end; t++) {
                for (int b = 0; b < BATCH; b++) {
                    targets[(t - from) * BATCH + b] = symbols[t - DELAY][b];
                }
            }
            return Losses.crossEntropy(logits, targets);
        });
        List<Double> losses = result.losses();
        double first = losses.get(1);
        double last = 0;
        for (int i = losses.size() - 10; i < losses.size(); i++) {
            last += losses.get(i) / 10;
        }
        System.out.printf("delayed copy: first chunk loss %.4f, mean of last 10 chunks %.4f over %d chunks%n",
                first, last, losses.size());
        assertTrue(first > 1.2, "untrained loss should be near ln 4 = 1.386, was " + first);
        assertTrue(last < 0.05, "mean loss of the last 10 chunks should be below 0.05, was " + last);
    }
}
