package dev.policygrad.ad;

import dev.policygrad.render.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Trace} as a table with a header row: the leaves (parameters in declaration order, then the
 * state, the action and constants), then one row per instruction with its inputs, value, local
 * partials {@code d v / d input}, adjoint {@code v_bar} and its place in the backward sweep, and
 * finally the sweep's order. Every number has one format: {@code digits} significant digits, plain
 * near 1 and scientific far from it; a vector is shown whole up to a width, then elided with a count.
 * A row whose partials are not {@code d v / d input} but what the sweep multiplied by in their place
 * ({@link Trace.Row#rerouted}) is marked {@code *} and explained under the sweep's order.
 */
public final class TraceText {

    /** Characters a vector may take before it is elided. */
    public static final int DEFAULT_WIDTH = 40;

    private static final String[] HEADER = {"node", "op", "inputs", "value v", "local partials d v / d input",
            "adjoint v_bar", "backward"};

    private TraceText() {}

    /** The table with numbers to {@code digits} significant digits, vectors elided past {@code width} characters. */
    public static String render(Trace trace, int digits, int width) {
        if (digits < 1 || digits > 17) throw new IllegalArgumentException("digits must lie in 1..17, got " + digits);
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Trace.Leaf leaf : trace.leaves()) {
            lines.add(new String[] {leaf.kind().equals("constant") ? "" : leaf.name(), leaf.kind(), "",
                    numbers(leaf.value(), digits, width), "", leaf.adjoint() == null ? "" : numbers(leaf.adjoint(), digits, width), ""});
        }
        for (Trace.Row row : trace.rows()) {
            lines.add(new String[] {"%" + row.index(), row.op(), String.join(", ", row.inputs()),
                    numbers(row.value(), digits, width), partials(row, digits, width) + (row.rerouted() == null ? "" : " *"),
                    numbers(row.adjoint(), digits, width), row.backwardStep() == 0 ? "skipped" : Integer.toString(row.backwardStep())});
        }
        int[] w = new int[HEADER.length];
        for (String[] line : lines) for (int k = 0; k < w.length; k++) w[k] = Math.max(w[k], line[k].length());
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < w.length; k++) text.append(k == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + w[k] + "s", line[k]));
            out.append(text.toString().stripTrailing()).append('\n');
        }
        List<String> order = new ArrayList<>();
        Trace.Row[] byStep = new Trace.Row[trace.rows().size() + 1];
        for (Trace.Row row : trace.rows()) if (row.backwardStep() > 0) byStep[row.backwardStep()] = row;
        for (Trace.Row row : byStep) if (row != null) order.add("%" + row.index());
        if (order.isEmpty()) {
            out.append("backward sweep: nothing depends on a parameter\n");
        } else {
            out.append("backward sweep: ").append(String.join(", ", order)).append(" (seeded with v_bar = 1 at ")
                    .append(order.get(0)).append("; each row adds partial * v_bar to its inputs' adjoints)\n");
        }
        for (Trace.Row row : trace.rows()) {
            if (row.rerouted() != null) {
                out.append("* %").append(row.index()).append(": the partials the sweep used, not d v / d input. ")
                        .append(row.rerouted()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code input: partial} per input that takes an adjoint. */
    static String partials(Trace.Row row, int digits, int width) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < row.inputs().size(); k++) {
            double[][] jacobian = row.partials().get(k);
            if (jacobian == null) continue;
            parts.add(row.inputs().get(k) + ": " + jacobian(jacobian, digits, width));
        }
        return String.join("; ", parts);
    }

    /** A scalar, a gradient row, a column, a diagonal ({@code diag[..]}) or the shape of a full Jacobian. */
    public static String jacobian(double[][] j, int digits, int width) {
        int m = j.length, n = j[0].length;
        if (m == 1) return numbers(j[0], digits, width);
        double[] column = new double[m];
        if (n == 1) {
            for (int i = 0; i < m; i++) column[i] = j[i][0];
            return numbers(column, digits, width);
        }
        boolean diagonal = m == n;
        for (int i = 0; i < m && diagonal; i++) for (int k = 0; k < n; k++) if (i != k && j[i][k] != 0) diagonal = false;
        if (diagonal) {
            boolean identity = true;
            for (int i = 0; i < m; i++) {
                column[i] = j[i][i];
                identity &= column[i] == 1;
            }
            return identity ? "I (" + m + "x" + m + ")" : "diag" + numbers(column, digits, width);
        }
        return m + "x" + n + " Jacobian";
    }

    /** A value: a scalar alone, a vector in brackets, elided past {@code width} characters with a count. */
    public static String numbers(double[] values, int digits, int width) {
        if (values.length == 1) return number(values[0], digits);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            String next = (i == 0 ? "" : ", ") + number(values[i], digits);
            if (out.length() + next.length() > width && i > 0) {
                return out.append(", ... (").append(values.length - i).append(" more of ").append(values.length).append(")]").toString();
            }
            out.append(next);
        }
        return out.append(']').toString();
    }

    /** A scalar, or a vector collapsed to its length and first two elements: {@code (16) [0.5, -1, ...]}. */
    public static String compact(double[] v, int digits) {
        if (v.length == 1) return number(v[0], digits);
        StringBuilder out = new StringBuilder("(").append(v.length).append(") [");
        for (int i = 0; i < Math.min(2, v.length); i++) out.append(i == 0 ? "" : ", ").append(number(v[i], digits));
        return out.append(v.length > 2 ? ", ...]" : "]").toString();
    }

    /** {@code digits} significant digits without trailing zeros; scientific below 1e-4 and from 1e{digits}. */
    public static String number(double x, int digits) {
        return Text.significant(x, digits);
    }
}
