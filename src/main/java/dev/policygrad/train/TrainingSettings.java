package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorChoice;

/**
 * What decides a training run's numbers, besides the program and the optimizer: the gradient used
 * (the mean of an estimator over {@code episodes} episodes per iteration, or with {@code exactGradient}
 * the exact grad J of a finite MDP) and the run's {@code seed}. {@code threads} changes only the speed.
 *
 * @param estimator the estimator as named on the command line: a built-in with its baseline, GAE with its
 *                  lambda and critic, or an {@code estimator NAME = ...} the program declares
 */
public record TrainingSettings(EstimatorChoice estimator, boolean exactGradient, int episodes, long seed, int threads) {

    public TrainingSettings {
        java.util.Objects.requireNonNull(estimator);
        if (episodes < 2) throw new UsageError("training needs at least 2 episodes per iteration, got " + episodes);
        if (threads < 1) throw new UsageError("threads must be at least 1, got " + threads);
    }

    /** With a built-in REINFORCE estimator and its baseline. */
    public TrainingSettings(Estimator estimator, boolean exactGradient, int episodes, long seed, int threads) {
        this(EstimatorChoice.of(estimator), exactGradient, episodes, seed, threads);
    }
}
