package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.diag.UsageError;

/**
 * The REINFORCE estimators of grad J (Williams 1992), each written as per-step weights w_t of the
 * scores, so that one episode's estimate is sum_{t=0}^{T-1} w_t grad log pi(a_t | s_t):
 * <ul>
 *   <li>{@link #TOTAL_RETURN}, step (9) of the derivation (docs/derivation.md): w_t = G(tau);</li>
 *   <li>{@link #REWARD_TO_GO}, step (11): w_t = gamma^t (G(tau_{t:T}) - b_t);</li>
 *   <li>{@link #MISSING_DISCOUNT}, step (11) without gamma^t: w_t = G(tau_{t:T}) - b_t. It is not the
 *       gradient of J when gamma < 1 (Nota &amp; Thomas 2020) and is kept as a negative control that
 *       verification must flag.</li>
 * </ul>
 * b_t is the baseline of step t (0 without one), see {@link BaselineKind}.
 */
public enum EstimatorKind {
    TOTAL_RETURN("total-return"),
    REWARD_TO_GO("reward-to-go"),
    MISSING_DISCOUNT("missing-discount");

    private final String label;

    EstimatorKind(String label) {
        this.label = label;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /** Whether the estimator subtracts a per-step baseline b_t (step (11)'s form does; step (9)'s does not). */
    public boolean takesBaseline() {
        return this != TOTAL_RETURN;
    }

    /**
     * Writes w_0 .. w_{T-1} of {@code episode} into {@code weights}, given the baselines b_t in
     * {@code baselines} (ignored by {@link #TOTAL_RETURN}).
     */
    void weights(Episode episode, double gamma, double[] baselines, double[] weights) {
        int length = episode.length();
        double[] returnsToGo = episode.returnsToGo();
        switch (this) {
            case TOTAL_RETURN: {
                double total = episode.totalReturn();
                for (int t = 0; t < length; t++) weights[t] = total;
                break;
            }
            case REWARD_TO_GO: {
                double discount = 1;
                for (int t = 0; t < length; t++) {
                    weights[t] = discount * (returnsToGo[t] - baselines[t]);
                    discount *= gamma;
                }
                break;
            }
            case MISSING_DISCOUNT: {
                for (int t = 0; t < length; t++) weights[t] = returnsToGo[t] - baselines[t];
                break;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** The estimator called {@code label}, or a UsageError listing the choices. */
    public static EstimatorKind of(String label) {
        for (EstimatorKind k : values()) if (k.label.equals(label)) return k;
        throw new UsageError("unknown estimator '" + label + "'; choose total-return, reward-to-go or missing-discount");
    }
}
