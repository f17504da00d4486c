package dev.policygrad.inspect;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.objective.ExactObjective;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy on a finite MDP at one theta, state by state: pi(a | s) for every action, the state value
 * V_pi(s) and the greedy action argmax_a pi(a | s) (the first of equal ones). The values and J come
 * from {@link ExactObjective#values}, the solve behind the {@code objective} command's exact J, so J
 * here is that J bit for bit (and a J that is not finite is the same error); a state from which, with
 * gamma 1, the policy may never end has value NaN. Only non-terminal states are listed.
 * {@code logProbabilities} holds log pi(a | s) as evaluated, the probabilities' exponents, from which
 * they are printed where {@code exp} leaves the normal doubles (a probability below 2.2e-308).
 */
public record StateTable(List<String> states, List<String> actions, double[][] probabilities,
        double[][] logProbabilities, double[] values, int[] greedy, double objective) {

    public static StateTable of(FiniteMdp mdp, Policy policy, double[] theta) {
        ExactObjective exact = new ExactObjective(mdp, policy);
        ExactObjective.StateValues solved = exact.values(theta);
        double objective = Objectives.requireFinite(solved.objective(), exact.method(), mdp, policy);
        double[][] pi = solved.probabilities();
        double[] v = solved.values();
        int n = mdp.nonTerminalCount();
        List<String> states = new ArrayList<>();
        double[][] rows = new double[n][], logRows = new double[n][mdp.actionCount()];
        double[] values = new double[n];
        int[] greedy = new int[n];
        Evaluator evaluator = policy.newEvaluator();
        double[] observation = new double[mdp.observationSize()];
        for (int s = 0; s < n; s++) {
            states.add(mdp.stateName(s));
            rows[s] = pi[s].clone();
            mdp.copyObservation(s, observation);
            for (int a = 0; a < logRows[s].length; a++) logRows[s][a] = evaluator.logPi(theta, observation, a);
            values[s] = v[s];
            for (int a = 1; a < pi[s].length; a++) if (pi[s][a] > pi[s][greedy[s]]) greedy[s] = a;
        }
        return new StateTable(states, mdp.actions().labels(), rows, logRows, values, greedy, objective);
    }
}
