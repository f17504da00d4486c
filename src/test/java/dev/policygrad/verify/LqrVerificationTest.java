package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.Environment;
import dev.policygrad.env.Environments;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;

/**
 * A Gaussian policy u ~ N(-k s, exp(log_std)^2) on scalar LQR (Fazel et al. 2018's a = 1.2, b = 0.7,
 * q = 1, r = 0.5, at k = 1.5), here discounted with gamma = 0.95 over 8 steps: the reward-to-go and
 * total-return estimates agree with the exact LQR gradient (exact.LqrObjective, by the moment
 * recursion) by the T^2 test, and the missing-discount estimate is rejected.
 */
class LqrVerificationTest {

    private static final CheckedProgram PROGRAM = Checker.check(Parser.parse("lqr.pg", """
            state s
            action u : real
            param k = 1.5
            param log_std = -0.6931471805599453
            policy pi(u | s) = normal(mean = -k * s, std = exp(log_std))
            env lqr(a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1.4142135623730951, gamma = 0.95, horizon = 8)
            """));
    private static final Policy GAUSSIAN = Policy.of(PROGRAM);
    private static final Environment LQR = PROGRAM.environment();
    private static final double[] THETA = GAUSSIAN.initialParameters(0);

    private static Reference exact() {
        ObjectiveResult result = Objectives.evaluate(LQR, GAUSSIAN, THETA, 0, 0);
        assertTrue(result.exact(), result.method());
        return new Reference(result.method(), result.gradient(), 0);
    }

    @Test
    void gaussianPolicyEstimatesAgreeWithTheExactGradient() {
        Reference reference = exact();
        for (Estimator estimator : new Estimator[] {Estimator.of(EstimatorKind.REWARD_TO_GO),
                new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.VALUE), Estimator.of(EstimatorKind.TOTAL_RETURN)}) {
            Estimate estimate = estimator.estimate(GAUSSIAN, LQR, THETA, new Batch(6000, 17, 2));
            VerificationReport report = Verification.sampled(estimate, reference, 1e-4);
            assertEquals(Verdict.CONSISTENT, report.verdict(), Reports.text(report));
            assertEquals(2, ((VerificationReport.Sampled) report.test()).hotelling().dimensions());
        }
    }

    /** Dropping gamma^t is biased here (gamma = 0.95): with enough episodes T^2 rejects it. */
    @Test
    void missingDiscountIsRejected() {
        Estimate estimate = new Estimator(EstimatorKind.MISSING_DISCOUNT, BaselineKind.VALUE)
                .estimate(GAUSSIAN, LQR, THETA, new Batch(20000, 18, 2));
        VerificationReport report = Verification.sampled(estimate, exact(), 1e-3);
        assertEquals(Verdict.INCONSISTENT, report.verdict(), Reports.text(report));
    }
}
