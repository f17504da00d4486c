package dev.policygrad.inspect;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.PolicyTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy on a finite MDP at one theta, state by state: pi(a | s) for every action, the state value
 * V_pi(s) ({@link StateValues}) and the greedy action argmax_a pi(a | s) (the first of equal ones).
 * Only non-terminal states are listed; J = sum_s mu_0(s) V_pi(s).
 */
public record StateTable(List<String> states, List<String> actions, double[][] probabilities, double[] values,
        int[] greedy, double objective) {

    public static StateTable of(FiniteMdp mdp, Policy policy, double[] theta) {
        double[][] pi = PolicyTable.probabilities(mdp, policy.newEvaluator(), theta);
        double[] v = StateValues.of(mdp, pi);
        int n = mdp.nonTerminalCount();
        List<String> states = new ArrayList<>();
        double[][] rows = new double[n][];
        double[] values = new double[n];
        int[] greedy = new int[n];
        double objective = 0;
        for (int s = 0; s < mdp.stateCount(); s++) objective += mdp.startProbability(s) == 0 ? 0 : mdp.startProbability(s) * v[s];
        for (int s = 0; s < n; s++) {
            states.add(mdp.stateName(s));
            rows[s] = pi[s].clone();
            values[s] = v[s];
            for (int a = 1; a < pi[s].length; a++) if (pi[s][a] > pi[s][greedy[s]]) greedy[s] = a;
        }
        return new StateTable(states, mdp.actions().labels(), rows, values, greedy, objective);
    }
}
