package dev.policygrad.estimate;

/**
 * Any per-episode estimator of grad J: given one finished episode, its estimate g(tau), a vector of
 * one entry per parameter in flattened order. The built-in estimators, {@code estimator} formulas,
 * GAE and estimators written in Java all implement it, and are verified by the same machinery:
 * exactly, as E[g] = sum_tau p_theta(tau) g(tau) over every trajectory of a finite MDP with a horizon
 * ({@link EstimatorExpectation}), or by sampling, paired with a proven reference on the same episodes
 * ({@link PairedEstimates}).
 *
 * <p>An implementation must depend on the episode alone (and on state fixed before the batch), never
 * on other episodes of the batch: that is what makes the exact expectation its expectation.
 */
public interface GradientEstimator {

    /** The name used in reports. */
    String label();

    /** Writes g(tau) for {@code episode} into {@code out} (P entries, zeroed by the caller). */
    void estimate(EpisodeRecord episode, double[] out);
}
