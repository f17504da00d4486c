package dev.policygrad.estimate;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;
import java.io.Serializable;

/**
 * A per-episode estimator as a value that can be shipped to another machine: the choice as named on
 * the command line and whatever was fitted on the batch before the estimating pass (the cross-fitted
 * linear critic's weights, one row per fold), never the estimator's objects. Where a chunk runs, the
 * estimator is rebuilt from the program's text ({@link #build}); it is the same function of the
 * episode there as on the driver, so the estimates have the same bits.
 *
 * @param choice      the estimator as named
 * @param criticFolds the fitted critic's weights per fold, or null when nothing was fitted
 * @param fittedOn    the episodes the critic was fitted on (for its label)
 */
public record EstimatorRecipe(EstimatorChoice choice, double[][] criticFolds, int fittedOn) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The estimator, for {@code policy} in {@code environment} at {@code theta} (what an exact critic tabulates). */
    public GradientEstimator build(CheckedProgram program, Policy policy, Environment environment, double[] theta) {
        return choice.build(program, policy, environment, theta, criticFolds, fittedOn);
    }
}
