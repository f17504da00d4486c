package dev.policygrad.prove;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DerivationReport} as a plain-text table: step, statement, lhs, rhs, difference, holds.
 * Vectors are written with 6 significant digits, four components to a line; the JSON rendering
 * keeps every digit.
 */
public final class ProofTable {

    /** The columns {@code policygrad prove} fits its tables into unless {@code --wide}. */
    public static final int WIDTH = 100;

    private static final int PER_LINE = 4;
    private static final String[] HEADER = {"step", "statement", "lhs", "rhs", "|lhs-rhs|", "holds"};

    private ProofTable() {}

    public static String render(DerivationReport report) {
        return render(report, Integer.MAX_VALUE);
    }

    /**
     * The table fitted into {@code width} columns where it can be: vectors with fewer components to a
     * line and statements wrapped onto several lines ({@code Integer.MAX_VALUE}: no fitting).
     */
    public static String render(DerivationReport report, int width) {
        int perLine = PER_LINE, statementWidth = Integer.MAX_VALUE;
        if (width != Integer.MAX_VALUE) {
            for (perLine = PER_LINE; perLine >= 1; perLine--) {
                statementWidth = width - fixedWidth(report, perLine);
                if (statementWidth >= 28) break;
            }
            perLine = Math.max(perLine, 1);
            statementWidth = Math.max(statementWidth, 20);
        }
        return render(report, perLine, statementWidth, width);
    }

    /** The columns' width without the statement's, separators included. */
    private static int fixedWidth(DerivationReport report, int perLine) {
        int[] width = {HEADER[0].length(), HEADER[2].length(), HEADER[3].length(), 9, 12};
        for (Claim c : report.claims()) {
            width[0] = Math.max(width[0], c.steps().length());
            for (String line : vector(c.lhs(), perLine)) width[1] = Math.max(width[1], line.length());
            for (String line : vector(c.rhs(), perLine)) width[2] = Math.max(width[2], line.length());
        }
        int sum = 2 * (HEADER.length - 1);
        for (int w : width) sum += w;
        return sum;
    }

    private static String render(DerivationReport report, int perLine, int statementWidth, int pageWidth) {
        StringBuilder out = new StringBuilder();
        out.append("mdp ").append(report.mdp()).append(", policy ").append(report.policy()).append(": gamma ")
                .append(number(report.gamma())).append(", horizon ").append(report.horizon()).append(", ")
                .append(report.trajectoryCount()).append(" trajectories, J = ").append(number(report.objective()))
                .append('\n');
        ClaimTable.wrap(out, "theta = " + named(report.parameterNames(), report.theta()), "         ", pageWidth);
        out.append('\n');
        List<String[][]> rows = new ArrayList<>();
        for (Claim c : report.claims()) {
            rows.add(new String[][] {{c.steps()}, wrap(c.statement(), statementWidth), vector(c.lhs(), perLine),
                    vector(c.rhs(), perLine),
                    {String.format("%.1e", c.difference())}, {holds(c)}});
        }
        int[] width = new int[HEADER.length];
        for (int k = 0; k < HEADER.length; k++) width[k] = HEADER[k].length();
        for (String[][] row : rows) {
            for (int k = 0; k < row.length; k++) for (String line : row[k]) width[k] = Math.max(width[k], line.length());
        }
        line(out, width, HEADER);
        for (String[][] row : rows) {
            int height = 0;
            for (String[] cell : row) height = Math.max(height, cell.length);
            for (int i = 0; i < height; i++) {
                String[] cells = new String[row.length];
                for (int k = 0; k < row.length; k++) cells[k] = i < row[k].length ? row[k][i] : "";
                line(out, width, cells);
            }
        }
        List<Claim> failures = report.failures();
        out.append('\n').append(failures.isEmpty() ? "every claim holds (" + report.claims().size() + ")"
                : failures.size() + " of " + report.claims().size() + " claims do not hold").append('\n');
        for (Claim c : report.claims()) {
            ClaimTable.wrap(out, "  " + c.steps() + ": " + c.detail(), "      ", pageWidth);
        }
        return out.toString();
    }

    private static String holds(Claim c) {
        String verdict = c.holds() ? "yes" : "NO";
        return c.relation() == Claim.Relation.DIFFER ? verdict + " (differ)" : verdict;
    }

    private static void line(StringBuilder out, int[] width, String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < cells.length; k++) {
            line.append(k == 0 ? "" : "  ").append(String.format("%-" + width[k] + "s", cells[k]));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** "(2, -2)" or "-12", four components to a line. */
    static String[] vector(double[] v) {
        return vector(v, PER_LINE);
    }

    /** A statement broken at spaces into lines of at most {@code width} (a longer word keeps its line). */
    static String[] wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            }
            if (line.length() > 0 && !line.toString().equals(" ")) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        return lines.toArray(new String[0]);
    }

    /** As {@link #vector(double[])}, {@code perLine} components to a line. */
    static String[] vector(double[] v, int perLine) {
        if (v.length == 1) return new String[] {number(v[0])};
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            line.append(number(v[i]));
            if (i == v.length - 1) {
                line.append(')');
            } else if ((i + 1) % perLine == 0) {
                lines.add(line.append(',').toString());
                line = new StringBuilder(" ");
            } else {
                line.append(", ");
            }
        }
        lines.add(line.toString());
        return lines.toArray(new String[0]);
    }

    /** "(2, -2)" or "-12" on one line. */
    static String joined(double[] v) {
        return String.join(" ", vector(v).length == 1 ? vector(v) : new String[] {String.join(" ", vector(v))});
    }

    /** 6 significant digits without trailing zeros; scientific notation far from 1. */
    static String number(double x) {
        if (x == 0) return "0";
        if (!Double.isFinite(x)) return Double.toString(x);
        double a = Math.abs(x);
        if (a < 1e-4 || a >= 1e7) return String.format("%.5e", x).replaceAll("\\.?0+e", "e");
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String named(List<String> names, double[] values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(number(values[i]));
        }
        return out.append('}').toString();
    }
}
