package dev.policygrad.objective;

import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Task;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.List;

/**
 * A reference gradient of J for tasks without an exact J: central finite differences
 * g_i = (J(theta + h_i e_i) - J(theta - h_i e_i)) / 2h_i, each J a plain Monte Carlo mean over its own
 * independent episodes (2P runs with 2P unrelated seeds, no common random numbers). Because nothing is
 * replayed, the sampled actions need not be smooth in theta: the estimate is unbiased for the secant
 * (J(theta + h) - J(theta - h)) / 2h, which differs from dJ/dtheta_i by h^2/6 d^3J/dtheta_i^3 + O(h^4).
 *
 * <p>Its variance is Var(g_i) = (Var G(theta + h e_i) + Var G(theta - h e_i)) / (4 h_i^2 n_i), so
 * reaching a standard error s takes n_i = (sigma_+^2 + sigma_-^2) / (4 h_i^2 s^2) episodes per side. A
 * pilot of {@link #PILOT} episodes per side (from seeds of its own) estimates sigma_+-, then n_i is set
 * from it, at least the pilot and at most {@code maxEpisodes}; the run's result says how many episodes
 * it took and the standard error each component reached, which the T^2 test then includes. Every pilot
 * runs first, so a caller that needs the errors below a bound learns from them alone when the capped run
 * cannot get there, and need not play it ({@link Result#stoppedAfterPilot}).
 */
public final class IndependentDifferences {

    /** Pilot episodes per side and component. */
    public static final int PILOT = 2000;

    /** The step, relative to max(1, |theta_i|): a compromise between the h^2 secant bias and 1/h noise. */
    public static final double RELATIVE_STEP = 0.05;

    /**
     * @param gradient        the estimate of grad J
     * @param standardErrors  each component's standard error
     * @param episodes        the episodes played in all, pilot included
     * @param perSide         n_i, the episodes at each of theta +- h_i e_i
     * @param steps           h_i
     * @param reached         whether every component reached the requested standard error
     * @param J               the mean of the 2P final means: J(theta) up to O(h^2)
     * @param JError          its standard error
     * @param needed          the episodes per side the noisiest component needs for the requested standard
     *                        error, as its pilot estimates (sigma_+^2 + sigma_-^2) / (4 h^2 s^2); may exceed
     *                        any cap, and is what a user asking for that standard error should expect to play
     * @param stoppedAfterPilot the run stopped after the pilots (the others could not bring the errors below
     *                        the caller's bound): gradient and errors are the pilots'
     */
    public record Result(double[] gradient, double[] standardErrors, long episodes, long[] perSide, double[] steps,
            boolean reached, double J, double JError, double needed, boolean stoppedAfterPilot) {

        public double largestStandardError() {
            double worst = 0;
            for (double s : standardErrors) worst = Math.max(worst, s);
            return worst;
        }
    }

    private IndependentDifferences() {}

    /**
     * The gradient at theta to standard error {@code targetError} per component (or as close as
     * {@code maxEpisodes} per side allows), with seeds derived from {@code seed}.
     */
    public static Result of(Task task, RolloutEngine engine, double[] theta, long seed, double targetError,
            long maxEpisodes) {
        return of(task, engine, theta, seed, targetError, maxEpisodes, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #of(Task, RolloutEngine, double[], long, double, long)}, but when the pilots show that
     * some component would end above {@code uselessAbove} even with {@code maxEpisodes} per side (its
     * standard error there being sqrt((sigma_+^2 + sigma_-^2) / (4 h^2 n))), the run stops after the
     * pilots and returns their differences ({@link Result#stoppedAfterPilot}): a caller that needs the
     * errors below that bound learns it without playing the rest. Every run has its own seed, so a run
     * that goes on gives the same bits as without the bound.
     */
    public static Result of(Task task, RolloutEngine engine, double[] theta, long seed, double targetError,
            long maxEpisodes, double uselessAbove) {
        if (!(targetError > 0)) throw new IllegalArgumentException("the target standard error must be positive");
        int p = theta.length;
        double[] h = new double[p];
        MonteCarloObjective.ReturnEstimate[] pilotsPlus = new MonteCarloObjective.ReturnEstimate[p];
        MonteCarloObjective.ReturnEstimate[] pilotsMinus = new MonteCarloObjective.ReturnEstimate[p];
        long[] perSide = new long[p];
        boolean reached = true;
        boolean useless = false;
        double neededMost = 0;
        for (int i = 0; i < p; i++) {
            h[i] = RELATIVE_STEP * Math.max(1, Math.abs(theta[i]));
            double[] plus = shifted(theta, i, h[i]);
            double[] minus = shifted(theta, i, -h[i]);
            MonteCarloObjective.ReturnEstimate pilotPlus = run(task, engine, plus, seed(seed, i, 0), PILOT);
            MonteCarloObjective.ReturnEstimate pilotMinus = run(task, engine, minus, seed(seed, i, 1), PILOT);
            pilotsPlus[i] = pilotPlus;
            pilotsMinus[i] = pilotMinus;
            double variance = PILOT * (square(pilotPlus.standardError()) + square(pilotMinus.standardError()));
            if (!Double.isFinite(variance) || !Double.isFinite(pilotPlus.mean()) || !Double.isFinite(pilotMinus.mean())) {
                // an episode overflowed: name it, rather than planning a run of NaN (that is, 0) episodes
                overflowed(task, engine, plus, seed(seed, i, 0), "+", i, seed);
                overflowed(task, engine, minus, seed(seed, i, 1), "-", i, seed);
                throw Objectives.overflowed("the variance of J at theta +- h e_" + i + " is " + variance + " in the "
                        + "reference's pilot of " + PILOT + " episodes per side (reference seed " + seed
                        + ", independent of the estimate's)" + " on the task '" + task.environment().name() + "'",
                        task.policy());
            }
            double needed = Math.ceil(variance / (4 * h[i] * h[i] * targetError * targetError));
            neededMost = Math.max(neededMost, needed);
            if (needed > maxEpisodes && maxEpisodes == Integer.MAX_VALUE) {
                // the cap of a requested standard error: no run of this engine reaches it, so say so now
                // rather than play 2^32 episodes for a component that stays short of it
                throw new dev.policygrad.diag.UsageError("a reference standard error of " + String.format("%.3g",
                        targetError) + " needs about " + String.format("%.2g", needed) + " episodes at each of theta "
                        + "+- h e_" + i + " (estimated from a pilot of " + PILOT + " per side), more than the " + (long)
                        Integer.MAX_VALUE + " a run can play; at that many, its standard error would be about "
                        + String.format("%.2g", targetError * Math.sqrt(needed / Integer.MAX_VALUE)));
            }
            long n = (long) Math.max(PILOT, Math.min((double) maxEpisodes, needed));
            if (needed > maxEpisodes) reached = false;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("more than 2^31 episodes per side: " + n);
            perSide[i] = n;
            if (Math.sqrt(variance / (4 * h[i] * h[i] * n)) > uselessAbove) useless = true;
        }
        if (useless) return fromPilots(pilotsPlus, pilotsMinus, h, neededMost);
        double[] gradient = new double[p];
        double[] errors = new double[p];
        long episodes = 2L * p * PILOT;
        double meanJ = 0;
        double varianceJ = 0;
        for (int i = 0; i < p; i++) {
            int n = (int) perSide[i];
            MonteCarloObjective.ReturnEstimate up = run(task, engine, shifted(theta, i, h[i]), seed(seed, i, 2), n);
            MonteCarloObjective.ReturnEstimate down = run(task, engine, shifted(theta, i, -h[i]), seed(seed, i, 3), n);
            episodes += 2L * n;
            gradient[i] = (up.mean() - down.mean()) / (2 * h[i]);
            errors[i] = Math.sqrt(square(up.standardError()) + square(down.standardError())) / (2 * h[i]);
            meanJ += (up.mean() + down.mean()) / (2 * p);
            varianceJ += (square(up.standardError()) + square(down.standardError())) / square(2.0 * p);
        }
        return new Result(gradient, errors, episodes, perSide, h, reached, meanJ, Math.sqrt(varianceJ), neededMost,
                false);
    }

    /** The pilots' differences as the result, for a run stopped after them. */
    private static Result fromPilots(MonteCarloObjective.ReturnEstimate[] plus, MonteCarloObjective.ReturnEstimate[] minus,
            double[] h, double needed) {
        int p = h.length;
        double[] gradient = new double[p];
        double[] errors = new double[p];
        long[] perSide = new long[p];
        double meanJ = 0;
        double varianceJ = 0;
        for (int i = 0; i < p; i++) {
            gradient[i] = (plus[i].mean() - minus[i].mean()) / (2 * h[i]);
            errors[i] = Math.sqrt(square(plus[i].standardError()) + square(minus[i].standardError())) / (2 * h[i]);
            perSide[i] = PILOT;
            meanJ += (plus[i].mean() + minus[i].mean()) / (2 * p);
            varianceJ += (square(plus[i].standardError()) + square(minus[i].standardError())) / square(2.0 * p);
        }
        return new Result(gradient, errors, 2L * p * PILOT, perSide, h, false, meanJ, Math.sqrt(varianceJ), needed,
                true);
    }

    private static double[] shifted(double[] theta, int i, double by) {
        double[] x = theta.clone();
        x[i] += by;
        return x;
    }

    /** The located overflow of the reference's pilot at theta +- h e_i, said to be the reference's; none: returns. */
    private static void overflowed(Task task, RolloutEngine engine, double[] at, long pilotSeed, String side, int i,
            long seed) {
        try {
            FiniteEpisodes.locate(task, engine, at, pilotSeed, PILOT);
        } catch (dev.policygrad.diag.EvalError e) {
            throw new dev.policygrad.diag.EvalError(e.span(), "in the reference's episodes at theta " + side + " h e_" + i
                    + " (reference seed " + seed + ", independent of the estimate's): " + e.getMessage());
        }
    }

    /** As an objective result, for the reports that print one. */
    public static ObjectiveResult asObjective(Result r, Policy policy, double targetError, long seed) {
        List<String> names = policy.parameterNames();
        long minimum = Long.MAX_VALUE;
        long maximum = 0;
        for (long n : r.perSide()) {
            minimum = Math.min(minimum, n);
            maximum = Math.max(maximum, n);
        }
        String method = "monte carlo: central differences of J with independent episodes at theta +- h e_i "
                + "(h = " + RELATIVE_STEP + " max(1, |theta_i|), seed " + seed + "), " + r.episodes() + " episodes in all ("
                + (minimum == maximum ? minimum : minimum + " to " + maximum) + " per side of each component)";
        String note = "target standard error " + String.format("%.3g", targetError) + "; largest reached "
                + String.format("%.3g", r.largestStandardError()) + "."
                + (r.stoppedAfterPilot() ? " Only the pilots were played."
                        : r.reached() ? "" : " The episode cap stopped some components short of the target.")
                + " The secant differs from dJ/dtheta by about h^2/6 d^3J/dtheta^3, not included in the error.";
        return new ObjectiveResult(r.J(), r.gradient(), names, method, r.JError(), note,
                r.largestStandardError(), "", r.standardErrors());
    }

    private static MonteCarloObjective.ReturnEstimate run(Task task, RolloutEngine engine, double[] theta, long seed,
            int episodes) {
        EpisodeStatistics s = engine.run(new RolloutJob<>(task, theta, seed, episodes,
                new MonteCarloObjective.Returns()), null);
        return MonteCarloObjective.estimate(s.get(MonteCarloObjective.RETURN), 0, s.counter(MonteCarloObjective.CUT));
    }

    /** An unrelated seed for component i's run {@code k} (pilot +, pilot -, final +, final -). */
    static long seed(long seed, int i, int k) {
        return EpisodeSeeds.random(seed, -1L - (4L * i + k)).nextLong();
    }

    private static double square(double x) {
        return x * x;
    }
}
