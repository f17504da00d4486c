package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import org.junit.jupiter.api.Test;

/**
 * A short Adam run with the linear softmax policy of {@code examples/cartpole} raises the mean
 * return. The first and last batches are independent (different seeds (seed, k)), so their difference
 * has standard error sqrt(se_1^2 + se_8^2); we require the rise to exceed four of them.
 */
class CartPoleTrainingTest {

    @Test
    void adamRaisesTheMeanReturn() {
        Examples cartPole = Examples.cartPoleLinear();
        Trainer trainer = new Trainer(cartPole.policy(), cartPole.environment(),
                new TrainingSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), false, 150, 1, 2));
        TrainingRun run = trainer.start(cartPole.policy().initialParameters(0), new Adam(0.05));
        trainer.train(run, 8, null);
        MetricRow first = run.metrics().get(0), last = run.last();
        double rise = last.meanReturn() - first.meanReturn();
        double standardError = Math.hypot(first.returnStandardError(), last.returnStandardError());
        assertTrue(rise > 4 * standardError, "mean return " + first.meanReturn() + " -> " + last.meanReturn()
                + ", standard error of the difference " + standardError);
    }
}
