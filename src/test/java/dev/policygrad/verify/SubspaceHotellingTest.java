package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The T^2 test on its own, on estimates drawn from known distributions. */
class SubspaceHotellingTest {

    /** N draws of (x, -x, 0) with x ~ N(mean, 1): one varying direction, one constant, one always zero. */
    private static Estimate draws(double mean, int n, long seed) {
        return draws(mean, n, seed, 1);
    }

    /** As {@link #draws(double, int, long)}, every row multiplied by {@code scale}. */
    private static Estimate draws(double mean, int n, long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = (mean + random.nextGaussian()) * scale;
            rows[i] = new double[] {x, -x, 0};
        }
        EpisodeStatistics statistics = Estimate.newStatistics(3, true);
        for (double[] row : rows) {
            statistics.get(Estimate.ESTIMATE).add(row);
            statistics.get(Estimate.RETURN).add(0.0);
        }
        return new Estimate("test", "none", List.of("a", "b", "c"), statistics);
    }

    @Test
    void theStatisticIsHotellingsOnTheVaryingSubspace() {
        Estimate e = draws(0, 1000, 1);
        double m = e.mean()[0];
        double variance = e.covariance()[0][0] + e.covariance()[1][1];
        SubspaceHotelling.Result r = SubspaceHotelling.test(e, new Reference("exact", new double[] {0, 0, 0}, 0));
        assertEquals(1, r.dimensions());
        // along v = (1, -1, 0) / sqrt 2: (v . d)^2 = 2 m^2 and lambda = var(x) + var(-x) = 2 var(x)
        assertEquals(1000 * 2 * m * m / variance, r.statistic(), 1e-9 * (1 + r.statistic()));
        assertTrue(r.nullDirectionsAgree());
    }

    @Test
    void aReferenceOffInAConstantDirectionIsCaught() {
        Estimate e = draws(0, 1000, 2);
        SubspaceHotelling.Result r = SubspaceHotelling.test(e, new Reference("exact", new double[] {0, 0, 0.5}, 0));
        assertTrue(!r.nullDirectionsAgree());
    }

    @Test
    void theReferencesOwnErrorWidensTheTest() {
        // the estimates' mean is 0.2 (standard error 1 / sqrt(10000) = 0.01): 20 standard errors from 0
        Estimate e = draws(0.2, 10_000, 3);
        Reference exactZero = new Reference("exact", new double[] {0, 0, 0}, 0);
        assertTrue(SubspaceHotelling.test(e, exactZero).pValue() < 1e-12);
        // a reference that is itself uncertain by 0.2 per component no longer contradicts the estimates
        Reference estimatedZero = new Reference("monte carlo", new double[] {0, 0, 0}, 0.2);
        assertTrue(SubspaceHotelling.test(e, estimatedZero).pValue() > 0.01);
    }

    /**
     * With fewer than 10 episodes per varying direction the p-value is not trusted: a small p leaves the
     * test undecided instead of rejecting, and says how many episodes it needs.
     */
    @Test
    void tooFewEpisodesPerDirectionLeaveTheTestUndecided() {
        SubspaceHotelling.Result few = new SubspaceHotelling.Result(300, 24, 1e-9, 0, 100);
        assertTrue(!few.rejects(5e-4) && few.undecided(5e-4));
        assertTrue(few.describe(5e-4).contains("needs 10 per direction (240 episodes)"), few.describe(5e-4));
        SubspaceHotelling.Result enough = new SubspaceHotelling.Result(300, 24, 1e-9, 0, 240);
        assertTrue(enough.rejects(5e-4) && !enough.undecided(5e-4));
        assertTrue(!new SubspaceHotelling.Result(20, 24, 0.6, 0, 240).undecided(5e-4));
    }

    /** An estimate off the reference in a constant direction: undecided, never a rejection by itself. */
    @Test
    void aConstantDirectionOffTheReferenceIsUndecidedNotRejected() {
        Estimate e = draws(0, 1000, 2);
        SubspaceHotelling.Result r = SubspaceHotelling.test(e, new Reference("exact", new double[] {0, 0, 0.5}, 0));
        assertTrue(!r.rejects(1e-3) && r.undecided(1e-3), r.describe(1e-3));
    }

    @Test
    void theStatisticDoesNotDependOnTheEstimatesScale() {
        // T^2 = N d^T S^+ d is unchanged when the estimates and the reference are multiplied by one factor;
        // at 1e150 and 1e-140 the covariance's entries lie near the ends of the double range
        Reference zero = new Reference("exact", new double[] {0, 0, 0}, 0);
        SubspaceHotelling.Result unit = SubspaceHotelling.test(draws(0.05, 500, 4), zero);
        for (double scale : new double[] {1e150, 1e-140}) {
            SubspaceHotelling.Result scaled = SubspaceHotelling.test(draws(0.05, 500, 4, scale), zero);
            assertEquals(unit.dimensions(), scaled.dimensions());
            assertEquals(unit.statistic(), scaled.statistic(), 1e-9 * unit.statistic(), "scale " + scale);
            assertTrue(scaled.nullDirectionsAgree());
            // the smallest detectable bias scales with the estimates
            double norm = Power.of(draws(0.05, 500, 4), 1e-3, 0).norm() * scale;
            assertEquals(norm, Power.of(draws(0.05, 500, 4, scale), 1e-3, 0).norm(), 1e-9 * norm);
        }
    }

    @Test
    void estimatesTheTestCannotWeighAreRefusedSayingWhy() {
        Reference zero = new Reference("exact", new double[] {0, 0, 0}, 0);
        UsageError one = assertThrows(UsageError.class, () -> SubspaceHotelling.test(draws(0, 1, 5), zero));
        assertTrue(one.getMessage().contains("come from 1 episode(s); the T^2 test needs at least 2"), one.getMessage());
        // squares of 1e160 pass the largest double: the covariance is Infinity
        UsageError large = assertThrows(UsageError.class, () -> SubspaceHotelling.test(draws(0, 10, 6, 1e160), zero));
        assertTrue(large.getMessage().contains("too large to test: their sample covariance at a is Infinity"),
                large.getMessage());
        assertThrows(UsageError.class, () -> Power.of(draws(0, 10, 6, 1e160), 1e-3, 0));
        // squares of 1e-160 are subnormal: their digits are gone
        UsageError small = assertThrows(UsageError.class, () -> SubspaceHotelling.test(draws(0, 10, 7, 1e-160), zero));
        assertTrue(small.getMessage().contains("too small to test"), small.getMessage());
    }
}
