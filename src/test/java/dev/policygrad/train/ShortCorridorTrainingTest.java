package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import org.junit.jupiter.api.Test;

/**
 * Training on the short corridor (Sutton &amp; Barto 2018, Example 13.1) against its closed form:
 * J(p) = (2p - 4) / (p (1 - p)) with p = pi(right), maximised at p* = 2 - sqrt(2), J* = -(6 + 4 sqrt 2).
 *
 * <p>With logits theta = (theta_right, theta_left), J depends on x = theta_right - theta_left only,
 * p = sigmoid(x), and the gradient of h(x) = J(sigmoid(x)) is (h'(x), -h'(x)). So SGD moves
 * x_k = x_{k-1} + 2 alpha g_k, where g_k estimates h'(x_{k-1}). At the optimum h' = 0 and
 * h''(x*) = J''(p*) (p* (1 - p*))^2 = 4 p* - 8 = -4 sqrt 2, so near x* the error e = x - x* evolves as
 * e_k = rho e_{k-1} + 2 alpha (g_k - h'(x_{k-1})) with rho = 1 - 8 sqrt(2) alpha.
 */
class ShortCorridorTrainingTest {

    private static final double P_STAR = 2 - Math.sqrt(2);
    private static final double J_STAR = -(6 + 4 * Math.sqrt(2));
    private static final double CURVATURE = 4 * Math.sqrt(2);

    private final Examples corridor = Examples.shortCorridor();

    private static double probabilityRight(double[] theta) {
        return 1 / (1 + Math.exp(theta[1] - theta[0]));
    }

    private static double closedFormJ(double p) {
        return (2 * p - 4) / (p * (1 - p));
    }

    /**
     * The exact gradient leaves no noise: with alpha = 0.05, rho = 0.434, so after 100 iterations the
     * initial error x* = 0.35 has shrunk below 1e-36 and only rounding is left. The computed gradient
     * carries rounding of about 1e-15 (J ~ 12 summed over a few terms), which moves the fixed point by
     * 1e-15 / |h''| in x and p (1 - p) times that in p. We allow 1e-12 in p, a thousandfold margin, and
     * 1e-12 |J*| in J (J is flat at the optimum: its error is rounding only).
     */
    @Test
    void exactGradientConvergesToTheOptimum() {
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), true, 2, 0, 1));
        TrainingRun run = trainer.start(new double[] {0, 0}, new Sgd(0.05));
        trainer.train(run, 100, null);
        assertEquals(-12, run.metrics().get(0).exactJ(), 1e-12);
        assertEquals(P_STAR, probabilityRight(run.theta()), 1e-12);
        assertEquals(J_STAR, trainer.exactObjective(run.theta()), 1e-12 * Math.abs(J_STAR));
        assertEquals(J_STAR, run.last().exactJ(), 1e-12 * Math.abs(J_STAR));
    }

    /**
     * REINFORCE (reward-to-go, no baseline) on N = 400 episodes per iteration with alpha = 0.01 from
     * theta = 0 (J = -12). The gradient noise g_k - h'(x) has variance s^2 / N, s^2 the per-episode
     * variance of the theta_right component, so the error e settles into the stationary variance
     * v = 4 alpha^2 s^2 / (N (1 - rho^2)) (rho = 0.887: after 60 iterations the start has decayed to
     * 0.887^60 &lt; 1e-3 of itself). We measure s^2 with an independent batch at the final theta and
     * require the final J to be at least J(sigmoid(x* +- 5 sqrt v)), the worse side: a 5-sigma bound on
     * how far the noise can hold theta from the optimum. That bound must itself be well above -12,
     * so passing it means J improved by more than the noise can explain.
     */
    @Test
    void reinforceImprovesJTowardTheOptimum() {
        Estimator estimator = Estimator.of(EstimatorKind.REWARD_TO_GO);
        int episodes = 400;
        double alpha = 0.01;
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(estimator, false, episodes, 1, 2));
        TrainingRun run = trainer.start(new double[] {0, 0}, new Sgd(alpha));
        trainer.train(run, 60, null);

        Estimate independent = estimator.estimate(corridor.policy(), corridor.environment(), run.theta(),
                new Batch(4000, 99, 2));
        double s2 = independent.variance()[0];
        double rho = 1 - 2 * alpha * CURVATURE;
        double sd = Math.sqrt(4 * alpha * alpha * s2 / (episodes * (1 - rho * rho)));
        double xStar = Math.log(P_STAR / (1 - P_STAR));
        double bound = Math.min(closedFormJ(sigmoid(xStar + 5 * sd)), closedFormJ(sigmoid(xStar - 5 * sd)));
        double finalJ = trainer.exactObjective(run.theta());

        assertTrue(bound > -12 + 0.1, "the 5-sigma bound " + bound + " is too loose to show an improvement");
        assertTrue(finalJ >= bound, "J = " + finalJ + " below the 5-sigma bound " + bound + " (sd of x " + sd + ")");
        assertTrue(finalJ <= J_STAR + 1e-12, "J cannot exceed the optimum: " + finalJ);
    }

    /** Every row of a sampled run reports the batch's return with its standard error and the exact J. */
    @Test
    void sampledRowsCarryReturnStatistics() {
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), false, 50, 3, 1));
        TrainingRun run = trainer.start(new double[] {0, 0}, new Adam(0.05));
        trainer.train(run, 3, null);
        MetricRow first = run.metrics().get(0);
        assertEquals(1, first.iteration());
        assertEquals(-12, first.exactJ(), 1e-12);
        assertTrue(first.returnStandardError() > 0 && first.steps() >= 3 * 50, first.toString());
        assertEquals(3, run.iteration());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** A step that diverges leaves the run at the last completed iteration: theta and optimizer as they were. */
    @Test
    void aDivergingStepLeavesTheRunAsItWas() {
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), true, 2, 0, 1));
        TrainingRun run = trainer.start(new double[] {0.25, -0.5}, new Adam(1e308));
        IterationFailed failed = org.junit.jupiter.api.Assertions.assertThrows(IterationFailed.class,
                () -> trainer.train(run, 3, null));
        assertEquals(1, failed.iteration());
        assertEquals(0, run.iteration());
        assertEquals(java.util.List.of(0.25, -0.5), java.util.Arrays.stream(run.theta()).boxed().toList());
        assertEquals(0, run.optimizer().state().steps());
        assertTrue(run.optimizer().state().vectors().isEmpty());
    }
}
