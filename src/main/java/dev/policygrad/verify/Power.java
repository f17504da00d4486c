package dev.policygrad.verify;

import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.PairedEstimates;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * The smallest bias a sampled test would have detected with probability {@link #POWER}, so that a
 * "consistent" verdict says how weak a test it rests on.
 *
 * <p>Per parameter: a two-sided z-test of level alpha on component j detects a bias b_j with
 * probability 0.8 when |b_j| &gt;= (z_{1-alpha/2} + z_{0.8}) se_j, with se_j = sqrt(var_j / N).
 *
 * <p>As a norm: with a bias b, N b^T S^+ b is the noncentrality lambda of the T^2 test's F statistic,
 * (N - k) T^2 / (k (N - 1)) ~ F'(k, N - k, lambda). The lambda* at which P(F' &gt; F_crit) = 0.8 is found
 * by bisection, with the noncentral F distribution as a Poisson mixture of central ones,
 * P(F' &lt;= f) = sum_i e^{-lambda/2} (lambda/2)^i / i! I_x(k/2 + i, (N - k)/2), x = k f / (k f + N - k)
 * (Johnson, Kotz &amp; Balakrishnan, Continuous Univariate Distributions 2, ch. 30). The hardest direction
 * is the eigenvector of the largest eigenvalue s_max of S, so every bias of norm at least
 * sqrt(lambda* (s_max / N + sigma^2)) is detected with probability 0.8 whatever its direction (sigma: the
 * reference's own error, as in {@link SubspaceHotelling}).
 *
 * @param alpha      the level the figures are for
 * @param perParameter the smallest detectable |b_j|, per parameter; NaN where no episode varied, since a
 *                   bias there shows only if it moves the mean of the episodes at hand (a state none
 *                   of them reached hides any bias of the parameters only it uses)
 * @param norm       the smallest |b| detectable in every direction
 */
public record Power(double alpha, double[] perParameter, double norm) {

    /** The detection probability the figures are for. */
    public static final double POWER = 0.8;

    /** The figures for a T^2 test of {@code estimate} at level {@code alpha}, against a reference of error sigma. */
    public static Power of(Estimate estimate, double alpha, double referenceError) {
        return of(estimate, alpha, referenceError, 0);
    }

    /** The figures for the paired test of {@code data} ({@link SubspaceHotelling#paired}) at level {@code alpha}. */
    public static Power paired(PairedEstimates data, double alpha) {
        return of(data.difference(), alpha, 0, data.roundingVariance());
    }

    /** As {@link #of(Estimate, double, double)}, a direction of variance at most {@code noise} counted as constant. */
    private static Power of(Estimate estimate, double alpha, double referenceError, double noise) {
        int n = estimate.episodes();
        double[] se = estimate.standardError();
        double z = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2)
                + new NormalDistribution().inverseCumulativeProbability(POWER);
        double[] variance = estimate.variance();
        double[] perParameter = new double[se.length];
        for (int j = 0; j < se.length; j++) {
            perParameter[j] = variance[j] <= noise ? Double.NaN : z * Math.sqrt(se[j] * se[j] + referenceError * referenceError);
        }
        if (se.length == 0) return new Power(alpha, perParameter, 0);
        SubspaceHotelling.requireTestable(estimate);
        double[] eigenvalues = SubspaceHotelling.Spectrum.of(estimate.covariance()).values();
        double max = 0;
        for (double l : eigenvalues) max = Math.max(max, l);
        int k = 0;
        for (double l : eigenvalues) if (SubspaceHotelling.varies(l, max, noise)) k++;
        if (k == 0 || n <= k) return new Power(alpha, perParameter, referenceError * z);
        double lambda = noncentrality(k, n - k, alpha, POWER);
        return new Power(alpha, perParameter, Math.sqrt(lambda * (max / n + referenceError * referenceError)));
    }

    /** The noncentrality at which the level-alpha F(k, m) test rejects with probability {@code power}. */
    static double noncentrality(int k, int m, double alpha, double power) {
        double critical = new FDistribution(k, m).inverseCumulativeProbability(1 - alpha);
        double low = 0;
        double high = 1;
        while (rejection(k, m, critical, high) < power) high *= 2;
        for (int i = 0; i < 100 && high - low > 1e-9 * high; i++) {
            double mid = (low + high) / 2;
            if (rejection(k, m, critical, mid) < power) low = mid;
            else high = mid;
        }
        return high;
    }

    /** P(F'(k, m, lambda) &gt; f). */
    static double rejection(int k, int m, double f, double lambda) {
        double x = k * f / (k * f + m);
        double half = lambda / 2;
        int center = (int) Math.floor(half);
        double cdf = 0;
        // sum outward from the Poisson mode until the weights are negligible
        double spread = 12 * Math.sqrt(half + 1) + 20;
        int from = Math.max(0, (int) (center - spread));
        int to = (int) (center + spread);
        for (int i = from; i <= to; i++) {
            double logWeight = -half + (i == 0 ? 0 : i * Math.log(half)) - org.apache.commons.math3.special.Gamma.logGamma(i + 1.0);
            if (half == 0) logWeight = i == 0 ? 0 : Double.NEGATIVE_INFINITY;
            double w = Math.exp(logWeight);
            if (w == 0) continue;
            cdf += w * Beta.regularizedBeta(x, k / 2.0 + i, m / 2.0);
        }
        return 1 - Math.min(1, cdf);
    }
}
