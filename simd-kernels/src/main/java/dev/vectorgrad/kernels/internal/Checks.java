package dev.vectorgrad.kernels.internal;

import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.Window2d;

import java.lang.reflect.Array;

/**
 * The kernels' argument checks, made once per call by the public methods of
 * {@link dev.vectorgrad.kernels.FloatKernels} and {@link dev.vectorgrad.kernels.DoubleKernels} before
 * they call an implementation. Each throws {@link IllegalArgumentException} naming the kernel, the
 * argument and its value, so every implementation rejects exactly the same calls before writing
 * anything.
 */
public final class Checks {

    private Checks() {
    }

    /** Checks a size is not negative. */
    public static void size(String op, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be >= 0, but is " + value);
        }
    }

    /**
     * The vector width asked for by the system property {@code vectorgrad.kernels.vectorBits}: 128, 256 or 512,
     * or 0 when {@code value} is null (the JVM's preferred width).
     *
     * @throws IllegalArgumentException for any other value, naming the property and the value
     */
    public static int vectorBits(String value) {
        if (value == null) {
            return 0;
        }
        return switch (value.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException("system property vectorgrad.kernels.vectorBits must be 128,"
                    + " 256 or 512, but is '" + value + "'");
        };
    }

    /** Checks a GEMM thread count is at least 1. */
    public static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but is " + threads);
        }
    }

    /** Checks {@code n} contiguous elements from {@code off} lie inside {@code array}. */
    public static void vector(String op, String name, int n, Object array, int off) {
        int arrayLength = length(op, name, array);
        if (off < 0) {
            throw new IllegalArgumentException(op + ": offset of " + name + " must be >= 0, but is " + off);
        }
        if ((long) off + n > arrayLength) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + n + " elements from offset " + off
                    + ", but its length is " + arrayLength);
        }
    }

    /**
     * Checks a rows x cols row-major matrix with leading dimension {@code ld} from {@code off}
     * lies inside {@code array}, and that {@code ld >= max(1, cols)}.
     */
    public static void matrix(String op, String name, int rows, int cols, Object array,
                              int off, int ld) {
        int arrayLength = length(op, name, array);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + name + " must be >= max(1, "
                    + cols + ") (its row length), but is " + ld);
        }
        if (off < 0) {
            throw new IllegalArgumentException(op + ": offset of " + name + " must be >= 0, but is " + off);
        }
        long extent = extent(rows, cols, ld);
        if (off + extent > arrayLength) {
            throw new IllegalArgumentException(op + ": " + name + " is " + rows + "x" + cols + " with leading dimension "
                    + ld + " and needs " + extent + " elements from offset " + off + ", but its length is " + arrayLength);
        }
    }

    /**
     * Checks an output range does not partly overlap an input range of the same array. Equal
     * ranges are allowed (in-place element-wise ops).
     */
    public static void noPartialOverlap(String op, String outName, Object out, int outOff,
                                        String inName, Object in, int inOff, int n) {
        if (out == in && outOff != inOff && n > 0 && overlaps(outOff, n, inOff, n)) {
            throw new IllegalArgumentException(op + ": " + outName + " [" + outOff + ", " + ((long) outOff + n)
                    + ") partly overlaps " + inName + " [" + inOff + ", " + ((long) inOff + n) + ")");
        }
    }

    /** Checks an output matrix's memory range does not overlap an input's at all (GEMM, GEMV). */
    public static void disjoint(String op, String outName, Object out, int outOff, long outExtent,
                                String inName, Object in, int inOff, long inExtent) {
        if (out == in && outExtent > 0 && inExtent > 0 && overlaps(outOff, outExtent, inOff, inExtent)) {
            throw new IllegalArgumentException(op + ": " + outName + " [" + outOff + ", " + (outOff + outExtent)
                    + ") overlaps " + inName + " [" + inOff + ", " + (inOff + inExtent) + ")");
        }
    }

    private static int length(String op, String name, Object array) {
        // An explicit test, not requireNonNull with a message supplier: that lambda captures op and
        // name and was measured allocating on every kernel call where C2 did not inline it.
        if (array == null) {
            throw new NullPointerException(op + ": array " + name + " is null");
        }
        return Array.getLength(array);
    }

    /** Number of elements a rows x cols matrix with leading dimension ld spans (0 if empty). */
    public static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    private static boolean overlaps(long aOff, long aLen, long bOff, long bLen) {
        return aOff < bOff + bLen && bOff < aOff + aLen;
    }

    /** All checks of {@code gemm}, for arrays of any primitive type. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            Object a, int aOff, int lda,
                            Object b, int bOff, int ldb,
                            Object c, int cOff, int ldc) {
        size("gemm", "m", m);
        size("gemm", "n", n);
        size("gemm", "k", k);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        matrix("gemm", transA ? "A (transposed, stored k x m)" : "A", aRows, aCols, a, aOff, lda);
        matrix("gemm", transB ? "B (transposed, stored n x k)" : "B", bRows, bCols, b, bOff, ldb);
        matrix("gemm", "C", m, n, c, cOff, ldc);
        long cExtent = extent(m, n, ldc);
        disjoint("gemm", "C", c, cOff, cExtent, "A", a, aOff, extent(aRows, aCols, lda));
        disjoint("gemm", "C", c, cOff, cExtent, "B", b, bOff, extent(bRows, bCols, ldb));
    }

    /** Checks of {@code pack}: sizes and stored B (k x n, or n x k when transposed). */
    public static void pack(boolean transB, int k, int n, Object b, int bOff, int ldb) {
        size("pack", "k", k);
        size("pack", "n", n);
        matrix("pack", transB ? "B (transposed, stored n x k)" : "B", transB ? n : k, transB ? k : n, b, bOff, ldb);
    }

    /**
     * Checks the packed operand of a GEMM was made by these kernels: it is a {@code type}, the
     * packed class of provider {@code provider}.
     */
    public static void packed(Object b, Class<?> type, String provider) {
        if (b == null) {
            throw new NullPointerException("gemm: packed B is null");
        }
        if (!type.isInstance(b)) {
            String other = b instanceof PackedFloatMatrix f ? f.provider()
                    : b instanceof PackedDoubleMatrix d ? d.provider() : b.getClass().getName();
            throw new IllegalArgumentException("gemm: B was packed by the '" + other + "' provider, but these are the '"
                    + provider + "' kernels: pack B with the kernels that multiply by it");
        }
    }

    /**
     * All checks of {@code gemm} with B packed as a {@code bRows x bCols} matrix, for arrays of any
     * primitive type; B is the kernels' own copy, so C cannot overlap it.
     */
    public static void packedGemm(boolean transA, int m, int n, int k,
                                  Object a, int aOff, int lda,
                                  int bRows, int bCols,
                                  Object c, int cOff, int ldc) {
        size("gemm", "m", m);
        size("gemm", "n", n);
        size("gemm", "k", k);
        if (bRows != k || bCols != n) {
            throw new IllegalArgumentException("gemm: packed B is " + bRows + "x" + bCols + ", but op(B) must be k x n = "
                    + k + "x" + n);
        }
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        matrix("gemm", transA ? "A (transposed, stored k x m)" : "A", aRows, aCols, a, aOff, lda);
        matrix("gemm", "C", m, n, c, cOff, ldc);
        disjoint("gemm", "C", c, cOff, extent(m, n, ldc), "A", a, aOff, extent(aRows, aCols, lda));
    }

    /** All checks of {@code gemv}, for arrays of any primitive type. */
    public static void gemv(boolean transA, int m, int n,
                            Object a, int aOff, int lda,
                            Object x, int xOff,
                            Object y, int yOff) {
        size("gemv", "m", m);
        size("gemv", "n", n);
        matrix("gemv", "A", m, n, a, aOff, lda);
        int xLen = transA ? m : n;
        int yLen = transA ? n : m;
        vector("gemv", "x", xLen, x, xOff);
        vector("gemv", "y", yLen, y, yOff);
        disjoint("gemv", "y", y, yOff, yLen, "A", a, aOff, extent(m, n, lda));
        disjoint("gemv", "y", y, yOff, yLen, "x", x, xOff, xLen);
    }

    /** Checks of a binary element-wise op {@code out = f(x, y)}. */
    public static void binary(String op, int n, Object x, int xOff, Object y, int yOff,
                              Object out, int outOff) {
        size(op, "n", n);
        vector(op, "x", n, x, xOff);
        vector(op, "y", n, y, yOff);
        vector(op, "out", n, out, outOff);
        noPartialOverlap(op, "out", out, outOff, "x", x, xOff, n);
        noPartialOverlap(op, "out", out, outOff, "y", y, yOff, n);
    }

    /** Checks of a unary element-wise op {@code out = f(x)}. */
    public static void unary(String op, int n, Object x, int xOff, Object out, int outOff) {
        size(op, "n", n);
        vector(op, "x", n, x, xOff);
        vector(op, "out", n, out, outOff);
        noPartialOverlap(op, "out", out, outOff, "x", x, xOff, n);
    }

    /** Checks of an op that reads or updates {@code n} elements of one array. */
    public static void single(String op, int n, Object x, int xOff) {
        size(op, "n", n);
        vector(op, "x", n, x, xOff);
    }

    /** Checks of a four-input element-wise op such as {@code out = a*b + c*d}. */
    public static void quaternary(String op, int n, Object a, int aOff, Object b, int bOff,
                                  Object c, int cOff, Object d, int dOff,
                                  Object out, int outOff) {
        size(op, "n", n);
        vector(op, "a", n, a, aOff);
        vector(op, "b", n, b, bOff);
        vector(op, "c", n, c, cOff);
        vector(op, "d", n, d, dOff);
        vector(op, "out", n, out, outOff);
        noPartialOverlap(op, "out", out, outOff, "a", a, aOff, n);
        noPartialOverlap(op, "out", out, outOff, "b", b, bOff, n);
        noPartialOverlap(op, "out", out, outOff, "c", c, cOff, n);
        noPartialOverlap(op, "out", out, outOff, "d", d, dOff, n);
    }

    /** Checks of {@code out = lerp(t, a, b)}. */
    public static void ternary(String op, int n, Object t, int tOff, Object a, int aOff,
                               Object b, int bOff, Object out, int outOff) {
        size(op, "n", n);
        vector(op, "t", n, t, tOff);
        vector(op, "a", n, a, aOff);
        vector(op, "b", n, b, bOff);
        vector(op, "out", n, out, outOff);
        noPartialOverlap(op, "out", out, outOff, "t", t, tOff, n);
        noPartialOverlap(op, "out", out, outOff, "a", a, aOff, n);
        noPartialOverlap(op, "out", out, outOff, "b", b, bOff, n);
    }

    /** Checks of a row-wise op over a rows x cols matrix into another (softmax). */
    public static void rows(String op, int rows, int cols, Object x, int xOff, int ldx,
                            Object out, int outOff, int ldo) {
        size(op, "rows", rows);
        size(op, "cols", cols);
        matrix(op, "x", rows, cols, x, xOff, ldx);
        matrix(op, "out", rows, cols, out, outOff, ldo);
        if (out == x && !(outOff == xOff && ldo == ldx)) {
            disjoint(op, "out", out, outOff, extent(rows, cols, ldo), "x", x, xOff, extent(rows, cols, ldx));
        }
    }

    /**
     * Checks {@code n} contiguous elements from {@code off} lie inside {@code array}, where
     * {@code n} (a product of sizes) may exceed an int.
     */
    public static void elements(String op, String name, long n, Object array, int off) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + n + " elements, more than an array holds");
        }
        vector(op, name, (int) n, array, off);
    }

    private static void geometry(String op, Window2d g) {
        if (g == null) {
            throw new NullPointerException(op + ": geometry is null");
        }
    }

    /**
     * Elements of the kernel {@code [windowHeight, windowWidth, channels, filters]}. With same
     * padding a window may be far larger than the image, so the product can pass a long (a 2^30 x
     * 2^30 window and 16 filters wrap to 0): that is rejected here rather than wrapped.
     */
    private static long kernelSize(String op, Window2d g, int filters) {
        try {
            return Math.multiplyExact(Math.multiplyExact((long) g.windowHeight() * g.windowWidth(), (long) g.channels()),
                    (long) filters);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": the kernel [" + g.windowHeight() + ", " + g.windowWidth() + ", "
                    + g.channels() + ", " + filters + "] has more elements than an array holds");
        }
    }

    /**
     * Checks of {@code conv2d}: x {@code [batch, height, width, channels]}, kernel
     * {@code [windowHeight, windowWidth, channels, filters]}, bias {@code [filters]} (or null) and y
     * {@code [batch, outHeight, outWidth, filters]} inside their arrays, and y overlapping none of them.
     */
    public static void conv2d(Window2d g, int filters, Object x, int xOff, Object w, int wOff,
                              Object bias, int biasOff, Object y, int yOff) {
        String op = "conv2d";
        geometry(op, g);
        filters(op, filters);
        long ySize = g.outputPixels() * filters;
        elements(op, "x", g.inputSize(), x, xOff);
        elements(op, "kernel", kernelSize(op, g, filters), w, wOff);
        if (bias != null) {
            elements(op, "bias", filters, bias, biasOff);
        }
        elements(op, "y", ySize, y, yOff);
        disjoint(op, "y", y, yOff, ySize, "x", x, xOff, g.inputSize());
        disjoint(op, "y", y, yOff, ySize, "kernel", w, wOff, kernelSize(op, g, filters));
        if (bias != null) {
            disjoint(op, "y", y, yOff, ySize, "bias", bias, biasOff, filters);
        }
    }

    /** Checks of {@code conv2dBackwardInput}: dy, kernel and dx inside their arrays, dx overlapping neither. */
    public static void conv2dBackwardInput(Window2d g, int filters, Object dy, int dyOff, Object w, int wOff,
                                           Object dx, int dxOff) {
        String op = "conv2dBackwardInput";
        geometry(op, g);
        filters(op, filters);
        long dySize = g.outputPixels() * filters;
        elements(op, "dy", dySize, dy, dyOff);
        elements(op, "kernel", kernelSize(op, g, filters), w, wOff);
        elements(op, "dx", g.inputSize(), dx, dxOff);
        disjoint(op, "dx", dx, dxOff, g.inputSize(), "dy", dy, dyOff, dySize);
        disjoint(op, "dx", dx, dxOff, g.inputSize(), "kernel", w, wOff, kernelSize(op, g, filters));
    }

    /** Checks of {@code conv2dBackwardKernel}: x, dy and dkernel inside their arrays, dkernel overlapping neither. */
    public static void conv2dBackwardKernel(Window2d g, int filters, Object x, int xOff, Object dy, int dyOff,
                                            Object dw, int dwOff) {
        String op = "conv2dBackwardKernel";
        geometry(op, g);
        filters(op, filters);
        long dySize = g.outputPixels() * filters;
        long wSize = kernelSize(op, g, filters);
        elements(op, "x", g.inputSize(), x, xOff);
        elements(op, "dy", dySize, dy, dyOff);
        elements(op, "dkernel", wSize, dw, dwOff);
        disjoint(op, "dkernel", dw, dwOff, wSize, "x", x, xOff, g.inputSize());
        disjoint(op, "dkernel", dw, dwOff, wSize, "dy", dy, dyOff, dySize);
    }

    private static void filters(String op, int filters) {
        if (filters < 1) {
            throw new IllegalArgumentException(op + ": filters must be >= 1, but is " + filters);
        }
    }

    /**
     * Checks of a pooling forward kernel: x {@code [batch, height, width, channels]} and y
     * {@code [batch, outHeight, outWidth, channels]} inside their arrays and not overlapping.
     */
    public static void pool2d(String op, Window2d g, Object x, int xOff, Object y, int yOff) {
        geometry(op, g);
        long ySize = g.outputPixels() * g.channels();
        elements(op, "x", g.inputSize(), x, xOff);
        elements(op, "y", ySize, y, yOff);
        disjoint(op, "y", y, yOff, ySize, "x", x, xOff, g.inputSize());
    }

    /**
     * Checks of a pooling backward kernel: x (null where the kernel does not read it), dy and dx
     * inside their arrays, dx overlapping neither x nor dy.
     */
    public static void pool2dBackward(String op, Window2d g, Object x, int xOff, Object dy, int dyOff,
                                      Object dx, int dxOff) {
        geometry(op, g);
        long dySize = g.outputPixels() * g.channels();
        if (x != null) {
            elements(op, "x", g.inputSize(), x, xOff);
        }
        elements(op, "dy", dySize, dy, dyOff);
        elements(op, "dx", g.inputSize(), dx, dxOff);
        if (x != null) {
            disjoint(op, "dx", dx, dxOff, g.inputSize(), "x", x, xOff, g.inputSize());
        }
        disjoint(op, "dx", dx, dxOff, g.inputSize(), "dy", dy, dyOff, dySize);
    }
}
