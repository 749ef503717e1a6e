package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings were produced by CPython 3 ({@code f"{v:.4f}"}, {@code f"{v:.4e}"}, {@code f"{v:.0f}"}). */
class KerasFormatTest {

    @Test
    void fixedRoundsTheExactBinaryValueTiesToEvenAsPython() {
        assertEquals("0.0011", KerasFormat.fixed(0.00115, 4)); // Java's %.4f gives 0.0012
        assertEquals("0.1235", KerasFormat.fixed(0.12345, 4));
        assertEquals("1.0001", KerasFormat.fixed(1.00005, 4));
        assertEquals("2", KerasFormat.fixed(2.5, 0)); // Java's %.0f gives 3
        assertEquals("2", KerasFormat.fixed(1.5, 0));
        assertEquals("1", KerasFormat.fixed(0.64, 0));
        assertEquals("123457", KerasFormat.fixed(123456.78901, 0));
        assertEquals("-0.5000", KerasFormat.fixed(-0.5, 4));
        assertEquals("-0.0000", KerasFormat.fixed(-1e-5, 4));
        assertEquals("-0", KerasFormat.fixed(-0.5, 0));
        assertEquals("nan", KerasFormat.fixed(Double.NaN, 4));
        assertEquals("inf", KerasFormat.fixed(Double.POSITIVE_INFINITY, 4));
        assertEquals("-inf", KerasFormat.fixed(Double.NEGATIVE_INFINITY, 4));
    }

    @Test
    void scientificHasFiveSignificantDigitsAndATwoDigitExponent() {
        assertEquals("5.0000e-04", KerasFormat.scientific(0.0005));
        assertEquals("1.0000e-03", KerasFormat.scientific(0.001));
        assertEquals("1.0000e-03", KerasFormat.scientific(9.99995e-4));
        assertEquals("-1.0000e-05", KerasFormat.scientific(-1e-5));
        assertEquals("-5.0000e-01", KerasFormat.scientific(-0.5));
        assertEquals("1.2346e+05", KerasFormat.scientific(123456.78901));
        assertEquals("0.0000e+00", KerasFormat.scientific(0.0));
        assertEquals("1.0000e-100", KerasFormat.scientific(1e-100));
        assertEquals("nan", KerasFormat.scientific(Double.NaN));
    }

    @Test
    void reprIsPythonsShortestRoundTripForm() {
        assertEquals("0.5", KerasFormat.repr(0.5));
        assertEquals("1e-05", KerasFormat.repr(1e-5));
        assertEquals("0.0001", KerasFormat.repr(0.0001));
        assertEquals("0.0005", KerasFormat.repr(0.0005));
        assertEquals("1.0", KerasFormat.repr(1.0));
        assertEquals("100.0", KerasFormat.repr(100.0));
        assertEquals("1e+16", KerasFormat.repr(1e16));
        assertEquals("9999999999999998.0", KerasFormat.repr(9999999999999998.0));
        assertEquals("1.2345678901234568e+17", KerasFormat.repr(123456789012345678.0));
        assertEquals("0.30000000000000004", KerasFormat.repr(0.1 + 0.2));
        assertEquals("1.5e-07", KerasFormat.repr(1.5e-7));
        assertEquals("-0.0", KerasFormat.repr(-0.0));
        assertEquals("-inf", KerasFormat.repr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void scientificWithOtherPrecisions() {
        assertEquals("1.235e-04", KerasFormat.scientific(0.000123456, 3));
        assertEquals("5.000000e-01", KerasFormat.scientific(0.5, 6));
        assertEquals("0.000e+00", KerasFormat.scientific(0.0, 3));
    }
}
