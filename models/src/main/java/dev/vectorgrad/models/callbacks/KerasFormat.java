package dev.vectorgrad.models.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float formatting as Keras's progress bar uses it ({@code f"{v:.4f}"}, {@code f"{v:.4e}"},
 * {@code f"{v:.0f}"}): correctly rounded from the exact binary value, ties to even, {@code nan}/{@code inf} spelled
 * as Python does, the sign of negative values kept when they round to zero. Java's {@code String.format} rounds the
 * shortest decimal form half-up instead, which differs on values such as {@code 1.00005}.
 */
final class KerasFormat {

    private KerasFormat() {}

    /** {@code f"{v:.{digits}f}"}. */
    static String fixed(double v, int digits) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return negative(v) && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code f"{v:.4e}"}: five significant digits and an exponent of at least two digits. */
    static String scientific(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String sign = negative(v) ? "-" : "";
        if (v == 0) {
            return sign + "0.0000e+00";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(5, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        StringBuilder digits = new StringBuilder(rounded.unscaledValue().toString());
        while (digits.length() < 5) {
            digits.append('0');
        }
        int e = Math.abs(exponent);
        return sign + digits.charAt(0) + "." + digits.substring(1, 5) + "e" + (exponent < 0 ? "-" : "+")
                + (e < 10 ? "0" : "") + e;
    }

    private static boolean negative(double v) {
        return v < 0 || (v == 0 && 1 / v < 0);
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return null;
    }
}
