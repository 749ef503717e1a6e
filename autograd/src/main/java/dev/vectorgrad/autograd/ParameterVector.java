package dev.vectorgrad.autograd;

import java.util.List;

/**
 * A list of F32 parameters seen as one flat {@code float[]}: the first parameter's elements in row-major order, then
 * the second's, and so on. This is how parameters and gradients travel where tensors do not (to another JVM, through
 * an averaging or a sum), and come back: {@link #values}/{@link #setValues} for the weights,
 * {@link #gradients}/{@link #setGradients} for their gradients.
 *
 * <pre>{@code
 * List<Tensor> params = model.parameters();
 * float[] theta = ParameterVector.values(params);       // ship these
 * float[] g = ParameterVector.gradients(params);        // after a backward pass elsewhere
 * ParameterVector.setGradients(params, averaged);       // then optimizer.step() / apply()
 * }</pre>
 *
 * <p>Only F32 tensors can be flattened (a {@code float[]} would round F64 values); every method checks each
 * parameter's dtype and the flat length, and writes nothing when a check fails.
 */
public final class ParameterVector {

    private ParameterVector() {
    }

    /**
     * The number of elements of all {@code parameters} together: the length of their flat vector.
     *
     * @throws IllegalArgumentException for a null or F64 parameter, or more than {@code Integer.MAX_VALUE} elements
     */
    public static int size(List<Tensor> parameters) {
        long total = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException("ParameterVector: parameter " + i + " is null");
            }
            if (p.dtype() != DType.F32) {
                throw new IllegalArgumentException("ParameterVector: parameter " + i + " is " + p.dtype() + " "
                        + Tensor.shapeString(p.shape()) + "; only F32 parameters flatten to a float[]");
            }
            total += p.size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ParameterVector: " + parameters.size() + " parameters hold " + total
                    + " elements, more than a float[] holds (" + Integer.MAX_VALUE + ")");
        }
        return (int) total;
    }

    /** A new flat copy of the parameters' values. @throws IllegalArgumentException as {@link #size} */
    public static float[] values(List<Tensor> parameters) {
        float[] flat = new float[size(parameters)];
        int offset = 0;
        for (Tensor p : parameters) {
            float[] data = p.dataF32();
            System.arraycopy(data, 0, flat, offset, data.length);
            offset += data.length;
        }
        return flat;
    }

    /**
     * Copies {@code flat} into the parameters' storage, in place (the tensors stay the same objects, so optimizers
     * and layers bound to them see the new values).
     *
     * @throws IllegalArgumentException as {@link #size}, or when {@code flat}'s length differs from it, naming both
     */
    public static void setValues(List<Tensor> parameters, float[] flat) {
        checkLength(parameters, flat, "setValues");
        int offset = 0;
        for (Tensor p : parameters) {
            float[] data = p.dataF32();
            System.arraycopy(flat, offset, data, 0, data.length);
            offset += data.length;
        }
    }

    /**
     * A new flat copy of the parameters' gradients; a parameter with no gradient ({@link Tensor#grad()} null)
     * contributes zeros.
     *
     * @throws IllegalArgumentException as {@link #size}
     */
    public static float[] gradients(List<Tensor> parameters) {
        float[] flat = new float[size(parameters)];
        int offset = 0;
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                System.arraycopy(g.dataF32(), 0, flat, offset, p.size());
            }
            offset += p.size();
        }
        return flat;
    }

    /**
     * Sets every parameter's gradient from {@code flat}, replacing any accumulated one, as
     * {@link Tensor#setGrad(Tensor)} does for one.
     *
     * @throws IllegalArgumentException as {@link #size}, or when {@code flat}'s length differs from it
     * @throws IllegalStateException    naming the first parameter that is not a leaf requiring gradients (before any
     *                                  gradient is written)
     */
    public static void setGradients(List<Tensor> parameters, float[] flat) {
        checkLength(parameters, flat, "setGradients");
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalStateException("ParameterVector.setGradients: parameter " + i + " "
                        + Tensor.shapeString(p.shape()) + " is not a leaf that requires gradients");
            }
        }
        int offset = 0;
        for (Tensor p : parameters) {
            float[] grad = p.gradBuffer().dataF32();
            System.arraycopy(flat, offset, grad, 0, grad.length);
            offset += grad.length;
        }
    }

    private static void checkLength(List<Tensor> parameters, float[] flat, String method) {
        int expected = size(parameters);
        if (flat == null || flat.length != expected) {
            throw new IllegalArgumentException("ParameterVector." + method + ": expected " + expected + " values for "
                    + parameters.size() + " parameters, got " + (flat == null ? "null" : flat.length));
        }
    }
}
