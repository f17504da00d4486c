package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Estimate;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The T^2 test on its own, on estimates drawn from known distributions. */
class SubspaceHotellingTest {

    /** N draws of (x, -x, 0) with x ~ N(mean, 1): one varying direction, one constant, one always zero. */
    private static Estimate draws(double mean, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = mean + random.nextGaussian();
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
}
