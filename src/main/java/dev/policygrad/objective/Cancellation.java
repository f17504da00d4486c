package dev.policygrad.objective;

/**
 * How far the terms of the policy gradient theorem cancel, component by component, and whether the arithmetic
 * that summed them kept the digits that are left.
 *
 * <p><b>The terms.</b> {@link ExactObjective} and {@link WideSolve} take the gradient as
 * grad J = sum_t sum_s w_t(s) sum_a pi(a | s) grad log pi(a | s) (Q_t(s, a) - Q_t(s, a*)), with a* the likeliest
 * action of s. The baseline Q_t(s, a*) does not depend on a, and sum_a pi(a | s) grad log pi(a | s) =
 * grad sum_a pi(a | s) = 0, so it changes nothing (Williams 1992, section 4; Sutton &amp; Barto 2018, section 13.4);
 * a*'s own term is 0, and its score, which the tape may have lost (1 - pi(a*) = e^-760 is 0 as a double), is
 * never used. Each term needs a difference of action values,
 * Q(s, a) - Q(s, a*) = R(s, a) - R(s, a*) + gamma sum_s' (P(s' | s, a) - P(s' | s, a*)) V(s'), that is, differences
 * of values of states. Where the policy rarely leaves a set of states, those values are large and differ by
 * little. In the loop {A go -&gt; A, A alt -&gt; C, C go -&gt; A, C alt -&gt; G}, every step costing 1, with
 * p = pi(alt | A) and q = pi(alt | C), an episode from A lasts (1 + 1/p) / q steps on average, so
 * V(A) = -(1 + 1/p) / q and V(C) = V(A) + 1/p: at p = 1/2, q = e^-300 the values are -5.8e130 and differ by 2.
 * The solve's rounding of V, some 1e114, swamps that difference, and dJ/dp, which is all difference, came out
 * 0 where it is 1/(p^2 q).
 *
 * <p><b>Noise and size.</b> The solve gives each value to a few units in the last place of |V|(s), the value
 * with every reward replaced by its magnitude (GTH elimination keeps entrywise relative accuracy, O'Cinneide
 * 1993; backward induction adds terms of one sign where the rewards have one). So with unit roundoff u,
 * Q(s, a) is off by at most about k u |Q|(s, a), where |Q|(s, a) = |R(s, a)| + gamma sum_s' P(s' | s, a) |V|(s')
 * for an action value that takes values of states, and |Q|(s, a) = 0 for one that does not (into terminal
 * states, or at a horizon's last step), as it is then R(s, a) exactly. k is the caller's: 8 in
 * {@link ExactObjective}, twice the largest error measured, 4 u values_i, over random MDPs of 3 to 60 states
 * with and without a horizon and the loop at cancellations up to 1e13 (against 100 digits). Component i's sum
 * then carries an error of at most about k u values_i, with
 * values_i = sum_t sum_s w_t(s) sum_a pi(a | s) |d log pi(a | s) / d theta_i| (|Q|_t(s, a) + |Q|_t(s, a*)),
 * where an action a with a*'s reward and transitions is left out (their action values are computed alike, so
 * their difference is exactly 0). The size of its terms is
 * differences_i = sum_t sum_s w_t(s) sum_a pi(a | s) |d log pi(a | s) / d theta_i| |Q_t(s, a) - Q_t(s, a*)|,
 * and values_i / differences_i says how far the differences cancel: about 1e131 in component 0 of the loop.
 * Rounding is the only error counted: the probabilities themselves, rounded to doubles, make the problem solved
 * one 2^-53 away from the policy's, relative to each probability, which moves the differences of values by
 * about 2^-53 of their own size, not of the values' (the values of a set of states the policy rarely leaves move
 * together); {@link WideSolve} normalizes them so that this holds with a horizon too.
 *
 * <p><b>The test.</b> A sum is kept where, for every component, k u values_i &lt;= tolerance differences_i +
 * 2^-53 differences_max: each component accurate to the tolerance relative to the size of its own terms, or,
 * where those are below 2^-53 of the largest component's (a component the policy does not reach, or zero by a
 * symmetry, whose differences are all 0 but for rounding), to the doubles' precision relative to those; or
 * k u values_i &lt;= 2^-1075, half the least positive double, below which every error leaves the component's
 * double as it is, or one subnormal step from it (a gradient of e^-1500 is 0 as a double). The rounding is
 * linear in u, so the digits D that bring an arithmetic whose unit roundoff is 10^(4 - D) (Dfp's with D digits)
 * within the tolerance follow from the sums: 10^(4 - D) k values_i &lt;= allowed_i. Where the differences are
 * themselves lost in the rounding, their measured size is that of the rounding, far larger than theirs, and D
 * comes out too small: the sum in D digits measures them again, and the digits grow until it passes.
 *
 * <p>Sums are kept as their base-10 logarithms (-Infinity for 0), so that they may lie beyond the doubles.
 */
final class Cancellation {

    /** The doubles' unit roundoff, 2^-53. */
    static final double DOUBLE_ROUNDOFF = 0x1p-53;

    /** log10(2^-1075), half the least positive double. */
    private static final double BELOW_THE_DOUBLES = -1075 * Math.log10(2);

    private final double[] values;
    private final double[] differences;
    private final double largest;

    /** @param values, differences log10 of values_i and differences_i (-Infinity for 0) */
    Cancellation(double[] values, double[] differences) {
        this.values = values.clone();
        this.differences = differences.clone();
        double top = Double.NEGATIVE_INFINITY;
        for (double d : differences) top = Math.max(top, d);
        this.largest = top;
    }

    /** From values_i and differences_i as doubles (null where one is not finite: the caller sums them scaled). */
    static Cancellation ofDoubles(double[] values, double[] differences) {
        double[] v = new double[values.length], d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] <= Double.MAX_VALUE && differences[i] <= Double.MAX_VALUE)) return null;
            v[i] = Math.log10(values[i]);
            d[i] = Math.log10(differences[i]);
        }
        return new Cancellation(v, d);
    }

    /** log10 of m 2^e for m &gt;= 0, -Infinity for m = 0. */
    static double log10(double m, int e) {
        return m == 0 ? Double.NEGATIVE_INFINITY : Math.log10(m) + e * Math.log10(2);
    }

    /** log10 of the error component i may carry: tolerance differences_i + 2^-53 differences_max, or 2^-1075. */
    private double allowed(int i, double tolerance) {
        if (largest == Double.NEGATIVE_INFINITY) return BELOW_THE_DOUBLES;
        double relative = largest + Math.log10(tolerance * Math.pow(10, differences[i] - largest) + DOUBLE_ROUNDOFF);
        return Math.max(relative, BELOW_THE_DOUBLES);
    }

    /**
     * By how many decimal digits component i's rounding, k u values_i with log10(k u) = {@code rounding}, exceeds
     * what the tolerance allows it (at most 0 where it is within; -Infinity for a component without such terms).
     */
    double excess(int i, double tolerance, double rounding) {
        if (values[i] == Double.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        return values[i] + rounding - allowed(i, tolerance);
    }

    /** Whether every component is within the tolerance, with log10(k u) = {@code rounding}. */
    boolean accurate(double tolerance, double rounding) {
        return excess(worst(tolerance, rounding), tolerance, rounding) <= 0;
    }

    /** The component whose rounding exceeds its allowance the most (the first, 0, where none has terms). */
    int worst(double tolerance, double rounding) {
        int worst = 0;
        for (int i = 1; i < values.length; i++) {
            if (excess(i, tolerance, rounding) > excess(worst, tolerance, rounding)) worst = i;
        }
        return worst;
    }

    /**
     * The decimal digits D for which the rounding 10^(4 - D) k values_i of every component is within the tolerance,
     * log10(k) being {@code factor}.
     */
    int digits(double tolerance, double factor) {
        double needed = 0;
        for (int i = 0; i < values.length; i++) needed = Math.max(needed, 4 + factor + excess(i, tolerance, 0));
        // Infinity where the values are beyond even Dfp's range
        return needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(needed);
    }

    /** log10(values_i / differences_i): how many digits component i's differences lose to the values they are of. */
    double cancelled(int i) {
        return values[i] - differences[i];
    }

    /** The component whose differences cancel the most ({@link #cancelled}), of those that have any. */
    int mostCancelled() {
        int most = 0;
        for (int i = 1; i < values.length; i++) {
            if (differences[i] > Double.NEGATIVE_INFINITY
                    && (differences[most] == Double.NEGATIVE_INFINITY || cancelled(i) > cancelled(most))) {
                most = i;
            }
        }
        return most;
    }

    /** Whether component i has differences of action values that are not 0. */
    boolean hasDifferences(int i) {
        return differences[i] > Double.NEGATIVE_INFINITY;
    }

    /**
     * Why component i needs more digits than {@code arithmetic} (log10(k u) being {@code rounding}): its differences
     * are within that rounding ("lost in the rounding of the doubles"), or how small they are against the values.
     */
    String why(int i, double rounding, String arithmetic) {
        if (values[i] + rounding >= differences[i]) {
            return "the differences of action values its terms take are lost in the rounding of " + arithmetic;
        }
        return "the differences of action values its terms take are as small as " + powerOfTen(-cancelled(i))
                + " of those values";
    }

    /** 10^x to two digits, "1.9e-131", for any x (10^-400 is 0 as a double). */
    static String powerOfTen(double x) {
        if (x > -4 && x < 15) return dev.policygrad.render.Text.number(Math.pow(10, x), 2);
        double exponent = Math.floor(x);
        double mantissa = Math.round(Math.pow(10, x - exponent) * 10) / 10.0;
        if (mantissa >= 10) {
            mantissa /= 10;
            exponent++;
        }
        String m = mantissa == Math.rint(mantissa) ? Long.toString((long) mantissa) : Double.toString(mantissa);
        return m + "e" + (exponent < 0 ? "" : "+") + (long) exponent;
    }
}
