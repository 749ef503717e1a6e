package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.Arrays;

/**
 * Differentiable loss functions, each returning a scalar tensor averaged over its elements or rows.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Tensor loss = Losses.crossEntropy(logits, new int[] {2, 0, 1});   // logits [3, classes], targets per row
 *     tape.backward(loss);
 * }
 * }</pre>
 */
public final class Losses {

    private Losses() {
    }

    /** Mean squared error {@code mean((prediction - target)^2)}; the shapes must be equal. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        Ops.sameDType("mse", prediction, target);
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("mse: prediction " + Arrays.toString(prediction.shape())
                    + " and target " + Arrays.toString(target.shape()) + " must have the same shape");
        }
        int n = prediction.size();
        Compute c = Compute.of(prediction.dtype());
        Tensor diff = prediction.zerosLike();
        c.sub(n, prediction, 0, target, 0, diff, 0);
        Tensor out = Tensor.scalar(prediction.dtype(), c.dot(n, diff, 0, diff, 0) / n);
        return Tape.record("mse", new Tensor[] {prediction, target}, out, (g, gi) -> {
            double k = 2 * g[0].get(0) / n;
            if (gi[0] != null) {
                c.axpy(n, k, diff, 0, gi[0], 0);
            }
            if (gi[1] != null) {
                c.axpy(n, -k, diff, 0, gi[1], 0);
            }
        });
    }

    /**
     * Cross-entropy of {@code logits} ({@code [batch, classes]}, unnormalised) against class
     * indices, averaged over the batch: {@code mean(logsumexp(row) - row[target])}, computed
     * stably through log-softmax, so logits of +/-1e4 give a finite loss (2e4 for a target at -1e4
     * next to a logit of +1e4) and finite gradients. A NaN logit makes the loss NaN and the
     * gradient of its row NaN; the other rows' gradients are unaffected.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [batch, classes], got "
                    + Arrays.toString(logits.shape()));
        }
        int batch = logits.dim(0);
        int classes = logits.dim(1);
        if (targets.length != batch) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for a batch of "
                    + batch + " rows " + Arrays.toString(logits.shape()));
        }
        for (int i = 0; i < batch; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IndexOutOfBoundsException("crossEntropy: target " + targets[i] + " at row " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        int[] t = targets.clone();
        Compute c = Compute.of(logits.dtype());
        Tensor logp = logits.zerosLike();
        c.logSoftmaxRows(batch, classes, logits, logp);
        double total = 0;
        for (int i = 0; i < batch; i++) {
            total -= logp.get(i * classes + t[i]);
        }
        Tensor out = Tensor.scalar(logits.dtype(), total / batch);
        return Tape.record("crossEntropy", new Tensor[] {logits}, out, (g, gi) -> {
            // d logits = (softmax - onehot(target)) * g / batch, softmax = exp(log-softmax)
            Tensor d = logits.zerosLike();
            c.exp(d.size(), logp, 0, d, 0);
            for (int i = 0; i < batch; i++) {
                int at = i * classes + t[i];
                d.set(at, d.get(at) - 1);
            }
            c.axpy(d.size(), g[0].get(0) / batch, d, 0, gi[0], 0);
        });
    }
}
