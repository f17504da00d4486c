package dev.policygrad.objective;

import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.env.FormulaEnvironment;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import dev.policygrad.stats.EpisodeStatistics;
import dev.policygrad.stats.Moments;

/**
 * J(theta) estimated from N sampled episodes, for environments without an exact solution
 * (CartPole, formula environments, LQR under a policy that is not Gaussian-affine), with its
 * standard error sd(G) / sqrt(N); and its gradient by central finite differences, in two forms.
 * Every episode is played by the one rollout engine ({@link Rollouts} or Spark), as a
 * {@link RolloutJob} whose result does not depend on the engine.
 *
 * <p>{@link #evaluate}: common random numbers. Episode n replays the same random stream
 * ({@link EpisodeSeeds}) at theta + h e_i and theta - h e_i, so much of the sampling noise cancels in
 * the difference. Each side's episodes still follow that side's policy, so the mean difference is
 * unbiased for the secant (J(theta + h) - J(theta - h)) / 2h, whatever the actions: for a Gaussian
 * policy (the action is mean + std * z with z drawn once) the episode is a smooth function of theta and
 * a small h (1e-4) gives dJ/dtheta to O(h^2); for discrete actions each sampled action is a step
 * function of theta, the difference is 0 until an action flips and large when it does, so its variance
 * grows like 1/h and the step is 0.05, whose secant differs from dJ/dtheta by about h^2/6 d^3J/dtheta^3.
 *
 * <p>{@link SampledDifferences}: the reference gradient for tasks without an exact J, played to a
 * target standard error, each component on common random numbers or on independent episodes,
 * whichever its pilot finds less noisy.
 */
public final class MonteCarloObjective {

    /** An estimate of J: the mean return over N episodes, its standard error, and how many were cut at a cap. */
    public record ReturnEstimate(double mean, double standardError, int episodes, int cutAtCap) {}

    /** The vector of returns and of CRN differences, and the counter of cut episodes. */
    static final String RETURN = "return";
    static final String DIFFERENCE = "difference";
    static final String CUT = "cut";

    private final Task task;
    private final RolloutEngine engine;

    public MonteCarloObjective(Environment environment, Policy policy) {
        this(Task.of(policy, environment), Rollouts.onAllCores());
    }

    public MonteCarloObjective(Task task, RolloutEngine engine) {
        Environment environment = task.environment();
        Policy policy = task.policy();
        if (environment.observationSize() != policy.stateSize()) {
            throw new IllegalArgumentException("the environment shows " + environment.observationSize()
                    + " state values; the policy reads " + policy.stateSize());
        }
        this.task = task;
        this.engine = engine;
    }

    /** The mean discounted return over episodes 0 .. episodes-1 of the run {@code seed}. */
    public ReturnEstimate value(double[] theta, int episodes, long seed) {
        EpisodeStatistics s = engine.run(new RolloutJob<>(task, theta, seed, episodes, new Returns()), null);
        return estimate(s.get(RETURN), 0, s.counter(CUT));
    }

    /**
     * J and its gradient: J from {@code episodes} episodes, each gradient component from
     * (J(theta + h e_i) - J(theta - h e_i)) / 2h over the same episodes (common random numbers).
     */
    public ObjectiveResult evaluate(double[] theta, int episodes, long seed) {
        return evaluate(theta, episodes, seed, null);
    }

    /** The episodes {@link #evaluate} plays: one batch at theta and two per parameter. */
    public static long episodesToPlay(int parameters, int episodes) {
        return (long) episodes * (1 + 2L * parameters);
    }

    /**
     * As {@link #evaluate(double[], int, long)}, telling {@code progress} (from any thread, or null)
     * how many of the {@link #episodesToPlay} episodes have been played (once, when the job is done).
     */
    public ObjectiveResult evaluate(double[] theta, int episodes, long seed, java.util.function.LongConsumer progress) {
        if (episodes < 2) throw new IllegalArgumentException("need at least 2 episodes, got " + episodes);
        Policy policy = task.policy();
        boolean discrete = policy.actions().isDiscrete();
        double relativeStep = discrete ? 0.05 : 1e-4;
        double[] h = new double[theta.length];
        for (int i = 0; i < h.length; i++) h[i] = relativeStep * Math.max(1, Math.abs(theta[i]));
        EpisodeStatistics s = engine.run(new RolloutJob<>(task, theta, seed, episodes, new CommonRandomDifferences(h)),
                null);
        ReturnEstimate j = estimate(s.get(RETURN), 0, s.counter(CUT));
        Moments differences = s.get(DIFFERENCE);
        double[] gradient = differences.mean();
        double largestError = 0;
        double[] errors = new double[gradient.length];
        for (int i = 0; i < gradient.length; i++) {
            errors[i] = Math.sqrt(differences.variance(i) / episodes);
            largestError = Math.max(largestError, errors[i]);
        }
        String method = "monte carlo: J from " + episodes + " episodes (seed " + seed + "); gradient by central "
                + "differences with common random numbers (h = " + relativeStep + " max(1, |theta_i|))";
        if (progress != null) progress.accept(episodesToPlay(theta.length, episodes));
        return new ObjectiveResult(j.mean(), gradient, policy.parameterNames(), method, j.standardError(),
                note(discrete, largestError, j.cutAtCap()), largestError, "", errors);
    }

    private String note(boolean discrete, double largestError, int cut) {
        Environment environment = task.environment();
        StringBuilder note = new StringBuilder("largest standard error of a gradient component: "
                + String.format("%.3g", largestError) + ".");
        if (discrete) {
            note.append(" The actions are discrete, so h is large: the differences are unbiased for the secant "
                    + "(J(theta + h e_i) - J(theta - h e_i)) / 2h, which differs from dJ/dtheta by about h^2/6 "
                    + "d^3J/dtheta^3, not included in the error.");
        } else if (environment instanceof FormulaEnvironment f && f.hasDone()) {
            note.append(" Episodes end when 'done' becomes true, which can switch discontinuously with theta: "
                    + "where it does, an episode's return jumps between theta +- h, rarely at so small an h but by "
                    + "up to the return over 2h, so the differences, unbiased for the secant, have a heavy tail "
                    + "that a short run may not sample, and their error may be understated.");
        }
        if (cut > 0) note.append(" ").append(cutNote(environment, cut));
        return note.toString();
    }

    static String cutNote(Environment environment, long cut) {
        return cut + " episode(s) did not finish and were cut at the " + environment.horizon() + "-step cap, which "
                + "biases J" + (environment.gamma() < 1 ? " by at most gamma^cap times the size of the later rewards."
                        : ".");
    }

    static ReturnEstimate estimate(Moments returns, int dimension, long cut) {
        long n = returns.count();
        double se = n > 1 ? Math.sqrt(returns.variance(dimension) / n) : Double.POSITIVE_INFINITY;
        return new ReturnEstimate(returns.mean(dimension), se, (int) n, (int) cut);
    }

    /** G(tau) per episode, and the episodes cut at the environment's cap. */
    static final class Returns implements ReturnTally {
        private static final long serialVersionUID = 1L;

        @Override
        public EpisodeStatistics start() {
            return new EpisodeStatistics().vector(RETURN, 1, false);
        }

        @Override
        public void add(long index, Worker worker, EpisodeStatistics s) {
            s.get(RETURN).add(worker.episode.totalReturn());
            if (worker.cutAtCap()) s.count(CUT, 1);
        }
    }

    /**
     * G(tau_n) at theta, and per component i (G_n(theta + h_i e_i) - G_n(theta - h_i e_i)) / 2h_i with
     * episode n's random stream replayed at both points.
     */
    record CommonRandomDifferences(double[] h) implements ReturnTally {
        private static final long serialVersionUID = 1L;

        @Override
        public EpisodeStatistics start() {
            return new EpisodeStatistics().vector(RETURN, 1, false).vector(DIFFERENCE, h.length, false);
        }

        @Override
        public void add(long index, Worker worker, EpisodeStatistics s) {
            s.get(RETURN).add(worker.episode.totalReturn());
            if (worker.cutAtCap()) s.count(CUT, 1);
            double[] x = worker.theta().clone();
            double[] row = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                double at = x[i];
                x[i] = at + h[i];
                worker.play(x, index);
                double plus = worker.episode.totalReturn();
                x[i] = at - h[i];
                worker.play(x, index);
                double minus = worker.episode.totalReturn();
                x[i] = at;
                row[i] = (plus - minus) / (2 * h[i]);
            }
            s.get(DIFFERENCE).add(row);
        }
    }

    Task task() {
        return task;
    }

    RolloutEngine engine() {
        return engine;
    }
}
