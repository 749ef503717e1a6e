package dev.vectorgrad.autograd;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense row-major array of {@code float} ({@link DType#F32}) or {@code double}
 * ({@link DType#F64}) with a shape, and optionally a gradient.
 *
 * <p>A tensor is either a <em>leaf</em> (made by a factory here; set {@link #requiresGrad(boolean)}
 * on parameters and inputs you want gradients for) or the output of an op recorded on a
 * {@link Tape}. Gradients accumulate into leaves on {@link Tape#backward(Tensor)} and are only
 * cleared by {@link #zeroGrad()}. Tensors are not thread-safe: like the tape they belong to, they
 * are confined to one thread while being written.
 *
 * <p>The storage is exposed ({@link #dataF32()}, {@link #dataF64()}) so that kernels and layers
 * can work on it without copies. Changing the data of a tensor that a recorded op has read makes
 * that op's backward wrong; make a copy instead.
 *
 * <pre>{@code
 * Tensor w = Tensor.normal(DType.F64, 0, 1, 42, 3, 2).requiresGrad(true);   // a [3, 2] parameter
 * Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);               // [2, 3] data
 * try (Tape tape = Tape.open()) {
 *     tape.backward(Ops.sum(Ops.matmul(x, w)));
 * }
 * double[] dw = w.grad().dataF64();                                          // accumulated into the leaf
 * }</pre>
 */
public final class Tensor {

    private static final int[] SCALAR_SHAPE = new int[0];
    private static final int SHOWN_VALUES = 6;

    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final float[] f32;
    private final double[] f64;

    private boolean requiresGrad;
    private Tensor grad;
    /** The tape that recorded this tensor as an op output, or null for a leaf. */
    Tape tape;
    /** The tape's generation when this tensor was recorded; a reset or close moves it on. */
    int generation;

    private Tensor(DType dtype, int[] shape, float[] f32, double[] f64) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = f32 != null ? f32.length : f64.length;
        this.f32 = f32;
        this.f64 = f64;
    }

    // ---- factories -------------------------------------------------------------------------

    /** A new tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        return dtype == DType.F32
                ? new Tensor(dtype, s, new float[n], null)
                : new Tensor(dtype, s, null, new double[n]);
    }

    /** A new tensor of ones. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A new tensor with every element {@code value} (rounded to float for F32). */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (t.f32 != null) {
            Arrays.fill(t.f32, (float) value);
        } else {
            Arrays.fill(t.f64, value);
        }
        return t;
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    /** An F32 tensor holding a copy of {@code data}, which must have exactly the shape's size. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = checkShape(shape);
        checkDataLength(data.length, s);
        return new Tensor(DType.F32, s, data.clone(), null);
    }

    /** An F64 tensor holding a copy of {@code data}, which must have exactly the shape's size. */
    public static Tensor of(double[] data, int... shape) {
        int[] s = checkShape(shape);
        checkDataLength(data.length, s);
        return new Tensor(DType.F64, s, null, data.clone());
    }

    /**
     * A tensor with elements drawn uniformly from {@code [low, high)} by a
     * {@link SplittableRandom} seeded with {@code seed}: the same seed gives the same values on
     * every machine and run.
     */
    public static Tensor uniform(DType dtype, double low, double high, long seed, int... shape) {
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform: need low < high, got low=" + low + ", high=" + high);
        }
        Tensor t = zeros(dtype, shape);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < t.size; i++) {
            t.set(i, random.nextDouble(low, high));
        }
        return t;
    }

    /** A tensor with normally distributed elements (mean, standard deviation), seeded as {@link #uniform}. */
    public static Tensor normal(DType dtype, double mean, double std, long seed, int... shape) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: need std >= 0, got " + std);
        }
        Tensor t = zeros(dtype, shape);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < t.size; i++) {
            t.set(i, mean + std * gaussian(random));
        }
        return t;
    }

    /** Standard normal deviate by the polar Box-Muller method (one of each pair is used, for simplicity). */
    private static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble(-1.0, 1.0);
            v = random.nextDouble(-1.0, 1.0);
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return u * Math.sqrt(-2.0 * Math.log(s) / s);
    }

    /** A new zero tensor with this tensor's dtype and shape. */
    public Tensor zerosLike() {
        return zeros(dtype, shape);
    }

    // ---- shape and data ----------------------------------------------------------------------

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis(axis)];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The live {@code float[]} storage (row-major, length {@link #size()}). Throws for F64. */
    public float[] dataF32() {
        if (f32 == null) {
            throw new IllegalStateException("dataF32: tensor is " + dtype + " " + shapeString(shape) + ", not F32");
        }
        return f32;
    }

    /** The live {@code double[]} storage (row-major, length {@link #size()}). Throws for F32. */
    public double[] dataF64() {
        if (f64 == null) {
            throw new IllegalStateException("dataF64: tensor is " + dtype + " " + shapeString(shape) + ", not F64");
        }
        return f64;
    }

    /** Element at row-major position {@code flatIndex}, widened to double. */
    public double get(int flatIndex) {
        return f32 != null ? f32[flatIndex] : f64[flatIndex];
    }

    /** Sets the element at row-major position {@code flatIndex} (rounded to float for F32). */
    public void set(int flatIndex, double value) {
        if (f32 != null) {
            f32[flatIndex] = (float) value;
        } else {
            f64[flatIndex] = value;
        }
    }

    /** The value of a tensor with exactly one element. */
    public double item() {
        if (size != 1) {
            throw new IllegalStateException("item: tensor has " + size + " elements " + shapeString(shape) + ", expected 1");
        }
        return get(0);
    }

    /** A copy of the elements as doubles. */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** A copy of the elements as floats (rounded for F64). */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    /**
     * A new tensor of {@code shape} holding this tensor's own element array, not a copy: what {@link Shapes#reshape}
     * returns, after checking that the shape has no negative dimension and this tensor's size.
     */
    Tensor sharingElements(int[] shape) {
        return new Tensor(dtype, shape, f32, f64);
    }

    /** A new leaf holding a copy of the values, with no gradient and no tape: use it to carry state across tape resets. */
    public Tensor detach() {
        return f32 != null ? new Tensor(dtype, shape, f32.clone(), null) : new Tensor(dtype, shape, null, f64.clone());
    }

    // ---- gradients ---------------------------------------------------------------------------

    /**
     * Marks a leaf as needing a gradient (or not). Ops recorded on a tape from then on will
     * propagate gradients to it. Returns this tensor.
     */
    public Tensor requiresGrad(boolean value) {
        if (!isLeaf()) {
            throw new IllegalStateException("requiresGrad: only leaves can be marked; this tensor " + shapeString(shape)
                    + " is the output of a recorded op (use detach() for a leaf copy)");
        }
        requiresGrad = value;
        return this;
    }

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() {
        return tape == null;
    }

    /**
     * The accumulated gradient of a leaf, or {@code null} if no backward pass has reached it since
     * it was made or last {@link #zeroGrad() zeroed}. Outputs of ops keep no gradient.
     */
    public Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient (the next backward pass starts from zero). */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Sets the gradient of this leaf to a copy of {@code gradient}, replacing any accumulated one: what an optimizer
     * then applies, for a gradient computed elsewhere (another JVM, an average of several). A later backward pass
     * accumulates into it as into any gradient; {@link #zeroGrad()} clears it.
     *
     * @throws IllegalStateException    if this tensor is not a leaf or does not require gradients
     * @throws IllegalArgumentException if {@code gradient} is null or differs in dtype or shape, naming both
     */
    public void setGrad(Tensor gradient) {
        if (!isLeaf() || !requiresGrad) {
            throw new IllegalStateException("setGrad: only a leaf that requires gradients can be given one; this tensor "
                    + dtype + " " + shapeString(shape) + " is " + (isLeaf() ? "a leaf that does not require gradients"
                    : "the output of a recorded op"));
        }
        if (gradient == null) {
            throw new IllegalArgumentException("setGrad: the gradient of " + dtype + " " + shapeString(shape)
                    + " is null (use zeroGrad() to clear it)");
        }
        if (gradient.dtype != dtype || !Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("setGrad: expected a gradient " + dtype + " " + shapeString(shape)
                    + ", got " + gradient.dtype + " " + shapeString(gradient.shape));
        }
        grad = gradient.detach();
    }

    /** The gradient buffer, made (as zeros) if absent. */
    Tensor gradBuffer() {
        if (grad == null) {
            grad = zerosLike();
        }
        return grad;
    }

    void clearGrad() {
        grad = null;
    }

    void markRecorded(Tape owner, int gen) {
        tape = owner;
        generation = gen;
        requiresGrad = true;
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Resolves a possibly negative axis, throwing if it is out of range. */
    public int axis(int axis) {
        int r = shape.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + shapeString(shape)
                    + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** Formats a shape as {@code [2, 3]}. */
    public static String shapeString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Number of elements of a shape, throwing on negative dimensions or int overflow. */
    static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    private static int[] checkShape(int[] shape) {
        if (shape.length == 0) {
            return SCALAR_SHAPE;
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has a negative dimension");
            }
        }
        sizeOf(shape);
        return shape.clone();
    }

    private static void checkDataLength(int length, int[] shape) {
        int n = sizeOf(shape);
        if (length != n) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + shapeString(shape)
                    + " needs " + n);
        }
    }

    /** Shows dtype, shape, whether it needs a gradient and the first few values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Tensor(").append(dtype).append(' ').append(shapeString(shape));
        if (requiresGrad) {
            s.append(isLeaf() ? " requiresGrad" : " recorded");
        }
        s.append(" [");
        int shown = Math.min(size, SHOWN_VALUES);
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(f32 != null ? Float.toString(f32[i]) : Double.toString(f64[i]));
        }
        if (size > shown) {
            s.append(", ... (").append(size).append(" values)");
        }
        return s.append("])").toString();
    }
}
