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

    private static final int PER_LINE = 4;
    private static final String[] HEADER = {"step", "statement", "lhs", "rhs", "|lhs-rhs|", "holds"};

    private ProofTable() {}

    public static String render(DerivationReport report) {
        StringBuilder out = new StringBuilder();
        out.append("mdp ").append(report.mdp()).append(", policy ").append(report.policy()).append(": gamma ")
                .append(number(report.gamma())).append(", horizon ").append(report.horizon()).append(", ")
                .append(report.trajectoryCount()).append(" trajectories, J = ").append(number(report.objective()))
                .append('\n');
        out.append("theta = ").append(named(report.parameterNames(), report.theta())).append("\n\n");
        List<String[][]> rows = new ArrayList<>();
        for (Claim c : report.claims()) {
            rows.add(new String[][] {{c.steps()}, {c.statement()}, vector(c.lhs()), vector(c.rhs()),
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
            out.append("  ").append(c.steps()).append(": ").append(c.detail()).append('\n');
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
        if (v.length == 1) return new String[] {number(v[0])};
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            line.append(number(v[i]));
            if (i == v.length - 1) {
                line.append(')');
            } else if ((i + 1) % PER_LINE == 0) {
                lines.add(line.append(',').toString());
                line = new StringBuilder(" ");
            } else {
                line.append(", ");
            }
        }
        lines.add(line.toString());
        return lines.toArray(new String[0]);
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
