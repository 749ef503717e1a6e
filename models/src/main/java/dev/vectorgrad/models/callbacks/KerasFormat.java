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
        return scientific(v, 4);
    }

    /** {@code f"{v:.{precision}e}"}. */
    static String scientific(double v, int precision) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String sign = negative(v) ? "-" : "";
        StringBuilder digits;
        int exponent;
        if (v == 0) {
            digits = new StringBuilder("0");
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
            digits = new StringBuilder(rounded.unscaledValue().toString());
        }
        while (digits.length() < precision + 1) {
            digits.append('0');
        }
        int e = Math.abs(exponent);
        return sign + digits.charAt(0) + (precision > 0 ? "." + digits.substring(1, precision + 1) : "") + "e"
                + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
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

    /**
     * Python's {@code repr(float)} ({@code str(v)} too): the shortest digits that read back to {@code v}, in plain
     * notation with at least one decimal ({@code 0.001}, {@code 1.0}) when the decimal exponent is in [-4, 16), else
     * as {@code 1e-05} or {@code 1.5e+16}. The digits are Java's {@code Double.toString}, shortest since JDK 19.
     */
    static String repr(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String sign = negative(v) ? "-" : "";
        if (v == 0) {
            return sign + "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().toString();
            int e = Math.abs(exponent);
            return sign + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e"
                    + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
