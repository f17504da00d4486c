package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.Checker;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.exact.FiniteDifferences;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;

/**
 * A Gaussian policy u ~ N(-k s, exp(log_std)^2) on scalar LQR (Fazel et al. 2018's example values
 * a = 1.2, b = 0.7, q = 1, r = 0.5, sigma0^2 = 2, k = 1.5): the reward-to-go estimate agrees with the
 * gradient of the closed-form J by the T^2 test, and the total-return estimate too.
 */
class LqrVerificationTest {

    private static final Policy GAUSSIAN = Policy.of(Checker.check(Parser.parse("lqr.pg", """
            state s
            action u : real
            param k = 0
            param log_std = 0
            policy pi(u | s) = normal(mean = -k * s, std = exp(log_std))
            """)));
    private static final ScalarLqr LQR = new ScalarLqr(1.2, 0.7, 1, 0.5, Math.sqrt(2), 0.95, 8);
    private static final double[] THETA = {1.5, Math.log(0.5)};

    /** The test environment's closed form, near the deterministic infinite-horizon case, gives dC/dk = 2.134994. */
    @Test
    void closedFormMatchesThePublishedLqrGradient() {
        ScalarLqr longRun = new ScalarLqr(1.2, 0.7, 1, 0.5, Math.sqrt(2), 1, 400);
        double[] g = FiniteDifferences.gradient(x -> longRun.objective(x[0], x[1]), new double[] {1.5, -30});
        assertEquals(-2.134994, g[0], 1e-6);
    }

    @Test
    void gaussianPolicyEstimatesAgreeWithTheExactGradient() {
        double[] exact = FiniteDifferences.gradient(x -> LQR.objective(x[0], x[1]), THETA);
        Reference reference = new Reference("finite differences of the closed-form J", exact, 1e-8);
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
        double[] exact = FiniteDifferences.gradient(x -> LQR.objective(x[0], x[1]), THETA);
        Reference reference = new Reference("finite differences of the closed-form J", exact, 1e-8);
        Estimate estimate = new Estimator(EstimatorKind.MISSING_DISCOUNT, BaselineKind.VALUE)
                .estimate(GAUSSIAN, LQR, THETA, new Batch(20000, 18, 2));
        VerificationReport report = Verification.sampled(estimate, reference, 1e-3);
        assertEquals(Verdict.INCONSISTENT, report.verdict(), Reports.text(report));
    }
}
