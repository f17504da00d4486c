package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import java.util.List;

/**
 * A batch of N per-episode gradient estimates g_1 .. g_N (rows of {@code perEpisode}, in episode
 * order) and their moments: the mean g_bar, the per-parameter sample variance (divisor N - 1), the
 * standard errors sqrt(variance / N), and on demand the sample covariance. Arrays are shared, not
 * copied: treat them as read-only.
 *
 * @param estimator      the estimator's label ({@code reward-to-go})
 * @param baseline       the baseline's label ({@code none})
 * @param parameterNames the flattened names of theta, in order
 * @param perEpisode     N x P: row i is episode i's estimate
 * @param mean           g_bar, the estimate of grad J
 * @param variance       the sample variance of each component
 * @param steps          the environment steps taken by the batch
 * @param meanReturn     the mean of G(tau) over the batch, an estimate of J
 * @param returnVariance the sample variance of G(tau) over the batch (divisor N - 1)
 * @param cutAtCap       episodes stopped by the environment's safety step cap rather than ending
 *                       ({@link dev.policygrad.env.Environment#horizonIsCap()}); their estimates miss
 *                       the rest of the episode, so a nonzero count means a possible bias
 */
public record Estimate(String estimator, String baseline, List<String> parameterNames, double[][] perEpisode,
        double[] mean, double[] variance, long steps, double meanReturn, double returnVariance, int cutAtCap) {

    /** Computes the moments of {@code perEpisode}, summing in episode order. */
    public static Estimate of(String estimator, String baseline, List<String> parameterNames, double[][] perEpisode,
            long steps, double meanReturn, double returnVariance, int cutAtCap) {
        int n = perEpisode.length;
        int p = parameterNames.size();
        double[] mean = new double[p];
        for (double[] row : perEpisode) for (int j = 0; j < p; j++) mean[j] += row[j];
        for (int j = 0; j < p; j++) mean[j] /= n;
        double[] variance = new double[p];
        for (double[] row : perEpisode) {
            for (int j = 0; j < p; j++) {
                double d = row[j] - mean[j];
                variance[j] += d * d;
            }
        }
        for (int j = 0; j < p; j++) variance[j] = n > 1 ? variance[j] / (n - 1) : Double.NaN;
        return new Estimate(estimator, baseline, List.copyOf(parameterNames), perEpisode, mean, variance, steps,
                meanReturn, returnVariance, cutAtCap);
    }

    public int episodes() {
        return perEpisode.length;
    }

    /** sqrt(returnVariance / N): the standard error of {@link #meanReturn()} as an estimate of J. */
    public double returnStandardError() {
        return Math.sqrt(returnVariance / perEpisode.length);
    }

    /** sqrt(variance_j / N) per component. */
    public double[] standardError() {
        double[] se = new double[variance.length];
        for (int j = 0; j < se.length; j++) se[j] = Math.sqrt(variance[j] / perEpisode.length);
        return se;
    }

    /** The trace of the sample covariance: the total variance of one episode's estimate. */
    public double totalVariance() {
        double sum = 0;
        for (double v : variance) sum += v;
        return sum;
    }

    /** The P x P sample covariance (divisor N - 1); costs N P^2. */
    public double[][] covariance() {
        int n = perEpisode.length;
        int p = mean.length;
        double[][] c = new double[p][p];
        double[] d = new double[p];
        for (double[] row : perEpisode) {
            for (int j = 0; j < p; j++) d[j] = row[j] - mean[j];
            for (int i = 0; i < p; i++) {
                double di = d[i];
                if (di == 0) continue;
                double[] ci = c[i];
                for (int j = 0; j <= i; j++) ci[j] += di * d[j];
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                c[i][j] /= n - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }
}
