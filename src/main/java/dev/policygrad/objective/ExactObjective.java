package dev.policygrad.objective;

import dev.policygrad.rollout.PolicyTable;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Reachability;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.render.Text;
import org.apache.commons.math3.dfp.Dfp;

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
 * Actions with pi(a | s) = 0 are skipped, so a policy with zeros still gives finite numbers. The sum is taken
 * with the likeliest action's value as baseline, sum_a pi(a | s) grad log pi(a | s) (Q_t(s, a) - Q_t(s, a*)),
 * so that it needs only differences of action values ({@link AdvantageGradient}). Where the policy rarely leaves
 * a class of states, whose values then differ by far less than they are, those differences are lost in the
 * doubles' rounding of the values (at theta = (0, -300) in the loop {@link Cancellation} describes, values of
 * -5.8e130 differ by 2, and dJ/dtheta_0 came out 0 where it is 1.9e130); {@link Cancellation} tells such a sum
 * from the sums of the doubles themselves, which then is taken again in as many decimal digits as its terms need
 * ({@link WideSolve}), or is an error that says which component lost its digits and why. Each component is then
 * accurate to about 2^-30 of the size of its terms in doubles, 2^-53 in more digits.
 * {@link #finiteDifferenceGradient} computes the same gradient independently, from J alone.
 *
 * <p><b>State values.</b> {@link #values} gives V_pi(s) for every state from the same solve (the
 * values at t = 0 with a horizon), for {@code table}: without a horizon the system then also covers
 * the non-terminal states the policy does not reach, except, with gamma 1, those from which it may
 * never end (their value is NaN). The reached states form a closed block of that system, which GTH
 * elimination in index order leaves untouched by the others, so their values, and J, are bit for bit
 * those of {@link #value}.
 *
 * <p><b>Values beyond the doubles.</b> V, Q and J are linear in the rewards, so where J, or an action value
 * Q(s, a) that the gradient takes, overflows (an action of probability e^-700 into two rewards of 1e308 has
 * Q = 2e308, while J ~ 2e4), the solve is repeated with every reward multiplied by 2^-k, for the least k
 * that brings them within the doubles ({@link #rescaled}). A power of two scales every operation without
 * rounding (unless a scaled number falls below the normal doubles), so the scaled J is J 2^-k to the last
 * bit; the least k keeps it a normal double unless the action values exceed J by more than the doubles
 * span (2^2046), a case left to {@link WideSolve}. J is then the scaled J times 2^k where that is a double,
 * and otherwise an error saying what J is ("J is about 3.00000e+308", to {@link #certainDigits}), never NaN;
 * values and Q keep the scale, and the gradient adds k to the exponents of its terms ({@link AdvantageGradient}).
 *
 * <p><b>Probabilities beyond the doubles.</b> Where a probability pi(a | s) &gt; 0 (log pi &gt; -Infinity)
 * is below the normal doubles (2.2e-308: a subnormal keeps fewer digits the smaller it is, and below
 * 4.9e-324 it is 0), the doubles cannot hold the solve: in the short corridor at theta = (760, 0) the way out
 * has probability e^-760, which is 0 as a double, so that the corridor would look endless although it ends
 * surely, with J = -2 e^760 - 6 ~ -2.3e330. Which actions are possible is then told from log pi, and the
 * solve is {@link WideSolve}'s, in 40-digit arithmetic from exp(log pi), for small MDPs (beyond its size, an
 * error says so). Its J, V and gradient are rounded to doubles where they are doubles, and otherwise are an
 * error saying what they are to the command's digits ("J is about -2.31652e+330"). Its gradient is judged as
 * the doubles' is ({@link Cancellation}), to 2^-53, and taken in more digits where 40 are too few.
 *
 * <p>Holds one policy {@link Evaluator}, so an instance is for one thread.
 */
public final class ExactObjective {

    /** How far a component computed in doubles may be off, relative to the size of its terms ({@link Cancellation}). */
    static final double TOLERANCE = 0x1p-30;

    /** How far a component computed in more digits may be off: the doubles' precision. */
    static final double WIDE_TOLERANCE = 0x1p-53;

    /** Units in the last place of |Q|(s, a) that an action value is taken to be off by ({@link Cancellation}). */
    static final double ROUNDING_UNITS = 8;

    private final FiniteMdp mdp;
    private final Policy policy;
    private final Evaluator evaluator;
    /** Per state and action, the first action with the same reward and transitions. */
    private final int[][] kind;
    /** Whether some rewards are positive and others negative. */
    private final boolean mixedSigns;

    public ExactObjective(FiniteMdp mdp, Policy policy) {
        this.mdp = mdp;
        this.policy = policy;
        this.evaluator = policy.newEvaluator();
        this.kind = kinds(mdp);
        boolean positive = false, negative = false;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                positive |= mdp.reward(s, a) > 0;
                negative |= mdp.reward(s, a) < 0;
            }
        }
        this.mixedSigns = positive && negative;
    }

    /**
     * For every state and action, the first action with the same reward and the same outcomes in the same order:
     * their action values are computed alike, to the last bit, so their difference is exactly 0.
     */
    private static int[][] kinds(FiniteMdp mdp) {
        int[][] kind = new int[mdp.stateCount()][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                kind[s][a] = a;
                for (int b = 0; b < a; b++) {
                    if (alike(mdp, s, a, b)) {
                        kind[s][a] = kind[s][b];
                        break;
                    }
                }
            }
        }
        return kind;
    }

    private static boolean alike(FiniteMdp mdp, int s, int a, int b) {
        if (Double.compare(mdp.reward(s, a), mdp.reward(s, b)) != 0) return false;
        if (mdp.outcomeCount(s, a) != mdp.outcomeCount(s, b)) return false;
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            if (mdp.nextState(s, a, k) != mdp.nextState(s, b, k)
                    || Double.compare(mdp.transitionProbability(s, a, k), mdp.transitionProbability(s, b, k)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** J(theta); +-Infinity where J is beyond the doubles ({@link #evaluate} says what it is). */
    public double value(double[] theta) {
        double[][] logPi = PolicyTable.logProbabilities(mdp, evaluator, theta);
        Route route = route(PolicyTable.exp(logPi), logPi, false, false);
        if (route.wide != null) {
            return Objectives.toDouble(wideSolve(logPi, false, "J", route.wide, WideSolve.DIGITS).objective());
        }
        return Math.scalb(route.solution.value, route.solution.scale);
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
        return valuesFromLogs(PolicyTable.logProbabilities(mdp, evaluator, theta));
    }

    /** The state values under the action probabilities {@code pi[s][a]} (of this policy or any other). */
    public StateValues values(double[][] pi) {
        double[][] logPi = new double[pi.length][];
        for (int s = 0; s < pi.length; s++) {
            logPi[s] = new double[pi[s].length];
            for (int a = 0; a < pi[s].length; a++) logPi[s][a] = Math.log(pi[s][a]);
        }
        return valuesFromLogs(logPi);
    }

    private StateValues valuesFromLogs(double[][] logPi) {
        double[][] pi = PolicyTable.exp(logPi);
        double[] values = new double[mdp.stateCount()];
        Route route = route(pi, logPi, true, false);
        if (route.wide != null) {
            WideSolve solve = wideSolve(logPi, true, "J", route.wide, WideSolve.DIGITS);
            String method = method(route.wide);
            double j = fit(solve.objective(), "J", method);
            for (int s = 0; s < values.length; s++) {
                values[s] = solve.value(s) == null ? Double.NaN
                        : fit(solve.value(s), "V(" + mdp.stateName(s) + ")", method);
            }
            return new StateValues(pi, values, j);
        }
        Solution solution = route.solution;
        double j = objective(solution);
        for (int s = 0; s < values.length; s++) {
            values[s] = unscaled(solution.values[s], solution.scale, "V(" + mdp.stateName(s) + ")");
        }
        return new StateValues(pi, values, j);
    }

    /** How {@link #evaluate} computes J and its gradient in doubles, as its result's method says. */
    public String method() {
        return method(null);
    }

    /** How J and its gradient are computed; {@code wide} says why in 40-digit arithmetic, or is null in doubles. */
    private String method(String wide) {
        String arithmetic = wide == null ? "" : " in 40-digit arithmetic, as " + wide;
        return mdp.hasHorizon()
                ? "exact: backward induction over the horizon of " + mdp.horizon() + " steps" + arithmetic
                        + "; gradient by the policy gradient theorem"
                : "exact: linear solve (GTH elimination) for the values" + arithmetic
                        + "; gradient by the policy gradient theorem";
    }

    /** {@link #method(String)}, its gradient taken in {@code digits} digits because of {@code why} (or null, as J). */
    private String method(String wide, int digits, String why) {
        return why == null ? method(wide) : method(wide) + " in " + digits + "-digit arithmetic, as " + why;
    }

    /** grad J(theta) by the policy gradient theorem. */
    public double[] gradient(double[] theta) {
        return evaluate(theta, false).gradient();
    }

    /** grad J(theta) by the 6-point central stencil on the exact J: an independent check. */
    public double[] finiteDifferenceGradient(double[] theta) {
        return ObjectiveDifferences.gradient(this::value, theta);
    }

    /** J and its gradient by the policy gradient theorem, as a result record. */
    public ObjectiveResult evaluate(double[] theta) {
        return evaluate(theta, true);
    }

    /** @param withJ whether J is wanted (a J beyond the doubles is then an error), or only the gradient */
    private ObjectiveResult evaluate(double[] theta, boolean withJ) {
        PolicyTable table = PolicyTable.of(mdp, evaluator, theta);
        Route route = route(table.probability(), table.logProbability(), false, true);
        int[] likeliest = likeliest(table.logProbability());
        if (route.wide != null) {
            WideSolve solve = wideSolve(table.logProbability(), false, "J", route.wide, WideSolve.DIGITS);
            double j = withJ ? fit(solve.objective(), "J", method(route.wide)) : Double.NaN;
            WideSolve.Gradient wide = solve.gradient(table.score(), theta.length, likeliest, kind);
            Cancellation cancellation = wide.cancellation();
            if (!cancellation.accurate(WIDE_TOLERANCE, log10Rounding(WideSolve.DIGITS))) {
                return precise(table, likeliest, j, route.wide, cancellation, WideSolve.DIGITS);
            }
            return result(j, wide.sum(), method(route.wide));
        }
        double j = withJ ? objective(route.solution) : Double.NaN;
        Solution solution = route.solution;
        AdvantageGradient.Sum sum = new AdvantageGradient(solution.q, solution.sizes, solution.weight, solution.scale,
                table.probability(), table.score(), likeliest, kind, rounding(), theta.length).sum(TOLERANCE);
        Cancellation cancellation = sum.cancellation();
        if (cancellation != null && !cancellation.accurate(TOLERANCE, log10Rounding(0))) {
            return precise(table, likeliest, j, null, cancellation, 0);
        }
        double[] gradient = new double[theta.length];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = unscaled(sum.sum()[i], sum.exponent()[i], "dJ / d" + policy.parameterNames().get(i));
        }
        return new ObjectiveResult(j, gradient, policy.parameterNames(), method(), Double.NaN, "");
    }

    /** The result with J and the gradient's Dfp components as doubles (an error for one beyond them). */
    private ObjectiveResult result(double j, Dfp[] wide, String method) {
        double[] gradient = new double[wide.length];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = fit(wide[i], "dJ / d" + policy.parameterNames().get(i), method);
        }
        return new ObjectiveResult(j, gradient, policy.parameterNames(), method, Double.NaN, "");
    }

    /**
     * The gradient taken again in more digits, where the sum in {@code measuredDigits} digits (0 for the doubles)
     * kept too few: as many as {@code measured} says its terms need, and, where the differences were themselves lost
     * in the rounding so that they come out too few, again in twice as many, up to {@link WideSolve#MOST_DIGITS}.
     * J stays the one computed ({@code j}); {@code wide} is why J itself was in 40 digits, or null.
     */
    private ObjectiveResult precise(PolicyTable table, int[] likeliest, double j, String wide, Cancellation measured,
            int measuredDigits) {
        Cancellation cancellation = measured;
        int digits = measuredDigits;
        while (true) {
            double rounding = log10Rounding(digits);
            int worst = cancellation.worst(digits == 0 ? TOLERANCE : WIDE_TOLERANCE, rounding);
            String component = "dJ / d" + policy.parameterNames().get(worst);
            String why = cancellation.why(worst, rounding, digits == 0 ? "the doubles" : digits + "-digit arithmetic");
            int needed = cancellation.digits(WIDE_TOLERANCE, Math.log10(ROUNDING_UNITS));
            if (digits > 0) needed = Math.max(needed, 2 * digits);
            if (needed > WideSolve.MOST_DIGITS) throw lost(component, why, needed);
            digits = Math.max(WideSolve.DIGITS, (needed + 19) / 20 * 20);
            WideSolve solve = wideSolve(table.logProbability(), false, component, why, digits);
            int parameterCount = policy.parameterNames().size();
            WideSolve.Gradient gradient = solve.gradient(table.score(), parameterCount, likeliest, kind);
            cancellation = gradient.cancellation();
            if (cancellation.accurate(WIDE_TOLERANCE, log10Rounding(digits))) {
                int most = cancellation.mostCancelled();
                String note = cancellation.hasDifferences(most)
                        ? cancellation.why(most, log10Rounding(digits), digits + "-digit arithmetic") + " (in dJ / d"
                                + policy.parameterNames().get(most) + ")"
                        : "the differences of action values its terms take, which the doubles could not tell from "
                                + "their rounding, are all 0";
                return result(j, gradient.sum(), method(wide, digits, note));
            }
        }
    }

    /** The error for a component whose terms need more than {@link WideSolve#MOST_DIGITS} digits ({@code needed}). */
    private EvalError lost(String component, String why, int needed) {
        String need = needed == Integer.MAX_VALUE
                ? "they are beyond the range even of the arithmetic that could tell them"
                : "telling them needs the solve in about " + needed + "-digit arithmetic, beyond the "
                        + WideSolve.MOST_DIGITS + " digits it goes to";
        return new EvalError(policy.spec().span(), component + " on the task '" + mdp.name()
                + "' is lost to cancellation: " + why + ", as happens where the policy rarely leaves a set of states, "
                + "whose values then differ by far less than they are; " + need + "; " + component
                + " is not computed");
    }

    /**
     * k in the rounding k u |Q|(s, a) of an action value: a few units in the last place ({@link Cancellation}).
     */
    private double rounding() {
        return ROUNDING_UNITS * Cancellation.DOUBLE_ROUNDOFF;
    }

    /** log10(k u) for the arithmetic of {@code digits} digits (0: the doubles). */
    private double log10Rounding(int digits) {
        double units = Math.log10(ROUNDING_UNITS);
        return digits == 0 ? units + Math.log10(Cancellation.DOUBLE_ROUNDOFF) : units + WideSolve.roundoff(digits);
    }

    /** The likeliest action of every non-terminal state, by log pi (the first of equals). */
    private int[] likeliest(double[][] logPi) {
        int[] likeliest = new int[mdp.stateCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 1; a < mdp.actionCount(); a++) if (logPi[s][a] > logPi[s][likeliest[s]]) likeliest[s] = a;
        }
        return likeliest;
    }

    /**
     * The doubles' solution, or, where they cannot hold the solve, why not ({@code wide}), for {@link WideSolve}:
     * a probability is below the normal doubles, or J is more than the doubles span (2^2046) below action
     * values it depends on, so that scaled with them into the doubles it falls below them.
     */
    private record Route(Solution solution, String wide) {}

    /** @param forGradient whether the gradient is wanted, for which the solve gives its action values' sizes too */
    private Route route(double[][] pi, double[][] logPi, boolean everyState, boolean forGradient) {
        String below = belowTheDoubles(logPi);
        if (below != null) return new Route(null, below + " is below the doubles");
        Solution solution = solve(pi, logPi, everyState, forGradient);
        if (solution.scale > 0 && Math.abs(solution.value) < Double.MIN_NORMAL) {
            return new Route(null, "J is more than 2^2046 times smaller than action values it depends on");
        }
        return new Route(solution, null);
    }

    /**
     * "pi(a | s) = ..." for the smallest probability pi(a | s) &gt; 0 that is below the normal doubles, or null
     * when every positive one is a normal double.
     */
    private String belowTheDoubles(double[][] logPi) {
        int smallestState = -1, smallestAction = -1;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                double l = logPi[s][a];
                if (l > Double.NEGATIVE_INFINITY && !(Math.exp(l) >= Double.MIN_NORMAL)
                        && (smallestState < 0 || l < logPi[smallestState][smallestAction])) {
                    smallestState = s;
                    smallestAction = a;
                }
            }
        }
        if (smallestState < 0) return null;
        return "pi(" + mdp.actions().label(smallestAction) + " | " + mdp.stateName(smallestState) + ") = "
                + Text.exp(logPi[smallestState][smallestAction]);
    }

    /**
     * {@link WideSolve}'s solve, needed because of {@code why}, after the checks of the doubles' solve (a reached
     * state that never ends, a singular system), and that the MDP is small enough and its probabilities within
     * Dfp's range.
     */
    private WideSolve wideSolve(double[][] logPi, boolean everyState, String what, String why, int digits) {
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (logPi[s][a] > Double.NEGATIVE_INFINITY && logPi[s][a] < WideSolve.SMALLEST_LOG_PI) {
                    throw new EvalError(policy.spec().span(), "pi(" + mdp.actions().label(a) + " | " + mdp.stateName(s)
                            + ") = " + Text.exp(logPi[s][a]) + " (log pi = " + Text.number(logPi[s][a]) + ") is below "
                            + "the range even of the 40-digit arithmetic that J then needs (e^"
                            + Text.number(WideSolve.SMALLEST_LOG_PI) + "); J is not computed");
                }
            }
        }
        if (mdp.hasHorizon()) {
            requireSmall(what, why, digits, 0);
            return WideSolve.backward(mdp, logPi, digits, mixedSigns);
        }
        SystemStates states = systemStates(PolicyTable.possible(logPi), everyState);
        requireSmall(what, why, digits, states.size);
        WideSolve solve = WideSolve.linear(mdp, logPi, states.reached, states.index, states.size, digits, mixedSigns);
        if (solve == null) throw singular();
        return solve;
    }

    /** x as a double, or the error saying what it is where it is beyond them. */
    private double fit(Dfp x, String what, String method) {
        return Objectives.fit(x, what, mdp, method, policy);
    }

    /** That the solve of {@code what} in {@code digits} digits, needed because of {@code why}, is small enough. */
    private void requireSmall(String what, String why, int digits, int systemStates) {
        String tooLarge = WideSolve.whyTooLarge(mdp, systemStates, digits);
        if (tooLarge != null) {
            throw new EvalError(policy.spec().span(), what + " on the task '" + mdp.name() + "' needs the solve in "
                    + digits + "-digit arithmetic, as " + why + ", but " + tooLarge + "; "
                    + what + " is not computed");
        }
    }

    /** J = value 2^scale, or the error saying what it is when that is beyond the doubles. */
    private double objective(Solution solution) {
        return unscaled(solution.value, solution.scale, "J");
    }

    /**
     * {@code m 2^e} as a double; where it overflows although m is finite, an error that gives it in decimal
     * ("J is about -4.46799e+308") to the digits the rounding of the probabilities leaves certain
     * ({@link #certainDigits}), and says it is beyond the doubles.
     */
    private double unscaled(double m, int e, String what) {
        double x = Math.scalb(m, e);
        if (!(Double.isInfinite(x) && Double.isFinite(m))) return x;
        throw Objectives.beyondDoubles(what + " is about " + Text.scaled(m, e, certainDigits()), "", mdp, method(), policy);
    }

    /**
     * The significant digits of J (or a gradient entry) that the rounding of the probabilities leaves
     * certain: each probability, a normal double here, rounds with relative error delta = 2^-53, and the
     * solve keeps relative accuracy, its result moving by at most about 2 m delta for m states (times the
     * horizon's steps) by the entrywise bound for GTH elimination (O'Cinneide 1993).
     */
    private int certainDigits() {
        double m = (double) mdp.nonTerminalCount() * (mdp.hasHorizon() ? mdp.horizon() : 1);
        return (int) Math.floor(-Math.log10(2 * m * 0x1p-53));
    }

    /**
     * J, the state values V_0(s) (NaN for a non-terminal state left out of the linear solve), the action
     * values Q_t(s, a), the sizes of their rounding ({@link #size}; null unless the gradient is wanted) and the
     * visitation weights w_t(s) = gamma^t P(s_t = s); one time slice (t = 0, with the discounted visitation d) without
     * a horizon. Q is used only where pi(a | s) &gt; 0. J, V, Q and the sizes are the true ones times 2^-scale (scale 0
     * unless the plain solve overflowed).
     */
    private record Solution(double value, double[] values, double[][][] q, double[][][] sizes, double[][] weight,
            int scale) {}

    /**
     * @param everyState without a horizon, also solve for the states the policy does not reach (for
     *                   {@link #values}); J and the reached states' values are the same either way
     */
    private Solution solve(double[][] pi, double[][] logPi, boolean everyState, boolean sizes) {
        if (!mdp.hasHorizon()) return linearSolve(pi, PolicyTable.possible(logPi), everyState, sizes);
        return rescaled(scale -> backwardInduction(pi, scale, sizes), largestRewardExponent(), pi);
    }

    /**
     * The solve {@code at(0)}, or, where J or a Q that the gradient takes overflows, the solve again with the
     * rewards scaled by 2^-k for the least k that brings those within the doubles (to 2^1020 at most): k is
     * read from a solve with the largest reward, of binary exponent {@code top}, brought to 2^-1000, where they
     * all fit. The least k keeps the small numbers of the solve, J among them, normal doubles wherever the
     * doubles can hold its numbers at one scale at all ({@link #objective} says when they cannot).
     */
    private Solution rescaled(java.util.function.IntFunction<Solution> at, int top, double[][] pi) {
        Solution plain = at.apply(0);
        if (fits(plain, pi)) return plain;
        int far = Math.max(1, top + 1000);
        Solution measured = at.apply(far);
        if (!fits(measured, pi)) return plain;
        int k = Math.max(1, far + largestExponent(measured, pi) - 1020);
        if (k >= far) return measured;
        Solution scaled = at.apply(k);
        return fits(scaled, pi) ? scaled : measured;
    }

    /** Whether J and every Q_t(s, a) the gradient takes (w_t(s) != 0, pi(a | s) &gt; 0) are finite. */
    private static boolean fits(Solution solution, double[][] pi) {
        return largestExponent(solution, pi) <= Double.MAX_EXPONENT;
    }

    /** The largest binary exponent of J and of the Q_t(s, a) the gradient takes; more than 1023 where one is not finite. */
    private static int largestExponent(Solution solution, double[][] pi) {
        int largest = Math.getExponent(solution.value);
        for (int t = 0; t < solution.q.length; t++) {
            for (int s = 0; s < pi.length; s++) {
                if (solution.weight[t][s] == 0) continue;
                for (int a = 0; a < pi[s].length; a++) {
                    if (pi[s][a] > 0) largest = Math.max(largest, Math.getExponent(solution.q[t][s][a]));
                }
            }
        }
        return largest;
    }

    /** The binary exponent of the largest |R(s, a)|, or of 1 when every reward is 0. */
    private int largestRewardExponent() {
        double largest = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < mdp.actionCount(); a++) largest = Math.max(largest, Math.abs(mdp.reward(s, a)));
        }
        return largest > 0 ? Math.getExponent(largest) : 0;
    }

    /**
     * With every reward times 2^-scale; with {@code withSizes}, the sizes of the action values' rounding alongside
     * ({@link #size}; with rewards of both signs, from |V|_t, which is backward induction with |R| in place of R).
     */
    private Solution backwardInduction(double[][] pi, int scale, boolean withSizes) {
        int horizon = mdp.horizon();
        int n = mdp.stateCount();
        int actions = mdp.actionCount();
        double gamma = mdp.gamma();
        double[][][] q = new double[horizon][n][actions];
        double[][][] sizes = withSizes ? new double[horizon][n][actions] : null;
        boolean absolute = withSizes && mixedSigns;
        double[] later = new double[n], laterSizes = absolute ? new double[n] : null;
        double[] now = new double[n], nowSizes = absolute ? new double[n] : null;
        for (int t = horizon - 1; t >= 0; t--) {
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                double v = 0, size = 0;
                for (int a = 0; a < actions; a++) {
                    if (pi[s][a] == 0) continue;
                    if (!withSizes) {
                        q[t][s][a] = actionValue(s, a, later, gamma, scale);
                        v += pi[s][a] * q[t][s][a];
                        continue;
                    }
                    // actionValue and expectedSize in one pass over the outcomes, Q's sum in actionValue's order
                    double expected = 0, expectedSize = 0;
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        int next = mdp.nextState(s, a, k);
                        if (mdp.isTerminal(next)) continue;
                        double p = mdp.transitionProbability(s, a, k);
                        expected += p * later[next];
                        expectedSize += p * (laterSizes == null ? Math.abs(later[next]) : laterSizes[next]);
                    }
                    q[t][s][a] = Math.scalb(mdp.reward(s, a), -scale) + gamma * expected;
                    v += pi[s][a] * q[t][s][a];
                    double full = Math.scalb(Math.abs(mdp.reward(s, a)), -scale) + gamma * expectedSize;
                    sizes[t][s][a] = expectedSize == 0 ? 0 : full;
                    size += pi[s][a] * full;
                }
                now[s] = v;
                if (nowSizes != null) nowSizes[s] = size;
            }
            double[] swap = later;
            later = now;
            now = swap;
            if (absolute) {
                swap = laterSizes;
                laterSizes = nowSizes;
                nowSizes = swap;
            }
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
        return new Solution(value, values, q, sizes, weight, scale);
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

    /**
     * sum_{s'} P(s' | s, a) |V|(s') over the non-terminal s', |V| being {@code valueSizes} (with rewards of both
     * signs: the values with |R| in place of R) or, where that is null, |{@code values}| (rewards of one sign).
     */
    private double expectedSize(int s, int a, double[] values, double[] valueSizes) {
        double expected = 0;
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            int next = mdp.nextState(s, a, k);
            if (!mdp.isTerminal(next)) {
                double size = valueSizes == null ? Math.abs(values[next]) : valueSizes[next];
                expected += mdp.transitionProbability(s, a, k) * size;
            }
        }
        return expected;
    }

    /**
     * The size of the rounding of Q(s, a) 2^-scale ({@link Cancellation}): |Q|(s, a) = |R(s, a)| + gamma sum_{s'}
     * P(s' | s, a) |V|(s') (2^-scale) where Q(s, a) takes values of states, and 0 where that sum is 0, as Q(s, a) is
     * then R(s, a) exactly (an action into terminal states, the last step of a horizon).
     */
    private double size(int s, int a, double[] values, double[] valueSizes, int scale) {
        double expected = expectedSize(s, a, values, valueSizes);
        return expected == 0 ? 0 : Math.scalb(Math.abs(mdp.reward(s, a)), -scale) + mdp.gamma() * expected;
    }

    /**
     * The states of the Bellman system without a horizon: {@code index[s]} numbers them 0 .. size - 1 (-1 for
     * the others), and J sums over the {@code reached} ones.
     */
    private record SystemStates(boolean[] reached, int[] index, int size) {}

    /**
     * The reached states, and with {@code everyState} also those the policy does not reach, except, with
     * gamma 1, those from which it may never end; with gamma 1, a reached state that may never end is an error.
     */
    private SystemStates systemStates(boolean[][] possible, boolean everyState) {
        double gamma = mdp.gamma();
        if (gamma == 1) {
            int stuck = Reachability.stuckState(mdp, possible);
            if (stuck >= 0) {
                throw new EvalError(policy.spec().span(), "under this policy state '" + mdp.stateName(stuck)
                        + "' is reached but no terminal state can be reached from it (the actions leading there have "
                        + "probability 0); with gamma 1 and no horizon J is not finite");
            }
        }
        boolean[] reached = Reachability.reachable(mdp, possible);
        // every state the policy reaches ends surely (checked above), so the solved states include the reached ones
        boolean[] solved = !everyState ? reached : gamma < 1 ? null : Reachability.endsSurely(mdp, possible);
        int[] index = new int[mdp.stateCount()];
        int m = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) index[s] = solved == null || solved[s] ? m++ : -1;
        for (int s = mdp.nonTerminalCount(); s < index.length; s++) index[s] = -1;
        return new SystemStates(reached, index, m);
    }

    private EvalError singular() {
        return new EvalError(policy.spec().span(), "the Bellman system of mdp '" + mdp.name()
                + "' is singular under this policy; J is not finite");
    }

    /** V(s) from the solve's {@code v}: NaN for a non-terminal state left out, 0 in terminal states. */
    private double[] byState(double[] v, int[] index) {
        double[] values = new double[mdp.stateCount()];
        for (int s = 0; s < values.length; s++) {
            values[s] = index[s] >= 0 ? v[index[s]] : s < mdp.nonTerminalCount() ? Double.NaN : 0;
        }
        return values;
    }

    /** Q(s, a) 2^-scale for the solved states and the actions with pi(a | s) &gt; 0, from V 2^-scale. */
    private double[][] actionValues(double[][] pi, double[] values, int[] index, int scale) {
        double[][] q = new double[mdp.stateCount()][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (index[s] < 0) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] > 0) q[s][a] = actionValue(s, a, values, mdp.gamma(), scale);
            }
        }
        return q;
    }

    /** {@link #size} of every Q(s, a) that {@link #actionValues} gives. */
    private double[][] sizes(double[][] pi, double[] values, double[] valueSizes, int[] index, int scale) {
        double[][] sizes = new double[mdp.stateCount()][mdp.actionCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (index[s] < 0) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] > 0) sizes[s][a] = size(s, a, values, valueSizes, scale);
            }
        }
        return sizes;
    }

    /** J = sum_s mu_0(s) V(s) over the reached states, in state order. */
    private double startValue(double[] values, boolean[] reached) {
        double value = 0;
        for (int s = 0; s < values.length; s++) if (reached[s]) value += mdp.startProbability(s) * values[s];
        return value;
    }

    /**
     * @param sizes whether to give the sizes of the action values' rounding too ({@link #size}; with rewards of
     *              both signs, from |V|, which solves the system again with |R| in place of R)
     */
    private Solution linearSolve(double[][] pi, boolean[][] possible, boolean everyState, boolean sizes) {
        double gamma = mdp.gamma();
        SystemStates states = systemStates(possible, everyState);
        int[] index = states.index;
        boolean[] reached = states.reached;
        int n = mdp.stateCount();
        int m = states.size;
        // the system I - gamma P_pi as off-diagonal transitions and exits, for BellmanSolver
        double[][] transitions = new double[m][m];
        double[] exit = new double[m];
        double[] expectedReward = new double[m];
        double[] expectedSize = sizes && mixedSigns ? new double[m] : null;
        double[] start = new double[m];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            int i = index[s];
            if (i < 0) continue;
            start[i] = mdp.startProbability(s);
            double leaving = 0;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (pi[s][a] == 0) continue;
                expectedReward[i] += pi[s][a] * mdp.reward(s, a);
                if (expectedSize != null) expectedSize[i] += pi[s][a] * Math.abs(mdp.reward(s, a));
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
        if (!solver.nonSingular()) throw singular();
        double[] d = solver.solveTransposed(start);
        double[][] weight = new double[1][n];
        for (int s = 0; s < n; s++) if (index[s] >= 0) weight[0][s] = d[index[s]];
        // the rewards' scale is read from the reached states alone, so that table's system (every state) and the
        // objective's take the same
        double largest = 0;
        for (int s = 0; s < mdp.nonTerminalCount(); s++) {
            if (index[s] >= 0 && reached[s]) largest = Math.max(largest, Math.abs(expectedReward[index[s]]));
        }
        return rescaled(k -> {
            double[] values = byState(solver.solve(scaled(expectedReward, k)), index);
            double[] valueSizes = expectedSize == null ? null : byState(solver.solve(scaled(expectedSize, k)), index);
            double[][][] sizeOfQ = sizes ? new double[][][] {sizes(pi, values, valueSizes, index, k)} : null;
            return new Solution(startValue(values, reached), values,
                    new double[][][] {actionValues(pi, values, index, k)}, sizeOfQ, weight, k);
        }, largest > 0 ? Math.getExponent(largest) : 0, pi);
    }

    /** x 2^-k entry by entry (exact unless an entry falls below the normal doubles). */
    private static double[] scaled(double[] x, int k) {
        double[] scaled = x.clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] = Math.scalb(scaled[i], -k);
        return scaled;
    }

    /** The largest binary exponent of the entries of x; more than 1023 where one is not finite. */
    private static int largestExponent(double[] x) {
        int largest = Integer.MIN_VALUE;
        for (double v : x) largest = Math.max(largest, Math.getExponent(v));
        return largest;
    }
}
