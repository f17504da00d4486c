package dev.policygrad.render;

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
            out.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(dev.policygrad.ad.TraceText.number(values[i], 6));
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
}
