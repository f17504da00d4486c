package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.objective.ExactObjective;
import org.junit.jupiter.api.Test;

/**
 * The short corridor (Sutton &amp; Barto, Example 13.1) at theta = (0, 0), where the exact gradient of J
 * is (2, -2) (public-values.md): the reward-to-go estimate (seed step (11)) is consistent with it, with
 * and without baselines, and a wrong reference is rejected.
 */
class ShortCorridorVerificationTest {

    private static final Cases.Case CORRIDOR = Cases.of(Cases.corridor(""));
    private static final double[] THETA = {0, 0};
    private static final Reference PUBLISHED = new Reference("published value (Sutton & Barto 13.1)",
            new double[] {2, -2}, 0);

    private static Estimate estimate(BaselineKind baseline, long seed) {
        return new Estimator(EstimatorKind.REWARD_TO_GO, baseline).estimate(CORRIDOR.policy(), CORRIDOR.mdp(), THETA,
                new Batch(4000, seed, 2));
    }

    @Test
    void exactObjectiveAgreesWithThePublishedGradient() {
        assertArrayEquals(new double[] {2, -2}, new ExactObjective(CORRIDOR.mdp(), CORRIDOR.policy()).gradient(THETA),
                1e-9);
    }

    @Test
    void rewardToGoIsConsistentWithTwoMinusTwo() {
        for (BaselineKind baseline : BaselineKind.values()) {
            VerificationReport report = Verification.sampled(estimate(baseline, 1), PUBLISHED, 1e-4);
            assertEquals(Verdict.CONSISTENT, report.verdict(), baseline + ": " + Reports.text(report));
            // both logits move the one probability: the estimates vary along (1, -1) only
            assertEquals(1, ((VerificationReport.Sampled) report.test()).hotelling().dimensions());
        }
    }

    /** (5, -5) is off by 3 in the varying direction (about 7 standard errors at 4000 episodes): T^2 rejects it. */
    @Test
    void aWrongReferenceInTheVaryingDirectionIsRejected() {
        Reference wrong = new Reference("wrong", new double[] {5, -5}, 0);
        VerificationReport report = Verification.sampled(estimate(BaselineKind.NONE, 2), wrong, 1e-3);
        assertEquals(Verdict.INCONSISTENT, report.verdict(), Reports.text(report));
    }

    /**
     * (2.01, -1.99) differs along (1, 1), where every episode's estimate is exactly 0: flagged, but as
     * undecided, since a sample cannot tell a direction constant by construction (here the softmax's)
     * from one that only these episodes never moved.
     */
    @Test
    void aReferenceOffInTheConstantDirectionLeavesTheTestUndecided() {
        Reference wrong = new Reference("wrong", new double[] {2.01, -1.99}, 0);
        VerificationReport report = Verification.sampled(estimate(BaselineKind.NONE, 3), wrong, 1e-3);
        assertEquals(Verdict.UNDECIDED, report.verdict(), Reports.text(report));
        assertTrue(report.reason().contains("every one of the 4000 episodes gives the same value"), report.reason());
    }

    /** Measured on the same 4000 episodes: the mean and value baselines cut the variance of step (11). */
    @Test
    void baselinesReduceTheVariance() {
        double none = estimate(BaselineKind.NONE, 4).totalVariance();
        double mean = estimate(BaselineKind.MEAN, 4).totalVariance();
        double value = estimate(BaselineKind.VALUE, 4).totalVariance();
        assertTrue(mean < none, mean + " vs " + none);
        assertTrue(value < none, value + " vs " + none);
    }
}
