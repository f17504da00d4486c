package dev.policygrad.rollout;

import dev.policygrad.rollout.Episode;

/**
 * One possible episode tau = (s_0, a_0, r_1, s_1, ..., s_T) of a finite MDP with its probability
 * p_theta(tau) = mu_0(s_0) prod_t pi(a_t | s_t) P(s_{t+1} | s_t, a_t) and its logarithm
 * log p_theta(tau) = log mu_0(s_0) + sum_t (log pi(a_t | s_t) + log P(s_{t+1} | s_t, a_t)), which is finite
 * wherever p_theta(tau) &gt; 0, also where the double p_theta(tau) is 0 (below 4.9e-324). States are the MDP's indices
 * ({@code states.length == actions.length + 1}), actions the policy's indices, and
 * {@code rewards[t]} is r_{t+1}. (Sampled episodes are {@link Episode}, a reusable buffer; see there why
 * the two types stay apart. {@code prove}'s scored trajectory is this type with its step scores attached.)
 *
 * @param finished whether the episode ended (in a terminal state or at the horizon) rather than
 *                 being cut at an enumeration depth
 */
public record Trajectory(double probability, double logProbability, int[] states, int[] actions, double[] rewards,
        boolean finished) {

    /** The number of steps T. */
    public int length() {
        return actions.length;
    }

    /** G(tau) = sum_{t=0}^{T-1} gamma^t r_{t+1}. */
    public double discountedReturn(double gamma) {
        return rewardToGo(0, gamma);
    }

    /** G(tau_{t:T}) = sum_{t'=t}^{T-1} gamma^{t'-t} r_{t'+1}, the return from step t on (step (11) of the derivation). */
    public double rewardToGo(int t, double gamma) {
        return Episode.returnFrom(rewards, t, rewards.length, gamma);
    }
}
