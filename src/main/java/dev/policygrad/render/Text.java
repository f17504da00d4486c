package dev.policygrad.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** Plain-text rendering helpers shared by the commands. */
public final class Text {

    private Text() {}

    /** The shortest text that reads back as {@code x}: {@code 2}, {@code 0.5}, {@code -0.6931471805599453}. */
    public static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return Double.toString(x);
    }

    /** {@code {theta[0]: 0.3, theta[1]: -0.2}} to 6 significant digits, at most eight values and then a count. */
    public static String inline(List<String> names, double[] values) {
        StringBuilder out = new StringBuilder("{");
        int shown = Math.min(values.length, 8);
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(significant(values[i], 6));
        }
        if (values.length > shown) out.append(", ... (").append(values.length - shown).append(" more)");
        return out.append('}').toString();
    }

    /** Rows of {@code name  value}, names padded to one column. */
    public static String table(List<String> names, double[] values) {
        int width = 0;
        for (String n : names) width = Math.max(width, n.length());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            out.append("  ").append(String.format("%-" + width + "s", names.get(i))).append("  ")
                    .append(number(values[i])).append('\n');
        }
        return out.toString();
    }

    /** {@code digits} significant digits without trailing zeros; scientific below 1e-4 and from 1e{digits}. */
    public static String significant(double x, int digits) {
        if (x == 0) return "0";
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits));
        double a = Math.abs(rounded.doubleValue());
        if (a < 1e-4 || a >= Math.pow(10, digits)) {
            String mantissa = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
            if (mantissa.isEmpty()) mantissa = "0";
            int exponent = rounded.precision() - rounded.scale() - 1;
            String m = mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
            return (x < 0 ? "-" : "") + m + "e" + exponent;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
