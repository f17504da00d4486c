package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A candidate estimator's per-episode estimates g_i, and, when a proven reference estimator r was run
 * on the same episodes, the per-episode differences d_i = g_i - r_i. E[d] = E[g] - grad J, so d has mean
 * zero exactly when the candidate is unbiased, and because g_i and r_i share the episode's randomness
 * d usually varies far less than g: the paired test sees a bias with far fewer episodes.
 *
 * <p>Both are kept as mergeable moments ({@link EpisodeStatistics}), never as rows: a batch is played as
 * a rollout job ({@link PairedTally}) on any engine, and the statistics of N episodes take O(P^2)
 * memory whatever N. {@link Running} adds rows given one at a time (estimates computed elsewhere, or a
 * test that looks at every prefix of a batch).
 *
 * @param candidate      the candidate's estimates
 * @param difference     candidate minus reference, episode by episode, or null without a reference
 * @param referenceLabel the reference estimator's label, or null
 */
public record PairedEstimates(Estimate candidate, Estimate difference, String referenceLabel) {

    /**
     * A difference at most this fraction of the episode's largest estimate entry is rounding (two
     * orders of summing the same terms), and counts as 0: otherwise the test would weigh pure
     * rounding noise as if it were signal.
     */
    public static final double ROUNDING = 1e-10;

    /**
     * The variance at or below which the differences' spread in a direction is their rounding, not
     * variation: (ROUNDING m)^2, with m the largest root mean square of an entry of the candidate plus
     * that of the difference (which bounds the reference's). A difference that is the same on every
     * episode, such as a constant added to an estimator, spreads by its rounding alone, about 1e-16 m.
     */
    public double roundingVariance() {
        double m = rootMeanSquare(candidate) + rootMeanSquare(difference);
        return ROUNDING * m * ROUNDING * m;
    }

    /** The largest root mean square of an entry of {@code e}'s estimates. */
    private static double rootMeanSquare(Estimate e) {
        double[] mean = e.mean();
        double[] variance = e.variance();
        double largest = 0;
        for (int j = 0; j < mean.length; j++) largest = Math.max(largest, variance[j] + mean[j] * mean[j]);
        return Math.sqrt(largest);
    }

    /** The statistics' vector of the per-episode difference g_i - r_i (beside {@link Estimate#ESTIMATE}). */
    public static final String DIFFERENCE = "difference";

    /**
     * Plays {@code batch} on local threads (episode i from (seed, i), the episodes every other command
     * plays for that seed) and runs {@code candidate} and, when not null, {@code reference} on each
     * episode. The estimators are objects in memory, so they cannot go to other machines; a
     * {@link PairedTally.Shipped} pair can ({@link #sample(RolloutEngine, Task, double[], Batch, PairedTally.Estimators, LongConsumer)}).
     */
    public static PairedEstimates sample(Policy policy, Environment environment, double[] theta, Batch batch,
            GradientEstimator candidate, GradientEstimator reference) {
        return sample(new Rollouts(batch.threads()), Task.of(policy, environment), theta, batch,
                new PairedTally.InMemory(candidate, reference), null);
    }

    /**
     * Plays {@code batch} on {@code engine} and runs the pair's estimators on each episode; the
     * statistics have the same bits on every engine and thread count.
     *
     * @param progress told the episodes done so far, or null
     */
    public static PairedEstimates sample(RolloutEngine engine, Task task, double[] theta, Batch batch,
            PairedTally.Estimators estimators, LongConsumer progress) {
        Policy policy = task.policy();
        Estimator.checkCompatible(policy, task.environment(), theta);
        int p = theta.length;
        EpisodeStatistics statistics = engine.run(new RolloutJob<>(task, theta, batch.seed(), batch.episodes(),
                new PairedTally(estimators, p)), progress);
        return of(estimators.candidateLabel(), estimators.referenceLabel(), policy.parameterNames(), statistics);
    }

    /**
     * From statistics with vectors {@link Estimate#ESTIMATE}, {@link Estimate#RETURN} and, with a
     * reference, {@link #DIFFERENCE}, as {@link #newStatistics} declares them.
     */
    public static PairedEstimates of(String candidateLabel, String referenceLabel, List<String> names,
            EpisodeStatistics statistics) {
        Estimate candidate = new Estimate(candidateLabel, "none", names, statistics);
        if (!statistics.has(DIFFERENCE)) return new PairedEstimates(candidate, null, null);
        EpisodeStatistics differences = new EpisodeStatistics()
                .put(Estimate.ESTIMATE, statistics.get(DIFFERENCE))
                .put(Estimate.RETURN, statistics.get(Estimate.RETURN));
        differences.count(Estimate.STEPS, statistics.counter(Estimate.STEPS));
        differences.count(Estimate.CUT, statistics.counter(Estimate.CUT));
        Estimate difference = new Estimate(candidateLabel + " - " + referenceLabel, "none", names, differences);
        return new PairedEstimates(candidate, difference, referenceLabel);
    }

    /** Fresh statistics for a paired batch of P components (no difference without a reference). */
    static EpisodeStatistics newStatistics(int parameters, boolean paired) {
        EpisodeStatistics statistics = Estimate.newStatistics(parameters, true);
        return paired ? statistics.vector(DIFFERENCE, parameters, true) : statistics;
    }

    /**
     * Adds one episode: the candidate's estimate {@code g}, the reference's {@code r} on the same episode
     * (or null) and their difference with rounding counted as 0 ({@link #ROUNDING}), computed in
     * {@code scratch}; its return, steps and whether it was cut at the step cap.
     */
    static void add(EpisodeStatistics statistics, double[] g, double[] r, double[] scratch, double totalReturn,
            long steps, boolean cut) {
        statistics.get(Estimate.ESTIMATE).add(g);
        statistics.get(Estimate.RETURN).add(totalReturn);
        statistics.count(Estimate.STEPS, steps);
        if (cut) statistics.count(Estimate.CUT, 1);
        if (r == null) return;
        difference(g, r, scratch);
        statistics.get(DIFFERENCE).add(scratch);
    }

    /**
     * Writes g - r into {@code out}, an entry within {@link #ROUNDING} of the episode's largest entry
     * counted as 0: equal up to rounding (the same sum in another order) counts as equal.
     */
    static void difference(double[] g, double[] r, double[] out) {
        double scale = 0;
        for (int j = 0; j < g.length; j++) scale = Math.max(scale, Math.max(Math.abs(g[j]), Math.abs(r[j])));
        for (int j = 0; j < g.length; j++) {
            double d = g[j] - r[j];
            out[j] = Math.abs(d) <= ROUNDING * scale ? 0 : d;
        }
    }

    /**
     * Paired statistics filled one episode at a time, in order, on one thread: for rows that come from
     * elsewhere, and for looking at every prefix of a batch ({@link #result()} may be called between
     * rows). Memory is O(P^2) whatever the number of rows.
     */
    public static final class Running {
        private final String candidateLabel;
        private final String referenceLabel;
        private final List<String> names;
        private final EpisodeStatistics statistics;
        private final double[] scratch;

        /** Without a reference ({@code referenceLabel} null) only the candidate is summarized. */
        public Running(String candidateLabel, String referenceLabel, List<String> names) {
            this.candidateLabel = candidateLabel;
            this.referenceLabel = referenceLabel;
            this.names = List.copyOf(names);
            this.statistics = newStatistics(names.size(), referenceLabel != null);
            this.scratch = new double[names.size()];
        }

        /** Adds the next episode's estimates ({@code reference} null exactly when there is no reference). */
        public void add(double[] candidate, double[] reference, double totalReturn, long steps, boolean cut) {
            if ((reference == null) != (referenceLabel == null)) {
                throw new IllegalArgumentException("a reference row is given exactly when there is a reference");
            }
            PairedEstimates.add(statistics, candidate, reference, scratch, totalReturn, steps, cut);
        }

        /** The episodes added so far. */
        public long episodes() {
            return statistics.episodes();
        }

        /** The estimates of the episodes added so far (a copy: adding more leaves it unchanged). */
        public PairedEstimates result() {
            return of(candidateLabel, referenceLabel, names, statistics.copy());
        }
    }
}
