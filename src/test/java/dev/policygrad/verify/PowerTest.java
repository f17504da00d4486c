package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        Diagnosis turnedAway = Diagnosis.of(new double[] {-1, 2, 0.5}, g, 1e-12, true);
        assertTrue(turnedAway.cosine() < 0 && turnedAway.words().contains("points away"), turnedAway.words());
    }

    @Test
    void diagnosisNamesAFlippedSign() {
        double[] g = {1, -2, 0.5};
        Diagnosis reversed = Diagnosis.of(new double[] {-1, 2, -0.5}, g, 1e-12, true);
        assertTrue(reversed.negativeMultiple() && !reversed.positiveMultiple());
        assertTrue(reversed.words().contains("the sign is flipped") && reversed.words().contains("negated, it would be "
                + "unbiased"), reversed.words());
        Diagnosis reversedAndScaled = Diagnosis.of(new double[] {-2.5, 5, -1.25}, g, 1e-12, true);
        assertTrue(reversedAndScaled.words().contains("-2.50000 x grad J: the sign is flipped")
                && reversedAndScaled.words().contains("only the step size would be off"), reversedAndScaled.words());
        // sampled: within what the episodes resolve, the sign looks flipped, and the words say how sure that is
        Diagnosis sampled = Diagnosis.of(new double[] {-1.03, 2.05, -0.5}, g, 0.3, false);
        assertTrue(sampled.words().contains("the sign looks flipped") && sampled.words().contains("cannot tell"),
                sampled.words());
    }

    /**
     * 50 sum_t gamma^t score(t) has expectation 0, which the exact sum gives as 4e-15 times grad J: a
     * multiple of it within rounding, once called "it points the way of the gradient, only the step size
     * is off". An expectation whose size is within the tolerance is zero, whatever its direction.
     */
    @Test
    void diagnosisTellsAZeroExpectationFromAMultiple() {
        double[] g = {1, -2, 0.5};
        Diagnosis vanishing = Diagnosis.of(new double[] {4e-15, -8e-15, 2e-15}, g, 1e-9, true);
        assertTrue(vanishing.zero() && !vanishing.positiveMultiple() && !vanishing.negativeMultiple());
        assertTrue(vanishing.words().startsWith("E[estimate] is zero up to rounding"), vanishing.words());
        Diagnosis small = Diagnosis.of(new double[] {0.05, 0.02, -0.01}, g, 0.3, false);
        assertTrue(small.words().contains("cannot tell it from an estimator whose expectation is 0"), small.words());
        assertTrue(!Diagnosis.of(new double[] {0.5, -1, 0.25}, g, 0.3, false).zero());
    }

    @Test
    void diagnosisNamesTheComponentsThatCarryTheBias() {
        double[] g = {1, -2, 0.5, 0.25};
        List<String> names = List.of("theta[0]", "theta[1]", "theta[2]", "theta[3]");
        Diagnosis one = Diagnosis.of(new double[] {1.3, -2, 0.5, 0.25}, g, 1e-9, true);
        assertArrayEquals(new int[] {0}, one.biasedComponents());
        assertEquals("bias in 1 of 4 components: theta[0] +0.3000; the other 3 agree within rounding",
                one.where(names, 8));
        // sampled, each component against its own resolution: theta[1]'s -0.05 is within its 0.1
        Diagnosis two = Diagnosis.of(new double[] {1, -2.05, 0.1, 0.75}, g, 0.2, new double[] {0.1, 0.1, 0.1, 0.1},
                false);
        assertArrayEquals(new int[] {3, 2}, two.biasedComponents());
        assertEquals("bias in 2 of 4 components: theta[3] +0.5000, theta[2] -0.4000; the other 2 agree within what "
                + "these episodes resolve per parameter", two.where(names, 8));
        Diagnosis all = Diagnosis.of(new double[] {2, -4, 1, 0.5}, g, 1e-9, true);
        assertEquals("bias in every component, largest: theta[1] -2.000, ... (3 more)", all.where(names, 1));
    }

    /**
     * A parameter that no episode varied (the score of a state none reached) has no detectable bias to
     * state: a bias there shows only if it moves the mean these episodes give. Its figure was 0.00,
     * "detects with probability 0.8 any bias >= 0.00"; it is NaN, printed as constant, null in JSON.
     */
    @Test
    void aParameterNoEpisodeVariedHasNoDetectableBiasToState() {
        SplittableRandom random = new SplittableRandom(5);
        List<String> names = List.of("theta[0]", "theta[1]", "theta[2]");
        dev.policygrad.estimate.PairedEstimates.Running running =
                new dev.policygrad.estimate.PairedEstimates.Running("c", "r", names);
        for (int i = 0; i < 500; i++) {
            double a = gaussian(random), b = gaussian(random);
            running.add(new double[] {a, b, 0}, new double[] {a + 0.1 * gaussian(random), b, 0}, 0, 1, false);
        }
        EstimatorReport report = EstimatorVerification.sampled(running.result(),
                new Reference("exact", new double[] {0, 0, 0}, 0), 1e-3);
        assertTrue(Double.isNaN(report.unpairedPower().perParameter()[2]));
        assertTrue(report.unpairedPower().perParameter()[0] > 0);
        // the paired differences vary in theta[0] alone
        assertTrue(Double.isNaN(report.pairedPower().perParameter()[1]) && Double.isNaN(report.pairedPower().perParameter()[2]));
        String text = report.toString();
        assertTrue(text.contains("theta[2] constant") && text.contains("where constant, no episode varied"), text);
        java.util.Map<?, ?> power = (java.util.Map<?, ?>) report.json().get("power");
        java.util.Map<?, ?> unpaired = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) power.get("unpaired")).get("smallest_detectable");
        assertTrue(unpaired.containsKey("theta[2]") && unpaired.get("theta[2]") == null, unpaired.toString());
    }
}
