package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimator;

/**
 * What decides a training run's numbers, besides the program and the optimizer: the gradient used
 * (an {@link Estimator} on {@code episodes} episodes per iteration, or with {@code exactGradient} the
 * exact grad J of a finite MDP) and the run's {@code seed}. {@code threads} changes only the speed.
 */
public record TrainingSettings(Estimator estimator, boolean exactGradient, int episodes, long seed, int threads) {

    public TrainingSettings {
        if (episodes < 2) throw new UsageError("training needs at least 2 episodes per iteration, got " + episodes);
        if (threads < 1) throw new UsageError("threads must be at least 1, got " + threads);
    }
}
