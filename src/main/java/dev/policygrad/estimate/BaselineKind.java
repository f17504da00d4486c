package dev.policygrad.estimate;

import dev.policygrad.diag.UsageError;

/**
 * Baselines b_t for the reward-to-go form (step (11) with G(tau_{t:T}) - b_t). Each is computed from
 * episodes other than the one it is applied to, so it is independent of that episode's a_t and
 * everything after, and the estimator stays unbiased (the baseline note of docs/derivation.md; Williams 1992, sec. 4):
 * for a b independent of the episode, E[grad log pi(a_t | s_t) b] = E[b E[grad log pi(a_t | s_t) | s_t]] = 0.
 * <ul>
 *   <li>{@link #NONE}: b_t = 0.</li>
 *   <li>{@link #MEAN}: the mean return-to-go at step t over the other episodes of the batch that last
 *       longer than t (leave-one-out); 0 when no other episode does.</li>
 *   <li>{@link #VALUE}: a linear state value b(s) = w . [s, 1], fitted by least squares to the
 *       returns-to-go with K-fold cross-fitting: episode i (fold i mod K) uses the w fitted on the
 *       other folds.</li>
 * </ul>
 * Because a batch's baselines tie its episodes together, the per-episode estimates are no longer
 * exactly independent; each is still unbiased.
 */
public enum BaselineKind {
    NONE("none"),
    MEAN("mean"),
    VALUE("value");

    private final String label;

    BaselineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static BaselineKind of(String label) {
        for (BaselineKind k : values()) if (k.label.equals(label)) return k;
        throw new UsageError("unknown baseline '" + label + "'; choose none, mean or value");
    }
}
