package dev.vectorgrad.examples.common;

import java.util.Arrays;

/**
 * The losses of a training run: one per step, with an exponential moving average to print (single
 * steps are noisy), and the occasional evaluation on held-out data; drawn as a {@link LineChart}
 * at the end.
 *
 * <pre>{@code
 * LossLog log = new LossLog();
 * log.step(step, loss.item());                   // every step
 * log.evaluation(step, validationLoss);          // now and then
 * log.chart("Training loss", "MSE", "test").write(out.resolve("loss.svg"));
 * }</pre>
 */
public final class LossLog {

    private static final double SMOOTHING = 0.95;

    private double[] steps = new double[256];
    private double[] losses = new double[256];
    private int count;
    private double[] evalSteps = new double[16];
    private double[] evalLosses = new double[16];
    private int evalCount;
    private double smoothed = Double.NaN;

    /** Records the training loss of {@code step}. */
    public void step(int step, double loss) {
        if (count == steps.length) {
            steps = Arrays.copyOf(steps, 2 * count);
            losses = Arrays.copyOf(losses, 2 * count);
        }
        steps[count] = step;
        losses[count++] = loss;
        smoothed = Double.isNaN(smoothed) ? loss : SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
    }

    /** Records a loss measured on held-out data after {@code step}. */
    public void evaluation(int step, double loss) {
        if (evalCount == evalSteps.length) {
            evalSteps = Arrays.copyOf(evalSteps, 2 * evalCount);
            evalLosses = Arrays.copyOf(evalLosses, 2 * evalCount);
        }
        evalSteps[evalCount] = step;
        evalLosses[evalCount++] = loss;
    }

    /** The moving average of the training loss (about the last 20 steps), NaN before the first step. */
    public double smoothed() {
        return smoothed;
    }

    /** The last evaluation loss, NaN if there was none. */
    public double lastEvaluation() {
        return evalCount == 0 ? Double.NaN : evalLosses[evalCount - 1];
    }

    /** A chart of the training loss per step (and of any evaluations, as dots labelled "evaluation"). */
    public LineChart chart(String title, String lossName) {
        return chart(title, lossName, "evaluation");
    }

    /**
     * A chart of the training loss per step and, if there were any, the evaluations as dots.
     *
     * @param evaluationName the legend for the evaluations, e.g. {@code "validation"}
     */
    public LineChart chart(String title, String lossName, String evaluationName) {
        LineChart chart = new LineChart(title, "step", lossName)
                .line("training (per step)", Arrays.copyOf(steps, count), Arrays.copyOf(losses, count));
        if (evalCount > 0) {
            chart.markers(evaluationName, Arrays.copyOf(evalSteps, evalCount), Arrays.copyOf(evalLosses, evalCount));
        }
        return chart;
    }
}
