package dev.policygrad.inspect;

import dev.policygrad.env.FiniteMdp;

/**
 * The best J of any policy on a finite MDP, by value iteration. (The values V_pi(s) of a given policy
 * come from {@link dev.policygrad.objective.ExactObjective#values}, the solve behind the exact J.)
 */
public final class StateValues {

    private StateValues() {}

    /**
     * The best J over all policies, sum_s mu_0(s) V*(s), by value iteration on the Bellman optimality
     * equation V*(s) = max_a (R(s,a) + gamma sum_s' P(s'|s,a) V*(s')) (Sutton &amp; Barto, eq. 4.1),
     * sweeping from V = 0 until no value moves by more than 1e-12 of its size. Without a horizon an
     * optimal policy is stationary and deterministic, so this is also the best a policy pi(a | s)
     * can do. NaN with a horizon (the optimum may then need a policy that sees the time step, which
     * no pi(a | s) does) and when 100000 sweeps do not settle (with gamma = 1 a policy may never end).
     */
    public static double optimum(FiniteMdp mdp) {
        if (mdp.hasHorizon()) return Double.NaN;
        int n = mdp.stateCount();
        double[] v = new double[n];
        int sweeps = 100_000;
        boolean settled = false;
        for (int sweep = 0; sweep < sweeps; sweep++) {
            double[] next = new double[n];
            double change = 0;
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < mdp.actionCount(); a++) {
                    double q = mdp.reward(s, a);
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        q += mdp.gamma() * mdp.transitionProbability(s, a, k) * v[mdp.nextState(s, a, k)];
                    }
                    best = Math.max(best, q);
                }
                next[s] = best;
                change = Math.max(change, Math.abs(best - v[s]) / Math.max(1, Math.abs(best)));
            }
            v = next;
            if (change <= 1e-12) {
                settled = true;
                break;
            }
        }
        if (!settled) return Double.NaN;
        double j = 0;
        for (int s = 0; s < n; s++) if (mdp.startProbability(s) > 0) j += mdp.startProbability(s) * v[s];
        return j;
    }
}
