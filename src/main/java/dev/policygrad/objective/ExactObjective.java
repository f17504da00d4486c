package dev.policygrad.objective;

import dev.policygrad.rollout.PolicyTable;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Reachability;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.render.Text;

/**
 * The exact objective J(theta) = E[sum_{t=0}^{T-1} gamma^t r_{t+1}] of a policy on a finite MDP,
 * and its exact gradient.
 *
 * <p><b>Value.</b> With a horizon H, by backward induction with time-dependent values (the policy is
 * stationary but the time left is not): V_H = 0,
 * Q_t(s, a) = R(s, a) + gamma sum_{s'} P(s' | s, a) V_{t+1}(s'), V_t(s) = sum_a pi(a | s) Q_t(s, a),
 * with V = 0 in terminal states; J = sum_s mu_0(s) V_0(s). Without a horizon, V solves the linear
 * system (I - gamma P_pi) V = r_pi over the non-terminal states the policy reaches ({@link BellmanSolver},
 * which keeps its relative accuracy where the system is nearly singular),
 * and Q(s, a) = R(s, a) + gamma sum_{s'} P(s' | s, a) V(s').
 *
 * <p><b>Gradient</b>, by the policy gradient theorem (Sutton &amp; Barto 2018, section 13.2; here
 * with the discount kept, as in step (11) of the derivation (docs/derivation.md)):
 * grad J = sum_t gamma^t sum_s P(s_t = s) sum_a pi(a | s) grad log pi(a | s) Q_t(s, a).
 * With a horizon, P(s_t = s) comes from propagating mu_0 forward; without one, the weights are the
 * discounted visitation d(s) = sum_t gamma^t P(s_t = s), which solves (I - gamma P_pi)^T d = mu_0.
 * Actions with pi(a | s) = 0 are skipped, so a policy with zeros still gives finite numbers.
 * {@link #finiteDifferenceGradient} computes the same gradient independently, from J alone.
 *
 * <p><b>State values.</b> {@link #values} gives V_pi(s) for every state from the same solve (the
 * values at t = 0 with a horizon), for {@code table}: without a horizon the system then also covers
 * the non-terminal states the policy does not reach, except, with gamma 1, those from which it may
 * never end (their value is NaN). The reached states form a closed block of that system, which GTH
 * elimination in index order leaves untouched by the others, so their values, and J, are bit for bit
 * those of {@link #value}.
 *
 * <p><b>Beyond the doubles.</b> V and J are linear in the rewards, so where the solve overflows (the
 * short corridor at theta = (710, 0), where the way out has probability e^-710 and J ~ -2 e^710 ~ -4.5e308),
 * it is repeated with every reward multiplied by 2^-k, the largest brought to 2^-256, 2^-512, 2^-768 or
 * 2^-1000 in turn, until J comes out finite: a power of two scales every operation without rounding
 * (unless a scaled number falls below the normal doubles), so the scaled J is J 2^-k to the last bit.
 * J is then the scaled J times 2^k where that is a double, and otherwise an error saying what J is
 * ("J is about -4.46799e+308", to {@link #certainDigits}), never NaN; values and Q keep the scale, and
 * the gradient adds k to the exponents of {@link #scaledGradient}'s terms.
 *
 * <p>Holds one policy {@link Evaluator}, so an instance is for one thread.
 */
public final class ExactObjective {

    private final FiniteMdp mdp;
    private final Policy policy;
    private final Evaluator evaluator;

    public ExactObjective(FiniteMdp mdp, Policy policy) {
        this.mdp = mdp;
        this.policy = policy;
        this.evaluator = policy.newEvaluator();
    }

    /** J(theta); +-Infinity where J is beyond the doubles ({@link #evaluate} says what it is). */
    public double value(double[] theta) {
        Solution solution = solve(PolicyTable.probabilities(mdp, evaluator, theta), false);
        return Math.scalb(solution.value, solution.scale);
    }

    /**
     * The policy's action probabilities at theta, V_pi(s) for every state (0 in terminal states; NaN
     * where, with gamma 1 and no horizon, the policy may never end) and J, which is {@link #value}'s
     * bit for bit.
     */
    public record StateValues(double[][] probabilities, double[] values, double objective) {}

    /**
     * The state values at theta; errors as {@link #value} (a reached state that never ends, a singular
     * system), and a J or a V(s) beyond the range of doubles is an error saying what it is.
     */
    public StateValues values(double[] theta) {
        return values(PolicyTable.probabilities(mdp, evaluator, theta));
    }

    /** The state values under the action probabilities {@code pi[s][a]} (of this policy or any other). */
    public StateValues values(double[][] pi) {
        Solution solution = solve(pi, true);
        double j = objective(solution, pi);
        double[] values = solution.values.clone();
        for (int s = 0; s < values.length; s++) {
            values[s] = unscaled(values[s], solution.scale, "V(" + mdp.stateName(s) + ")", pi);
        }
        return new StateValues(pi, values, j);
    }

    /** How {@link #evaluate} computes J and its gradient, as its result's method says. */
    public String method() {
        return mdp.hasHorizon()
                ? "exact: backward induction over the horizon of " + mdp.horizon() + " steps; gradient by the policy gradient theorem"
                : "exact: linear solve (GTH elimination) for the values; gradient by the policy gradient theorem";
    }

    /** grad J(theta) by the policy gradient theorem. */
    public double[] gradient(double[] theta) {
        PolicyTable table = PolicyTable.of(mdp, evaluator, theta);
        return gradient(solve(table.probability(), false), table, theta.length);
    }

    /** grad J(theta) by the 6-point central stencil on the exact J: an independent check. */
    public double[] finiteDifferenceGradient(double[] theta) {
        return ObjectiveDifferences.gradient(this::value, theta);
    }

    /** J and its gradient by the policy gradient theorem, as a result record. */
    public ObjectiveResult evaluate(double[] theta) {
        PolicyTable table = PolicyTable.of(mdp, evaluator, theta);
        Solution solution = solve(table.probability(), false);
        double j = objective(solution, table.probability());
        return new ObjectiveResult(j, gradient(solution, table, theta.length), policy.parameterNames(), method(),
                Double.NaN, "");
    }

    /** J = value 2^scale, or the error saying what it is when that is beyond the doubles. */
    private double objective(Solution solution, double[][] pi) {
        return unscaled(solution.value, solution.scale, "J", pi);
    }

    /**
     * {@code m 2^e} as a double; where it overflows although m is finite, an error that gives it in decimal
     * ("J is about -4.46799e+308") to the digits the probabilities {@code pi} leave certain
     * ({@link #certainDigits}), and says it is beyond the doubles.
     */
    private double unscaled(double m, int e, String what, double[][] pi) {
        double x = Math.scalb(m, e);
        if (!(Double.isInfinite(x) && Double.isFinite(m))) return x;
        double smallest = smallestSubnormal(pi);
        int digits = certainDigits(smallest);
        if (digits >= 1) {
            throw Objectives.beyondDoubles(what + " is about " + Text.scaled(m, e, digits), "", mdp, method(), policy);
        }
        throw Objectives.beyondDoubles(what, "; no digit of it is certain, as the policy's probabilities go down to "
                + Text.number(smallest) + ", a subnormal double of few bits", mdp, method(), policy);
    }

    /** The smallest probability pi(a | s) &gt; 0 below the normal doubles (2.2e-308), or 0 when none is. */
    private static double smallestSubnormal(double[][] pi) {
        double smallest = 0;
        for (double[] row : pi) {
            for (double p : row) if (p > 0 && p < Double.MIN_NORMAL && (smallest == 0 || p < smallest)) smallest = p;
        }
        return smallest;
    }

    /**
     * The significant digits of J (or a gradient entry) that the rounding of the probabilities leaves
     * certain: a probability p rounds with relative error delta = 2^-53, or 2^-1075 / p for a subnormal p
     * (at pi = e^-710 ~ 4.5e-309, 5.5e-16; at e^-745, which rounds to 4.9e-324, 0.5), and the solve keeps
     * relative accuracy, its result moving by at most about 2 m delta for m states (times the horizon's
     * steps) by the entrywise bound for GTH elimination (O'Cinneide 1993).
     */
    private int certainDigits(double smallestSubnormal) {
        double delta = smallestSubnormal > 0 ? Math.max(0x1p-53, Double.MIN_VALUE / smallestSubnormal / 2) : 0x1p-53;
        double m = (double) mdp.nonTerminalCount() * (mdp.hasHorizon() ? mdp.horizon() : 1);
        return (int) Math.floor(-Math.log10(2 * m * delta));
    }

    /**
     * J, the state values V_0(s) (NaN for a non-terminal state left out of the linear solve), the action
     * values Q_t(s, a) and the visitation weights w_t(s) = gamma^t P(s_t = s); one time slice (t = 0,
     * with the discounted visitation d) without a horizon. Q is used only where pi(a | s) &gt; 0. J, V and
     * Q are the true ones times 2^-scale (scale 0 unless the plain solve overflowed).
     */
    private record Solution(double value, double[] values, double[][][] q, double[][] weight, int scale) {}

    /**
     * sum_t sum_s w_t(s) sum_a pi(a | s) Q_t(s, a) grad log pi(a | s). Each term is a product of four
     * factors whose partial products may leave the range of doubles although the term and the sum do
     * not: with pi(left) = e^-360 in the short corridor, w ~ 2e156 and Q ~ -4e156 make w pi Q ~ -1e313,
     * while the score ~ 5e-157 brings the term back to ~ -4e156. Where a product in the plain sum
     * overflows or underflows, the gradient is summed again in {@link #scaledGradient}'s scaled form;
     * otherwise the plain sum is the result, bit for bit.
     */
    private double[] gradient(Solution solution, PolicyTable table, int parameterCount) {
        if (solution.scale != 0) return scaledGradient(solution, table, parameterCount);
        double[] gradient = new double[parameterCount];
        double[][] pi = table.probability();
        boolean outOfRange = false;
        for (int t = 0; t < solution.q.length; t++) {
            for (int s = 0; s < pi.length; s++) {
                double w = solution.weight[t][s];
                if (w == 0) continue;
                for (int a = 0; a < pi[s].length; a++) {
                    if (pi[s][a] == 0) continue;
                    double q = solution.q[t][s][a];
                    double c = w * pi[s][a] * q;
                    outOfRange |= q != 0 && !normal(c);
                    double[] score = table.score()[s][a];
                    for (int i = 0; i < parameterCount; i++) {
                        double term = c * score[i];
                        outOfRange |= q != 0 && score[i] != 0 && !normal(term);
                        gradient[i] += term;
                    }
                }
            }
        }
        return outOfRange ? scaledGradient(solution, table, parameterCount) : gradient;
    }

    /** Finite, nonzero and not subnormal. */
    private static boolean normal(double x) {
        return Math.abs(x) >= Double.MIN_NORMAL && Math.abs(x) <= Double.MAX_VALUE;
    }

    /** The binary exponent of a finite nonzero x, subnormals included: x = m 2^e with 1 &lt;= |m| &lt; 2. */
    private static int exponent(double x) {
        return Math.abs(x) >= Double.MIN_NORMAL ? Math.getExponent(x) : Math.getExponent(x * 0x1p54) - 54;
    }

    /**
     * The gradient of {@link #gradient} with every term w pi Q score_i kept as m 2^e: the factors' mantissas
     * (in [1, 2), exact) multiplied in the plain sum's order (so with its rounding) and their exponents added.
     * Component i is then sum of m 2^(e - E) with E the largest exponent of its terms, scaled by 2^E at the
     * end: no partial product or partial sum leaves the range, and the result overflows only where the
     * gradient itself does, which is then the error saying what it is. Terms more than 2^1074 below the
     * largest are lost, below the sum's rounding. Q's scale is added to every exponent.
     */
    private double[] scaledGradient(Solution solution, PolicyTable table, int parameterCount) {
        double[][] pi = table.probability();
        int[] largest = new int[parameterCount];
        java.util.Arrays.fill(largest, Integer.MIN_VALUE);
        double[] sum = new double[parameterCount];
        double[] special = new double[parameterCount]; // terms with a factor already out of range
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < solution.q.length; t++) {
                for (int s = 0; s < pi.length; s++) {
                    double w = solution.weight[t][s];
                    if (w == 0) continue;
                    for (int a = 0; a < pi[s].length; a++) {
                        double p = pi[s][a];
                        double q = solution.q[t][s][a];
                        if (p == 0 || q == 0) continue;
                        if (!Double.isFinite(w) || !Double.isFinite(q)) {
                            // a factor already out of range: the plain product says what the term is
                            double c = w * p * q;
                            double[] score = table.score()[s][a];
                            if (pass == 0) for (int i = 0; i < parameterCount; i++) if (score[i] != 0) special[i] += c * score[i];
                            continue;
                        }
                        int e = exponent(w) + exponent(p) + exponent(q);
                        double c = Math.scalb(w, -exponent(w)) * Math.scalb(p, -exponent(p)) * Math.scalb(q, -exponent(q));
                        double[] score = table.score()[s][a];
                        for (int i = 0; i < parameterCount; i++) {
                            double g = score[i];
                            if (g == 0) continue;
                            if (!Double.isFinite(g)) {
                                if (pass == 0) special[i] += w * p * q * g;
                                continue;
                            }
                            int exp = e + exponent(g);
                            if (pass == 0) largest[i] = Math.max(largest[i], exp);
                            else sum[i] += Math.scalb(c * Math.scalb(g, -exponent(g)), exp - largest[i]);
                        }
                    }
                }
            }
        }
        double[] gradient = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            String what = "dJ / d" + policy.parameterNames().get(i);
            gradient[i] = (largest[i] == Integer.MIN_VALUE ? 0
                    : unscaled(sum[i], largest[i] + solution.scale, what, table.probability()))
                    + Math.scalb(special[i], solution.scale);
        }
        return gradient;
    }

    /**
     * @param everyState without a horizon, also solve for the states the policy does not reach (for
     *                   {@link #values}); J and the reached states' values are the same either way
     */
    private Solution solve(double[][] pi, boolean everyState) {
        if (!mdp.hasHorizon()) return linearSolve(pi, everyState);
        Solution plain = backwardInduction(pi, 0);
        if (Double.isFinite(plain.value)) return plain;
        for (int scale : scales(largestRewardExponent())) {
            Solution scaled = backwardInduction(pi, scale);
            if (Double.isFinite(scaled.value)) return scaled;
        }
        return plain;
    }

    /**
     * The powers k of 2^-k to try on rewards whose largest has binary exponent {@code top}: those that bring it
     * to 2^-256, 2^-512, 2^-768 and 2^-1000 (still a normal double), smallest first.
     */
    private static int[] scales(int top) {
        return java.util.stream.IntStream.of(256, 512, 768, 1000).map(below -> top + below).filter(k -> k > 0).toArray();
    }

    /** The binary exponent of the largest |R(s, a)|, or of 1 when every reward is 0. */
    private int largestRewardExponent() {
        double largest = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) largest = Math.max(largest, Math.abs(mdp.reward(s, a)));
        }
        return largest > 0 ? Math.getExponent(largest) : 0;
    }

    /** With every reward times 2^-scale. */
    private Solution backwardInduction(double[][] pi, int scale) {
        int horizon = mdp.horizon();
        int n = mdp.stateCount();
        int actions = mdp.actionCount();
        double gamma = mdp.gamma();
        double[][][] q = new double[horizon][n][actions];
        double[] later = new double[n];
        double[] now = new double[n];
        for (int t = horizon - 1; t >= 0; t--) {
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                double v = 0;
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == 0) continue;
                    q[t][s][a] = actionValue(s, a, later, gamma, scale);
                    v += pi[s][a] * q[t][s][a];
                }
                now[s] = v;
            }
            double[] swap = later;
            later = now;
            now = swap;
        }
        double value = 0;
        for (int s = 0; s < n; s++) value += mdp.startProbability(s) * later[s];
        double[] values = later.clone();
        double[][] weight = new double[horizon][n];
        double[] occupancy = new double[n];
        for (int s = 0; s < n; s++) occupancy[s] = mdp.startProbability(s);
        double discount = 1;
        for (int t = 0; t < horizon; t++) {
            double[] following = new double[n];
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (occupancy[s] == 0) continue;
                weight[t][s] = discount * occupancy[s];
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == 0) continue;
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        following[mdp.nextState(s, a, k)] += occupancy[s] * pi[s][a] * mdp.transitionProbability(s, a, k);
                    }
                }
            }
            occupancy = following;
            discount *= gamma;
        }
        return new Solution(value, values, q, weight, scale);
    }

    /** R(s, a) 2^-scale + gamma sum_{s'} P(s' | s, a) V(s'), with V = 0 in terminal states. */
    private double actionValue(int s, int a, double[] values, double gamma, int scale) {
        double expected = 0;
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            int next = mdp.nextState(s, a, k);
            if (!mdp.isTerminal(next)) expected += mdp.transitionProbability(s, a, k) * values[next];
        }
        return Math.scalb(mdp.reward(s, a), -scale) + gamma * expected;
    }

    /** J = sum_s mu_0(s) V(s) over the reached states, from the solve's {@code v}, in state order. */
    private double startValue(double[] v, int[] index, boolean[] reached) {
        double value = 0;
        for (int s = 0; s < index.length; s++) {
            if (index[s] >= 0 && reached[s]) value += mdp.startProbability(s) * v[index[s]];
        }
        return value;
    }

    private Solution linearSolve(double[][] pi, boolean everyState) {
        double gamma = mdp.gamma();
        if (gamma == 1) {
            int stuck = Reachability.stuckState(mdp, pi);
            if (stuck >= 0) {
                throw new EvalError(policy.spec().span(), "under this policy state '" + mdp.stateName(stuck)
                        + "' is reached but no terminal state can be reached from it (the actions leading there have "
                        + "probability 0); with gamma 1 and no horizon J is not finite");
            }
        }
        boolean[] reached = Reachability.reachable(mdp, pi);
        // every state the policy reaches ends surely (checked above), so the solved states include the reached ones
        boolean[] solved = !everyState ? reached : gamma < 1 ? null : Reachability.endsSurely(mdp, pi);
        int n = mdp.stateCount();
        int[] index = new int[n];
        int m = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) index[s] = solved == null || solved[s] ? m++ : -1;
        for (int s = mdp.nonTerminalCount(); s < n; s++) index[s] = -1;
        // the system I - gamma P_pi as off-diagonal transitions and exits, for BellmanSolver
        double[][] transitions = new double[m][m];
        double[] exit = new double[m];
        double[] expectedReward = new double[m];
        double[] start = new double[m];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            int i = index[s];
            if (i < 0) continue;
            start[i] = mdp.startProbability(s);
            double leaving = 0;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == 0) continue;
                expectedReward[i] += pi[s][a] * mdp.reward(s, a);
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    int j = index[mdp.nextState(s, a, k)];
                    double p = pi[s][a] * mdp.transitionProbability(s, a, k);
                    if (j < 0) leaving += p;
                    else if (j != i) transitions[i][j] += gamma * p;
                }
            }
            exit[i] = (1 - gamma) + gamma * leaving;
        }
        BellmanSolver solver = new BellmanSolver(transitions, exit);
        if (!solver.nonSingular()) {
            throw new EvalError(policy.spec().span(), "the Bellman system of mdp '" + mdp.name()
                    + "' is singular under this policy; J is not finite");
        }
        double[] v = solver.solve(expectedReward);
        int scale = 0;
        if (!Double.isFinite(startValue(v, index, reached))) {
            // the solve is linear in the rewards: again with them scaled by a power of two (exact), chosen from
            // the reached states alone, so that table's system (every state) and the objective's scale alike
            double largest = 0;
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (index[s] >= 0 && reached[s]) largest = Math.max(largest, Math.abs(expectedReward[index[s]]));
            }
            for (int k : scales(largest > 0 ? Math.getExponent(largest) : 0)) {
                double[] scaled = expectedReward.clone();
                for (int i = 0; i < m; i++) scaled[i] = Math.scalb(scaled[i], -k);
                double[] w = solver.solve(scaled);
                if (Double.isFinite(startValue(w, index, reached))) {
                    v = w;
                    scale = k;
                    break;
                }
            }
        }
        double[] d = solver.solveTransposed(start);
        double[] values = new double[n];
        double[][] weight = new double[1][n];
        double value = startValue(v, index, reached);
        for (int s = 0; s < n; s++) {
            if (index[s] < 0) {
                if (s < mdp.nonTerminalCount()) values[s] = Double.NaN;
                continue;
            }
            values[s] = v[index[s]];
            weight[0][s] = d[index[s]];
        }
        double[][][] q = new double[1][n][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (index[s] < 0) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] > 0) q[0][s][a] = actionValue(s, a, values, gamma, scale);
            }
        }
        return new Solution(value, values, q, weight, scale);
    }
}
