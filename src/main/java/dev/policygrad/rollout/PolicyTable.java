package dev.policygrad.rollout;

import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.render.Text;

/**
 * A policy tabulated on a finite MDP at one theta: pi(a | s) = exp(log pi(a | s)) for every
 * non-terminal state and action, and the score d log pi(a | s) / d theta where pi(a | s) &gt; 0
 * (null where it is 0: such an action contributes nothing, and its score may be undefined).
 */
public record PolicyTable(double[][] probability, double[][][] score) {

    /** How far sum_a pi(a | s) may stray from 1. */
    public static final double NORMALIZATION_TOLERANCE = 1e-9;

    /** The probabilities only (no scores), checked to sum to 1 in every non-terminal state. */
    public static double[][] probabilities(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        double[] observation = new double[mdp.observationSize()];
        double[][] pi = new double[mdp.stateCount()][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            mdp.copyObservation(s, observation);
            double total = 0;
            for (int a = 0; a < mdp.actionCount(); a++) {
                double logPi = evaluator.logPi(theta, observation, a);
                double p = Math.exp(logPi);
                if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
                    // e^logPi beyond the doubles is written from log pi, never as Infinity
                    String value = Double.isFinite(logPi) ? Text.exp(logPi) + " (log pi = " + Text.number(logPi) + ")"
                            : Double.toString(p);
                    throw new EvalError(evaluator.policy().spec().span(), "pi(" + mdp.actions().label(a) + " | "
                            + mdp.stateName(s) + ") is " + value + ", not a probability");
                }
                pi[s][a] = p;
                total += p;
            }
            if (Math.abs(total - 1) > NORMALIZATION_TOLERANCE) {
                throw new EvalError(evaluator.policy().spec().span(), "the policy's probabilities in state '"
                        + mdp.stateName(s) + "' sum to " + total + ", not 1; J needs a normalized policy");
            }
        }
        return pi;
    }

    /** Probabilities and scores at theta. */
    public static PolicyTable of(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        double[][] pi = probabilities(mdp, evaluator, theta);
        double[] observation = new double[mdp.observationSize()];
        double[][][] score = new double[mdp.stateCount()][mdp.actionCount()][];
        int p = theta.length;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            mdp.copyObservation(s, observation);
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == 0) continue;
                score[s][a] = new double[p];
                evaluator.score(theta, observation, a, score[s][a]);
            }
        }
        return new PolicyTable(pi, score);
    }
}
