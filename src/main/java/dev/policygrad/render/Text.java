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
