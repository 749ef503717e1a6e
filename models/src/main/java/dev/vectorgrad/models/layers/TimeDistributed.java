package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code TimeDistributed(layer)}: the wrapped layer applied to every time step of
 * {@code [batch, time, ...stepShape]}, giving {@code [batch, time, ...layerOutput]}, the same weights at every step.
 * It does not loop over the steps: the time axis is folded into the batch ({@code [batch * time, ...stepShape]}, a
 * reshape of the row-major data), the layer runs once on that, and its output is unfolded
 * ({@code [batch, time, ...]}). So each step's result is exactly what the layer gives that step on its own, at the
 * cost of one call. The number of steps may be unknown (-1): the wrapped layer never sees it.
 *
 * <p>Any layer of this package can be wrapped except {@link Input} ({@link Conv2D}, the poolings, {@link Flatten},
 * {@link Dense}, {@link Dropout}, the recurrent layers, ...). The wrapped layer is the child {@code layer} (Keras's
 * attribute name), so its weights are named {@code <name>.layer.kernel} in the model's state dict and file; it keeps
 * its own name, which the model gives it ({@code conv2d}, {@code conv2d_1}, ...) when it has none, as Keras names the
 * inner layers (alone, it is named after its snake-case class name when built). Its seed, dtype and training mode are
 * its own.
 */
public final class TimeDistributed extends KerasLayer {

    private final KerasLayer layer;

    /** {@code TimeDistributed(layer)}, named by its model. */
    public TimeDistributed(Layer layer) {
        this(layer, null);
    }

    /** {@code TimeDistributed(layer)} with a name ({@code null}: named by its model). */
    public TimeDistributed(Layer layer, String name) {
        super(name, wrappable(layer).dtype(), null);
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("TimeDistributed: wrap an unbuilt layer; " + layer.className() + " '"
                    + layer.name() + "' is already built for input " + batchShape(layer.inputShape()));
        }
        this.layer = registerModule("layer", (KerasLayer) layer);
    }

    private static KerasLayer wrappable(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("TimeDistributed: layer is null");
        }
        if (!(layer instanceof KerasLayer k) || layer instanceof Input) {
            throw new IllegalArgumentException("TimeDistributed: wraps a layer of dev.vectorgrad.models.layers other"
                    + " than Input, got " + layer.className() + " (" + layer.getClass().getName() + ")");
        }
        return k;
    }

    /** The wrapped layer. */
    public KerasLayer layer() {
        return layer;
    }

    @Override
    public String className() {
        return "TimeDistributed";
    }

    @Override
    public int[] outputShape(int[] shape) {
        int[] step = step(shape);
        int[] inner;
        try {
            inner = layer.outputShape(step);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describeForErrors() + ": input " + batchShape(shape) + " gives each step "
                    + batchShape(step) + ": " + e.getMessage(), e);
        }
        int[] out = new int[inner.length + 1];
        out[0] = shape[0];
        System.arraycopy(inner, 0, out, 1, inner.length);
        return out;
    }

    /** The shape of one step, {@code shape} without its time axis. */
    private int[] step(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input [batch, time, ...] of rank 3 or"
                    + " more, got " + batchShape(shape));
        }
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return layer.weightCount(step(shape));
    }

    @Override
    protected void makeWeights(int[] shape) {
        if (layer.name() == null) {
            layer.assignName(Layers.snakeCase(layer.className()));
        }
        layer.build(step(shape));
    }

    @Override
    void checkInput(Tensor input) {
        if (input.rank() < 3) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input " + batchShape(inputShape())
                    + " of rank 3 or more, got " + Arrays.toString(input.shape()));
        }
        super.checkInput(input);
    }

    @Override
    Tensor forward(Tensor input, List<Tensor> weights) {
        int[] shape = input.shape();
        int[] folded = Arrays.copyOfRange(shape, 1, shape.length);
        folded[0] = Math.multiplyExact(shape[0], shape[1]);
        Tensor y = layer.forward(Shapes.reshape(input, folded), weights);
        int[] unfolded = new int[y.rank() + 1];
        unfolded[0] = shape[0];
        unfolded[1] = shape[1];
        System.arraycopy(y.shape(), 1, unfolded, 2, y.rank() - 1);
        return Shapes.reshape(y, unfolded);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", layer.className());
        inner.put("config", layer.config());
        c.put("layer", inner);
        return c;
    }

    @Override
    protected String describe() {
        return "layer=" + layer.className();
    }
}
