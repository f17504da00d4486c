package dev.policygrad.prove;

import dev.policygrad.rollout.Trajectory;

/**
 * A trajectory tau = (s_0, a_0, r_1, ..., s_T) with its probability p_theta(tau) and the score of
 * each step, score_t = d log pi_theta(a_t | s_t) / d theta, computed by reverse-mode AD: the terms
 * of step (8) of the derivation (docs/derivation.md). The returns split as in step (10):
 * G(tau) = G(tau_{0:t}) + gamma^t G(tau_{t:T}).
 *
 * @param scores {@code scores[t]} is score_t, for t = 0 .. T-1
 */
public record ScoredTrajectory(Trajectory trajectory, double[][] scores) {

    /** p_theta(tau). */
    public double probability() {
        return trajectory.probability();
    }

    /** The number of steps T. */
    public int length() {
        return trajectory.length();
    }

    /** score_t, or null when the episode ended before step t (it then contributes nothing at t). */
    public double[] score(int t) {
        return t < scores.length ? scores[t] : null;
    }

    /** sum_{t=0}^{T-1} score_t: by step (8) of the derivation (docs/derivation.md), d log p_theta(tau) / d theta. */
    public double[] scoreSum(int parameterCount) {
        double[] sum = new double[parameterCount];
        for (double[] score : scores) for (int i = 0; i < parameterCount; i++) sum[i] += score[i];
        return sum;
    }

    /** G(tau) = sum_{t=0}^{T-1} gamma^t r_{t+1}. */
    public double discountedReturn(double gamma) {
        return trajectory.discountedReturn(gamma);
    }

    /** G(tau_{0:t}) = sum_{t'=0}^{t-1} gamma^{t'} r_{t'+1}, the return collected before step t. */
    public double returnBefore(int t, double gamma) {
        double total = 0;
        double discount = 1;
        double[] rewards = trajectory.rewards();
        for (int k = 0; k < Math.min(t, rewards.length); k++) {
            total += discount * rewards[k];
            discount *= gamma;
        }
        return total;
    }

    /** G(tau_{t:T}) = sum_{t'=t}^{T-1} gamma^{t'-t} r_{t'+1}, the return from step t on. */
    public double rewardToGo(int t, double gamma) {
        return trajectory.rewardToGo(t, gamma);
    }

    /** The MDP state index s_t. */
    public int state(int t) {
        return trajectory.states()[t];
    }
}
