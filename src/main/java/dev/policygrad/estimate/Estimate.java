package dev.policygrad.estimate;

import dev.policygrad.stats.EpisodeStatistics;
import dev.policygrad.stats.Moments;
import java.util.List;

/**
 * A batch of N per-episode gradient estimates g_1 .. g_N, kept as their sufficient statistics
 * (count, mean g_bar and centred co-moments, see {@link Moments}), never as rows: memory is O(P^2)
 * whatever N. From them come the mean g_bar (the estimate of grad J), the per-parameter sample
 * variance (divisor N - 1), the standard errors sqrt(variance / N) and the sample covariance; and from
 * the return's moments an estimate of J.
 *
 * <p>The batch baselines need no rows either: the leave-one-out {@code mean} baseline needs, per step t,
 * the sum of the returns-to-go and the count of episodes reaching t, and the cross-fitted {@code value}
 * baseline the normal equations of each fold; both are sufficient statistics gathered by a first pass
 * over the same episodes (same seed), after which episode i's baseline is computed from them and from
 * episode i alone on the second pass. Memory grows with the parameter count and the longest episode,
 * never with the number of episodes.
 *
 * @param estimator      the estimator's label ({@code reward-to-go})
 * @param baseline       the baseline's label ({@code none})
 * @param parameterNames the flattened names of theta, in order
 * @param statistics     the batch's statistics: vector {@link #ESTIMATE} (g, P components, with
 *                       covariance), vector {@link #RETURN} (G(tau)), counters {@link #STEPS} and
 *                       {@link #CUT}; other vectors may ride along (a paired difference)
 */
public record Estimate(String estimator, String baseline, List<String> parameterNames, EpisodeStatistics statistics) {

    /** The per-episode estimate g(tau). */
    public static final String ESTIMATE = "estimate";
    /** The per-episode return G(tau). */
    public static final String RETURN = "return";
    /** Environment steps taken. */
    public static final String STEPS = "steps";
    /**
     * Episodes stopped by the environment's safety step cap rather than ending
     * ({@link dev.policygrad.env.Environment#horizonIsCap()}): their estimates miss the rest of the
     * episode, so a nonzero count means a possible bias.
     */
    public static final String CUT = "cut";

    public Estimate {
        parameterNames = List.copyOf(parameterNames);
    }

    /**
     * From rows computed elsewhere (row i is episode i's estimate, added in order), with the return's
     * mean and sample variance given.
     */
    public static Estimate of(String estimator, String baseline, List<String> parameterNames, double[][] rows,
            long steps, double meanReturn, double returnVariance, int cutAtCap) {
        EpisodeStatistics statistics = new EpisodeStatistics().vector(ESTIMATE, parameterNames.size(), true);
        for (double[] row : rows) statistics.get(ESTIMATE).add(row);
        statistics.put(RETURN, Moments.scalar(rows.length, meanReturn, returnVariance));
        statistics.count(STEPS, steps);
        statistics.count(CUT, cutAtCap);
        return new Estimate(estimator, baseline, parameterNames, statistics);
    }

    /** Fresh statistics for a batch of estimates of P components, with or without their covariance. */
    public static EpisodeStatistics newStatistics(int parameters, boolean covariance) {
        return new EpisodeStatistics().vector(ESTIMATE, parameters, covariance).vector(RETURN, 1, false);
    }

    private Moments gradient() {
        return statistics.get(ESTIMATE);
    }

    public int episodes() {
        return (int) gradient().count();
    }

    /** g_bar, the estimate of grad J. */
    public double[] mean() {
        return gradient().mean();
    }

    /** The sample variance of each component. */
    public double[] variance() {
        return gradient().variance();
    }

    public long steps() {
        return statistics.counter(STEPS);
    }

    public int cutAtCap() {
        return (int) statistics.counter(CUT);
    }

    /** The mean of G(tau) over the batch, an estimate of J. */
    public double meanReturn() {
        return statistics.get(RETURN).mean(0);
    }

    /** The sample variance of G(tau) (divisor N - 1). */
    public double returnVariance() {
        return statistics.get(RETURN).variance(0);
    }

    /** sqrt(returnVariance / N): the standard error of {@link #meanReturn()} as an estimate of J. */
    public double returnStandardError() {
        return Math.sqrt(returnVariance() / episodes());
    }

    /** sqrt(variance_j / N) per component. */
    public double[] standardError() {
        double[] se = variance();
        for (int j = 0; j < se.length; j++) se[j] = Math.sqrt(se[j] / episodes());
        return se;
    }

    /** The trace of the sample covariance: the total variance of one episode's estimate. */
    public double totalVariance() {
        double sum = 0;
        for (double v : variance()) sum += v;
        return sum;
    }

    /** The P x P sample covariance (divisor N - 1). */
    public double[][] covariance() {
        return gradient().covariance();
    }
}
