package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.Rollouts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;

class EstimatorTest {

    private static final Programs.Case CASE = Programs.of(RandomMdps.program(11, 3, 2, 0.9, 4));
    private static final FiniteMdp MDP = CASE.mdp();
    private static final Policy POLICY = CASE.policy();
    private static final double[] THETA = CASE.theta();
    private static final int STATES = 3;

    @Test
    void sameSeedGivesBitIdenticalEstimatesForAnyThreadCount() {
        for (BaselineKind baseline : BaselineKind.values()) {
            Estimator estimator = new Estimator(EstimatorKind.REWARD_TO_GO, baseline);
            Estimate one = estimator.estimate(POLICY, MDP, THETA, new Batch(203, 5, 1));
            Estimate two = estimator.estimate(POLICY, MDP, THETA, new Batch(203, 5, 2));
            Estimate three = estimator.estimate(POLICY, MDP, THETA, new Batch(203, 5, 3));
            for (int i = 0; i < 203; i++) {
                assertArrayEquals(one.perEpisode()[i], two.perEpisode()[i], baseline + " episode " + i);
                assertArrayEquals(one.perEpisode()[i], three.perEpisode()[i], baseline + " episode " + i);
            }
            assertArrayEquals(one.mean(), three.mean());
            assertArrayEquals(one.variance(), three.variance());
            assertEquals(one.meanReturn(), three.meanReturn());
        }
    }

    @Test
    void differentSeedsGiveDifferentEpisodes() {
        Estimator estimator = Estimator.of(EstimatorKind.REWARD_TO_GO);
        Estimate a = estimator.estimate(POLICY, MDP, THETA, new Batch(50, 1, 2));
        Estimate b = estimator.estimate(POLICY, MDP, THETA, new Batch(50, 2, 2));
        assertTrue(a.meanReturn() != b.meanReturn());
    }

    /** Step (9) against a hand computation for one fixed trajectory: sum of scores times G(tau). */
    @Test
    void totalReturnIsTheScoreSumTimesTheReturn() {
        Policy policy = Programs.policy(Programs.CORRIDOR_POLICY);
        double[] theta = {0.4, -0.3};
        Episode episode = new Episode(0);
        // right, left, right with rewards -1, -1, -1 and gamma 0.5: G = -1 - 0.5 - 0.25
        episode.set(new double[0], new double[] {0, 1, 0}, new double[] {-1, -1, -1}, 3, true, 0.5);
        double p = 1 / (1 + Math.exp(-0.7));  // pi(right)
        double[] scoreRight = {1 - p, -(1 - p)};
        double[] scoreLeft = {-p, p};
        double g = -1.75;
        double[] expected = {g * (2 * scoreRight[0] + scoreLeft[0]), g * (2 * scoreRight[1] + scoreLeft[1])};
        double[] total = new double[2];
        Estimator.accumulate(EstimatorKind.TOTAL_RETURN, 0.5, StepBaseline.ZERO, 0, episode, policy.newEvaluator(),
                theta, new double[0], total);
        assertArrayEquals(expected, total, 1e-12);
        // step (11): returns-to-go -1.75, -1.5, -1 discounted by 1, 0.5, 0.25
        double[] toGo = new double[2];
        Estimator.accumulate(EstimatorKind.REWARD_TO_GO, 0.5, StepBaseline.ZERO, 0, episode, policy.newEvaluator(),
                theta, new double[0], toGo);
        for (int j = 0; j < 2; j++) {
            double e = -1.75 * scoreRight[j] + 0.5 * -1.5 * scoreLeft[j] + 0.25 * -1 * scoreRight[j];
            assertEquals(e, toGo[j], 1e-12);
        }
        double[] missing = new double[2];
        Estimator.accumulate(EstimatorKind.MISSING_DISCOUNT, 0.5, StepBaseline.ZERO, 0, episode, policy.newEvaluator(),
                theta, new double[0], missing);
        for (int j = 0; j < 2; j++) {
            assertEquals(-1.75 * scoreRight[j] - 1.5 * scoreLeft[j] - 1 * scoreRight[j], missing[j], 1e-12);
        }
    }

    /** b_t of episode i is the mean of G(tau_{t:T}) over the OTHER episodes lasting longer than t. */
    @Test
    void meanBaselineLeavesTheEpisodeItselfOut() {
        int n = 7;
        Rollouts rollouts = new Rollouts(POLICY, MDP, THETA, 9, 2, null);
        double[][] toGo = new double[n][];
        rollouts.run(n, b -> null, (i, worker, unused) ->
                toGo[i] = java.util.Arrays.copyOf(worker.episode.returnsToGo(), worker.episode.length()));
        MeanBaseline baseline = MeanBaseline.fit(rollouts, n);
        rollouts.run(n, b -> null, (i, worker, unused) -> {
            double[] b = new double[worker.episode.length()];
            baseline.values(i, worker.episode, b);
            for (int t = 0; t < b.length; t++) {
                double sum = 0;
                int count = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i || toGo[j].length <= t) continue;
                    sum += toGo[j][t];
                    count++;
                }
                assertEquals(count == 0 ? 0 : sum / count, b[t], 1e-12, "episode " + i + " step " + t);
            }
        });
    }

    /** With one-hot states, the cross-fitted value baseline is the per-state mean return-to-go of the other folds. */
    @Test
    void valueBaselineFitsOnTheOtherFolds() {
        int n = 40;
        Rollouts rollouts = new Rollouts(POLICY, MDP, THETA, 4, 1, null);
        double[][] sums = new double[ValueBaseline.FOLDS][STATES];
        int[][] counts = new int[ValueBaseline.FOLDS][STATES];
        rollouts.run(n, b -> null, (i, worker, unused) -> {
            Episode e = worker.episode;
            for (int t = 0; t < e.length(); t++) {
                int s = 0;
                while (e.observations()[t * STATES + s] == 0) s++;
                sums[i % ValueBaseline.FOLDS][s] += e.returnsToGo()[t];
                counts[i % ValueBaseline.FOLDS][s]++;
            }
        });
        ValueBaseline baseline = ValueBaseline.fit(rollouts, n, STATES);
        for (int f = 0; f < ValueBaseline.FOLDS; f++) {
            double[] w = baseline.weights(f);
            for (int s = 0; s < STATES; s++) {
                double sum = 0;
                int count = 0;
                for (int g = 0; g < ValueBaseline.FOLDS; g++) {
                    if (g == f) continue;
                    sum += sums[g][s];
                    count += counts[g][s];
                }
                if (count > 0) assertEquals(sum / count, w[s] + w[STATES], 1e-9, "fold " + f + " state " + s);
            }
        }
    }

    @Test
    void totalReturnRejectsABaseline() {
        assertThrows(UsageError.class, () -> new Estimator(EstimatorKind.TOTAL_RETURN, BaselineKind.MEAN));
    }

    @Test
    void unknownLabelsAreUsageErrors() {
        assertEquals(EstimatorKind.MISSING_DISCOUNT, EstimatorKind.of("missing-discount"));
        assertThrows(UsageError.class, () -> EstimatorKind.of("reinforce"));
        assertThrows(UsageError.class, () -> BaselineKind.of("median"));
    }

    @Test
    void thetaOfTheWrongLengthIsAUsageError() {
        assertThrows(UsageError.class, () -> Estimator.of(EstimatorKind.REWARD_TO_GO)
                .estimate(POLICY, MDP, new double[3], new Batch(10, 1, 1)));
    }
}
