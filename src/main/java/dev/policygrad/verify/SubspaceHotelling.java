package dev.policygrad.verify;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimate;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Hotelling's one-sample T^2 test of H0: E[g] = r (the estimator is unbiased for the reference r),
 * restricted to the directions in which the per-episode estimates g_1 .. g_N actually vary.
 *
 * <p>The sample covariance S is often singular: with a two-action softmax the two score components
 * are negatives of each other, and parameters the episodes never touch have zero estimates. So S is
 * eigendecomposed, S = sum_j lambda_j v_j v_j^T, and the k eigenvectors with lambda_j &gt; tol *
 * lambda_max span the varying subspace. With d = g_bar - r,
 * T^2 = N sum_{j &lt;= k} (v_j . d)^2 / lambda_j = N d^T S^+ d, and under H0 with Gaussian estimates
 * (N - k) / (k (N - 1)) T^2 ~ F(k, N - k) (Hotelling 1931); for other estimates this holds as N grows.
 * When the reference is itself an estimate with standard error sigma per component (independent of
 * the episodes), d's covariance is S / N + Sigma_r; the test bounds Sigma_r by sigma^2 I, so
 * T^2 = sum_{j &lt;= k} (v_j . d)^2 / (lambda_j / N + sigma^2), which is the statistic above when
 * sigma = 0 and errs towards "consistent" otherwise.
 *
 * <p>In the remaining directions every episode gives (up to rounding) the same value, so there the
 * mean must equal the reference exactly: |v_j . d| must stay within a floating-point tolerance
 * 1e-7 * scale + 6 sqrt(lambda_j / N) + 6 times the reference's own error (its standard error when sampled), where scale is the largest magnitude
 * among r, g_bar and sqrt(lambda_max) (at least 1). A violation is reported, whatever the p-value.
 */
public final class SubspaceHotelling {

    /** Eigenvalues at most this fraction of the largest are treated as zero. */
    public static final double RELATIVE_TOLERANCE = 1e-12;

    /**
     * @param statistic         T^2
     * @param dimensions        k, the dimension of the varying subspace
     * @param pValue            P(F(k, N - k) &gt;= (N - k) T^2 / (k (N - 1))), 1 when k = 0
     * @param worstNullResidual the largest |v_j . d| / tolerance_j over the constant directions (0 if none)
     */
    public record Result(double statistic, int dimensions, double pValue, double worstNullResidual) {
        /** Whether the mean matches the reference in every direction where the estimates do not vary. */
        public boolean nullDirectionsAgree() {
            return worstNullResidual <= 1;
        }
    }

    private SubspaceHotelling() {}

    public static Result test(Estimate estimate, Reference reference) {
        int n = estimate.episodes();
        double[] mean = estimate.mean();
        double[] r = reference.gradient();
        int p = mean.length;
        double[] d = new double[p];
        double scale = 1;
        for (int j = 0; j < p; j++) {
            d[j] = mean[j] - r[j];
            scale = Math.max(scale, Math.max(Math.abs(mean[j]), Math.abs(r[j])));
        }
        if (p == 0) return new Result(0, 0, 1, 0);
        EigenDecomposition eigen = new EigenDecomposition(MatrixUtils.createRealMatrix(estimate.covariance()));
        double[] lambda = eigen.getRealEigenvalues();
        double max = 0;
        for (double l : lambda) max = Math.max(max, l);
        scale = Math.max(scale, Math.sqrt(max));
        double sigma2 = reference.error() * reference.error();
        double statistic = 0;
        int k = 0;
        double worst = 0;
        for (int j = 0; j < p; j++) {
            double[] v = eigen.getEigenvector(j).toArray();
            double projection = 0;
            for (int i = 0; i < p; i++) projection += v[i] * d[i];
            if (max > 0 && lambda[j] > RELATIVE_TOLERANCE * max) {
                statistic += projection * projection / (lambda[j] / n + sigma2);
                k++;
            } else {
                double tolerance = 1e-7 * scale + 6 * Math.sqrt(Math.max(lambda[j], 0) / n) + 6 * reference.error();
                worst = Math.max(worst, Math.abs(projection) / tolerance);
            }
        }
        if (k == 0) return new Result(0, 0, 1, worst);
        if (n <= k) {
            throw new UsageError("the estimates vary in " + k + " directions; the T^2 test needs more episodes than "
                    + "that, got " + n);
        }
        double f = (n - k) * statistic / ((double) k * (n - 1));
        double pValue = 1 - new FDistribution(k, n - k).cumulativeProbability(f);
        return new Result(statistic, k, Math.max(0, pValue), worst);
    }
}
