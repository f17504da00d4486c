package dev.policygrad.estimate;

/**
 * An estimator of the form g(tau) = sum_{t=0}^{T-1} w_t grad log pi(a_t | s_t), given by its weights:
 * the built-in REINFORCE estimators (without a batch baseline) and GAE.
 */
public abstract class StepWeighted implements GradientEstimator {

    /** Writes w_0 .. w_{T-1} of {@code episode} into {@code weights}. */
    protected abstract void weights(EpisodeRecord episode, double[] weights);

    @Override
    public final void estimate(EpisodeRecord episode, double[] out) {
        int length = episode.length();
        double[] w = new double[length];
        weights(episode, w);
        double[] scores = episode.scores();
        int p = out.length;
        for (int t = 0, row = 0; t < length; t++, row += p) {
            double wt = w[t];
            for (int i = 0; i < p; i++) out[i] += wt * scores[row + i];
        }
    }

    /**
     * The built-in estimator {@code kind} with no baseline: step (9) (w_t = G(tau)), step (11)
     * (w_t = gamma^t G(tau_{t:T})) or the missing-discount control (w_t = G(tau_{t:T})).
     */
    public static GradientEstimator of(EstimatorKind kind) {
        return new StepWeighted() {
            @Override
            public String label() {
                return kind.label();
            }

            @Override
            protected void weights(EpisodeRecord episode, double[] weights) {
                double[] returnsToGo = episode.returnsToGo();
                double discount = 1;
                for (int t = 0; t < episode.length(); t++) {
                    switch (kind) {
                        case TOTAL_RETURN: weights[t] = episode.totalReturn(); break;
                        case REWARD_TO_GO: weights[t] = discount * returnsToGo[t]; break;
                        default: weights[t] = returnsToGo[t];
                    }
                    discount *= episode.gamma();
                }
            }
        };
    }
}
