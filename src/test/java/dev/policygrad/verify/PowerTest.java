package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Estimate;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The power figures: the noncentral F against a closed form, and the detectable bias against simulation. */
class PowerTest {

    /** With one numerator degree and m -> infinity, F' is a noncentral chi^2_1: P(|Z + sqrt(lambda)| > sqrt(f)). */
    @ParameterizedTest
    @CsvSource({"3.84, 0", "3.84, 4", "10.8, 9", "6.63, 20"})
    void noncentralFMatchesTheNormalClosedFormForOneDegree(double f, double lambda) {
        NormalDistribution z = new NormalDistribution();
        double expected = z.cumulativeProbability(-Math.sqrt(f) - Math.sqrt(lambda))
                + 1 - z.cumulativeProbability(Math.sqrt(f) - Math.sqrt(lambda));
        assertEquals(expected, Power.rejection(1, 100_000_000, f, lambda), 2e-6);
    }

    /**
     * Gaussian estimates with a bias of exactly the reported norm along the hardest direction are
     * detected in about 80% of 400 simulated batches (binomial standard error 0.02; the bound is 4 of them).
     */
    @Test
    void aBiasOfTheReportedNormIsDetectedEightyPercentOfTheTime() {
        int n = 200;
        double alpha = 0.01;
        double[] sd = {3, 1, 0.5};
        SplittableRandom random = new SplittableRandom(42);
        double norm = Power.of(batch(random, n, sd, 0), alpha, 0).norm();
        Reference zero = new Reference("0", new double[3], 0);
        int rejected = 0;
        int runs = 400;
        for (int k = 0; k < runs; k++) {
            SubspaceHotelling.Result h = SubspaceHotelling.test(batch(random, n, sd, norm), zero);
            if (h.pValue() < alpha) rejected++;
        }
        double rate = rejected / (double) runs;
        assertTrue(Math.abs(rate - 0.8) < 0.08, "detected in " + rate + " of the batches");
    }

    private static Estimate batch(SplittableRandom random, int n, double[] sd, double bias) {
        double[][] rows = new double[n][sd.length];
        for (double[] row : rows) {
            for (int j = 0; j < sd.length; j++) row[j] = sd[j] * gaussian(random) + (j == 0 ? bias : 0);
        }
        return Estimate.of("test", "none", List.of("a", "b", "c"), rows, 0, 0, 0, 0);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void diagnosisTellsAMultipleFromAnotherDirection() {
        double[] g = {1, -2, 0.5};
        Diagnosis twice = Diagnosis.of(new double[] {2, -4, 1}, g, 1e-12, true);
        assertEquals(2, twice.scale(), 1e-15);
        assertEquals(1, twice.cosine(), 1e-15);
        assertEquals(1, twice.relative(), 1e-15);
        assertTrue(twice.positiveMultiple());
        assertTrue(twice.words().contains("only the step size is off"), twice.words());
        Diagnosis tilted = Diagnosis.of(new double[] {1, -2, 1.5}, g, 1e-12, true);
        assertTrue(!tilted.positiveMultiple() && tilted.cosine() > 0.9 && tilted.words().contains("points elsewhere"));
        assertEquals(1, tilted.residual() / Math.sqrt(1 - tilted.cosine() * tilted.cosine())
                / Math.sqrt(1 + 4 + 2.25), 1e-12);
        Diagnosis reversed = Diagnosis.of(new double[] {-1, 2, -0.5}, g, 1e-12, true);
        assertTrue(reversed.words().contains("points away"), reversed.words());
    }
}
