package dev.policygrad.estimate;

/**
 * Generalized advantage estimation (Schulman et al. 2016) in the form of step (11) of the derivation,
 * with gamma^t: g(tau) = sum_t gamma^t A_t grad log pi(a_t | s_t), where
 * A_t = sum_{l=0}^{T-1-t} (gamma lambda)^l delta_{t+l} and delta_t = r_{t+1} + gamma V(s_{t+1}) - V(s_t),
 * with V(s_T) = 0: no bootstrap at the episode's end, so an episode cut at the horizon is valued as it
 * ended.
 *
 * <p>At lambda = 1 the deltas telescope to A_t = G(tau_{t:T}) - V(s_t): the reward-to-go with the critic
 * as a baseline, unbiased whatever the critic (step (11) with a baseline). For lambda &lt; 1, E[A_t | s_t, a_t]
 * equals the advantage Q(s_t, a_t) - V(s_t) only when V is the true value of the policy at step t; any
 * other critic biases the estimator.
 */
public final class Gae extends StepWeighted {

    private final double lambda;
    private final Critic critic;

    public Gae(double lambda, Critic critic) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new dev.policygrad.diag.UsageError("--lambda must be in [0, 1], got " + lambda);
        }
        this.lambda = lambda;
        this.critic = critic;
    }

    @Override
    public String label() {
        return "gae(lambda = " + lambda + ", critic " + critic.label() + ")";
    }

    @Override
    protected void weights(EpisodeRecord episode, double[] weights) {
        int length = episode.length();
        double gamma = episode.gamma();
        double[] v = new double[length + 1];
        critic.values(episode, v);
        v[length] = 0;
        double[] rewards = episode.rewards();
        double advantage = 0;
        for (int t = length - 1; t >= 0; t--) {
            double delta = rewards[t] + gamma * v[t + 1] - v[t];
            advantage = delta + gamma * lambda * advantage;
            weights[t] = advantage;
        }
        double discount = 1;
        for (int t = 0; t < length; t++) {
            weights[t] *= discount;
            discount *= gamma;
        }
    }
}
