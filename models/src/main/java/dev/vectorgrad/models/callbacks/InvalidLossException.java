package dev.vectorgrad.models.callbacks;

/** Thrown by {@link TerminateOnNaN} with {@code raiseError}: a batch's loss was NaN or infinite. */
public final class InvalidLossException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final double loss;

    /** A failure at {@code batch} (from 0) of {@code epoch} (from 0). */
    public InvalidLossException(int epoch, int batch, double loss) {
        super("Epoch " + (epoch + 1) + ", batch " + batch + ": NaN or Inf loss encountered (loss " + KerasFormat.repr(loss)
                + "), terminating training");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch, counting from 0. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, counting from 0. */
    public int batch() {
        return batch;
    }

    /** The loss value: NaN or an infinity. */
    public double loss() {
        return loss;
    }
}
