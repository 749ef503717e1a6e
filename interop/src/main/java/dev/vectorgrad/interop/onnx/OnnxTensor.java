package dev.vectorgrad.interop.onnx;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * An immutable ONNX tensor value: an element type, a shape and row-major data. It is what {@link OnnxModel} takes
 * and returns, and what {@link OnnxReader} makes of initializers and constants.
 *
 * <p>The runtime computes in {@link ElementType#FLOAT} (the model's numbers) and {@link ElementType#INT64} (shapes,
 * indices); {@code INT32} and {@code BOOL} values are held as {@code long}s, {@code DOUBLE} as {@code double}s.
 * Factories copy their arrays and accessors return copies, so a tensor never changes.
 */
public final class OnnxTensor {

    /** The element types this importer reads, with their {@code TensorProto.DataType} codes. */
    public enum ElementType {
        /** 32-bit float (code 1). */
        FLOAT(1, 4),
        /** 32-bit signed integer (code 6), held as {@code long}. */
        INT32(6, 4),
        /** 64-bit signed integer (code 7). */
        INT64(7, 8),
        /** Boolean (code 9), held as {@code long} 0 or 1. */
        BOOL(9, 1),
        /** 64-bit float (code 11). */
        DOUBLE(11, 8);

        private final int code;
        private final int bytes;

        ElementType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** The {@code TensorProto.DataType} number. */
        public int onnxCode() {
            return code;
        }

        /** Bytes per element in {@code raw_data}. */
        public int bytes() {
            return bytes;
        }

        /** The type with the given {@code TensorProto.DataType} number, or null if this importer does not read it. */
        public static ElementType ofCode(long code) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        boolean integral() {
            return this == INT32 || this == INT64 || this == BOOL;
        }
    }

    private final ElementType type;
    private final int[] shape;
    private final int size;
    private final float[] f;
    private final long[] l;
    private final double[] d;

    private OnnxTensor(ElementType type, int[] shape, float[] f, long[] l, double[] d) {
        this.type = type;
        this.shape = shape;
        this.size = f != null ? f.length : l != null ? l.length : d.length;
        this.f = f;
        this.l = l;
        this.d = d;
        long expected = sizeOf(shape);
        if (expected != size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + expected
                    + " elements, data has " + size);
        }
    }

    // ---- public factories -------------------------------------------------------------------

    /** A FLOAT tensor (copies {@code data}). */
    public static OnnxTensor ofFloats(float[] data, int... shape) {
        return new OnnxTensor(ElementType.FLOAT, checkShape(shape), data.clone(), null, null);
    }

    /** A DOUBLE tensor (copies {@code data}). */
    public static OnnxTensor ofDoubles(double[] data, int... shape) {
        return new OnnxTensor(ElementType.DOUBLE, checkShape(shape), null, null, data.clone());
    }

    /** An INT64 tensor (copies {@code data}). */
    public static OnnxTensor ofLongs(long[] data, int... shape) {
        return new OnnxTensor(ElementType.INT64, checkShape(shape), null, data.clone(), null);
    }

    /** An INT32 tensor (copies {@code data}). */
    public static OnnxTensor ofInts(int[] data, int... shape) {
        long[] copy = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            copy[i] = data[i];
        }
        return new OnnxTensor(ElementType.INT32, checkShape(shape), null, copy, null);
    }

    /** A FLOAT (from F32) or DOUBLE (from F64) tensor with the data and shape of a vectorgrad tensor. */
    public static OnnxTensor of(Tensor tensor) {
        return tensor.dtype() == DType.F32 ? ofFloats(tensor.dataF32(), tensor.shape())
                : ofDoubles(tensor.dataF64(), tensor.shape());
    }

    // ---- package factories: take ownership of the arrays ------------------------------------

    static OnnxTensor wrapFloats(float[] data, int[] shape) {
        return new OnnxTensor(ElementType.FLOAT, shape, data, null, null);
    }

    static OnnxTensor wrapDoubles(double[] data, int[] shape) {
        return new OnnxTensor(ElementType.DOUBLE, shape, null, null, data);
    }

    static OnnxTensor wrapLongs(ElementType type, long[] data, int[] shape) {
        if (!type.integral()) {
            throw new IllegalArgumentException("not an integral type: " + type);
        }
        return new OnnxTensor(type, shape, null, data, null);
    }

    // ---- accessors -------------------------------------------------------------------------

    /** The element type. */
    public ElementType type() {
        return type;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code axis} (0-based). */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** A copy of the data of a FLOAT tensor. */
    public float[] floats() {
        return requireFloat().clone();
    }

    /** A copy of the data of an INT32, INT64 or BOOL tensor. */
    public long[] longs() {
        return requireLong().clone();
    }

    /** A copy of the data of a DOUBLE tensor. */
    public double[] doubles() {
        return d().clone();
    }

    /** Element {@code i} (row-major) as a double, whatever the type. */
    public double getDouble(int i) {
        return f != null ? f[i] : l != null ? l[i] : d[i];
    }

    /** This tensor as a vectorgrad tensor: FLOAT as F32, DOUBLE as F64; integral types are refused. */
    public Tensor toTensor() {
        if (f != null) {
            return Tensor.of(f.clone(), shape.clone());
        }
        if (d != null) {
            return Tensor.of(d.clone(), shape.clone());
        }
        throw new IllegalStateException("a " + type + " tensor has no vectorgrad dtype (F32 and F64 only)");
    }

    // ---- package accessors: the arrays themselves, never to be written ----------------------

    float[] f() {
        return requireFloat();
    }

    long[] l() {
        return requireLong();
    }

    double[] d() {
        if (d == null) {
            throw new IllegalStateException("a " + type + " tensor has no double data");
        }
        return d;
    }

    int[] shapeRef() {
        return shape;
    }

    private float[] requireFloat() {
        if (f == null) {
            throw new IllegalStateException("a " + type + " tensor has no float data");
        }
        return f;
    }

    private long[] requireLong() {
        if (l == null) {
            throw new IllegalStateException("a " + type + " tensor has no integer data");
        }
        return l;
    }

    static int[] checkShape(int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (sizeOf(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
        }
        return shape.clone();
    }

    /** The element count of a shape, saturating at Long.MAX_VALUE. */
    static long sizeOf(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n = Math.multiplyHigh(n, s) != 0 || n * s < 0 ? Long.MAX_VALUE : n * s;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name()).append(Arrays.toString(shape)).append(" [");
        int shown = Math.min(size, 6);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(f != null ? Float.toString(f[i])
                    : l != null ? Long.toString(l[i]) : Double.toString(d[i]));
        }
        return sb.append(size > shown ? ", ...]" : "]").toString();
    }
}
