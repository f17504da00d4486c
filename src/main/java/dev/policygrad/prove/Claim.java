package dev.policygrad.prove;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of the policy gradient derivation, checked numerically: a left side and a right side
 * evaluated exactly on a finite MDP (every trajectory enumerated with its probability), and the
 * largest absolute difference between them.
 *
 * <p>Most claims say the two sides are {@link Relation#EQUAL equal}: the claim holds when the
 * difference is at most the tolerance, which covers rounding and, where one side comes from finite
 * differences, the truncation error of the stencil. The gamma^t note (Nota &amp; Thomas 2020) says
 * two sides {@link Relation#DIFFER differ}: it holds when the difference exceeds the tolerance.
 *
 * @param steps     the derivation's step numbers, e.g. {@code (1)=(5)} or {@code (11) t=2}
 * @param statement the claim as an ASCII formula, following the notation of docs/derivation.md
 * @param lhs       the left side (a vector of theta's length, or one number)
 * @param rhs       the right side, of the same length
 * @param tolerance the absolute tolerance on {@code difference}
 * @param detail    how each side was computed, or which trajectory gave the largest difference
 */
public record Claim(String steps, String statement, double[] lhs, double[] rhs, double difference, double tolerance,
        Relation relation, String detail) {

    /** What the claim says about its two sides. */
    public enum Relation {
        EQUAL("="), DIFFER("!=");

        private final String symbol;

        Relation(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** "(a)", "(a)-(b)" or "(a)=(b)" at the start of {@link #steps}. */
    private static final Pattern STEP_RANGE = Pattern.compile("^\\((\\d+)\\)(?:[-=]\\((\\d+)\\))?");

    public Claim {
        if (lhs.length != rhs.length) {
            throw new IllegalArgumentException("sides of different lengths: " + lhs.length + " and " + rhs.length);
        }
        lhs = lhs.clone();
        rhs = rhs.clone();
    }

    /** lhs = rhs, within {@code tolerance}. */
    public static Claim equal(String steps, String statement, double[] lhs, double[] rhs, double tolerance,
            String detail) {
        return new Claim(steps, statement, lhs, rhs, maxAbsDifference(lhs, rhs), tolerance, Relation.EQUAL, detail);
    }

    /** lhs != rhs: their difference exceeds {@code tolerance}. */
    public static Claim differ(String steps, String statement, double[] lhs, double[] rhs, double tolerance,
            String detail) {
        return new Claim(steps, statement, lhs, rhs, maxAbsDifference(lhs, rhs), tolerance, Relation.DIFFER, detail);
    }

    /** Whether the claim is borne out by the numbers (NaN never holds). */
    public boolean holds() {
        return relation == Relation.EQUAL ? difference <= tolerance : difference > tolerance;
    }

    /**
     * The claim as a few lines: its steps and statement, whether it holds and by how much, both sides
     * (6 significant digits, as in {@link ProofTable}) and how they were computed.
     */
    @Override
    public String toString() {
        String verdict = holds() ? "holds" : "DOES NOT HOLD";
        return steps + " " + statement + ": " + verdict + " (|lhs - rhs| = " + String.format("%.1e", difference)
                + ", the sides " + (relation == Relation.EQUAL ? "equal" : "differ") + " when it is "
                + (relation == Relation.EQUAL ? "at most " : "above ") + String.format("%.1e", tolerance) + ")\n"
                + "  lhs = " + ProofTable.joined(lhs) + "\n"
                + "  rhs = " + ProofTable.joined(rhs) + "\n"
                + "  " + detail + "\n";
    }

    /**
     * Whether this claim is about {@code step}: a step number (e.g. {@code 3}) covered by its steps
     * ({@code (1)=(5)} and {@code (3)-(4)} both cover 3 and 4), or the start of a named note
     * ({@code baseline}, {@code gamma}).
     */
    public boolean covers(String step) {
        String wanted = step.strip();
        if (!wanted.matches("\\(?\\d+\\)?")) return steps.startsWith(wanted);
        int number = Integer.parseInt(wanted.replaceAll("[()]", ""));
        Matcher m = STEP_RANGE.matcher(steps);
        if (!m.find()) return false;
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        return first <= number && number <= last;
    }

    /** max_i |a_i - b_i|; NaN if any component is NaN. */
    public static double maxAbsDifference(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (Double.isNaN(d)) return Double.NaN;
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
