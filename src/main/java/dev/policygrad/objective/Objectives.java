package dev.policygrad.objective;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Lqr;
import dev.policygrad.policy.Policy;

/**
 * J(theta) and its gradient by the best method available: exact for finite MDPs
 * ({@link ExactObjective}) and for a Gaussian-affine policy on LQR ({@link LqrObjective}); otherwise
 * a Monte Carlo estimate ({@link MonteCarloObjective}) whose note says why it is not exact.
 */
public final class Objectives {

    private Objectives() {}

    /**
     * @param episodes episodes for a Monte Carlo estimate (unused when exact)
     * @param seed     the run's seed for a Monte Carlo estimate (unused when exact)
     */
    public static ObjectiveResult evaluate(Environment environment, Policy policy, double[] theta, int episodes,
            long seed) {
        if (environment instanceof FiniteMdp mdp) return new ExactObjective(mdp, policy).evaluate(theta);
        String why = null;
        if (environment instanceof Lqr lqr) {
            why = LqrObjective.whyNotExact(policy);
            if (why == null) return LqrObjective.of(lqr, policy).evaluate(theta);
        }
        ObjectiveResult estimate = new MonteCarloObjective(environment, policy).evaluate(theta, episodes, seed);
        if (why == null) return estimate;
        return new ObjectiveResult(estimate.J(), estimate.gradient(), estimate.names(), estimate.method(),
                estimate.standardError(), "not exact because " + why + ". " + estimate.note(), estimate.gradientError());
    }
}
