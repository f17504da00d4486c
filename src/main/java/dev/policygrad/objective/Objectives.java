package dev.policygrad.objective;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Lqr;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;

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
            long seed, java.util.function.IntConsumer progress) {
        return evaluate(Task.of(policy, environment), Rollouts.onAllCores(), theta, episodes, seed, progress);
    }

    /** As above, with a Monte Carlo estimate played on {@code engine}. */
    public static ObjectiveResult evaluate(Task task, RolloutEngine engine, double[] theta, int episodes, long seed) {
        return evaluate(task, engine, theta, episodes, seed, null);
    }

    /** As above, telling {@code progress} the Monte Carlo episodes played (or null). */
    public static ObjectiveResult evaluate(Task task, RolloutEngine engine, double[] theta, int episodes, long seed,
            java.util.function.IntConsumer progress) {
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
                estimate.standardError(), "not exact because " + why + ". " + estimate.note(), estimate.gradientError());
    }
}
