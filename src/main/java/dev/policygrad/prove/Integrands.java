package dev.policygrad.prove;

import java.util.function.IntToDoubleFunction;

/**
 * The integrands of steps (9)-(11) of the derivation (docs/derivation.md) and of its notes, as functions of one trajectory
 * (with score_t = d log pi_theta(a_t | s_t) / d theta). Each is a single-episode REINFORCE estimator
 * (Williams 1992; Sutton &amp; Barto 2018, section 13.3) or one of the terms the derivation drops.
 * {@code p} is theta's length.
 */
final class Integrands {

    private Integrands() {}

    /** Step (9), "total return": (sum_t score_t) G(tau). */
    public static TrajectoryFunction totalReturn(int p, double gamma) {
        return tau -> scaled(tau.scoreSum(p), tau.discountedReturn(gamma));
    }

    /** Step (10): sum_t score_t (G(tau_{0:t}) + gamma^t G(tau_{t:T})). */
    public static TrajectoryFunction splitReturn(int p, double gamma) {
        return tau -> weightedScores(tau, p,
                t -> tau.returnBefore(t, gamma) + Math.pow(gamma, t) * tau.rewardToGo(t, gamma));
    }

    /** Step (11), "reward to go": sum_t score_t gamma^t G(tau_{t:T}). */
    public static TrajectoryFunction rewardToGo(int p, double gamma) {
        return tau -> weightedScores(tau, p, t -> Math.pow(gamma, t) * tau.rewardToGo(t, gamma));
    }

    /**
     * Step (11) with a baseline: sum_t score_t gamma^t (G(tau_{t:T}) - b(s_t)), where {@code baseline}
     * maps an MDP state index to b(s).
     */
    public static TrajectoryFunction rewardToGoWithBaseline(int p, double gamma, IntToDoubleFunction baseline) {
        return tau -> weightedScores(tau, p,
                t -> Math.pow(gamma, t) * (tau.rewardToGo(t, gamma) - baseline.applyAsDouble(tau.state(t))));
    }

    /**
     * Step (11) without the factor gamma^t, as many implementations write it:
     * sum_t score_t G(tau_{t:T}). Not the gradient of J when gamma &lt; 1 (Nota &amp; Thomas 2020).
     */
    public static TrajectoryFunction rewardToGoWithoutDiscount(int p, double gamma) {
        return tau -> weightedScores(tau, p, t -> tau.rewardToGo(t, gamma));
    }

    /** The term step (11) drops at step t: score_t G(tau_{0:t}) (zero if the episode ended before t). */
    public static TrajectoryFunction rewardBefore(int p, double gamma, int t) {
        return tau -> t < tau.length() ? scaled(tau.score(t).clone(), tau.returnBefore(t, gamma)) : new double[p];
    }

    /** score_t gamma^t b(s_t), the baseline's term at step t (zero if the episode ended before t). */
    public static TrajectoryFunction baselineTerm(int p, double gamma, int t, IntToDoubleFunction baseline) {
        return tau -> t < tau.length()
                ? scaled(tau.score(t).clone(), Math.pow(gamma, t) * baseline.applyAsDouble(tau.state(t)))
                : new double[p];
    }

    /** score_t G(tau_{t:T}): step t's term of step (11) without its factor gamma^t. */
    public static TrajectoryFunction stepRewardToGo(int p, double gamma, int t) {
        return tau -> t < tau.length()
                ? scaled(tau.score(t).clone(), tau.rewardToGo(t, gamma))
                : new double[p];
    }

    /** sum_t w_t score_t. */
    private static double[] weightedScores(ScoredTrajectory tau, int p, IntToDoubleFunction weight) {
        double[] out = new double[p];
        for (int t = 0; t < tau.length(); t++) {
            double w = weight.applyAsDouble(t);
            double[] score = tau.score(t);
            for (int i = 0; i < p; i++) out[i] += w * score[i];
        }
        return out;
    }

    private static double[] scaled(double[] vector, double factor) {
        for (int i = 0; i < vector.length; i++) vector[i] *= factor;
        return vector;
    }
}
