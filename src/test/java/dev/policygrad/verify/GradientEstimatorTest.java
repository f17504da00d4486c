package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.EvalError;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeRecord;
import dev.policygrad.estimate.EpisodeSampler;
import dev.policygrad.estimate.EstimatorExpectation;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.estimate.GradientEstimator;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.StepWeighted;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** Estimators written in Java, verified by the same machinery as formulas and built-ins. */
class GradientEstimatorTest {

    static final Catalogue C = Catalogue.load();

    /** Reward-to-go minus a baseline; with {@code logPiBaseline} the baseline is log pi(a_t | s_t), which reads the action. */
    static GradientEstimator javaEstimator(boolean logPiBaseline) {
        return new GradientEstimator() {
            @Override
            public String label() {
                return logPiBaseline ? "java-logpi-baseline" : "java-rtg";
            }

            @Override
            public void estimate(EpisodeRecord e, double[] out) {
                double discount = 1;
                for (int t = 0; t < e.length(); t++) {
                    double baseline = logPiBaseline ? e.logPi()[t] : 1.5;
                    double[] score = e.score(t);
                    for (int j = 0; j < out.length; j++) out[j] += discount * (e.returnsToGo()[t] - baseline) * score[j];
                    discount *= e.gamma();
                }
            }
        };
    }

    Reference reference() {
        return C.verifier().reference(new Batch(2, 0, 1));
    }

    @Test
    void aCorrectJavaEstimatorIsConsistentExactlyAndSampled() {
        GradientEstimator estimator = javaEstimator(false);
        EstimatorReport exact = EstimatorVerification.exact(estimator.label(),
                EstimatorExpectation.over(C.mdp(), C.policy(), C.theta(), estimator), reference(), C.policy().parameterNames());
        assertEquals(Verdict.CONSISTENT, exact.verdict(), exact.base().reason());
        PairedEstimates data = PairedEstimates.sample(C.policy(), C.mdp(), C.theta(), new Batch(2000, 1, 2), estimator,
                StepWeighted.of(EstimatorKind.REWARD_TO_GO));
        EstimatorReport sampled = EstimatorVerification.sampled(data, reference(), 1e-3);
        assertEquals(Verdict.CONSISTENT, sampled.verdict(), sampled.base().reason());
    }

    @Test
    void aBaselineThatReadsTheActionIsCaughtExactlyAndSampled() {
        GradientEstimator estimator = javaEstimator(true);
        EstimatorReport exact = EstimatorVerification.exact(estimator.label(),
                EstimatorExpectation.over(C.mdp(), C.policy(), C.theta(), estimator), reference(), C.policy().parameterNames());
        assertEquals(Verdict.INCONSISTENT, exact.verdict());
        PairedEstimates data = PairedEstimates.sample(C.policy(), C.mdp(), C.theta(), new Batch(2000, 1, 2), estimator,
                StepWeighted.of(EstimatorKind.REWARD_TO_GO));
        EstimatorReport sampled = EstimatorVerification.sampled(data, reference(), 1e-3);
        assertEquals(Verdict.INCONSISTENT, sampled.verdict(), sampled.base().reason());
    }

    /**
     * Reward-to-go plus a control variate of mean zero, c e_0 (1 - 1{tau = tau*} / p(tau*)) with tau* the
     * least likely trajectory: unbiased (its exact expectation says so), yet on a batch that never plays
     * tau* its difference from reward-to-go is the constant c e_0, up to the rounding of g - r. A direction
     * constant on every episode is undecided (rare episodes can balance it), never a rejection; weighed
     * as if its rounding were variation, it gave T^2 near 1e29 and called this estimator inconsistent.
     */
    @Test
    void aDifferenceConstantUpToRoundingIsUndecidedNotRejected() {
        EpisodeSampler.Weighted rarest = EpisodeSampler.enumerate(C.mdp(), C.policy(), C.theta()).stream()
                .min(Comparator.comparingDouble(EpisodeSampler.Weighted::probability)).orElseThrow();
        EpisodeRecord star = rarest.episode();
        double c = 1e-3;
        GradientEstimator rewardToGo = StepWeighted.of(EstimatorKind.REWARD_TO_GO);
        GradientEstimator controlled = new GradientEstimator() {
            @Override
            public String label() {
                return "rtg-plus-rare-control";
            }

            @Override
            public void estimate(EpisodeRecord e, double[] out) {
                rewardToGo.estimate(e, out);
                boolean isStar = Arrays.equals(e.observations(), star.observations()) && Arrays.equals(e.actions(), star.actions());
                out[0] += c * (1 - (isStar ? 1 / rarest.probability() : 0));
            }
        };
        EstimatorReport exact = EstimatorVerification.exact(controlled.label(),
                EstimatorExpectation.over(C.mdp(), C.policy(), C.theta(), controlled), reference(), C.policy().parameterNames());
        assertEquals(Verdict.CONSISTENT, exact.verdict(), exact.base().reason());
        int episodes = 2000;
        assertTrue(rarest.probability() * episodes < 0.02, "tau* is rare: p = " + rarest.probability()); // 7e-6
        for (long seed = 1; seed <= 5; seed++) {
            PairedEstimates data = PairedEstimates.sample(C.policy(), C.mdp(), C.theta(), new Batch(episodes, seed, 2),
                    controlled, rewardToGo);
            EstimatorReport sampled = EstimatorVerification.sampled(data, reference(), 1e-3);
            assertNotEquals(Verdict.INCONSISTENT, sampled.verdict(), "seed " + seed + ": " + sampled.base().reason());
            assertEquals(0, sampled.paired().dimensions(), sampled.base().reason());
        }
    }

    /**
     * A Java estimator that divides by T - 4, not finite on every trajectory that runs to the horizon of 4: an
     * error naming the estimator, the parameter and the episode, exactly and sampled, never a NaN verdict.
     */
    @Test
    void anEstimateThatIsNotFiniteIsAnErrorNamingTheEpisode() {
        GradientEstimator rewardToGo = StepWeighted.of(EstimatorKind.REWARD_TO_GO);
        GradientEstimator divided = new GradientEstimator() {
            @Override
            public String label() {
                return "java-divided";
            }

            @Override
            public void estimate(EpisodeRecord e, double[] out) {
                rewardToGo.estimate(e, out);
                for (int j = 0; j < out.length; j++) out[j] /= e.length() - 4;
            }
        };
        int first = -1;
        for (EpisodeSampler.Weighted w : EpisodeSampler.enumerate(C.mdp(), C.policy(), C.theta())) {
            if (w.episode().length() == 4) {
                first = w.episode().index();
                break;
            }
        }
        assertTrue(first >= 0, "some trajectory runs to the horizon");
        EvalError exact = assertThrows(EvalError.class,
                () -> EstimatorExpectation.over(C.mdp(), C.policy(), C.theta(), divided));
        assertTrue(exact.getMessage().startsWith("estimator java-divided gives ") && exact.getMessage().contains(
                " for W[0][0] on episode " + first + ", whose rewards"), exact.getMessage());
        EvalError sampled = assertThrows(EvalError.class, () -> PairedEstimates.sample(C.policy(), C.mdp(), C.theta(),
                new Batch(2000, 1, 2), divided, rewardToGo));
        assertTrue(sampled.getMessage().startsWith("estimator java-divided gives "), sampled.getMessage());
    }

    /**
     * 50 sum_t gamma^t score(t) has expectation 0 (every score has mean 0), so its bias is -grad J; it is
     * so noisy that 2000 episodes cannot see that, and a consistent verdict must say how little it rests
     * on: the smallest bias the test detects (3.5 here) against |grad J| (1.15). Reward-to-go on the same
     * episodes, whose test is sharp, carries no such caveat.
     */
    @Test
    void aConsistentVerdictOfATestTooWeakToSeeGradJItselfSaysSo() {
        GradientEstimator noise = new GradientEstimator() {
            @Override
            public String label() {
                return "java-noise";
            }

            @Override
            public void estimate(EpisodeRecord e, double[] out) {
                double discount = 1;
                for (int t = 0; t < e.length(); t++) {
                    double[] score = e.score(t);
                    for (int j = 0; j < out.length; j++) out[j] += discount * 50 * score[j];
                    discount *= e.gamma();
                }
            }
        };
        EstimatorReport exact = EstimatorVerification.exact(noise.label(),
                EstimatorExpectation.over(C.mdp(), C.policy(), C.theta(), noise), reference(), C.policy().parameterNames());
        assertEquals(Verdict.INCONSISTENT, exact.verdict(), "its expectation is 0, not grad J");
        double gradient = Math.sqrt(Arrays.stream(reference().gradient()).map(g -> g * g).sum());
        GradientEstimator rewardToGo = StepWeighted.of(EstimatorKind.REWARD_TO_GO);
        EstimatorReport weak = EstimatorVerification.sampled(PairedEstimates.sample(C.policy(), C.mdp(), C.theta(),
                new Batch(2000, 1, 2), noise, rewardToGo), reference(), 1e-3);
        assertEquals(Verdict.CONSISTENT, weak.verdict(), weak.base().reason());
        assertTrue(weak.unpairedPower().norm() >= gradient && weak.pairedPower().norm() >= gradient);
        assertTrue(weak.base().reason().contains("; weak: the smallest bias these episodes detect with probability 0.8 "
                + "(norm ") && weak.base().reason().contains("|grad J| = 1.15"), weak.base().reason());
        EstimatorReport sharp = EstimatorVerification.sampled(PairedEstimates.sample(C.policy(), C.mdp(), C.theta(),
                new Batch(2000, 1, 2), rewardToGo, StepWeighted.of(EstimatorKind.TOTAL_RETURN)), reference(), 1e-3);
        assertEquals(Verdict.CONSISTENT, sharp.verdict(), sharp.base().reason());
        assertTrue(!sharp.base().reason().contains("weak"), sharp.base().reason());
    }
}
