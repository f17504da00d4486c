package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
/**
 * A fitted baseline: b_0 .. b_{T-1} for episode {@code index}, computed only from episodes other than
 * {@code index} (see {@link BaselineKind} for why that keeps the estimators unbiased).
 */
public interface StepBaseline {

    /** Writes b_t for t = 0..T-1 of {@code episode}, the episode numbered {@code index}, into {@code out}. */
    void values(int index, Episode episode, double[] out);

    /** b_t = 0. */
    StepBaseline ZERO = (index, episode, out) -> java.util.Arrays.fill(out, 0, episode.length(), 0.0);

    /**
     * A fixed state-dependent baseline b(s) = w . [s, 1], the same for every episode. Used to show
     * exactly that a baseline leaves the expectation unchanged.
     */
    static StepBaseline linear(double[] w) {
        double[] weights = w.clone();
        return (index, episode, out) -> {
            int d = episode.observationSize();
            double[] observations = episode.observations();
            for (int t = 0; t < episode.length(); t++) {
                double b = weights[d];
                for (int j = 0; j < d; j++) b += weights[j] * observations[t * d + j];
                out[t] = b;
            }
        };
    }
}
