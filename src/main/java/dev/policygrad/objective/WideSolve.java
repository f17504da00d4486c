package dev.policygrad.objective;

import dev.policygrad.env.FiniteMdp;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;

/**
 * {@link ExactObjective}'s solve in 40-digit decimal arithmetic (Commons Math's {@link Dfp}, whose exponents
 * reach 10^&plusmn;131068), for a policy with a probability pi(a | s) &gt; 0 below the normal doubles: in the
 * short corridor at theta = (760, 0) the way out has probability e^-760 ~ 8.6e-331, which is 0 as a double,
 * and J ~ -2 e^760 ~ -1.7e330. The probabilities are pi(a | s) = exp(log pi(a | s)) from the policy's log pi,
 * which the tape computes in log space, so they are exact to 40 digits wherever log pi is finite; the
 * method is that of the doubles, step for step: GTH elimination of the Bellman system without a horizon
 * (the elimination of {@link BellmanSolver}, which adds non-negative numbers only and so keeps its relative
 * accuracy however nearly singular the system: here its condition number is about e^760), backward induction
 * with one. J and V then hold 40 digits, far more than the 17 of a double.
 *
 * <p><b>Gradient</b>, by the policy gradient theorem with the state value as baseline:
 * grad J = sum_t sum_s w_t(s) sum_a pi(a | s) (Q_t(s, a) - V_t(s)) grad log pi(a | s), the same sum as
 * {@link ExactObjective}'s since sum_a pi(a | s) grad log pi(a | s) = 0. The baseline matters here because the
 * scores are doubles from the tape: the likely action's score is about the unlikely ones' probability
 * (1 - pi(right) = e^-760 in the corridor), 0 as a double, while w and Q are about e^760; with Q its lost
 * term would be of the size of the gradient, with the advantage Q - V (about pi(left) Q) it is e^-760 of it.
 * Each term has 40 digits, so the sum is right to the doubles' precision unless its terms cancel to more than
 * 20 digits, as they do where the policy rarely leaves a class of states whose values then differ by far less
 * than they are: the gradient is accurate relative to the sum of its terms' magnitudes.
 *
 * <p><b>Cost.</b> Dfp arithmetic takes about a microsecond an operation, so the solve is for small MDPs: at
 * most {@link #MAX_STATES} states in the system without a horizon (m^3 / 3 operations for a dense one), at
 * most {@link #MAX_STEPS} steps times transitions with one; {@link #whyTooLarge} says so before any work.
 */
final class WideSolve {

    /** The most states in the Bellman system (without a horizon): 200^3 / 3 ~ 2.7 million operations. */
    static final int MAX_STATES = 200;

    /** The most horizon x (state, action, outcome) triples (with a horizon). */
    static final long MAX_STEPS = 1_000_000;

    /** The smallest log pi whose exp Dfp holds (10^-131068 ~ e^-301793), with a margin. */
    static final double SMALLEST_LOG_PI = -300_000;

    private static final DfpField FIELD = new DfpField(40);

    private final FiniteMdp mdp;
    private final Dfp[][] pi;
    private final Dfp objective;
    private final Dfp[] values;
    private final Dfp[][][] advantage;
    private final Dfp[][] weight;

    private WideSolve(FiniteMdp mdp, Dfp[][] pi, Dfp objective, Dfp[] values, Dfp[][][] advantage, Dfp[][] weight) {
        this.mdp = mdp;
        this.pi = pi;
        this.objective = objective;
        this.values = values;
        this.advantage = advantage;
        this.weight = weight;
    }

    /**
     * Why the solve would take too long for {@code mdp} with {@code systemStates} states in the Bellman
     * system (unused with a horizon), or null.
     */
    static String whyTooLarge(FiniteMdp mdp, int systemStates) {
        if (!mdp.hasHorizon()) {
            return systemStates <= MAX_STATES ? null : "that solve takes at most " + MAX_STATES + " states, and the Bellman "
                    + "system here has " + systemStates;
        }
        long transitions = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) transitions += mdp.outcomeCount(s, a);
        }
        long steps = transitions * mdp.horizon();
        return steps <= MAX_STEPS ? null : "that solve takes at most " + MAX_STEPS + " steps times transitions, and "
                + "here they are " + mdp.horizon() + " x " + transitions;
    }

    /**
     * Without a horizon: the system over the states with {@code index[s] >= 0} (numbered 0 .. m - 1), J over
     * the {@code reached} ones; the caller has checked that every reached state ends surely when gamma is 1.
     */
    static WideSolve linear(FiniteMdp mdp, double[][] logPi, boolean[] reached, int[] index, int m) {
        Dfp[][] pi = probabilities(logPi);
        Dfp gamma = FIELD.newDfp(mdp.gamma());
        Dfp[][] transitions = new Dfp[m][m];
        for (Dfp[] row : transitions) java.util.Arrays.fill(row, FIELD.getZero());
        Dfp[] exit = new Dfp[m], expectedReward = new Dfp[m], start = new Dfp[m];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            int i = index[s];
            if (i < 0) continue;
            start[i] = FIELD.newDfp(mdp.startProbability(s));
            Dfp leaving = FIELD.getZero(), reward = FIELD.getZero();
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == null) continue;
                reward = reward.add(pi[s][a].multiply(FIELD.newDfp(mdp.reward(s, a))));
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    int j = index[mdp.nextState(s, a, k)];
                    Dfp p = pi[s][a].multiply(FIELD.newDfp(mdp.transitionProbability(s, a, k)));
                    if (j < 0) leaving = leaving.add(p);
                    else if (j != i) transitions[i][j] = transitions[i][j].add(gamma.multiply(p));
                }
            }
            expectedReward[i] = reward;
            exit[i] = FIELD.getOne().subtract(gamma).add(gamma.multiply(leaving));
        }
        Elimination elimination = new Elimination(transitions, exit);
        if (!elimination.nonSingular()) return null;
        Dfp[] v = elimination.solve(expectedReward);
        Dfp[] d = elimination.solveTransposed(start);
        int n = mdp.stateCount();
        Dfp[] values = new Dfp[n];
        Dfp[][] weight = new Dfp[1][n];
        Dfp objective = FIELD.getZero();
        for (int s = 0; s < n; s++) {
            if (mdp.isTerminal(s)) values[s] = FIELD.getZero();
            if (index[s] < 0) continue;
            values[s] = v[index[s]];
            if (reached[s]) {
                weight[0][s] = d[index[s]];
                objective = objective.add(FIELD.newDfp(mdp.startProbability(s)).multiply(values[s]));
            }
        }
        Dfp[][][] advantage = new Dfp[1][n][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (weight[0][s] == null) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] != null) advantage[0][s][a] = actionValue(mdp, s, a, values, gamma).subtract(values[s]);
            }
        }
        return new WideSolve(mdp, pi, objective, values, advantage, weight);
    }

    /** With a horizon H: backward induction for Q_t and V_t, and the weights gamma^t P(s_t = s) forward. */
    static WideSolve backward(FiniteMdp mdp, double[][] logPi) {
        Dfp[][] pi = probabilities(logPi);
        Dfp gamma = FIELD.newDfp(mdp.gamma());
        int horizon = mdp.horizon(), n = mdp.stateCount(), actions = mdp.actionCount();
        Dfp[][][] advantage = new Dfp[horizon][n][actions];
        Dfp[] later = zeros(n);
        for (int t = horizon - 1; t >= 0; t--) {
            Dfp[] now = zeros(n);
            Dfp[][] q = new Dfp[n][actions];
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                Dfp v = FIELD.getZero();
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == null) continue;
                    q[s][a] = actionValue(mdp, s, a, later, gamma);
                    v = v.add(pi[s][a].multiply(q[s][a]));
                }
                now[s] = v;
                for (int a = 0; a < actions; a++) if (q[s][a] != null) advantage[t][s][a] = q[s][a].subtract(v);
            }
            later = now;
        }
        Dfp objective = FIELD.getZero();
        for (int s = 0; s < n; s++) objective = objective.add(FIELD.newDfp(mdp.startProbability(s)).multiply(later[s]));
        Dfp[][] weight = new Dfp[horizon][n];
        Dfp[] occupancy = new Dfp[n];
        for (int s = 0; s < n; s++) occupancy[s] = FIELD.newDfp(mdp.startProbability(s));
        Dfp discount = FIELD.getOne();
        for (int t = 0; t < horizon; t++) {
            Dfp[] following = zeros(n);
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (occupancy[s].isZero()) continue;
                weight[t][s] = discount.multiply(occupancy[s]);
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == null) continue;
                    Dfp leaving = occupancy[s].multiply(pi[s][a]);
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        int next = mdp.nextState(s, a, k);
                        following[next] = following[next].add(leaving.multiply(FIELD.newDfp(mdp.transitionProbability(s, a, k))));
                    }
                }
            }
            occupancy = following;
            discount = discount.multiply(gamma);
        }
        return new WideSolve(mdp, pi, objective, later, advantage, weight);
    }

    /** J. */
    Dfp objective() {
        return objective;
    }

    /** V(s) (at t = 0 with a horizon; 0 in terminal states), or null for a state left out of the system. */
    Dfp value(int s) {
        return values[s];
    }

    /** sum_t sum_s w_t(s) sum_a pi(a | s) (Q_t(s, a) - V_t(s)) score[s][a], the scores being the tape's. */
    Dfp[] gradient(double[][][] score, int parameterCount) {
        Dfp[] gradient = zeros(parameterCount);
        for (int t = 0; t < weight.length; t++) {
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (weight[t][s] == null) continue;
                for (int a = 0; a < mdp.actionCount(); a++) {
                    if (pi[s][a] == null) continue;
                    Dfp c = weight[t][s].multiply(pi[s][a]).multiply(advantage[t][s][a]);
                    for (int i = 0; i < parameterCount; i++) {
                        if (score[s][a][i] != 0) gradient[i] = gradient[i].add(c.multiply(FIELD.newDfp(score[s][a][i])));
                    }
                }
            }
        }
        return gradient;
    }

    /** exp(log pi) for every possible action, null for the others. */
    private static Dfp[][] probabilities(double[][] logPi) {
        Dfp[][] pi = new Dfp[logPi.length][];
        for (int s = 0; s < logPi.length; s++) {
            pi[s] = new Dfp[logPi[s].length];
            for (int a = 0; a < pi[s].length; a++) {
                if (logPi[s][a] > Double.NEGATIVE_INFINITY) pi[s][a] = DfpMath.exp(FIELD.newDfp(logPi[s][a]));
            }
        }
        return pi;
    }

    /** R(s, a) + gamma sum_{s'} P(s' | s, a) V(s'), with V = 0 in terminal states. */
    private static Dfp actionValue(FiniteMdp mdp, int s, int a, Dfp[] values, Dfp gamma) {
        Dfp expected = FIELD.getZero();
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            int next = mdp.nextState(s, a, k);
            if (!mdp.isTerminal(next)) {
                expected = expected.add(FIELD.newDfp(mdp.transitionProbability(s, a, k)).multiply(values[next]));
            }
        }
        return FIELD.newDfp(mdp.reward(s, a)).add(gamma.multiply(expected));
    }

    private static Dfp[] zeros(int n) {
        Dfp[] zeros = new Dfp[n];
        java.util.Arrays.fill(zeros, FIELD.getZero());
        return zeros;
    }

    /**
     * {@link BellmanSolver}'s GTH elimination of I - gamma P_pi, given by its off-diagonal N &gt;= 0 and its row
     * sums e &gt;= 0, in Dfp: the same steps, each row's multipliers taken with one division by the pivot.
     */
    private static final class Elimination {
        private final int m;
        private final Dfp[][] a; // upper part: N_kj (j > k); lower part: the multipliers l_ik = N_ik / a_kk
        private final Dfp[] pivot;
        private final int[][] upper;
        private final int[][] lower;

        Elimination(Dfp[][] n, Dfp[] exit) {
            this.m = exit.length;
            this.a = new Dfp[m][];
            for (int i = 0; i < m; i++) a[i] = n[i].clone();
            Dfp[] e = exit.clone();
            this.pivot = new Dfp[m];
            this.upper = new int[m][];
            this.lower = new int[m][];
            int[] columns = new int[m], rows = new int[m];
            for (int k = 0; k < m; k++) {
                Dfp[] row = a[k];
                int nc = 0;
                Dfp p = e[k];
                for (int j = k + 1; j < m; j++) {
                    if (!row[j].isZero()) {
                        columns[nc++] = j;
                        p = p.add(row[j]);
                    }
                }
                pivot[k] = p;
                upper[k] = java.util.Arrays.copyOf(columns, nc);
                int nr = 0;
                for (int i = k + 1; i < m; i++) if (!a[i][k].isZero()) rows[nr++] = i;
                lower[k] = java.util.Arrays.copyOf(rows, nr);
                if (nr == 0 || p.isZero()) continue; // a zero pivot is singular: nonSingular says so
                Dfp reciprocal = FIELD.getOne().divide(p);
                for (int r = 0; r < nr; r++) {
                    int i = rows[r];
                    Dfp l = a[i][k].multiply(reciprocal);
                    a[i][k] = l;
                    Dfp[] target = a[i];
                    for (int c = 0; c < nc; c++) {
                        int j = columns[c];
                        if (j != i) target[j] = target[j].add(l.multiply(row[j]));
                    }
                    e[i] = e[i].add(l.multiply(e[k]));
                }
            }
        }

        boolean nonSingular() {
            for (Dfp p : pivot) if (p.isZero() || p.isInfinite() || p.isNaN()) return false;
            return true;
        }

        Dfp[] solve(Dfp[] r) {
            Dfp[] x = r.clone();
            for (int k = 0; k < m; k++) {
                for (int i : lower[k]) x[i] = x[i].add(a[i][k].multiply(x[k]));
            }
            for (int k = m - 1; k >= 0; k--) {
                Dfp s = x[k];
                for (int j : upper[k]) s = s.add(a[k][j].multiply(x[j]));
                x[k] = s.divide(pivot[k]);
            }
            return x;
        }

        Dfp[] solveTransposed(Dfp[] mu) {
            Dfp[] y = new Dfp[m];
            Dfp[] pending = mu.clone();
            for (int k = 0; k < m; k++) {
                y[k] = pending[k].divide(pivot[k]);
                for (int j : upper[k]) pending[j] = pending[j].add(a[k][j].multiply(y[k]));
            }
            for (int k = m - 1; k >= 0; k--) {
                Dfp s = y[k];
                for (int i : lower[k]) s = s.add(a[i][k].multiply(y[i]));
                y[k] = s;
            }
            return y;
        }
    }
}
