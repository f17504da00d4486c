package dev.policygrad.objective;

import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import dev.policygrad.stats.EpisodeStatistics;
import dev.policygrad.stats.Moments;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference gradient of J for tasks without an exact J: central finite differences
 * g_i = (J(theta + h_i e_i) - J(theta - h_i e_i)) / 2h_i, each J a plain Monte Carlo mean. Whatever
 * the coupling of the two sides' episodes, each side's episodes have exactly the distribution of that
 * side's policy, so by linearity of expectation the estimate is unbiased for the secant
 * (J(theta + h) - J(theta - h)) / 2h, which differs from dJ/dtheta_i by h^2/6 d^3J/dtheta_i^3 + O(h^4).
 * Sampled actions need not be smooth in theta for this: a discrete action, a step function of theta
 * for a fixed random stream, only changes how noisy the difference is.
 *
 * <p>The two sides of a component are played in one of two ways, whichever its pilot finds less noisy
 * (the choice rests on the pilot's episodes alone, which the final run does not reuse, so the final
 * estimate stays unbiased):
 * <ul>
 * <li><b>paired</b> (common random numbers): episode n of one seed at theta + h e_i and at theta - h e_i,
 * each drawing from the same stream ({@link EpisodeSeeds}), so their returns are correlated and much of
 * the noise cancels; Var(g_i) = Var(G_+ - G_-) / (4 h_i^2 n_i);
 * <li><b>independent</b>: each side from a seed of its own; Var(g_i) = (Var G_+ + Var G_-) / (4 h_i^2 n_i).
 * </ul>
 * Both cost 2 n_i episodes, so the one with the smaller variance is the cheaper for any target: paired
 * wins whenever the sides' returns are positively correlated, Cov(G_+, G_-) &gt; 0, which the common
 * stream makes the rule (for CartPole's linear softmax at h = 0.05 the pilots find Var(G_+ - G_-) about
 * half of Var G_+ + Var G_-: the trajectories part after a few dozen steps).
 *
 * <p>Reaching a standard error s takes n_i = v_i / (4 h_i^2 s^2) episodes per side, v_i the chosen
 * form's variance. A pilot of {@link #PILOT} pairs (paired, from a seed of its own) estimates Var G_+,
 * Var G_- and Var(G_+ - G_-) at once. Paired differences are mostly 0 with a heavy tail (the sides part
 * after an action flips), so a pilot's Var(G_+ - G_-) is often low: the plan takes it plus twice its
 * standard error, sqrt(Var(d^2) / n) with d = G_+ - G_- (its mean, far below its spread, taken as 0),
 * which on CartPole at W = 0 brought the largest standard error reached for a target of 0.15 from 0.208
 * to 0.165 for 27% more episodes. n_i is then set from it, at least the pilot and at most
 * {@code maxEpisodes}; the run's result says how many episodes it took and the standard error each
 * component reached, which the T^2 test then includes. Every pilot runs first, so a caller that needs
 * the errors below a bound learns from them alone when the capped run cannot get there, and need not
 * play it ({@link Result#stoppedAfterPilot}).
 */
public final class SampledDifferences {

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
     * @param paired          whether component i's sides were played on common random numbers (else
     *                        independently); after the pilots alone, every component is paired
     * @param reached         whether every component reached the requested standard error
     * @param J               the mean of the 2P final means: J(theta) up to O(h^2)
     * @param JError          its standard error
     * @param needed          the episodes per side the noisiest component needs for the requested standard
     *                        error, v_i / (4 h^2 s^2) with v_i from the final run (from the pilot where only the
     *                        pilots were played); may exceed any cap, and is what a user asking for that
     *                        standard error should expect to play
     * @param stoppedAfterPilot the run stopped after the pilots (the others could not bring the errors below
     *                        the caller's bound): gradient and errors are the pilots'
     */
    public record Result(double[] gradient, double[] standardErrors, long episodes, long[] perSide, double[] steps,
            boolean[] paired, boolean reached, double J, double JError, double needed, boolean stoppedAfterPilot) {

        public double largestStandardError() {
            double worst = 0;
            for (double s : standardErrors) worst = Math.max(worst, s);
            return worst;
        }
    }

    private SampledDifferences() {}

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
     * standard error there being sqrt(v_i / (4 h^2 n))), the run stops after the pilots and returns their
     * differences ({@link Result#stoppedAfterPilot}): a caller that needs the errors below that bound
     * learns it without playing the rest. Every run has its own seed, so a run that goes on gives the same
     * bits as without the bound.
     */
    public static Result of(Task task, RolloutEngine engine, double[] theta, long seed, double targetError,
            long maxEpisodes, double uselessAbove) {
        if (!(targetError > 0)) throw new IllegalArgumentException("the target standard error must be positive");
        int p = theta.length;
        double[] h = new double[p];
        Sides[] pilots = new Sides[p];
        boolean[] paired = new boolean[p];
        long[] perSide = new long[p];
        boolean reached = true;
        boolean useless = false;
        double neededMost = 0;
        for (int i = 0; i < p; i++) {
            h[i] = RELATIVE_STEP * Math.max(1, Math.abs(theta[i]));
            Sides pilot = pairedRun(task, engine, theta, i, h[i], seed(seed, i, 0), PILOT);
            pilots[i] = pilot;
            if (!pilot.finite()) {
                // an episode overflowed: name it, rather than planning a run of NaN (that is, 0) episodes
                overflowed(task, engine, shifted(theta, i, h[i]), seed(seed, i, 0), "+", i, seed);
                overflowed(task, engine, shifted(theta, i, -h[i]), seed(seed, i, 0), "-", i, seed);
                throw Objectives.overflowed("the variance of J at theta +- h e_" + i + " is not finite in the "
                        + "reference's pilot of " + PILOT + " episodes per side (reference seed " + seed
                        + ", independent of the estimate's)" + " on the task '" + task.environment().name() + "'",
                        task.policy());
            }
            paired[i] = pilot.differenceVariance() <= pilot.independentVariance();
            double variance = paired[i] ? pilot.plannedDifferenceVariance() : pilot.independentVariance();
            double needed = episodesFor(variance, h[i], targetError);
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
        if (useless) {
            java.util.Arrays.fill(paired, true);
            return result(pilots, h, paired, 2L * p * PILOT, false, neededMost, true);
        }
        Sides[] finals = new Sides[p];
        long episodes = 2L * p * PILOT;
        double neededFinal = 0;
        for (int i = 0; i < p; i++) {
            int n = (int) perSide[i];
            finals[i] = paired[i] ? pairedRun(task, engine, theta, i, h[i], seed(seed, i, 2), n)
                    : independentRun(task, engine, theta, i, h[i], seed(seed, i, 2), seed(seed, i, 3), n);
            episodes += 2L * n;
            // the final run has at least the pilot's episodes: its variance is the better guide to what the
            // target costs (paired differences are heavy-tailed, mostly 0, so a pilot can miss their tail)
            double variance = paired[i] ? finals[i].differenceVariance() : finals[i].independentVariance();
            neededFinal = Math.max(neededFinal, episodesFor(variance, h[i], targetError));
        }
        return result(finals, h, paired, episodes, reached, neededFinal, false);
    }

    private static Result result(Sides[] runs, double[] h, boolean[] paired, long episodes, boolean reached,
            double needed, boolean stoppedAfterPilot) {
        int p = h.length;
        double[] gradient = new double[p];
        double[] errors = new double[p];
        long[] perSide = new long[p];
        double meanJ = 0;
        double varianceJ = 0;
        for (int i = 0; i < p; i++) {
            Sides r = runs[i];
            gradient[i] = r.difference() / (2 * h[i]);
            double variance = paired[i] ? r.differenceVariance() : r.independentVariance();
            errors[i] = Math.sqrt(variance / r.n()) / (2 * h[i]);
            perSide[i] = r.n();
            meanJ += (r.plus().mean(0) + r.minus().mean(0)) / (2 * p);
            varianceJ += r.sumVariance(paired[i]) / r.n() / square(2.0 * p);
        }
        return new Result(gradient, errors, episodes, perSide, h, paired.clone(), reached, meanJ, Math.sqrt(varianceJ),
                needed, stoppedAfterPilot);
    }

    /**
     * The two sides of component i: the returns at theta + h e_i and at theta - h e_i, and for a paired run
     * their differences episode by episode (null for an independent run).
     */
    private record Sides(Moments plus, Moments minus, Moments differences) {

        long n() {
            return plus.count();
        }

        /** The mean of G_+ - G_-. */
        double difference() {
            return differences != null ? differences.mean(0) : plus.mean(0) - minus.mean(0);
        }

        /** Var(G_+ - G_-) of one pair of a paired run. */
        double differenceVariance() {
            return differences.variance(0);
        }

        /**
         * Var(G_+ - G_-) plus twice the standard error of its estimate, sqrt(Var(d^2) / n) (d's mean taken as
         * 0); Var(G_+ - G_-) alone where d^2's variance leaves the doubles (|d| beyond about 1e77).
         */
        double plannedDifferenceVariance() {
            double margin = 2 * Math.sqrt(differences.variance(1) / n());
            return Double.isFinite(margin) ? differenceVariance() + margin : differenceVariance();
        }

        /** Var G_+ + Var G_-: the variance of one pair's difference were the sides independent. */
        double independentVariance() {
            return plus.variance(0) + minus.variance(0);
        }

        /**
         * Var(G_+ + G_-) of one pair: for a paired run Var G_+ + Var G_- + 2 Cov(G_+, G_-), which is
         * 2 (Var G_+ + Var G_-) - Var(G_+ - G_-).
         */
        double sumVariance(boolean paired) {
            return paired ? Math.max(0, 2 * independentVariance() - differenceVariance()) : independentVariance();
        }

        boolean finite() {
            return Double.isFinite(plus.mean(0)) && Double.isFinite(minus.mean(0)) && Double.isFinite(independentVariance())
                    && (differences == null || Double.isFinite(differenceVariance()));
        }
    }

    /** Component i's sides on common random numbers: episode n of {@code seed} at theta + h e_i and at theta - h e_i. */
    private static Sides pairedRun(Task task, RolloutEngine engine, double[] theta, int i, double h, long seed,
            int episodes) {
        EpisodeStatistics s = engine.run(new RolloutJob<>(task, shifted(theta, i, h), seed, episodes,
                new PairedReturns(shifted(theta, i, -h))), null);
        return new Sides(s.get(PLUS), s.get(MINUS), s.get(DIFFERENCE));
    }

    /** Component i's sides from seeds of their own. */
    private static Sides independentRun(Task task, RolloutEngine engine, double[] theta, int i, double h,
            long plusSeed, long minusSeed, int episodes) {
        return new Sides(returns(task, engine, shifted(theta, i, h), plusSeed, episodes),
                returns(task, engine, shifted(theta, i, -h), minusSeed, episodes), null);
    }

    private static Moments returns(Task task, RolloutEngine engine, double[] theta, long seed, int episodes) {
        return engine.run(new RolloutJob<>(task, theta, seed, episodes, new MonteCarloObjective.Returns()), null)
                .get(MonteCarloObjective.RETURN);
    }

    static final String PLUS = "plus";
    static final String MINUS = "minus";
    static final String DIFFERENCE = "difference";

    /**
     * G(tau_n) at the job's theta (theta + h e_i), G at {@code minus} (theta - h e_i) replaying episode
     * n's random stream, and their difference.
     */
    record PairedReturns(double[] minus) implements ReturnTally {
        private static final long serialVersionUID = 1L;

        @Override
        public EpisodeStatistics start() {
            return new EpisodeStatistics().vector(PLUS, 1, false).vector(MINUS, 1, false).vector(DIFFERENCE, 2, false);
        }

        @Override
        public void add(long index, Worker worker, EpisodeStatistics s) {
            double plus = worker.episode.totalReturn();
            worker.play(minus, index);
            double minusReturn = worker.episode.totalReturn();
            s.get(PLUS).add(plus);
            s.get(MINUS).add(minusReturn);
            double d = plus - minusReturn;
            s.get(DIFFERENCE).add(new double[] {d, d * d});
        }
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
        List<String> paired = new ArrayList<>();
        List<String> independent = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) (r.paired()[i] ? paired : independent).add(names.get(i));
        String design = independent.isEmpty() ? "each component's two sides on common random numbers"
                : paired.isEmpty() ? "each component's two sides from independent episodes"
                : "common random numbers for " + list(paired) + ", independent episodes for " + list(independent);
        String method = "monte carlo: central differences of J at theta +- h e_i (h = " + RELATIVE_STEP
                + " max(1, |theta_i|), seed " + seed + "), " + design + ", " + r.episodes() + " episodes in all ("
                + (minimum == maximum ? minimum : minimum + " to " + maximum) + " per side of each component)";
        String note = "target standard error " + String.format("%.3g", targetError) + "; largest reached "
                + String.format("%.3g", r.largestStandardError()) + "."
                + (r.stoppedAfterPilot() ? " Only the pilots were played."
                        : !r.reached() ? " The episode cap stopped some components short of the target."
                        : r.largestStandardError() > 1.1 * targetError ? " The pilots of " + PILOT + " episodes a "
                                + "side underestimated the noise of some components (differences on common random "
                                + "numbers are mostly 0, with a tail a pilot can miss); the target needs about "
                                + String.format("%.2g", r.needed()) + " episodes per side of the noisiest."
                        : "")
                + " Each side's episodes follow that side's policy, so the difference is unbiased for the secant "
                + "(J(theta + h e_i) - J(theta - h e_i)) / 2h, which differs from dJ/dtheta by about h^2/6 "
                + "d^3J/dtheta^3, not included in the error; a component's sides share their random streams where its "
                + "pilot found that less noisy than independent episodes.";
        return new ObjectiveResult(r.J(), r.gradient(), names, method, r.JError(), note,
                r.largestStandardError(), "", r.standardErrors());
    }

    private static String list(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    /** An unrelated seed for component i's run {@code k} (pilot, -, final +, final -). */
    static long seed(long seed, int i, int k) {
        return EpisodeSeeds.random(seed, -1L - (4L * i + k)).nextLong();
    }

    /** n = v / (4 h^2 s^2): the episodes per side that bring a difference of variance v per unit to error s. */
    private static double episodesFor(double variance, double h, double error) {
        return Math.ceil(variance / (4 * h * h * error * error));
    }

    private static double square(double x) {
        return x * x;
    }
}
