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
        int p = theta.length;
        double[] sum = new double[p];
        double[] g = new double[p];
        double total = 0;
        long count = 0;
        int index = 0;
        for (Trajectory tau : Trajectories.enumerate(mdp, evaluator, theta)) {
            if (tau.probability() == 0) continue;
            EpisodeRecord episode = EpisodeRecord.of(index++, tau, mdp, evaluator, theta);
            java.util.Arrays.fill(g, 0);
            estimator.estimate(episode, g);
            for (int j = 0; j < p; j++) sum[j] += tau.probability() * g[j];
            total += tau.probability();
            count++;
        }
        return new EstimatorExpectation(sum, total, count);
    }
}
