package dev.policygrad.verify;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;

/**
 * How to verify an estimator: which one, on how many episodes drawn from which seed, on how many
 * threads (results do not depend on it), exactly (every trajectory of a finite MDP with a horizon)
 * or by sampling, and at which level the sampled test rejects.
 *
 * @param estimator the estimator and its baseline
 * @param episodes  episodes to sample; for an exact check, the episodes that fit a baseline
 * @param seed      the seed of the episodes (the reference, where it is sampled, uses independent ones)
 * @param threads   threads that play the episodes
 * @param exact     take the estimator's expectation over every trajectory instead of sampling
 * @param alpha     the level of the sampled T^2 test
 */
public record VerificationSettings(Estimator estimator, int episodes, long seed, int threads, boolean exact,
        double alpha) {

    public VerificationSettings {
        if (episodes < 2) throw new UsageError("a verification needs at least 2 episodes, got " + episodes);
        if (threads < 1) throw new UsageError("threads must be at least 1, got " + threads);
        if (!(alpha > 0 && alpha < 1)) throw new UsageError("alpha must lie in (0, 1), got " + alpha);
    }

    /** Reward-to-go (step (11)) without a baseline, 10,000 episodes from seed 0, sampled, alpha = 0.001. */
    public static VerificationSettings defaults() {
        return new VerificationSettings(new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.NONE), 10_000, 0,
                Runtime.getRuntime().availableProcessors(), false, Verification.DEFAULT_ALPHA);
    }

    public VerificationSettings withEstimator(Estimator estimator) {
        return new VerificationSettings(estimator, episodes, seed, threads, exact, alpha);
    }

    public VerificationSettings withEpisodes(int episodes) {
        return new VerificationSettings(estimator, episodes, seed, threads, exact, alpha);
    }

    public VerificationSettings withSeed(long seed) {
        return new VerificationSettings(estimator, episodes, seed, threads, exact, alpha);
    }

    public VerificationSettings withThreads(int threads) {
        return new VerificationSettings(estimator, episodes, seed, threads, exact, alpha);
    }

    /** Exactly, over every trajectory (a finite MDP with a horizon). */
    public VerificationSettings exactly() {
        return new VerificationSettings(estimator, episodes, seed, threads, true, alpha);
    }

    public VerificationSettings withAlpha(double alpha) {
        return new VerificationSettings(estimator, episodes, seed, threads, exact, alpha);
    }
}
