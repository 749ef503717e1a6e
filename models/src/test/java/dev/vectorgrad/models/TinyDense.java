package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.layers.Layer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-local dense layer, {@code y = x K + b} on rank-2 inputs, independent of the layers package, so the model's
 * own behaviour is tested on a layer whose maths is obvious. Weights are uniform in [-0.5, 0.5) from a seed.
 */
final class TinyDense extends Layer {

    private final int units;
    private final long seed;
    private final DType dtype;
    private final String className;
    private Tensor kernel;
    private Tensor bias;

    TinyDense(int units) {
        this(units, 1, DType.F32, null, "Dense");
    }

    TinyDense(int units, long seed, DType dtype, String name, String className) {
        super(name);
        this.units = units;
        this.seed = seed;
        this.dtype = dtype;
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return (long) shape[0] * units + units;
    }

    @Override
    protected void makeWeights(int[] shape) {
        kernel = registerParameter("kernel", Tensor.uniform(dtype, -0.5, 0.5, seed, shape[0], units).requiresGrad(true));
        bias = registerParameter("bias", Tensor.uniform(dtype, -0.5, 0.5, seed + 1, units).requiresGrad(true));
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length != 1) {
            throw new IllegalArgumentException(describeForErrors() + ": expects rank-1 samples, got " + Arrays.toString(shape));
        }
        return new int[] {units};
    }

    @Override
    public Tensor call(Tensor input) {
        if (!isBuilt()) {
            throw new IllegalStateException(describeForErrors() + " is not built");
        }
        return Ops.add(Ops.matmul(input, kernel), bias);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("units", units);
        return c;
    }
}
