package dev.policygrad.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Plain-text rendering helpers shared by the renderers and commands. Numbers print with this
 * thread's significant digits: every digit (the shortest text that reads back as the same double)
 * unless a command sets fewer with {@code --digits} (the command line's default is 6). JSON output
 * never goes through here: it keeps every digit.
 */
public final class Text {

    /** The command line's default number of significant digits in text output. */
    public static final int DEFAULT_DIGITS = 6;

    /** Digits that print every double exactly (the shortest round-trip text). */
    public static final int ALL_DIGITS = 17;

    private static final ThreadLocal<Integer> DIGITS = ThreadLocal.withInitial(() -> ALL_DIGITS);

    private Text() {}

    /** Sets the significant digits for this thread's command; the command line resets it after the run. */
    public static void digits(int digits) {
        DIGITS.set(digits);
    }

    public static int digits() {
        return DIGITS.get();
    }

    /** {@code x} to the command's digits: {@code 2}, {@code 0.5}, {@code -0.693147}, {@code 1.23457e-07}. */
    public static String number(double x) {
        return number(x, DIGITS.get());
    }

    /** {@code x} rounded to {@code digits} significant digits, trailing zeros dropped; integers print whole. */
    public static String number(double x, int digits) {
        if (!Double.isFinite(x)) return Double.toString(x);
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        if (digits >= 17) return Double.toString(x);
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        double magnitude = Math.abs(x);
        if (magnitude >= 1e-4 && magnitude < 1e15) return rounded.toPlainString();
        return rounded.toString().replace("E", "e");
    }

    /**
     * {@code e^x} to the command's digits, written from x: {@link #number} of {@code Math.exp(x)} where that
     * is a normal double, else in log space ({@link Exponential}), so {@code pi = exp(log pi)} prints as a
     * number beside any finite log pi: {@code 1.96784e+323} where the double is Infinity, {@code 1.01122e-391}
     * where it is 0.
     */
    public static String exp(double x) {
        if (Exponential.representable(x)) return number(Math.exp(x));
        return Exponential.scientific(x, Math.min(DIGITS.get(), ALL_DIGITS));
    }

    /**
     * {@code m 2^e}, rounded from its exact value to the command's digits but at most {@code digits}, for a
     * number kept as a mantissa and a binary exponent because it may lie beyond the doubles: {@link #number}
     * of the double where that is a normal one, else {@code -4.46799e+308} as {@link #number} writes large
     * and small numbers.
     */
    public static String scaled(double m, int e, int digits) {
        double x = Math.scalb(m, e);
        if (!Double.isFinite(m) || x == 0 && m == 0 || Math.abs(x) >= Double.MIN_NORMAL && Math.abs(x) <= Double.MAX_VALUE) {
            return number(x);
        }
        BigDecimal power = new BigDecimal(java.math.BigInteger.TWO.pow(Math.abs(e)));
        return scientific(e >= 0 ? new BigDecimal(m).multiply(power) : new BigDecimal(m).divide(power), digits);
    }

    /**
     * {@code x}, a number beyond the doubles, rounded to the command's digits but at most {@code digits}, as
     * {@link #number} writes large and small numbers: {@code -1.72673e+330}.
     */
    public static String scientific(BigDecimal x, int digits) {
        return x.round(new MathContext(Math.max(1, Math.min(digits, Math.min(DIGITS.get(), ALL_DIGITS))),
                        RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toString().replace("E", "e");
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

    /**
     * As {@link #table}, but past {@code limit} rows only the first and last few are listed, with a
     * line saying how many were left out and the largest magnitude among them.
     */
    public static String summarizedTable(List<String> names, double[] values, int limit) {
        if (names.size() <= limit) return table(names, values);
        int head = limit / 2, tail = limit - head - 1;
        List<String> shownNames = new java.util.ArrayList<>();
        double[] shown = new double[head + tail];
        for (int i = 0; i < head; i++) {
            shownNames.add(names.get(i));
            shown[i] = values[i];
        }
        double largest = 0;
        String largestName = "";
        for (int i = head; i < names.size() - tail; i++) {
            if (Math.abs(values[i]) >= largest) {
                largest = Math.abs(values[i]);
                largestName = names.get(i);
            }
        }
        for (int i = 0; i < tail; i++) {
            shownNames.add(names.get(names.size() - tail + i));
            shown[head + i] = values[names.size() - tail + i];
        }
        String all = table(shownNames, shown);
        int split = 0;
        for (int i = 0; i < head; i++) split = all.indexOf('\n', split) + 1;
        int hidden = names.size() - head - tail;
        return all.substring(0, split) + "  ... " + hidden + " more (largest in magnitude: " + largestName + " = "
                + number(values[names.indexOf(largestName)]) + "; --all lists every one)\n" + all.substring(split);
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
