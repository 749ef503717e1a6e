package dev.vectorgrad.formats.idx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The array an IDX file holds: its {@link IdxType}, its dimensions and its values in row-major order.
 * Immutable and safe to share between threads; the values are kept as the file's bytes and decoded
 * on each access, so an array of unsigned bytes costs one byte per element.
 *
 * <p>Elements are addressed by their flat row-major index from 0 to {@link #size()}: in an images
 * file of dimensions {@code [n, 28, 28]}, pixel {@code (row, col)} of image {@code i} is element
 * {@code i * 784 + row * 28 + col}, and image {@code i} is the range {@code [i * 784, (i + 1) * 784)}
 * that the range methods such as {@link #toUnitFloats(int, int)} take.
 *
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
 * IdxArray labels = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * int pixels = images.dim(1) * images.dim(2);          // 28 * 28
 * float[] first100 = images.toUnitFloats(0, 100 * pixels);   // values in [0, 1]
 * int[] classes = labels.toInts();                     // 0 to 9
 * }</pre>
 */
public final class IdxArray {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private final IdxType type;
    private final int[] dims;
    private final int size;
    /** The data as stored in the file: big-endian, row-major; never exposed. */
    private final byte[] data;

    /** Called by the reader once it has checked that {@code data} holds exactly the elements {@code dims} claim. */
    IdxArray(IdxType type, int[] dims, byte[] data) {
        this.type = type;
        this.dims = dims;
        this.size = data.length / type.bytes();
        this.data = data;
    }

    /** The element type. */
    public IdxType type() {
        return type;
    }

    /** The number of dimensions (at least 1). */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code axis}, from 0 to {@link #rank()} - 1. */
    public int dim(int axis) {
        return dims[Objects.checkIndex(axis, dims.length)];
    }

    /** The dimensions, outermost first (a copy): {@code [60000, 28, 28]} for Fashion-MNIST's training images. */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of elements: the product of the dimensions. */
    public int size() {
        return size;
    }

    /**
     * Element {@code index} of an integer array ({@link IdxType#isInteger()}), exactly: 0 to 255 for
     * {@link IdxType#UNSIGNED_BYTE}, -128 to 127 for {@link IdxType#SIGNED_BYTE}, and so on.
     *
     * @throws IllegalStateException when the array holds floats or doubles
     * @throws IndexOutOfBoundsException when {@code index} is not in [0, {@link #size()})
     */
    public int getInt(int index) {
        requireInteger("getInt");
        return intAt(Objects.checkIndex(index, size));
    }

    /** Element {@code index} as a double, exactly (every IDX type fits a double without rounding). */
    public double getDouble(int index) {
        return doubleAt(Objects.checkIndex(index, size));
    }

    /** All elements of an integer array, exactly ({@link #getInt}). */
    public int[] toInts() {
        return toInts(0, size);
    }

    /**
     * Elements {@code from} to {@code from + count - 1} of an integer array, exactly.
     *
     * @throws IllegalStateException when the array holds floats or doubles
     * @throws IndexOutOfBoundsException when the range is not inside [0, {@link #size()})
     */
    public int[] toInts(int from, int count) {
        requireInteger("toInts");
        Objects.checkFromIndexSize(from, count, size);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = intAt(from + i);
        }
        return out;
    }

    /**
     * All elements as floats: exact for bytes, shorts and floats; ints beyond 2<sup>24</sup> in magnitude
     * and doubles are rounded to the nearest float.
     */
    public float[] toFloats() {
        return toFloats(0, size);
    }

    /**
     * Elements {@code from} to {@code from + count - 1} as floats, converted as {@link #toFloats()} does.
     *
     * @throws IndexOutOfBoundsException when the range is not inside [0, {@link #size()})
     */
    public float[] toFloats(int from, int count) {
        Objects.checkFromIndexSize(from, count, size);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            int at = from + i;
            out[i] = switch (type) {
                case FLOAT -> (float) FLOAT.get(data, 4 * at);
                case DOUBLE -> (float) (double) DOUBLE.get(data, 8 * at);
                default -> (float) intAt(at);
            };
        }
        return out;
    }

    /** All elements as doubles, exactly. */
    public double[] toDoubles() {
        return toDoubles(0, size);
    }

    /**
     * Elements {@code from} to {@code from + count - 1} as doubles, exactly.
     *
     * @throws IndexOutOfBoundsException when the range is not inside [0, {@link #size()})
     */
    public double[] toDoubles(int from, int count) {
        Objects.checkFromIndexSize(from, count, size);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = doubleAt(from + i);
        }
        return out;
    }

    /** All elements of an {@link IdxType#UNSIGNED_BYTE} array divided by 255: pixels scaled to [0, 1]. */
    public float[] toUnitFloats() {
        return toUnitFloats(0, size);
    }

    /**
     * Elements {@code from} to {@code from + count - 1} of an {@link IdxType#UNSIGNED_BYTE} array
     * divided by 255 (the float nearest to {@code v / 255}): 0 gives 0 and 255 gives exactly 1.
     *
     * @throws IllegalStateException when the array does not hold unsigned bytes
     * @throws IndexOutOfBoundsException when the range is not inside [0, {@link #size()})
     */
    public float[] toUnitFloats(int from, int count) {
        if (type != IdxType.UNSIGNED_BYTE) {
            throw new IllegalStateException("toUnitFloats scales unsigned bytes (pixels) to [0, 1]: expected an "
                    + "UNSIGNED_BYTE array, found " + type);
        }
        Objects.checkFromIndexSize(from, count, size);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (data[from + i] & 0xff) / 255f;
        }
        return out;
    }

    /** The type and dimensions, for example {@code IdxArray[UNSIGNED_BYTE 60000 x 28 x 28]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("IdxArray[").append(type);
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? " " : " x ").append(dims[i]);
        }
        return b.append(']').toString();
    }

    private void requireInteger(String method) {
        if (!type.isInteger()) {
            throw new IllegalStateException(method + " reads integer arrays: expected UNSIGNED_BYTE, SIGNED_BYTE,"
                    + " SHORT or INT, found " + type + " (use getDouble, toFloats or toDoubles)");
        }
    }

    /** Element {@code at} of an integer array; {@code at} is checked by the caller. */
    private int intAt(int at) {
        return switch (type) {
            case UNSIGNED_BYTE -> data[at] & 0xff;
            case SIGNED_BYTE -> data[at];
            case SHORT -> (short) SHORT.get(data, 2 * at);
            case INT -> (int) INT.get(data, 4 * at);
            case FLOAT, DOUBLE -> throw new AssertionError(type + " is not an integer type");
        };
    }

    /** Element {@code at} as a double; {@code at} is checked by the caller. */
    private double doubleAt(int at) {
        return switch (type) {
            case FLOAT -> (float) FLOAT.get(data, 4 * at);
            case DOUBLE -> (double) DOUBLE.get(data, 8 * at);
            default -> intAt(at);
        };
    }
}
