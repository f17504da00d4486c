package dev.policygrad.prove;

/**
 * The note on gamma^t in docs/derivation.md (Nota &amp; Thomas 2020, "Is the Policy Gradient a Gradient?"): step
 * (11) without its factor gamma^t, E_tau[sum_t score_t G(tau_{t:T})], differs from grad J by
 * sum_{t&gt;=1} (1 - gamma^t) E_tau[score_t G(tau_{t:T})]. So the claim expects a difference exactly
 * when gamma &lt; 1 and E_tau[score_t G(tau_{t:T})] is not zero at some t &gt;= 1; otherwise (gamma = 1,
 * or a horizon of 1) it expects equality, within a tolerance that allows for the terms found
 * negligible.
 */
final class GammaNote {

    /** A step whose term is below this (relative to its size) counts as zero. */
    private static final double NEGLIGIBLE = 1e-8;

    private final Derivation derivation;
    private final int firstNonzeroStep;
    private final double allowance;

    GammaNote(Derivation derivation) {
        this.derivation = derivation;
        int first = -1;
        double allow = 0;
        for (int t = 1; t < derivation.mdp.horizon(); t++) {
            double[][] e = derivation.expectations(
                    Integrands.stepRewardToGo(derivation.parameterCount, derivation.gamma, t));
            double negligible = NEGLIGIBLE * Derivation.scale(e[1]);
            if (first < 0 && maxAbs(e[0]) > negligible) first = t;
            allow += (1 - Math.pow(derivation.gamma, t)) * negligible;
        }
        this.firstNonzeroStep = first;
        this.allowance = allow;
    }

    /**
     * The claim for {@code lhs}, an expectation of step (11) without gamma^t ({@code lhsAbsolute} the
     * expectation of its absolute value, for the rounding scale); {@code statement} has one {@code %s}
     * for the relation.
     */
    Claim claim(String steps, String statement, double[] lhs, double[] lhsAbsolute, String source) {
        double gamma = derivation.gamma;
        double[] gradient = derivation.exactGradient();
        double tolerance = Derivation.EXACT * Derivation.scale(lhs, lhsAbsolute, gradient);
        if (gamma < 1 && firstNonzeroStep >= 0) {
            return Claim.differ(steps, statement.formatted("!="), lhs, gradient, tolerance, source + "gamma = " + gamma
                    + " < 1 and E[score_t G(tau_t:T)] != 0 at t=" + firstNonzeroStep
                    + ", weighted 1 instead of gamma^t (Nota & Thomas 2020)");
        }
        return Claim.equal(steps, statement.formatted("="), lhs, gradient, tolerance + allowance, source
                + (gamma == 1 ? "gamma = 1: gamma^t = 1, nothing is dropped"
                        : "E[score_t G(tau_t:T)] = 0 at every t >= 1, so gamma^t changes nothing"));
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
