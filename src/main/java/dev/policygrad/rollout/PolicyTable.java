package dev.policygrad.rollout;

import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.render.Text;

/**
 * A policy tabulated on a finite MDP at one theta: log pi(a | s) as the policy evaluates it, in log space,
 * pi(a | s) = exp(log pi(a | s)) for every non-terminal state and action (0 in terminal states), and the
 * score d log pi(a | s) / d theta where pi(a | s) &gt; 0 (null where it is 0: such an action contributes
 * nothing, and its score may be undefined). An action is possible where log pi &gt; -Infinity, whether or not its
 * exp is a double: pi = e^-760 is 0 as a double, but not 0.
 */
public record PolicyTable(double[][] logProbability, double[][] probability, double[][][] score) {

    /** How far sum_a pi(a | s) may stray from 1. */
    public static final double NORMALIZATION_TOLERANCE = 1e-9;

    /** The probabilities only (no scores), checked to sum to 1 in every non-terminal state. */
    public static double[][] probabilities(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        return exp(logProbabilities(mdp, evaluator, theta));
    }

    /**
     * log pi(a | s) for every non-terminal state and action (-Infinity for an impossible action, and in
     * terminal states), checked to be a probability's and to sum to 1 in every non-terminal state.
     */
    public static double[][] logProbabilities(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        double[] observation = new double[mdp.observationSize()];
        double[][] logPi = new double[mdp.stateCount()][mdp.actionCount()];
        for (int s = mdp.nonTerminalCount(); s < logPi.length; s++) java.util.Arrays.fill(logPi[s], Double.NEGATIVE_INFINITY);
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            mdp.copyObservation(s, observation);
            double total = 0;
            for (int a = 0; a < mdp.actionCount(); a++) {
                double l = evaluator.logPi(theta, observation, a);
                double p = Math.exp(l);
                if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
                    // e^logPi beyond the doubles is written from log pi, never as Infinity
                    String value = Double.isFinite(l) ? Text.exp(l) + " (log pi = " + Text.number(l) + ")"
                            : Double.toString(p);
                    throw new EvalError(evaluator.policy().spec().span(), "pi(" + mdp.actions().label(a) + " | "
                            + mdp.stateName(s) + ") is " + value + ", not a probability");
                }
                logPi[s][a] = l;
                total += p;
            }
            if (Math.abs(total - 1) > NORMALIZATION_TOLERANCE) {
                throw new EvalError(evaluator.policy().spec().span(), "the policy's probabilities in state '"
                        + mdp.stateName(s) + "' sum to " + total + ", not 1; J needs a normalized policy");
            }
        }
        return logPi;
    }

    /** Log probabilities, probabilities and scores at theta. */
    public static PolicyTable of(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        double[][] logPi = logProbabilities(mdp, evaluator, theta);
        double[] observation = new double[mdp.observationSize()];
        double[][][] score = new double[mdp.stateCount()][mdp.actionCount()][];
        int p = theta.length;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            mdp.copyObservation(s, observation);
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (logPi[s][a] == Double.NEGATIVE_INFINITY) continue;
                score[s][a] = new double[p];
                evaluator.score(theta, observation, a, score[s][a]);
            }
        }
        return new PolicyTable(logPi, exp(logPi), score);
    }

    /** Which actions are possible: log pi(a | s) &gt; -Infinity. */
    public static boolean[][] possible(double[][] logPi) {
        boolean[][] possible = new boolean[logPi.length][];
        for (int s = 0; s < logPi.length; s++) {
            possible[s] = new boolean[logPi[s].length];
            for (int a = 0; a < logPi[s].length; a++) possible[s][a] = logPi[s][a] > Double.NEGATIVE_INFINITY;
        }
        return possible;
    }

    /** pi = exp(log pi), entry by entry. */
    public static double[][] exp(double[][] logPi) {
        double[][] pi = new double[logPi.length][];
        for (int s = 0; s < logPi.length; s++) {
            pi[s] = new double[logPi[s].length];
            for (int a = 0; a < pi[s].length; a++) pi[s][a] = Math.exp(logPi[s][a]);
        }
        return pi;
    }
}
