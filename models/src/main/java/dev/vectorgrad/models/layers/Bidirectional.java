package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Bidirectional(layer, merge_mode)}: the wrapped recurrent layer run forward and a copy of it run with
 * {@code go_backwards} flipped, their outputs merged. With {@code return_sequences} the backward layer's outputs
 * (in its processing order) are flipped back to the input's order before merging, so step {@code t} of both
 * describes input step {@code t}; otherwise each layer's last output is merged. Merge modes: {@code concat} (the
 * default; forward first, {@code 2 * units} features), {@code sum}, {@code mul}, {@code ave}. Keras's
 * {@code merge_mode=None} (a list of two outputs) is not offered: a layer returns one tensor.
 *
 * <p>The two layers are children {@code forward_layer} and {@code backward_layer} (Keras's attribute names), named
 * as Keras names them, {@code forward_<name>} and {@code backward_<name>} after the wrapped layer's name (its
 * snake-case class name, such as {@code lstm}, when it has none); the weights are the forward layer's, then the backward
 * layer's, each in its Keras layout. The backward copy has the wrapped layer's seed, so with an explicit seed both
 * start from the same weights, as in Keras; with none their seeds derive from their distinct names.
 */
public final class Bidirectional extends KerasLayer {

    /** The merge modes, by Keras name. */
    public static final List<String> MERGE_MODES = List.of("concat", "sum", "mul", "ave");

    private final RecurrentLayer forwardLayer;
    private final RecurrentLayer backwardLayer;
    private final String mergeMode;
    /** The wrapped layer's name without a {@code forward_} prefix, or null when it had none. */
    private final String wrappedName;

    /** {@code Bidirectional(layer)} with {@code merge_mode="concat"}. */
    public Bidirectional(RecurrentLayer layer) {
        this(layer, "concat");
    }

    /** Keras's {@code Bidirectional(layer, merge_mode)}; {@code layer} itself is not used, copies of it are. */
    public Bidirectional(RecurrentLayer layer, String mergeMode) {
        this(layer, mergeMode, null);
    }

    /** A bidirectional layer with a name ({@code null}: named by its model). */
    public Bidirectional(RecurrentLayer layer, String mergeMode, String name) {
        super(name, layer.dtype(), layer.seed());
        if (!MERGE_MODES.contains(mergeMode)) {
            throw new IllegalArgumentException("Bidirectional: merge_mode must be one of " + MERGE_MODES + ", got '"
                    + mergeMode + "'" + (mergeMode == null ? " (None, a list of both outputs, is not supported)" : ""));
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional: wrap an unbuilt layer; " + layer.describeForErrors()
                    + " is already built");
        }
        this.mergeMode = mergeMode;
        this.wrappedName = layer.name() == null ? null
                : layer.name().startsWith("forward_") ? layer.name().substring("forward_".length()) : layer.name();
        this.forwardLayer = registerModule("forward_layer",
                layer.withDirection(layer.goBackwards(), null, layer.seed()));
        this.backwardLayer = registerModule("backward_layer",
                layer.withDirection(!layer.goBackwards(), null, layer.seed()));
    }

    public RecurrentLayer forwardLayer() {
        return forwardLayer;
    }

    public RecurrentLayer backwardLayer() {
        return backwardLayer;
    }

    public String mergeMode() {
        return mergeMode;
    }

    @Override
    public String className() {
        return "Bidirectional";
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length != 2 || shape[1] <= 0) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input rank 3 [batch, time, features]"
                    + " with known features, got " + batchShape(shape));
        }
        int[] out = forwardLayer.outputShape(shape);
        if (mergeMode.equals("concat")) {
            out[out.length - 1] *= 2;
        }
        return out;
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return Math.addExact(forwardLayer.weightCount(shape), backwardLayer.weightCount(shape));
    }

    @Override
    protected void makeWeights(int[] shape) {
        String base = wrappedName != null ? wrappedName : Layers.snakeCase(forwardLayer.className());
        forwardLayer.assignName("forward_" + base);
        backwardLayer.assignName("backward_" + base);
        forwardLayer.build(shape);
        backwardLayer.build(shape);
    }

    @Override
    void checkInput(Tensor input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input rank 3 [batch, time, features], got "
                    + Arrays.toString(input.shape()));
        }
        super.checkInput(input);
    }

    @Override
    Tensor forward(Tensor input, List<Tensor> weights) {
        return runBoth(input, weights, null, null).get(0);
    }

    /**
     * Keras's call with {@code return_state}: {@code [output, forward states..., backward states...]} ({@code h}, and
     * {@code c} for LSTM, per direction).
     *
     * @param forwardState  the forward layer's initial state ({@code [h0]} or {@code [h0, c0]}), or null for zeros
     * @param backwardState the backward layer's, or null
     */
    public List<Tensor> callWithStates(Tensor input, List<Tensor> forwardState, List<Tensor> backwardState) {
        requireBuilt();
        checkInput(input);
        return runBoth(input, getWeights(), forwardState, backwardState);
    }

    private List<Tensor> runBoth(Tensor input, List<Tensor> w, List<Tensor> forwardState, List<Tensor> backwardState) {
        int half = w.size() / 2;
        RecurrentLayer.Run f = forwardLayer.run(input, w.subList(0, half), forwardState, forwardLayer.runsFused());
        RecurrentLayer.Run b = backwardLayer.run(input, w.subList(half, w.size()), backwardState,
                backwardLayer.runsFused());
        boolean sequences = forwardLayer.returnSequences();
        Tensor yf = sequences ? f.sequence() : f.h();
        Tensor yb = sequences ? TimeAxis.flip(b.sequence()) : b.h();
        Tensor merged = switch (mergeMode) {
            case "concat" -> Shapes.concat(yf.rank() - 1, yf, yb);
            case "sum" -> Ops.add(yf, yb);
            case "mul" -> Ops.mul(yf, yb);
            case "ave" -> Ops.scale(Ops.add(yf, yb), 0.5);
            default -> throw new AssertionError(mergeMode);
        };
        List<Tensor> out = new ArrayList<>();
        out.add(merged);
        out.add(f.h());
        if (f.c() != null) {
            out.add(f.c());
        }
        out.add(b.h());
        if (b.c() != null) {
            out.add(b.c());
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("merge_mode", mergeMode);
        c.put("layer", serialized(forwardLayer));
        c.put("backward_layer", serialized(backwardLayer));
        return c;
    }

    private static Map<String, Object> serialized(RecurrentLayer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", layer.className());
        m.put("config", layer.config());
        return m;
    }

    @Override
    protected String describe() {
        return "merge_mode=" + mergeMode;
    }
}
