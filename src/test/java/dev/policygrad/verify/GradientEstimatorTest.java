package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeRecord;
import dev.policygrad.estimate.EstimatorExpectation;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.estimate.GradientEstimator;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.StepWeighted;
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
}
