package dev.policygrad.inspect;

import dev.policygrad.env.FiniteMdp;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * V_pi(s) for every state of a finite MDP under fixed action probabilities: with a horizon H, the
 * value at time 0 by backward induction, {@code V_t(s) = sum_a pi(a|s) (R(s,a) + gamma sum_s' P(s'|s,a) V_{t+1}(s'))};
 * without one, the solution of {@code (I - gamma P_pi) V = R_pi} (Sutton &amp; Barto, eq. 4.4). With
 * gamma = 1 a state from which the policy may never end has no finite value: it is NaN, as is every
 * state that can reach such a state. Terminal states have value 0.
 */
public final class StateValues {

    private StateValues() {}

    /** The values, indexed by state; {@code pi[s][a]} for the non-terminal states. */
    public static double[] of(FiniteMdp mdp, double[][] pi) {
        return mdp.hasHorizon() ? backwardInduction(mdp, pi) : linearSolve(mdp, pi);
    }

    private static double[] backwardInduction(FiniteMdp mdp, double[][] pi) {
        int n = mdp.stateCount();
        double[] later = new double[n];
        for (int t = mdp.horizon() - 1; t >= 0; t--) {
            double[] now = new double[n];
            for (int s = 0; s < mdp.nonTerminalCount(); s++) now[s] = backup(mdp, pi, s, later);
            later = now;
        }
        return later;
    }

    private static double backup(FiniteMdp mdp, double[][] pi, int s, double[] next) {
        double v = 0;
        for (int a = 0; a < mdp.actionCount(); a++) {
            if (pi[s][a] == 0) continue;
            double q = mdp.reward(s, a);
            for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                q += mdp.gamma() * mdp.transitionProbability(s, a, k) * next[mdp.nextState(s, a, k)];
            }
            v += pi[s][a] * q;
        }
        return v;
    }

    private static double[] linearSolve(FiniteMdp mdp, double[][] pi) {
        int n = mdp.stateCount();
        boolean[] finite = mdp.gamma() < 1 ? all(n) : endsSurely(mdp, pi);
        int[] index = new int[n];
        int m = 0;
        for (int s = 0; s < n; s++) index[s] = s < mdp.nonTerminalCount() && finite[s] ? m++ : -1;
        RealMatrix system = new Array2DRowRealMatrix(Math.max(m, 1), Math.max(m, 1));
        double[] reward = new double[Math.max(m, 1)];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            int i = index[s];
            if (i < 0) continue;
            system.addToEntry(i, i, 1);
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == 0) continue;
                reward[i] += pi[s][a] * mdp.reward(s, a);
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    int j = index[mdp.nextState(s, a, k)];
                    if (j >= 0) system.addToEntry(i, j, -mdp.gamma() * pi[s][a] * mdp.transitionProbability(s, a, k));
                }
            }
        }
        double[] solved = m == 0 ? new double[0]
                : new LUDecomposition(system).getSolver().solve(new ArrayRealVector(reward, false)).toArray();
        double[] values = new double[n];
        for (int s = 0; s < n; s++) {
            if (s >= mdp.nonTerminalCount()) values[s] = 0;
            else values[s] = index[s] >= 0 ? solved[index[s]] : Double.NaN;
        }
        return values;
    }

    private static boolean[] all(int n) {
        boolean[] yes = new boolean[n];
        java.util.Arrays.fill(yes, true);
        return yes;
    }

    /**
     * The states from which an episode ends with probability 1 under pi: those that cannot reach a
     * state from which no terminal state is reachable.
     */
    private static boolean[] endsSurely(FiniteMdp mdp, double[][] pi) {
        int n = mdp.stateCount();
        boolean[][] edge = new boolean[n][n];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == 0) continue;
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) edge[s][mdp.nextState(s, a, k)] = true;
            }
        }
        boolean[] reachesEnd = new boolean[n];
        Deque<Integer> todo = new ArrayDeque<>();
        for (int s = mdp.nonTerminalCount(); s < n; s++) {
            reachesEnd[s] = true;
            todo.push(s);
        }
        while (!todo.isEmpty()) {
            int t = todo.pop();
            for (int s = 0; s < n; s++) {
                if (edge[s][t] && !reachesEnd[s]) {
                    reachesEnd[s] = true;
                    todo.push(s);
                }
            }
        }
        boolean[] doomed = new boolean[n];
        for (int s = 0; s < n; s++) {
            if (!reachesEnd[s]) {
                doomed[s] = true;
                todo.push(s);
            }
        }
        while (!todo.isEmpty()) {
            int t = todo.pop();
            for (int s = 0; s < n; s++) {
                if (edge[s][t] && !doomed[s]) {
                    doomed[s] = true;
                    todo.push(s);
                }
            }
        }
        boolean[] finite = new boolean[n];
        for (int s = 0; s < n; s++) finite[s] = !doomed[s];
        return finite;
    }

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
