package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Estimate;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap's second opinion on T^2 rejections, on rows drawn from a known skewed distribution whose
 * mean is known exactly: the kind of estimate (a large value on rare episodes) where the F distribution
 * rejects far more often than its level.
 */
class BootstrapCalibrationTest {

    private static final int P = 3;

    /**
     * N rows of P independent entries, each 0 with probability 0.9, else -6 with probability 0.25 and 2
     * otherwise (skewness about -2.6 within the rare episodes), plus {@code bias} on the first entry. The
     * mean of an entry without bias is 0.1 (0.25 (-6) + 0.75 (2)) = 0.
     */
    private static double[] rows(int n, long seed, double bias) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rows = new double[n * P];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < P; j++) {
                double x = random.nextDouble() < 0.1 ? (random.nextDouble() < 0.25 ? -6 : 2) : 0;
                rows[i * P + j] = x + (j == 0 ? bias : 0);
            }
        }
        return rows;
    }

    private static Estimate estimate(double[] rows) {
        EpisodeStatistics statistics = Estimate.newStatistics(P, true);
        double[] row = new double[P];
        for (int i = 0; i < rows.length / P; i++) {
            System.arraycopy(rows, i * P, row, 0, P);
            statistics.get(Estimate.ESTIMATE).add(row);
            statistics.get(Estimate.RETURN).add(0.0);
        }
        return new Estimate("skewed", "none", List.of("a", "b", "c"), statistics);
    }

    private static final Reference EXACT_ZERO = new Reference("exact zero", new double[P], 0);

    /**
     * Over 600 samples of 150 rows from the unbiased distribution, F at 0.01 rejects far more than the
     * 6 due (measured: 27 against an exact reference), and the rejections the bootstrap confirms stay
     * within the binomial's 0.999 quantile for the level (at most 15 of 600): the level is restored where
     * F lost it. Against a sampled reference (standard error 0.04 a component, drawn anew for each sample,
     * about half the mean's own 0.09), the same holds, every resample adding the reference's noise.
     */
    @Test
    void theBootstrapHoldsTheLevelWhereFLosesIt() {
        assertLevelHeld(0);
    }

    @Test
    void theBootstrapHoldsTheLevelAgainstASampledReference() {
        assertLevelHeld(0.04);
    }

    private static void assertLevelHeld(double referenceError) {
        double level = 0.01;
        int samples = 600;
        int byF = 0;
        int confirmed = 0;
        double[] se = new double[P];
        java.util.Arrays.fill(se, referenceError);
        for (int s = 1; s <= samples; s++) {
            double[] rows = rows(150, s, 0);
            SplittableRandom noise = new SplittableRandom(1000 + s);
            double[] r = new double[P];
            for (int j = 0; j < P; j++) r[j] = referenceError * noise.nextGaussian();
            Reference reference = referenceError == 0 ? EXACT_ZERO : Reference.sampled("sampled", r, se, null, null);
            SubspaceHotelling.Result f = SubspaceHotelling.test(estimate(rows), reference);
            if (!f.rejectsByF(level)) continue;
            byF++;
            BootstrapCalibration.Calibration c = BootstrapCalibration.of(rows, P, r, reference.variances(), 0, f,
                    level, 17 + s);
            if (c.confirms(level)) confirmed++;
        }
        int bound = new BinomialDistribution(samples, level).inverseCumulativeProbability(0.999);
        assertTrue(byF > bound, "F alone should over-reject on these skewed rows, rejected " + byF);
        assertTrue(confirmed <= bound, confirmed + " rejections confirmed, more than the level allows (" + bound + ")");
    }

    /** A real bias is still seen: the bootstrap confirms F's rejection of a mean 0.6 off in the first entry. */
    @Test
    void aRealBiasIsConfirmed() {
        double level = 5e-4;
        double[] rows = rows(1000, 3, 0.6);
        SubspaceHotelling.Result f = SubspaceHotelling.test(estimate(rows), EXACT_ZERO);
        assertTrue(f.rejectsByF(level), f.describe(level));
        BootstrapCalibration.Calibration c = BootstrapCalibration.of(rows, P, new double[P], new double[P], 0, f, level, 5);
        assertTrue(c.confirms(level), c.describe(1000));
        assertEquals(BootstrapCalibration.resamples(level), c.resamples());
        assertNull(c.skipped());
    }

    /** Resample b draws from its own stream: the same rows give the same p-value, bit for bit. */
    @Test
    void theResultIsReproducible() {
        double[] rows = rows(300, 11, 0.2);
        SubspaceHotelling.Result f = SubspaceHotelling.test(estimate(rows), EXACT_ZERO);
        BootstrapCalibration.Calibration a = BootstrapCalibration.of(rows, P, new double[P], new double[P], 0, f, 0.05, 9);
        BootstrapCalibration.Calibration b = BootstrapCalibration.of(rows, P, new double[P], new double[P], 0, f, 0.05, 9);
        assertEquals(a, b);
    }

    /** A level so small that no affordable count of resamples can reach it leaves the rejection to F, saying so. */
    @Test
    void aLevelBeyondItsResamplesIsLeftToF() {
        double[] rows = rows(100, 2, 1);
        SubspaceHotelling.Result f = SubspaceHotelling.test(estimate(rows), EXACT_ZERO);
        BootstrapCalibration.Calibration c = BootstrapCalibration.of(rows, P, new double[P], new double[P], 0, f, 1e-9, 1);
        assertNotNull(c.skipped());
        assertTrue(c.skipped().contains("resamples"), c.skipped());
    }

    /**
     * The rows (a replay of the whole batch, for a sampled verification) are asked for only when the
     * bootstrap will run: past its work budget, a rejection rests on F without them. 400,000 rows of 3
     * entries at 1e-3 would take 3999 x 400,000 x (16 + 6) = 3.5e10 multiply-adds, past 2^34 = 1.7e10;
     * 200 rows would not.
     */
    @Test
    void theRowsAreAskedForOnlyWhenTheBootstrapWillRun() {
        for (int n : new int[] {400_000, 200}) {
            dev.policygrad.estimate.PairedEstimates.Running running =
                    new dev.policygrad.estimate.PairedEstimates.Running("skewed", null, List.of("a", "b", "c"));
            double[] rows = rows(n, 4, 1);
            double[] row = new double[P];
            dev.policygrad.estimate.PairedRows.Collector kept = new dev.policygrad.estimate.PairedRows.Collector(P, false);
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows, i * P, row, 0, P);
                running.add(row, null, 0, 0, false);
                kept.add(row, null);
            }
            int[] asked = new int[1];
            EstimatorReport report = EstimatorVerification.sampled(running.result(), EXACT_ZERO, 1e-3, () -> {
                asked[0]++;
                return kept.rows();
            });
            BootstrapCalibration.Calibration c = report.unpaired().bootstrap();
            assertNotNull(c, report.base().reason());
            if (n == 200) {
                assertEquals(1, asked[0]);
                assertNull(c.skipped(), c.skipped());
            } else {
                assertEquals(0, asked[0], "the rows were asked for, then not resampled");
                assertTrue(c.skipped().contains("past its budget"), c.skipped());
            }
        }
    }

    /** Past its work budget the calibration is not run, and says why. */
    @Test
    void pastItsBudgetItSaysWhy() {
        int n = 400_000;
        double[] rows = new double[n * P];
        SubspaceHotelling.Result f = new SubspaceHotelling.Result(100, P, 1e-20, 0, n);
        BootstrapCalibration.Calibration c = BootstrapCalibration.of(rows, P, new double[P], new double[P], 0, f, 5e-4, 1);
        assertNotNull(c.skipped());
        assertTrue(c.confirms(5e-4));
        assertTrue(c.describe(n).contains("F distribution alone"), c.describe(n));
    }
}
