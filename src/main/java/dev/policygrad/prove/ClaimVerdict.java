package dev.policygrad.prove;

import java.util.List;

/**
 * What {@link Claims} found about one {@code claim lhs = rhs}. The verdict says what it rests on:
 * <ul>
 *   <li>{@link Kind#PROVED}: both sides simplify to one normal form ({@link #normalForm}), so they are
 *       the same function wherever both are defined; the random points were checked as well;</li>
 *   <li>{@link Kind#REFUTED}: at {@link #counterexample} the two sides differ by more than the
 *       tolerance;</li>
 *   <li>{@link Kind#HOLDS_NUMERICALLY}: no common normal form was found, but the sides agree at
 *       {@link #points} random points; evidence, not a proof;</li>
 *   <li>{@link Kind#UNDECIDED}: too few points could be evaluated (both sides outside their domain).</li>
 * </ul>
 *
 * @param name           the claim's name
 * @param statement      the claim as written
 * @param kind           the verdict
 * @param normalForm     the common normal form when proved, else the two normal forms "lhs | rhs"
 * @param points         the random points where both sides were evaluated
 * @param skipped        points where a side was outside its domain (not counted in {@code points})
 * @param tolerance      the relative tolerance of the numerical comparison
 * @param maxDifference  the largest |lhs - rhs| over the points that agreed
 * @param counterexample the point where the sides differ, or null
 */
public record ClaimVerdict(String name, String statement, Kind kind, String normalForm, int points, int skipped,
        double tolerance, double maxDifference, Counterexample counterexample) {

    public enum Kind {
        PROVED("proved"), REFUTED("refuted"), HOLDS_NUMERICALLY("holds numerically"), UNDECIDED("undecided");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** How the verdict is written: "proved", "refuted", "holds numerically", "undecided". */
        public String word() {
            return word;
        }
    }

    /** What {@code policygrad prove} prints for this claim, fitted into {@link ProofTable#WIDTH} columns. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        ClaimTable.append(out, this, ProofTable.WIDTH);
        return out.toString();
    }

    /** A claim holds unless it was refuted or could not be decided. */
    public boolean holds() {
        return kind == Kind.PROVED || kind == Kind.HOLDS_NUMERICALLY;
    }

    /**
     * A point where the two sides differ.
     *
     * @param parameters the parameters by flat name ({@code theta[0]})
     * @param parameterValues their values
     * @param state      the state (empty when the program has none)
     * @param action     the action as a label or number ("" when the program has none)
     * @param lhs        the left side's value there (row-major)
     * @param rhs        the right side's value there
     */
    public record Counterexample(List<String> parameters, double[] parameterValues, double[] state, String action,
            double[] lhs, double[] rhs) {}
}
