package dev.policygrad.objective;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Lqr;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import dev.policygrad.render.Text;
import java.math.BigDecimal;
import org.apache.commons.math3.dfp.Dfp;

/**
 * J(theta) and its gradient by the best method available: exact for finite MDPs
 * ({@link ExactObjective}) and for a Gaussian-affine policy on LQR ({@link LqrObjective}); otherwise
 * a Monte Carlo estimate ({@link MonteCarloObjective}) whose note says why it is not exact.
 */
public final class Objectives {

    private Objectives() {}

    /**
     * @param episodes episodes for a Monte Carlo estimate (unused when exact)
     * @param seed     the run's seed for a Monte Carlo estimate (unused when exact)
     */
    public static ObjectiveResult evaluate(Environment environment, Policy policy, double[] theta, int episodes,
            long seed) {
        return evaluate(environment, policy, theta, episodes, seed, null);
    }

    /** Whether {@link #evaluate} computes J exactly here, rather than by Monte Carlo. */
    public static boolean exact(Environment environment, Policy policy) {
        return environment instanceof FiniteMdp || environment instanceof Lqr && LqrObjective.whyNotExact(policy) == null;
    }

    /**
     * As {@link #evaluate(Environment, Policy, double[], int, long)}, telling {@code progress} the
     * Monte Carlo episodes played (of {@link MonteCarloObjective#episodesToPlay}); null for none.
     */
    public static ObjectiveResult evaluate(Environment environment, Policy policy, double[] theta, int episodes,
            long seed, java.util.function.LongConsumer progress) {
        return evaluate(Task.of(policy, environment), Rollouts.onAllCores(), theta, episodes, seed, progress);
    }

    /** As above, with a Monte Carlo estimate played on {@code engine}. */
    public static ObjectiveResult evaluate(Task task, RolloutEngine engine, double[] theta, int episodes, long seed) {
        return evaluate(task, engine, theta, episodes, seed, null);
    }

    /** As above, telling {@code progress} the Monte Carlo episodes played (or null). */
    public static ObjectiveResult evaluate(Task task, RolloutEngine engine, double[] theta, int episodes, long seed,
            java.util.function.LongConsumer progress) {
        return requireFinite(unchecked(task, engine, theta, episodes, seed, progress), task.environment(),
                task.policy());
    }

    /**
     * As {@link #evaluate(Task, RolloutEngine, double[], int, long)} for verify's reference gradient, whose
     * seed ({@code ~seed} of the run) is deliberately not the estimate's, so that its episodes are
     * independent of the estimate's: the method says so ("reference seed -1, independent of the
     * estimate's") rather than a bare seed the user never gave.
     */
    public static ObjectiveResult evaluateReference(Task task, RolloutEngine engine, double[] theta, int episodes,
            long seed) {
        ObjectiveResult r = unchecked(task, engine, theta, episodes, seed, null);
        String method = r.method().replace("(seed " + seed + ")",
                "(reference seed " + seed + ", independent of the estimate's)");
        r = new ObjectiveResult(r.J(), r.gradient(), r.names(), method, r.standardError(), r.note(), r.gradientError(),
                r.gradientBias(), r.gradientErrors());
        return requireFinite(r, task.environment(), task.policy());
    }

    /**
     * The result, unless J or an entry of its gradient is not finite: then an error that names the
     * quantity, the task and how it was computed. Finite rewards and probabilities give a finite J
     * (with a horizon, or a discount below 1, or a policy that terminates), so a NaN or an infinity
     * here means something overflowed: a reward or a state too large for doubles.
     */
    static ObjectiveResult requireFinite(ObjectiveResult result, Environment environment, Policy policy) {
        String bad = null;
        if (!Double.isFinite(result.J())) {
            bad = "J is " + result.J();
        } else {
            double[] g = result.gradient();
            for (int i = 0; i < g.length && bad == null; i++) {
                if (!Double.isFinite(g[i])) bad = "dJ / d" + result.names().get(i) + " is " + g[i];
            }
        }
        if (bad == null && Double.isNaN(result.gradientError())) bad = "the standard error of the gradient is NaN";
        if (bad == null) return result;
        throw overflowed(bad + on(environment) + " (" + result.method() + ")", policy);
    }

    /**
     * J, unless it is not finite: then the error {@link #evaluate} gives for it, for a J computed
     * without its gradient ({@code method}: how, as {@link ObjectiveResult#method()} says).
     */
    public static double requireFinite(double j, String method, Environment environment, Policy policy) {
        if (Double.isFinite(j)) return j;
        throw overflowed("J is " + j + on(environment) + " (" + method + ")", policy);
    }

    /**
     * The error for a quantity that is not finite where finite inputs give finite values, so something
     * overflowed: {@code what} names it and where ("the reward at step 16 of episode 0 is -Infinity on the
     * task 'blow'"). Located at the policy, as every result of the task is the policy's.
     */
    public static dev.policygrad.diag.EvalError overflowed(String what, Policy policy) {
        return new dev.policygrad.diag.EvalError(policy.spec().span(), what
                + ": a reward, a state or a value overflowed the range of doubles");
    }

    /** Refuses a state s_t of an episode that is not finite, naming the step and the episode. */
    public static void requireFiniteState(double[] state, int t, int episode, Environment environment, Policy policy) {
        for (double x : state) {
            if (!Double.isFinite(x)) {
                throw overflowed("the state at step " + t + " of episode " + episode + " is not finite: s = "
                        + java.util.Arrays.toString(state) + on(environment), policy);
            }
        }
    }

    /**
     * Refuses step t of an episode when its action (checked when {@code action} is not null: a real
     * action's values), its reward or log pi(a_t | s_t) is not finite, naming the first and where.
     */
    public static void requireFiniteStep(double[] state, double[] action, double reward, double logPi, int t,
            int episode, Environment environment, Policy policy) {
        String at = " at step " + t + " of episode " + episode;
        for (double x : action == null ? new double[0] : action) {
            if (!Double.isFinite(x)) {
                throw overflowed("the action" + at + " is not finite: a = " + java.util.Arrays.toString(action)
                        + on(environment), policy);
            }
        }
        if (!Double.isFinite(reward)) {
            throw overflowed("the reward" + at + " is " + reward + " (at s = " + java.util.Arrays.toString(state) + ")"
                    + on(environment), policy);
        }
        if (!Double.isFinite(logPi)) throw overflowed("log pi" + at + " is " + logPi + on(environment), policy);
    }

    /**
     * Refuses recorded episode {@code episode} when a state, a real action, a reward, log pi (when
     * {@code logPi} is not null) or the discounted return so far is not finite, naming the first by step:
     * {@code observations} holds its T + 1 states of {@code d} values, {@code actions} its T actions of
     * {@code k} (checked when {@code realActions}).
     */
    public static void requireFiniteEpisode(int episode, int length, double[] observations, int d, double[] actions,
            int k, boolean realActions, double[] rewards, double[] logPi, Environment environment, Policy policy) {
        double g = 0, discount = 1;
        for (int t = 0; t <= length; t++) {
            double[] state = java.util.Arrays.copyOfRange(observations, t * d, t * d + d);
            requireFiniteState(state, t, episode, environment, policy);
            if (t == length) break;
            double[] action = realActions ? java.util.Arrays.copyOfRange(actions, t * k, t * k + k) : null;
            requireFiniteStep(state, action, rewards[t], logPi == null ? 0 : logPi[t], t, episode, environment, policy);
            g += discount * rewards[t];
            discount *= environment.gamma();
            requireFiniteReturn(g, t, episode, environment, policy);
        }
    }

    /**
     * The error for a quantity that is finite but beyond the range of doubles: {@code what} says what it
     * is ("J is about -4.46799e+308"), on the task, computed as {@code method} says, and {@code note} ends
     * the message (empty, or "; ..."). Located at the policy.
     */
    public static dev.policygrad.diag.EvalError beyondDoubles(String what, String note, Environment environment,
            String method, Policy policy) {
        return new dev.policygrad.diag.EvalError(policy.spec().span(), what + on(environment) + " (" + method
                + "): beyond the range of doubles (magnitudes up to 1.8e308)" + note);
    }

    /**
     * x, a result computed in {@link Dfp} arithmetic, as the nearest double; where it is beyond the doubles,
     * the error that says what it is ({@code what} names it: "J is about -1.72673e+330"), to the command's
     * digits, and where it is beyond even Dfp's range (10^131068), the error that says so.
     */
    static double fit(Dfp x, String what, Environment environment, String method, Policy policy) {
        if (x.isNaN() || x.isInfinite()) {
            throw beyondDoubles(what, " and even beyond the range of its 40-digit arithmetic (magnitudes up to 1e131068)",
                    environment, method, policy);
        }
        BigDecimal exact = new BigDecimal(x.toString());
        double nearest = exact.doubleValue();
        if (Double.isInfinite(nearest)) {
            throw beyondDoubles(what + " is about " + Text.scientific(exact, Text.ALL_DIGITS), "", environment, method, policy);
        }
        return nearest;
    }

    /** x as the nearest double: +-Infinity beyond the doubles (NaN for a NaN). */
    static double toDouble(Dfp x) {
        if (x.isNaN()) return Double.NaN;
        if (x.isInfinite()) return x.strictlyNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return new BigDecimal(x.toString()).doubleValue();
    }

    /** Refuses a discounted return of finite rewards, summed to step t, that is not finite. */
    public static void requireFiniteReturn(double discountedReturn, int t, int episode, Environment environment,
            Policy policy) {
        if (!Double.isFinite(discountedReturn)) {
            throw overflowed("the return of episode " + episode + " is " + discountedReturn + " by step " + t
                    + on(environment) + " (each reward is finite)", policy);
        }
    }

    private static String on(Environment environment) {
        return " on the task '" + environment.name() + "'";
    }

    private static ObjectiveResult unchecked(Task task, RolloutEngine engine, double[] theta, int episodes, long seed,
            java.util.function.LongConsumer progress) {
        Environment environment = task.environment();
        Policy policy = task.policy();
        if (environment instanceof FiniteMdp mdp) return new ExactObjective(mdp, policy).evaluate(theta);
        String why = null;
        if (environment instanceof Lqr lqr) {
            why = LqrObjective.whyNotExact(policy);
            if (why == null) return LqrObjective.of(lqr, policy).evaluate(theta);
        }
        ObjectiveResult estimate = new MonteCarloObjective(task, engine).evaluate(theta, episodes, seed, progress);
        if (why == null) return estimate;
        return new ObjectiveResult(estimate.J(), estimate.gradient(), estimate.names(), estimate.method(),
                estimate.standardError(), "not exact because " + why + ". " + estimate.note(), estimate.gradientError(),
                estimate.gradientBias(), estimate.gradientErrors());
    }
}
