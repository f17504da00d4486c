package dev.policygrad.estimate;

import dev.policygrad.diag.EvalError;
import dev.policygrad.policy.Policy;

/**
 * An estimate that is not finite on an episode whose own numbers are finite is the estimator's doing (a
 * weight or a critic that overflows): an error naming the estimator, the parameter and the episode, never
 * a NaN that reaches the test or the exact expectation (where it printed a table of NaN and "grad J is
 * zero here"). An episode that overflowed itself (a reward, a return or a score) is left to be located
 * as such ({@link dev.policygrad.objective.FiniteEpisodes}).
 */
final class FiniteEstimates {

    private FiniteEstimates() {}

    /** Throws when {@code estimator}'s estimate {@code g} of the finite {@code episode} is not finite. */
    static void require(GradientEstimator estimator, EpisodeRecord episode, double[] g, Policy policy) {
        for (int j = 0; j < g.length; j++) {
            if (!Double.isFinite(g[j])) {
                if (!finite(episode)) return;
                throw new EvalError(null, "estimator " + estimator.label() + " gives " + g[j] + " for "
                        + policy.parameterNames().get(j) + " on episode " + episode.index()
                        + ", whose rewards, returns and scores are finite");
            }
        }
    }

    private static boolean finite(EpisodeRecord e) {
        return finite(e.rewards()) && finite(e.returnsToGo()) && finite(e.scores()) && finite(e.logPi());
    }

    private static boolean finite(double[] values) {
        for (double v : values) if (!Double.isFinite(v)) return false;
        return true;
    }
}
