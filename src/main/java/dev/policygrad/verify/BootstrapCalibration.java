package dev.policygrad.verify;

import dev.policygrad.estimate.PairedRows;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A second opinion on a rejection by the T^2 test ({@link SubspaceHotelling}): its p-value recomputed
 * from the distribution of the test's own p-value over bootstrap resamples of the episodes, in place of
 * the F distribution, which assumes Gaussian estimates.
 *
 * <p>Why: per-episode policy-gradient estimates are skewed. A parameter read only in a rarely visited
 * state, say, takes a large value on the rare episodes that choose one action there, so a sample that
 * happens to hold few of them has its mean off and its variance low at once, and T^2 overshoots the F
 * distribution by far: measured on examples/gridworld (reward-to-go, unbiased, against the exact
 * gradient), the F test at 5e-4 rejected 110 of 3000 seeds at 300 episodes, 14 at 1000 and 10 at 2000,
 * where 1.5 were due. The bootstrap of a studentized statistic corrects the skewness that causes it to
 * first order (Hall 1992, The Bootstrap and Edgeworth Expansion, sections 3.5 and 3.10; the test's
 * p-value as the statistic: Beran 1988, Prepivoting test statistics, JASA 83, 687-697).
 *
 * <p>How: the rows x_1 .. x_N are resampled with replacement, B times. Each resample's test is the
 * original test of its mean against the full sample's mean (the null holds in the resampled
 * population), with the reference's own error, when the reference is sampled, drawn as Gaussian noise
 * of its standard errors and added to the difference (the reference itself is not resampled). The
 * bootstrap p-value is (1 + E) / (B + 1), E the resamples whose F p-value is at most the sample's
 * (Davison and Hinkley 1997, section 4.2.1). Resample b draws from its own stream (seed, b), so the
 * result does not depend on the thread count; B is at most {@link #resamples(double)}, and the
 * resampling stops as soon as E makes a p-value below the level impossible.
 *
 * <p>It is asked only after F rejects (a confirmation: the verdict rejects when both do, so the level is
 * at most the bootstrap's), and only within {@link #WORK} multiply-adds (about B N (16 + P^2 / 2) for the
 * resamples), which covers the few thousand episodes where skewness distorts F most; past it, the
 * rejection rests on F and says so.
 */
public final class BootstrapCalibration {

    /**
     * The most work one calibration may take, in multiply-adds: 2^34, about ten seconds on one core. A
     * resample costs {@link #DRAW} per row for drawing it, P (P + 1) / 2 per row drawn for the covariance
     * and about 10 P^3 for the test's eigendecomposition ({@link #work}).
     */
    public static final double WORK = 0x1p34;

    /** A row's draw (a random index and its count), in multiply-adds: measured at P = 2, where it is the whole cost. */
    static final double DRAW = 16;

    /** The work of {@code resamples} resamples of {@code n} rows of {@code p} entries, in multiply-adds. */
    static double work(long resamples, long n, int p) {
        return resamples * (n * (DRAW + p * (p + 1) / 2.0) + 10.0 * p * p * p);
    }

    /**
     * The bootstrap's verdict on a rejection.
     *
     * @param pValue    (1 + E) / (b + 1) after the b resamples drawn, E of them at least as extreme; NaN
     *                  when skipped
     * @param resamples b
     * @param skipped   why it was not run, or null
     */
    public record Calibration(double pValue, int resamples, String skipped) {

        /** Whether it leaves a rejection at {@code level} standing: p below the level, or not run. */
        public boolean confirms(double level) {
            return skipped != null || pValue < level;
        }

        /** {@code bootstrap of the 300 episodes (8000 resamples): p = 0.0123}, or why it was not run. */
        public String describe(int episodes) {
            if (skipped != null) return "p from the F distribution alone: " + skipped;
            return String.format(Locale.ROOT, "bootstrap of the %d episodes (%d resamples): %s", episodes, resamples,
                    SubspaceHotelling.Result.p(pValue));
        }
    }

    private BootstrapCalibration() {}

    /** The most resamples a calibration draws (a level below 4e-6 would want more: it rests on F). */
    static final int MOST_RESAMPLES = 1_000_000;

    /** B, the resamples of a full calibration at {@code level}: 4 / level - 1, so that p can reach level / 4. */
    static long resamples(double level) {
        return (long) Math.ceil(4 / level) - 1;
    }

    /**
     * Why a calibration at {@code level} of {@code n} rows of {@code p} entries is not run (more resamples
     * than {@link #MOST_RESAMPLES}, or more work than {@link #WORK}), or null when it is: asked before the
     * rows are, which a replay of the batch would play for nothing.
     */
    static String unaffordable(double level, long n, int p) {
        long wanted = resamples(level);
        if (wanted > MOST_RESAMPLES) {
            return String.format(Locale.ROOT, "a bootstrap p-value below %.3g needs %d resamples, more than its %d", level,
                    wanted, MOST_RESAMPLES);
        }
        double work = work(wanted, n, p);
        if (work > WORK) {
            return String.format(Locale.ROOT, "its bootstrap check would take %.2g multiply-adds (%d resamples of %d "
                    + "episodes of %d entries), past its budget of %.2g", work, wanted, n, p, WORK);
        }
        return null;
    }

    /** The calibration not run, and why. */
    static Calibration skipped(String why) {
        return new Calibration(Double.NaN, 0, why);
    }

    /**
     * The bootstrap p-value of the test that gave {@code observed} on {@code rows}.
     *
     * @param rows      N x P, row-major
     * @param r         the reference the rows' mean was tested against (zeros for a paired test)
     * @param sigma2    the reference's variances, 0 where exact
     * @param noise     the variance at or below which a direction counts as constant
     * @param observed  the test's result on the rows
     * @param level     the level it rejected at
     * @param seed      the seed of the resamples
     */
    static Calibration of(double[] rows, int parameters, double[] r, double[] sigma2, double noise,
            SubspaceHotelling.Result observed, double level, long seed) {
        int p = parameters;
        int n = rows.length / p;
        String unaffordable = unaffordable(level, n, p);
        if (unaffordable != null) return skipped(unaffordable);
        int most = (int) resamples(level);
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) mean[j] += rows[i * p + j];
        for (int j = 0; j < p; j++) mean[j] /= n;
        double[] centred = new double[rows.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) centred[i * p + j] = rows[i * p + j] - mean[j];
        double[] sigma = new double[p];
        for (int j = 0; j < p; j++) sigma[j] = Math.sqrt(sigma2[j]);
        boolean noisy = java.util.Arrays.stream(sigma2).anyMatch(v -> v > 0);
        double threshold = observed.pValue();
        // the exceedances that make p = (1 + E) / (most + 1) at least the level: no rejection past them
        int hopeless = (int) Math.ceil(level * (most + 1)) - 1;
        int exceeded = 0;
        int drawn = 0;
        int block = 64;
        boolean[] extreme = new boolean[block];
        while (drawn < most && exceeded < hopeless) {
            int first = drawn;
            int size = Math.min(block, most - drawn);
            IntStream.range(0, size).parallel().forEach(b -> extreme[b] = resampledP(centred, n, p, sigma, noisy,
                    sigma2, noise, seed, first + b) <= threshold);
            for (int b = 0; b < size && exceeded < hopeless; b++) {
                drawn++;
                if (extreme[b]) exceeded++;
            }
        }
        return new Calibration((1.0 + exceeded) / (drawn + 1.0), drawn, null);
    }

    /** The test's p-value on resample {@code b}: its mean against the sample's, its own covariance. */
    private static double resampledP(double[] centred, int n, int p, double[] sigma, boolean noisy, double[] sigma2,
            double noise, long seed, int b) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (b + 1L)));
        int[] count = new int[n];
        for (int i = 0; i < n; i++) count[random.nextInt(n)]++;
        double[] sum = new double[p];
        double[] outer = new double[p * p];
        for (int i = 0; i < n; i++) {
            int c = count[i];
            if (c == 0) continue;
            int row = i * p;
            for (int a = 0; a < p; a++) {
                double ya = centred[row + a] * c;
                if (ya == 0) continue;
                sum[a] += ya;
                int at = a * p;
                for (int j = 0; j <= a; j++) outer[at + j] += ya * centred[row + j];
            }
        }
        double[] m = new double[p];
        for (int a = 0; a < p; a++) m[a] = sum[a] / n;
        double[][] covariance = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int j = 0; j <= a; j++) {
                double c = (outer[a * p + j] - n * m[a] * m[j]) / (n - 1);
                covariance[a][j] = c;
                covariance[j][a] = c;
            }
        }
        if (noisy) for (int a = 0; a < p; a++) m[a] += sigma[a] * random.nextGaussian();
        return SubspaceHotelling.test(n, m, covariance, new double[p], sigma2, noise).pValue();
    }

    /**
     * The calibration of a rejection of {@code rows}' candidate (unpaired, against {@code reference}) or
     * differences (paired, against 0), or skipped, saying {@code noRows}, when the rows are null.
     */
    static Calibration unpaired(PairedRows rows, String noRows, Reference reference, SubspaceHotelling.Result observed,
            double level, long seed) {
        if (rows == null) return skipped(noRows);
        return of(rows.candidate(), rows.parameters(), reference.gradient(), reference.variances(), 0, observed, level,
                seed);
    }

    static Calibration paired(PairedRows rows, String noRows, double roundingVariance, SubspaceHotelling.Result observed,
            double level, long seed) {
        if (rows == null) return skipped(noRows);
        if (rows.difference() == null) return skipped("the rows kept hold no paired differences");
        int p = rows.parameters();
        return of(rows.difference(), p, new double[p], new double[p], roundingVariance, observed, level, seed);
    }
}
