package dev.policygrad.estimate;

/**
 * A state-value estimate V(s_t) for the steps of an episode, used by {@link Gae}. A critic may depend on
 * s_t and t, and on things fixed before the episode (other episodes' data, a formula), never on a_t or
 * what follows it: then V(s_t) acts as a baseline and, at lambda = 1, leaves the estimator unbiased.
 */
public interface Critic {

    /** The name used in reports. */
    String label();

    /** Writes V(s_t) for t = 0..T-1 of {@code episode} into {@code out}. */
    void values(EpisodeRecord episode, double[] out);
}
