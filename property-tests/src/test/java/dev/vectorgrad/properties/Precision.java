package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.KernelProvider;

/**
 * float or double, so each property is written once and run for both: array access (values as
 * double), bitwise identity, rounding constants and the kernels of a provider behind {@link Ops}.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
interface Precision<A> {

    Precision<float[]> F32 = new F32();
    Precision<double[]> F64 = new F64();

    A newArray(int length);

    int length(A array);

    double get(A array, int index);

    /** Stores {@code value} rounded to this precision. */
    void set(A array, int index, double value);

    /** The element's bits, NaN canonicalised so that any NaN equals any other NaN. */
    long bits(A array, int index);

    /** {@code value} rounded to this precision. */
    double round(double value);

    /** Unit roundoff: half the distance from 1 to the next value (2^-24 or 2^-53). */
    double eps();

    /** Smallest positive (subnormal) value. */
    double minValue();

    /** Smallest positive normal value. */
    double minNormal();

    double maxValue();

    /** Ulp of {@code value} rounded to this precision. */
    double ulp(double value);

    Ops<A> ops(KernelProvider provider);

    final class F32 implements Precision<float[]> {
        public float[] newArray(int length) { return new float[length]; }
        public int length(float[] array) { return array.length; }
        public double get(float[] array, int index) { return array[index]; }
        public void set(float[] array, int index, double value) { array[index] = (float) value; }
        public long bits(float[] array, int index) { return Float.floatToIntBits(array[index]); }
        public double round(double value) { return (float) value; }
        public double eps() { return Math.ulp(1f) / 2; }
        public double minValue() { return Float.MIN_VALUE; }
        public double minNormal() { return Float.MIN_NORMAL; }
        public double maxValue() { return Float.MAX_VALUE; }
        public double ulp(double value) { return Math.ulp((float) value); }
        public Ops<float[]> ops(KernelProvider provider) { return new Ops.F32(provider.f32()); }
        @Override public String toString() { return "float"; }
    }

    final class F64 implements Precision<double[]> {
        public double[] newArray(int length) { return new double[length]; }
        public int length(double[] array) { return array.length; }
        public double get(double[] array, int index) { return array[index]; }
        public void set(double[] array, int index, double value) { array[index] = value; }
        public long bits(double[] array, int index) { return Double.doubleToLongBits(array[index]); }
        public double round(double value) { return value; }
        public double eps() { return Math.ulp(1.0) / 2; }
        public double minValue() { return Double.MIN_VALUE; }
        public double minNormal() { return Double.MIN_NORMAL; }
        public double maxValue() { return Double.MAX_VALUE; }
        public double ulp(double value) { return Math.ulp(value); }
        public Ops<double[]> ops(KernelProvider provider) { return new Ops.F64(provider.f64()); }
        @Override public String toString() { return "double"; }
    }
}
