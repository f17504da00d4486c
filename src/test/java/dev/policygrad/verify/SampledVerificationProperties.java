package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.RandomMdps;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.objective.ExactObjective;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Monte Carlo estimates on random finite MDPs (dense ones, where every state and action is visited
 * often enough for the asymptotic test to apply; see {@link RandomMdps}) pass the T^2 test against the
 * finite-difference gradient of the exact J. Each case has its own fixed seed; the level is alpha = 1e-6 per case, so over the 40
 * cases a correct estimator fails with probability at most about 4e-5 (Bonferroni, to the accuracy of
 * the F approximation), while a biased one is caught in the other tests.
 */
class SampledVerificationProperties {

    static final double ALPHA = 1e-6;

    @Property(tries = 40, seed = "8101")
    void monteCarloEstimatesPassTheT2Test(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 4) int horizon, @ForAll @IntRange(min = 0, max = 3) int which) {
        Cases.Case c = Cases.of(RandomMdps.program(seed, states, actions, gamma, horizon, true));
        double[] theta = c.policy().initialParameters(0);
        double[] fd = new ExactObjective(c.mdp(), c.policy()).finiteDifferenceGradient(theta);
        double scale = 1;
        for (double g : fd) scale = Math.max(scale, Math.abs(g));
        Reference reference = new Reference("finite differences of exact J", fd, 1e-8 * scale);
        Estimator estimator = which == 0 ? Estimator.of(EstimatorKind.TOTAL_RETURN)
                : new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.values()[which - 1]);
        Estimate estimate = estimator.estimate(c.policy(), c.mdp(), theta, new Batch(2000, seed, 2));
        VerificationReport report = Verification.sampled(estimate, reference, ALPHA);
        assertEquals(Verdict.CONSISTENT, report.verdict(), Reports.text(report));
    }
}
