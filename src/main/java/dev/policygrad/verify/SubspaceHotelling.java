package dev.policygrad.verify;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.PairedEstimates;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Beta;
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
 * When the reference is itself an estimate, independent of the episodes, with standard error sigma_i
 * in component i, d's covariance is S / N + Sigma_r with Sigma_r = diag(sigma_i^2) (the reference's
 * components are taken as uncorrelated: only their standard errors are known). In the varying
 * subspace, with V_k = [v_1 .. v_k] and z = V_k^T d, the statistic is
 * T^2 = z^T (Lambda_k / N + V_k^T Sigma_r V_k)^{-1} z, which is the statistic above when the
 * reference is exact (Sigma_r = 0 adds nothing) and gives every component its own reference
 * variance otherwise.
 *
 * <p>A paired test's differences g_i - r_i carry the rounding of two estimates: a difference that is
 * the same on every episode still spreads by about 1e-16 of g_i and r_i. So there a direction varies
 * only when its spread also exceeds {@link PairedEstimates#ROUNDING} of the estimates' size
 * ({@link PairedEstimates#roundingVariance}); below it, it is one of the remaining directions.
 *
 * <p>In the remaining directions every episode gives (up to rounding) the same value. Some are so by
 * construction (the softmax's scores sum to zero), but others only because no episode of the sample
 * reached what would make them vary (a state visited once in a thousand episodes, and not in these
 * hundred): the sample cannot tell the two apart. So there the mean is compared with the reference
 * within a floating-point tolerance 1e-7 * scale + 6 sqrt(lambda_j / N) + 6 sqrt(v_j^T Sigma_r v_j)
 * (the reference's own standard error in that direction), where scale is the largest magnitude among
 * r, g_bar and sqrt(lambda_max) (at least 1), and a difference leaves the test undecided rather than
 * rejecting: an unbiased estimator can produce it, if episodes that vary in that direction exist but
 * are rarer than about ln(1/alpha) / N.
 *
 * <p>The F distribution holds for Gaussian estimates; per-episode policy-gradient estimates are skewed
 * and heavy-tailed (rarely visited states give rare large scores), and with few episodes per varying
 * direction the sample covariance misses their variance and T^2 overshoots. So the test decides only
 * from {@link #EPISODES_PER_DIRECTION} episodes per varying direction, and a rejection by F is put to a
 * bootstrap of the same episodes ({@link BootstrapCalibration}, {@link Result#bootstrap()}), which
 * rejects only when both do. Measured with reward-to-go (unbiased) paired with total-return against
 * the exact reference at alpha 0.001 (5e-4 per test), seeds 1 to 1000 each: on examples/gridworld (24
 * varying directions) F alone called it inconsistent in 49 runs of 300 episodes, 4 of 1000 and 5 of
 * 2000; with the bootstrap, in 0, 1 and 1. On examples/slippery-grid, 13 of 300 episodes by F alone, 0
 * with it.
 */
public final class SubspaceHotelling {

    /** Eigenvalues at most this fraction of the largest are treated as zero. */
    public static final double RELATIVE_TOLERANCE = 1e-12;

    /** The episodes per varying direction from which the test decides (see the class comment). */
    public static final int EPISODES_PER_DIRECTION = 10;

    /**
     * @param statistic         T^2
     * @param dimensions        k, the dimension of the varying subspace
     * @param pValue            P(F(k, N - k) &gt;= (N - k) T^2 / (k (N - 1))), 1 when k = 0 or N &lt;= k
     * @param worstNullResidual the largest |v_j . d| / tolerance_j over the constant directions (0 if none)
     * @param episodes          N
     */
    public record Result(double statistic, int dimensions, double pValue, double worstNullResidual, int episodes,
            BootstrapCalibration.Calibration bootstrap) {

        public Result(double statistic, int dimensions, double pValue, double worstNullResidual, int episodes) {
            this(statistic, dimensions, pValue, worstNullResidual, episodes, null);
        }

        /** The result with a bootstrap's second opinion on its rejection. */
        Result withBootstrap(BootstrapCalibration.Calibration calibration) {
            return new Result(statistic, dimensions, pValue, worstNullResidual, episodes, calibration);
        }


        /** Whether the mean matches the reference in every direction where the estimates do not vary. */
        public boolean nullDirectionsAgree() {
            return worstNullResidual <= 1;
        }

        /** Whether there are {@link #EPISODES_PER_DIRECTION} episodes per varying direction. */
        public boolean enoughEpisodes() {
            return (long) episodes >= (long) EPISODES_PER_DIRECTION * dimensions;
        }

        /** The episodes the test needs to decide. */
        public int episodesNeeded() {
            return EPISODES_PER_DIRECTION * dimensions;
        }

        /**
         * Whether the test rejects at {@code level}: p &lt; level, with episodes enough to trust p, and the
         * bootstrap, where it was asked, agreeing ({@link BootstrapCalibration}).
         */
        public boolean rejects(double level) {
            return rejectsByF(level) && (bootstrap == null || bootstrap.confirms(level));
        }

        /** Whether the F distribution alone rejects at {@code level}, with episodes enough. */
        public boolean rejectsByF(double level) {
            return enoughEpisodes() && pValue < level;
        }

        /**
         * Whether the test can say nothing at {@code level}: it does not reject, and either it has too few
         * episodes or a constant direction is off (which an unbiased estimator's rare episodes can explain).
         */
        public boolean undecided(double level) {
            return !rejects(level) && (!enoughEpisodes() || !nullDirectionsAgree());
        }

        /**
         * The result in one line, the only place it is worded:
         * {@code T^2 = 121.5 on 3 varying directions: p = 3.2e-45 < 0.000500}, and why it cannot decide
         * when it cannot.
         */
        public String describe(double level) {
            String test = String.format(Locale.ROOT, "T^2 = %.4g on %d varying directions: %s %s %.3g", statistic,
                    dimensions, p(pValue), pValue < level ? "<" : ">=", level);
            if (bootstrap != null) {
                boolean confirms = bootstrap.confirms(level);
                test += bootstrap.skipped() != null ? " (" + bootstrap.describe(episodes) + ")"
                        : String.format(Locale.ROOT, "; %s by a %s %s %.3g%s", confirms ? "confirmed" : "not borne out",
                                bootstrap.describe(episodes), confirms ? "<" : ">=", level, confirms ? ""
                                        : ", the F distribution's tail being too thin for these skewed estimates");
            }
            if (!enoughEpisodes()) {
                test += String.format(Locale.ROOT, ", not trusted: %d episodes for %d varying directions, where the "
                        + "test needs %d per direction (%d episodes) before its p-value holds for skewed estimates",
                        episodes, dimensions, EPISODES_PER_DIRECTION, episodesNeeded());
            }
            if (!nullDirectionsAgree()) {
                test += String.format(Locale.ROOT, "; undecided in a direction where every one of the %d episodes gives "
                        + "the same value: the mean is off the reference there (by %.3g times the rounding tolerance), "
                        + "which a biased estimator does, and an unbiased one too when the episodes that vary in that "
                        + "direction are rarer than about %.2g (none among these); more episodes, or --exact on a "
                        + "finite MDP with a horizon, decide", episodes, worstNullResidual, Math.log(1 / level) / episodes);
            }
            return test;
        }

        /** {@code p = 0.0123}, or the bound {@code p < 1e-300} where the tail underflowed to 0. */
        static String p(double pValue) {
            return pValue > 0 ? String.format(Locale.ROOT, "p = %.3g", pValue)
                    : "p < " + String.format(Locale.ROOT, "%.0e", SMALLEST_P);
        }
    }

    /**
     * The bound printed for a tail probability that underflowed: the regularized incomplete beta is
     * computed as exp(log prefactor) / (continued fraction), and it returns 0 only when the prefactor is
     * below the smallest normal double (2.2e-308) while the fraction stays of order 1, so the true p lies
     * well below 1e-300.
     */
    static final double SMALLEST_P = 1e-300;

    /**
     * P(F(d1, d2) &gt;= f), computed as the lower tail I_x(d2 / 2, d1 / 2) at x = d2 / (d2 + d1 f) rather
     * than as 1 - CDF: the difference from 1 loses every digit below 1e-16, where the direct tail keeps
     * its relative accuracy down to the smallest doubles (Abramowitz and Stegun 26.6.2).
     */
    static double upperTail(int d1, int d2, double f) {
        if (!(f > 0)) return 1;
        if (f == Double.POSITIVE_INFINITY) return 0;
        double x = d2 / (d2 + d1 * f);
        return Math.min(1, Math.max(0, Beta.regularizedBeta(x, d2 / 2.0, d1 / 2.0)));
    }

    private SubspaceHotelling() {}

    /**
     * Refuses estimates the test cannot weigh, naming why: fewer than 2 episodes (no covariance), or a
     * mean or sample covariance that is not finite (estimates whose squares pass the largest double).
     */
    static void requireTestable(Estimate estimate) {
        int n = estimate.episodes();
        String what = "the per-episode estimates of " + estimate.estimator();
        if (n < 2) {
            throw new UsageError(what + " come from " + n + " episode(s); the T^2 test needs at least 2 to estimate "
                    + "their covariance");
        }
        List<String> names = estimate.parameterNames();
        double[] mean = estimate.mean();
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new UsageError(what + " are too large to test: their mean at " + names.get(j) + " is " + mean[j]);
            }
        }
        double[][] covariance = estimate.covariance();
        double largest = 0;
        for (int i = 0; i < covariance.length; i++) {
            for (int j = 0; j <= i; j++) {
                if (!Double.isFinite(covariance[i][j])) {
                    throw new UsageError(what + " are too large to test: their sample covariance at " + names.get(i)
                            + (i == j ? "" : ", " + names.get(j)) + " is " + covariance[i][j] + " (their squares pass "
                            + "the largest double, 1.8e308); scale the estimates down");
                }
                largest = Math.max(largest, Math.abs(covariance[i][j]));
            }
        }
        if (largest > 0 && largest < Double.MIN_NORMAL) {
            throw new UsageError(what + " are too small to test: their sample covariance is at most " + largest
                    + ", below the smallest normal double (2.2e-308), where its digits are lost; scale the estimates up");
        }
    }

    /**
     * The eigenvalues of a covariance (finite, see {@link #requireTestable}) and their eigenvectors
     * ({@code vectors[j]} belongs to {@code values[j]}). The matrix is decomposed divided by its largest
     * entry, with entries below 1e-100 of it taken as 0: the decomposition fails to converge on entries
     * near the top of the double range and gives NaN eigenvectors for entries near 1e-300 of the largest,
     * and entries that small move no eigenvalue across {@link #RELATIVE_TOLERANCE}.
     */
    record Spectrum(double[] values, double[][] vectors) {
        static Spectrum of(double[][] covariance) {
            int p = covariance.length;
            double largest = 0;
            for (double[] row : covariance) for (double c : row) largest = Math.max(largest, Math.abs(c));
            double unit = largest > 0 ? largest : 1;
            double[][] scaled = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double c = covariance[i][j] / unit;
                    scaled[i][j] = Math.abs(c) < 1e-100 ? 0 : c;
                }
            }
            EigenDecomposition eigen = new EigenDecomposition(MatrixUtils.createRealMatrix(scaled));
            double[] values = eigen.getRealEigenvalues();
            double[][] vectors = new double[p][];
            for (int j = 0; j < p; j++) {
                values[j] *= unit;
                vectors[j] = eigen.getEigenvector(j).toArray();
            }
            return new Spectrum(values, vectors);
        }
    }

    /** Whether a direction of variance {@code lambda} varies, given the largest {@code max} and the rounding floor {@code noise}. */
    static boolean varies(double lambda, double max, double noise) {
        return max > 0 && lambda > RELATIVE_TOLERANCE * max && lambda > noise;
    }

    /** The test of {@code estimate} against {@code reference}, every direction above the relative tolerance varying. */
    public static Result test(Estimate estimate, Reference reference) {
        return test(estimate, reference, 0);
    }

    /**
     * The paired test: {@code data}'s differences g_i - r_i against 0, a direction whose spread is within
     * their rounding ({@link PairedEstimates#roundingVariance}) counted as constant.
     */
    public static Result paired(PairedEstimates data) {
        return test(data.difference(), new Reference("0", new double[data.difference().mean().length], 0),
                data.roundingVariance());
    }

    /**
     * The test of {@code estimate} against {@code reference}, where a direction of variance at most
     * {@code noise} counts as constant.
     */
    static Result test(Estimate estimate, Reference reference, double noise) {
        if (estimate.mean().length == 0) return new Result(0, 0, 1, 0, estimate.episodes());
        requireTestable(estimate);
        return test(estimate.episodes(), estimate.mean(), estimate.covariance(), reference.gradient(),
                reference.variances(), noise);
    }

    /**
     * The test from the sample's moments: N, the mean, the sample covariance (divisor N - 1), the reference
     * r and its variances sigma^2 (0 where exact), a direction of variance at most {@code noise} counting
     * as constant. {@link BootstrapCalibration} calls it on every resample.
     */
    static Result test(int n, double[] mean, double[][] covariance, double[] r, double[] sigma2, double noise) {
        int p = mean.length;
        double[] d = new double[p];
        double scale = 1;
        for (int j = 0; j < p; j++) {
            d[j] = mean[j] - r[j];
            scale = Math.max(scale, Math.max(Math.abs(mean[j]), Math.abs(r[j])));
        }
        if (p == 0) return new Result(0, 0, 1, 0, n);
        Spectrum spectrum = Spectrum.of(covariance);
        double[] lambda = spectrum.values();
        double max = 0;
        for (double l : lambda) max = Math.max(max, l);
        scale = Math.max(scale, Math.sqrt(max));
        boolean exactReference = true;
        for (double v : sigma2) exactReference &= v == 0;
        double[][] basis = new double[p][];
        double[] z = new double[p];
        double[] lambdaK = new double[p];
        int k = 0;
        double worst = 0;
        for (int j = 0; j < p; j++) {
            double[] v = spectrum.vectors()[j];
            double projection = 0;
            double referenceVariance = 0;
            for (int i = 0; i < p; i++) {
                projection += v[i] * d[i];
                referenceVariance += v[i] * v[i] * sigma2[i];
            }
            if (varies(lambda[j], max, noise)) {
                basis[k] = v;
                z[k] = projection;
                lambdaK[k] = lambda[j];
                k++;
            } else {
                double tolerance = 1e-7 * scale + 6 * Math.sqrt(Math.max(lambda[j], 0) / n)
                        + 6 * Math.sqrt(referenceVariance);
                worst = Math.max(worst, Math.abs(projection) / tolerance);
            }
        }
        double statistic = 0;
        if (exactReference) {
            for (int a = 0; a < k; a++) statistic += z[a] * z[a] / (lambdaK[a] / n);
        } else if (k > 0) {
            // covariance of z = V_k^T d: Lambda_k / N + V_k^T diag(sigma^2) V_k, positive definite
            org.apache.commons.math3.linear.RealMatrix m = MatrixUtils.createRealMatrix(k, k);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b <= a; b++) {
                    double c = a == b ? lambdaK[a] / n : 0;
                    for (int i = 0; i < p; i++) c += basis[a][i] * basis[b][i] * sigma2[i];
                    m.setEntry(a, b, c);
                    m.setEntry(b, a, c);
                }
            }
            double[] zk = java.util.Arrays.copyOf(z, k);
            double[] solved = new org.apache.commons.math3.linear.CholeskyDecomposition(m, 1e-14, 0).getSolver()
                    .solve(new org.apache.commons.math3.linear.ArrayRealVector(zk)).toArray();
            for (int a = 0; a < k; a++) statistic += zk[a] * solved[a];
        }
        if (k == 0) return new Result(0, 0, 1, worst, n);
        if (n <= k) return new Result(statistic, k, 1, worst, n);
        double f = (n - k) * statistic / ((double) k * (n - 1));
        return new Result(statistic, k, upperTail(k, n - k, f), worst, n);
    }
}
