package dev.policygrad.prove;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.rollout.Trajectory;
import dev.policygrad.policy.Evaluator;

/**
 * The probability of one trajectory as a function of theta, written out in full as in
 * step (6): p_theta(tau) = p(s_0) prod_{t=0}^{T-1} pi_theta(a_t | s_t) p(s_{t+1} | s_t, a_t), start
 * and transition probabilities included. Finite differences of these functions are the independent
 * side of steps (1)-(8): they never use the decomposition of step (8).
 *
 * <p>Holds an {@link Evaluator}, so an instance is for one thread.
 */
final class TrajectoryDensity {

    private final FiniteMdp mdp;
    private final Evaluator evaluator;
    private final double[][] observations;

    TrajectoryDensity(FiniteMdp mdp, Evaluator evaluator) {
        this.mdp = mdp;
        this.evaluator = evaluator;
        this.observations = new double[mdp.stateCount()][];
        for (int s = 0; s < mdp.stateCount(); s++) observations[s] = mdp.observation(s);
    }

    /** log p_theta(tau) = log p(s_0) + sum_t log pi_theta(a_t | s_t) + sum_t log p(s_{t+1} | s_t, a_t): step (7). */
    double logProbability(Trajectory tau, double[] theta) {
        int[] states = tau.states();
        int[] actions = tau.actions();
        double total = Math.log(mdp.startProbability(states[0]));
        for (int t = 0; t < actions.length; t++) {
            total += evaluator.logPi(theta, observations[states[t]], actions[t]);
            total += Math.log(transitionProbability(states[t], actions[t], states[t + 1]));
        }
        return total;
    }

    /** p_theta(tau) as the product of step (6) (not the exponential of the sum). */
    double probability(Trajectory tau, double[] theta) {
        int[] states = tau.states();
        int[] actions = tau.actions();
        double product = mdp.startProbability(states[0]);
        for (int t = 0; t < actions.length; t++) {
            product *= Math.exp(evaluator.logPi(theta, observations[states[t]], actions[t]));
            product *= transitionProbability(states[t], actions[t], states[t + 1]);
        }
        return product;
    }

    /** p(next | state, action): the sum over the outcomes leading to {@code next}. */
    double transitionProbability(int state, int action, int next) {
        double p = 0;
        for (int k = 0; k < mdp.outcomeCount(state, action); k++) {
            if (mdp.nextState(state, action, k) == next) p += mdp.transitionProbability(state, action, k);
        }
        return p;
    }

    /** The reverse-mode score d log pi_theta(a | s) / d theta of every step of tau (step (8)'s terms). */
    double[][] stepScores(Trajectory tau, double[] theta) {
        double[][] scores = new double[tau.length()][theta.length];
        for (int t = 0; t < tau.length(); t++) {
            evaluator.score(theta, observations[tau.states()[t]], tau.actions()[t], scores[t]);
        }
        return scores;
    }

    /** "S1 -right-> S2 -left-> S3": the trajectory in the MDP's and the policy's names. */
    String describe(Trajectory tau) {
        StringBuilder out = new StringBuilder(mdp.stateName(tau.states()[0]));
        for (int t = 0; t < tau.length(); t++) {
            out.append(" -").append(mdp.actions().label(tau.actions()[t])).append("-> ")
                    .append(mdp.stateName(tau.states()[t + 1]));
        }
        return out.toString();
    }
}
