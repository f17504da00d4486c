package dev.policygrad.estimate;

import dev.policygrad.diag.UsageError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Trajectories;
import dev.policygrad.rollout.Trajectory;

/**
 * The exact expectation E[g] = sum_tau p_theta(tau) g(tau) of a {@link GradientEstimator} over every
 * trajectory of a finite MDP with a horizon: no sampling error, so it equals grad J to rounding exactly
 * when the estimator is unbiased.
 *
 * @param expectation      sum_tau p(tau) g(tau)
 * @param totalProbability sum_tau p(tau), 1 up to rounding when every trajectory was included
 * @param trajectories     how many trajectories were summed
 */
public record EstimatorExpectation(double[] expectation, double totalProbability, long trajectories) {

    /** Enumerates every trajectory of {@code mdp} under the policy at {@code theta} and sums p g. */
    public static EstimatorExpectation over(FiniteMdp mdp, Policy policy, double[] theta, GradientEstimator estimator) {
        if (!mdp.hasHorizon()) {
            throw new UsageError("--exact enumerates every trajectory, so mdp " + mdp.name()
                    + " needs a horizon; add e.g. 'horizon 6' to it");
        }
        Estimator.checkCompatible(policy, mdp, theta);
        Evaluator evaluator = policy.newEvaluator();
        double[] g = new double[theta.length];
        Running sum = new Running(theta.length);
        int index = 0;
        for (Trajectory tau : Trajectories.enumerate(mdp, evaluator, theta)) {
            if (tau.probability() == 0) continue;
            EpisodeRecord episode = EpisodeRecord.of(index++, tau, mdp, evaluator, theta);
            java.util.Arrays.fill(g, 0);
            estimator.estimate(episode, g);
            FiniteEstimates.require(estimator, episode, g, policy);
            sum.add(tau.probability(), g);
        }
        return sum.result();
    }

    /** sum_tau p(tau) g(tau), added one trajectory at a time (listed here, or read from a file). */
    public static final class Running {
        private final double[] sum;
        private double total;
        private long count;

        public Running(int parameters) {
            this.sum = new double[parameters];
        }

        /** Adds trajectory tau's probability {@code p} and estimate {@code g}. */
        public void add(double p, double[] g) {
            for (int j = 0; j < sum.length; j++) sum[j] += p * g[j];
            total += p;
            count++;
        }

        public EstimatorExpectation result() {
            return new EstimatorExpectation(sum.clone(), total, count);
        }
    }
}
