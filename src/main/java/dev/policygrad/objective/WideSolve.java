package dev.policygrad.objective;

import dev.policygrad.env.FiniteMdp;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;

/**
 * {@link ExactObjective}'s solve in decimal arithmetic of {@code digits} digits (Commons Math's {@link Dfp}, whose
 * exponents reach 10^&plusmn;131068): in 40 digits ({@link #DIGITS}) for a policy with a probability pi(a | s) &gt; 0
 * below the normal doubles, and in as many as the gradient's terms need where they cancel ({@link Cancellation}).
 * In the short corridor at theta = (760, 0) the way out has probability e^-760 ~ 8.6e-331, which is 0 as a double,
 * and J ~ -2 e^760 ~ -1.7e330. The probabilities are pi(a | s) = exp(log pi(a | s)) from the policy's log pi,
 * which the tape computes in log space, so they are exact to the arithmetic's digits wherever log pi is finite
 * (and normalized in it, {@link #probabilities}); the method is that of the doubles, step for step: GTH
 * elimination of the Bellman system without a horizon (the elimination of {@link BellmanSolver}, which adds
 * non-negative numbers only and so keeps its relative accuracy however nearly singular the system: here its
 * condition number is about e^760), backward induction with one. J and V then hold 40 digits (or more), far more than the 17 of a double.
 *
 * <p><b>Gradient</b>, by the policy gradient theorem with the likeliest action's value as baseline, as
 * {@link Cancellation} writes it:
 * grad J = sum_t sum_s w_t(s) sum_a pi(a | s) (Q_t(s, a) - Q_t(s, a*)) grad log pi(a | s).
 * The baseline matters here because the scores are doubles from the tape: the likely action's score is about
 * the unlikely ones' probability (1 - pi(right) = e^-760 in the corridor), 0 as a double, while w and Q are
 * about e^760; its term is 0 here, whatever its score. With the sum come {@link Cancellation}'s sums, which say
 * whether the differences of action values kept the digits the doubles need: where the policy rarely leaves a
 * class of states, their values differ by far less than they are (by 2 at 1e131 in the loop that
 * {@link Cancellation} describes), and the solve is taken again in more digits.
 *
 * <p><b>Cost.</b> Dfp arithmetic takes about a microsecond an operation at 40 digits, and more, about as the
 * square of the digits, beyond; the solve is for small MDPs: at most {@link #MAX_STATES} states in the system
 * without a horizon at 40 digits (m^3 / 3 operations for a dense one), at most {@link #MAX_STEPS} steps times
 * transitions with one, both less with more digits, and at most {@link #MOST_DIGITS} digits (the first use of
 * a precision computes Dfp's constants to three times its digits: 2 seconds at 160, 20 at 400);
 * {@link #whyTooLarge} says so before any work.
 */
final class WideSolve {

    /** The digits of the solve for probabilities or values beyond the doubles. */
    static final int DIGITS = 40;

    /**
     * The most digits the solve takes: enough to tell differences of action values some 10^-360 of the values
     * (the loop {@link Cancellation} describes, left with probability e^-700, needs 340 digits; Commons Math's Dfp
     * itself fails from about 590), while Dfp's first use of 400 digits takes some 20 seconds (its constants, to
     * 1200 digits) on a busy 2-core machine.
     */
    static final int MOST_DIGITS = 400;

    /** The most states in the Bellman system (without a horizon) at 40 digits: 200^3 / 3 ~ 2.7 million operations. */
    static final int MAX_STATES = 200;

    /** The most horizon x (state, action, outcome) triples (with a horizon) at 40 digits. */
    static final long MAX_STEPS = 1_000_000;

    /** The smallest log pi whose exp Dfp holds (10^-131068 ~ e^-301793), with a margin. */
    static final double SMALLEST_LOG_PI = -300_000;

    private static final java.util.Map<Integer, DfpField> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private final FiniteMdp mdp;
    private final DfpField field;
    private final Dfp[][] pi;
    private final Dfp objective;
    private final Dfp[] values;
    private final Dfp[][][] q;
    private final Dfp[][][] sizes;
    private final Dfp[][] weight;

    private WideSolve(FiniteMdp mdp, DfpField field, Dfp[][] pi, Dfp objective, Dfp[] values, Dfp[][][] q,
            Dfp[][][] sizes, Dfp[][] weight) {
        this.mdp = mdp;
        this.field = field;
        this.pi = pi;
        this.objective = objective;
        this.values = values;
        this.q = q;
        this.sizes = sizes;
        this.weight = weight;
    }

    /** Dfp's field of {@code digits} decimal digits, made once. */
    private static DfpField field(int digits) {
        return FIELDS.computeIfAbsent(digits, DfpField::new);
    }

    /**
     * log10 of the unit roundoff of {@code digits}-digit arithmetic: Dfp keeps ceil(digits / 4) digits of base
     * 10000, the first of which may be 1, so it rounds to 10^(4 - 4 ceil(digits / 4)) relative, or better.
     */
    static double roundoff(int digits) {
        int radixDigits = digits < 13 ? 4 : (digits + 3) / 4; // as DfpField counts them
        return 4 - 4 * radixDigits;
    }

    /** The most states in the Bellman system at {@code digits} digits: the work (m^3 digits^2) of 200 at 40 digits. */
    static int maxStates(int digits) {
        return (int) Math.floor(MAX_STATES * Math.pow((double) DIGITS / digits, 2.0 / 3) + 1e-9);
    }

    /** The most horizon x transitions at {@code digits} digits. */
    static long maxSteps(int digits) {
        return (long) Math.floor(MAX_STEPS * Math.pow((double) DIGITS / digits, 2));
    }

    /**
     * Why the solve in {@code digits} digits would take too long for {@code mdp} with {@code systemStates} states in
     * the Bellman system (unused with a horizon), or null.
     */
    static String whyTooLarge(FiniteMdp mdp, int systemStates, int digits) {
        String in = digits == DIGITS ? "" : " in " + digits + "-digit arithmetic";
        if (!mdp.hasHorizon()) {
            return systemStates <= maxStates(digits) ? null : "that solve" + in + " takes at most " + maxStates(digits)
                    + " states, and the Bellman system here has " + systemStates;
        }
        long transitions = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) transitions += mdp.outcomeCount(s, a);
        }
        long steps = transitions * mdp.horizon();
        return steps <= maxSteps(digits) ? null : "that solve" + in + " takes at most " + maxSteps(digits)
                + " steps times transitions, and here they are " + mdp.horizon() + " x " + transitions;
    }

    /**
     * Without a horizon: the system over the states with {@code index[s] >= 0} (numbered 0 .. m - 1), J over
     * the {@code reached} ones; the caller has checked that every reached state ends surely when gamma is 1.
     * With {@code mixedSigns} (rewards of both signs), the system is solved a second time for |V|.
     */
    static WideSolve linear(FiniteMdp mdp, double[][] logPi, boolean[] reached, int[] index, int m, int digits,
            boolean mixedSigns) {
        DfpField field = field(digits);
        Dfp[][] pi = probabilities(logPi, field);
        Dfp[][][] outcome = outcomes(mdp, field);
        Dfp gamma = field.newDfp(mdp.gamma());
        Dfp[][] transitions = new Dfp[m][m];
        for (Dfp[] row : transitions) java.util.Arrays.fill(row, field.getZero());
        Dfp[] exit = new Dfp[m], expectedReward = new Dfp[m], expectedSize = new Dfp[m], start = new Dfp[m];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            int i = index[s];
            if (i < 0) continue;
            start[i] = field.newDfp(mdp.startProbability(s));
            Dfp leaving = field.getZero(), reward = field.getZero(), size = field.getZero();
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == null) continue;
                Dfp r = field.newDfp(mdp.reward(s, a));
                reward = reward.add(pi[s][a].multiply(r));
                size = size.add(pi[s][a].multiply(r.abs()));
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    int j = index[mdp.nextState(s, a, k)];
                    Dfp p = pi[s][a].multiply(outcome[s][a][k]);
                    if (j < 0) leaving = leaving.add(p);
                    else if (j != i) transitions[i][j] = transitions[i][j].add(gamma.multiply(p));
                }
            }
            expectedReward[i] = reward;
            expectedSize[i] = size;
            exit[i] = field.getOne().subtract(gamma).add(gamma.multiply(leaving));
        }
        Elimination elimination = new Elimination(field, transitions, exit);
        if (!elimination.nonSingular()) return null;
        Dfp[] v = elimination.solve(expectedReward);
        Dfp[] vSize = mixedSigns ? elimination.solve(expectedSize) : null;
        Dfp[] d = elimination.solveTransposed(start);
        int n = mdp.stateCount();
        Dfp[] values = new Dfp[n], valueSizes = new Dfp[n];
        Dfp[][] weight = new Dfp[1][n];
        Dfp objective = field.getZero();
        for (int s = 0; s < n; s++) {
            if (mdp.isTerminal(s)) values[s] = valueSizes[s] = field.getZero();
            if (index[s] < 0) continue;
            values[s] = v[index[s]];
            if (mixedSigns) valueSizes[s] = vSize[index[s]];
            if (reached[s]) {
                weight[0][s] = d[index[s]];
                objective = objective.add(field.newDfp(mdp.startProbability(s)).multiply(values[s]));
            }
        }
        Dfp[][][] q = new Dfp[1][n][mdp.actionCount()];
        Dfp[][][] sizes = new Dfp[1][n][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (weight[0][s] == null) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == null) continue;
                q[0][s][a] = actionValue(mdp, outcome, s, a, values, gamma);
                sizes[0][s][a] = size(mdp, outcome, s, a, mixedSigns ? valueSizes : values, mixedSigns, gamma)[1];
            }
        }
        return new WideSolve(mdp, field, pi, objective, values, q, sizes, weight);
    }

    /**
     * With a horizon H: backward induction for Q_t and V_t, and for the sizes of the action values' rounding
     * alongside (with {@code mixedSigns}, from |V|_t, backward induction with |R| in place of R), and the weights
     * gamma^t P(s_t = s) forward.
     */
    static WideSolve backward(FiniteMdp mdp, double[][] logPi, int digits, boolean mixedSigns) {
        DfpField field = field(digits);
        Dfp[][] pi = probabilities(logPi, field);
        Dfp[][][] outcome = outcomes(mdp, field);
        Dfp gamma = field.newDfp(mdp.gamma());
        int horizon = mdp.horizon(), n = mdp.stateCount(), actions = mdp.actionCount();
        Dfp[][][] q = new Dfp[horizon][n][actions];
        Dfp[][][] sizes = new Dfp[horizon][n][actions];
        Dfp[] later = zeros(field, n), laterSizes = zeros(field, n);
        for (int t = horizon - 1; t >= 0; t--) {
            Dfp[] now = zeros(field, n), nowSizes = zeros(field, n);
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                Dfp v = field.getZero(), size = field.getZero();
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == null) continue;
                    q[t][s][a] = actionValue(mdp, outcome, s, a, later, gamma);
                    v = v.add(pi[s][a].multiply(q[t][s][a]));
                    Dfp[] full = size(mdp, outcome, s, a, mixedSigns ? laterSizes : later, mixedSigns, gamma);
                    sizes[t][s][a] = full[1];
                    if (mixedSigns) size = size.add(pi[s][a].multiply(full[0]));
                }
                now[s] = v;
                nowSizes[s] = size;
            }
            later = now;
            laterSizes = nowSizes;
        }
        Dfp objective = field.getZero();
        for (int s = 0; s < n; s++) objective = objective.add(field.newDfp(mdp.startProbability(s)).multiply(later[s]));
        Dfp[][] weight = new Dfp[horizon][n];
        Dfp[] occupancy = new Dfp[n];
        for (int s = 0; s < n; s++) occupancy[s] = field.newDfp(mdp.startProbability(s));
        Dfp discount = field.getOne();
        for (int t = 0; t < horizon; t++) {
            Dfp[] following = zeros(field, n);
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (occupancy[s].isZero()) continue;
                weight[t][s] = discount.multiply(occupancy[s]);
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == null) continue;
                    Dfp leaving = occupancy[s].multiply(pi[s][a]);
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        int next = mdp.nextState(s, a, k);
                        following[next] = following[next].add(leaving.multiply(outcome[s][a][k]));
                    }
                }
            }
            occupancy = following;
            discount = discount.multiply(gamma);
        }
        return new WideSolve(mdp, field, pi, objective, later, q, sizes, weight);
    }

    /** J. */
    Dfp objective() {
        return objective;
    }

    /** V(s) (at t = 0 with a horizon; 0 in terminal states), or null for a state left out of the system. */
    Dfp value(int s) {
        return values[s];
    }

    /** The gradient and {@link Cancellation}'s sums of its terms. */
    record Gradient(Dfp[] sum, Cancellation cancellation) {}

    /**
     * sum_t sum_s w_t(s) sum_a pi(a | s) (Q_t(s, a) - Q_t(s, a*)) score[s][a], the scores being the tape's, with
     * {@link Cancellation}'s sums.
     *
     * @param likeliest a* of every non-terminal state
     * @param kind      the first action with a's reward and transitions, for every state and action
     */
    Gradient gradient(double[][][] score, int parameterCount, int[] likeliest, int[][] kind) {
        Dfp[] gradient = zeros(field, parameterCount), valueSums = zeros(field, parameterCount),
                differenceSums = zeros(field, parameterCount);
        for (int t = 0; t < weight.length; t++) {
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (weight[t][s] == null) continue;
                int top = likeliest[s];
                for (int a = 0; a < mdp.actionCount(); a++) {
                    if (a == top || pi[s][a] == null) continue;
                    Dfp weighted = weight[t][s].multiply(pi[s][a]);
                    Dfp c = weighted.multiply(q[t][s][a].subtract(q[t][s][top]));
                    Dfp spread = kind[s][a] == kind[s][top] ? null
                            : weighted.multiply(sizes[t][s][a].add(sizes[t][s][top]));
                    for (int i = 0; i < parameterCount; i++) {
                        if (score[s][a][i] == 0) continue;
                        Dfp g = field.newDfp(score[s][a][i]);
                        Dfp term = c.multiply(g);
                        gradient[i] = gradient[i].add(term);
                        differenceSums[i] = differenceSums[i].add(term.abs());
                        if (spread != null) valueSums[i] = valueSums[i].add(spread.multiply(g.abs()));
                    }
                }
            }
        }
        double[] values = new double[parameterCount], differences = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            values[i] = log10(valueSums[i]);
            differences[i] = log10(differenceSums[i]);
        }
        return new Gradient(gradient, new Cancellation(values, differences));
    }


    /** log10 of x &gt;= 0 (-Infinity for 0, Infinity for Dfp's infinity). */
    private static double log10(Dfp x) {
        if (x.isZero()) return Double.NEGATIVE_INFINITY;
        if (x.isInfinite() || x.isNaN()) return Double.POSITIVE_INFINITY;
        int k = x.intLog10();
        return k + Math.log10(x.divide(x.power10(k)).toDouble());
    }

    /**
     * exp(log pi) for every possible action, null for the others, divided by their sum in each state. The policy's
     * log pi are doubles, so that their exps sum to 1 only to about 2^-53 (exp(log 0.5) is 0.5 (1 + 1e-17) in 160
     * digits); normalized in the solve's own digits, they make the solve's problem an MDP 2^-53 away from the
     * policy's. That matters for the gradient: with a horizon, V_t(s) = sum_a pi(a | s) Q_t(s, a) would carry the
     * defect times |V|, which in a set of states the policy rarely leaves is far larger than the differences of
     * values the gradient takes (without a horizon, GTH elimination takes each row's diagonal from its sum, which
     * absorbs the defect).
     */
    private static Dfp[][] probabilities(double[][] logPi, DfpField field) {
        Dfp[][] pi = new Dfp[logPi.length][];
        for (int s = 0; s < logPi.length; s++) {
            pi[s] = new Dfp[logPi[s].length];
            Dfp total = field.getZero();
            for (int a = 0; a < pi[s].length; a++) {
                if (logPi[s][a] > Double.NEGATIVE_INFINITY) {
                    pi[s][a] = DfpMath.exp(field.newDfp(logPi[s][a]));
                    total = total.add(pi[s][a]);
                }
            }
            for (int a = 0; a < pi[s].length; a++) if (pi[s][a] != null) pi[s][a] = pi[s][a].divide(total);
        }
        return pi;
    }

    /** P(s' | s, a) of every outcome, divided by their sum, as {@link #probabilities} does with pi. */
    private static Dfp[][][] outcomes(FiniteMdp mdp, DfpField field) {
        Dfp[][][] outcome = new Dfp[mdp.nonTerminalCount()][mdp.actionCount()][];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                outcome[s][a] = new Dfp[mdp.outcomeCount(s, a)];
                Dfp total = field.getZero();
                for (int k = 0; k < outcome[s][a].length; k++) {
                    outcome[s][a][k] = field.newDfp(mdp.transitionProbability(s, a, k));
                    total = total.add(outcome[s][a][k]);
                }
                for (int k = 0; k < outcome[s][a].length; k++) outcome[s][a][k] = outcome[s][a][k].divide(total);
            }
        }
        return outcome;
    }

    /** R(s, a) + gamma sum_{s'} P(s' | s, a) V(s'), with V = 0 in terminal states. */
    private static Dfp actionValue(FiniteMdp mdp, Dfp[][][] outcome, int s, int a, Dfp[] values, Dfp gamma) {
        Dfp expected = gamma.getField().getZero();
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            int next = mdp.nextState(s, a, k);
            if (!mdp.isTerminal(next)) expected = expected.add(outcome[s][a][k].multiply(values[next]));
        }
        return gamma.newInstance(mdp.reward(s, a)).add(gamma.multiply(expected));
    }

    /**
     * {|Q|(s, a), the size of Q(s, a)'s rounding}: |Q|(s, a) = |R(s, a)| + gamma sum_{s'} P(s' | s, a) |V|(s'),
     * |V| being {@code valueSizes} with {@code absolute} (the values with |R| in place of R) and |{@code valueSizes}|
     * without; the size is 0 where that sum is 0, as Q(s, a) is then R(s, a) exactly ({@link Cancellation}).
     */
    private static Dfp[] size(FiniteMdp mdp, Dfp[][][] outcome, int s, int a, Dfp[] valueSizes, boolean absolute,
            Dfp gamma) {
        Dfp expected = gamma.getField().getZero();
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            int next = mdp.nextState(s, a, k);
            if (!mdp.isTerminal(next)) {
                Dfp v = absolute ? valueSizes[next] : valueSizes[next].abs();
                expected = expected.add(outcome[s][a][k].multiply(v));
            }
        }
        Dfp full = gamma.newInstance(mdp.reward(s, a)).abs().add(gamma.multiply(expected));
        return new Dfp[] {full, expected.isZero() ? expected : full};
    }

    private static Dfp[] zeros(DfpField field, int n) {
        Dfp[] zeros = new Dfp[n];
        java.util.Arrays.fill(zeros, field.getZero());
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

        Elimination(DfpField field, Dfp[][] n, Dfp[] exit) {
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
                Dfp reciprocal = field.getOne().divide(p);
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
