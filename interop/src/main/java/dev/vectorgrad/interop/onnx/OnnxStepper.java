package dev.vectorgrad.interop.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Step inference over a whole {@link OnnxModel} with tensors in and out: each call runs the graph on one time step
 * for a batch of independent streams, and every recurrent node ({@code RNN}, {@code GRU}, {@code LSTM}) starts from
 * the state it ended the previous call with, so that feeding a sequence step by step gives the same outputs as
 * running it whole. ONNX Runtime cannot carry this state between calls.
 *
 * <p>The inputs of a call are the model's graph inputs with a time dimension of 1 (the model's own time axis:
 * {@code [1, batch, ...]} time-major, {@code [batch, 1, ...]} for a {@code batch_first} export). On the first call
 * after creation or {@link #reset()}, each recurrent node starts from what the graph gives it ({@code initial_h}
 * inputs, or zeros); after that, from its own last {@code Y_h} (and {@code Y_c}). The shapes, and so the batch
 * size, are fixed from the first call until {@link #reset()}.
 *
 * <p>Only graphs whose recurrent nodes all run forward can step: a reverse or bidirectional node needs the future,
 * and one with {@code sequence_lens} has per-sequence ends, so {@link OnnxModel#stepper()} refuses them.
 *
 * <p>A convenience over {@link OnnxStepPlan}: the first call compiles a plan for its inputs' shapes, and each call
 * copies the tensors into the plan's buffers and the outputs out of them. Serving code that must not allocate
 * per step uses {@link OnnxModel#stepPlan} directly. A stepper is for one thread; make one per thread (the model
 * is shared).
 */
public final class OnnxStepper {

    private final OnnxModel model;
    private OnnxStepPlan plan;

    OnnxStepper(OnnxModel model) {
        OnnxStepPlan.requireSteppable(model);
        this.model = model;
    }

    /**
     * Runs one time step. Returns the graph outputs of this step (for a sequence output, its one time step).
     *
     * @throws IllegalArgumentException for inputs as {@link OnnxModel#run} refuses them, a time dimension other
     *         than 1 at a recurrent node, or shapes (a batch size) other than the first call's
     */
    public Map<String, OnnxTensor> step(Map<String, OnnxTensor> inputs) {
        if (plan == null) {
            Map<String, int[]> shapes = new LinkedHashMap<>();
            inputs.forEach((name, t) -> shapes.put(name, t.shape()));
            plan = OnnxStepPlan.compile(model, shapes);
        } else if (!inputs.keySet().equals(Set.copyOf(plan.inputNames()))) {
            throw new IllegalArgumentException("this stepper was started with inputs " + plan.inputNames()
                    + ", given " + inputs.keySet() + "; call reset() to change them");
        }
        for (Map.Entry<String, OnnxTensor> e : inputs.entrySet()) {
            String name = e.getKey();
            OnnxTensor t = e.getValue();
            if (!Arrays.equals(t.shapeRef(), plan.inputShape(name))) {
                // the whole-graph check names a time dimension other than 1, or the batch
                int[] batch = new int[1];
                OnnxStepPlan.traceOneStep(model, inputs, batch);
                throw new IllegalArgumentException("batch size " + batch[0] + " (input '" + name + "' has shape "
                        + Arrays.toString(t.shapeRef()) + "), but this stepper carries " + plan.batch()
                        + " streams with shape " + Arrays.toString(plan.inputShape(name))
                        + "; call reset() to change it");
            }
            if (t.type() == OnnxTensor.ElementType.FLOAT) {
                float[] f = t.f();
                System.arraycopy(f, 0, plan.floatInput(name), 0, f.length);
            } else if (t.type() == OnnxTensor.ElementType.DOUBLE) {
                throw new IllegalArgumentException("graph input '" + name + "' is DOUBLE; a stepper takes FLOAT and"
                        + " integer inputs");
            } else {
                long[] l = t.l();
                System.arraycopy(l, 0, plan.longInput(name), 0, l.length);
            }
        }
        plan.step();
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        for (String name : plan.outputNames()) {
            out.put(name, OnnxTensor.ofFloats(plan.floatOutput(name), plan.outputShape(name)));
        }
        return out;
    }

    /** Forgets every carried state and the shapes: the next call starts as the first. */
    public void reset() {
        plan = null;
    }
}
