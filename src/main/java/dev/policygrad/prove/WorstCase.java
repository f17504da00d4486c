package dev.policygrad.prove;

import java.util.function.IntFunction;

/**
 * A claim that holds case by case (for every trajectory, or every trajectory and step), reported
 * by its worst case: the one whose difference is largest relative to its own tolerance. The claim
 * holds when that case does.
 */
final class WorstCase {

    private int worst = -1;
    private double worstRatio = -1;
    private double[] lhs;
    private double[] rhs;
    private double tolerance;
    private int cases;

    /** Records one case; NaN differences are always the worst. */
    void add(int label, double[] left, double[] right, double caseTolerance) {
        cases++;
        double difference = Claim.maxAbsDifference(left, right);
        double ratio = Double.isNaN(difference) ? Double.POSITIVE_INFINITY : difference / caseTolerance;
        if (ratio > worstRatio) {
            worst = label;
            worstRatio = ratio;
            lhs = left.clone();
            rhs = right.clone();
            tolerance = caseTolerance;
        }
    }

    /** The claim, its detail naming the worst case (by {@code describe}) and the number of cases. */
    Claim claim(String steps, String statement, String what, IntFunction<String> describe) {
        if (worst < 0) throw new IllegalStateException("no cases");
        return Claim.equal(steps, statement, lhs, rhs, tolerance,
                "largest of " + cases + " " + what + ": " + describe.apply(worst));
    }
}
