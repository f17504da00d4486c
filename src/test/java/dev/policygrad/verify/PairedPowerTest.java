package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.env.Environment;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeRecord;
import dev.policygrad.estimate.EpisodeSampler;
import dev.policygrad.estimate.GradientEstimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.StepWeighted;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Policy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many episodes the paired and the unpaired test need to see the missing-discount bias, on the
 * same episodes: for each seed, the smallest prefix N (on a grid growing by 25%) of one batch at which
 * each test rejects at alpha / 2 = 5e-4, the level each runs at in the combined verdict. The medians
 * over seeds are printed (they are the README's figures) and the paired test must need at least 5
 * times fewer episodes on both tasks' (on the catalogue's task it decides as early as the test may).
 */
class PairedPowerTest {

    private static final double LEVEL = Verification.DEFAULT_ALPHA / 2;

    record Counts(int paired, int unpaired) {}

    static Counts median(String directory, int seeds, int maxEpisodes) {
        Workspace workspace = PolicyGrad.load(Path.of(directory));
        Policy policy = workspace.policy();
        Environment environment = workspace.task();
        double[] theta = policy.initialParameters(0);
        Reference reference = new Reference("exact", Objectives.evaluate(environment, policy, theta, 2, 0).gradient(), 0);
        int[] paired = new int[seeds];
        int[] unpaired = new int[seeds];
        GradientEstimator candidate = StepWeighted.of(EstimatorKind.MISSING_DISCOUNT);
        GradientEstimator proven = StepWeighted.of(EstimatorKind.REWARD_TO_GO);
        for (int seed = 1; seed <= seeds; seed++) {
            List<EpisodeRecord> episodes = EpisodeSampler.sample(policy, environment, theta,
                    new Batch(maxEpisodes, seed, 2));
            int[] first = firstRejections(episodes, candidate, proven, reference, policy.parameterNames());
            paired[seed - 1] = first[0];
            unpaired[seed - 1] = first[1];
        }
        Arrays.sort(paired);
        Arrays.sort(unpaired);
        return new Counts(paired[seeds / 2], unpaired[seeds / 2]);
    }

    /**
     * For the paired and the unpaired test: the smallest N on the grid from which on the test of the
     * first N episodes rejects at every grid point up to the batch's size (a rejection that later tests
     * retract is not a detection); the size + 1 if it does not reject on the whole batch. The prefixes'
     * statistics grow one episode at a time ({@link PairedEstimates.Running}).
     */
    private static int[] firstRejections(List<EpisodeRecord> episodes, GradientEstimator candidate,
            GradientEstimator proven, Reference reference, List<String> names) {
        int maxEpisodes = episodes.size();
        int[] from = {maxEpisodes + 1, maxEpisodes + 1};
        PairedEstimates.Running running = new PairedEstimates.Running("candidate", "reference", names);
        int p = names.size();
        int n = 8;
        for (int i = 0; i < maxEpisodes; i++) {
            EpisodeRecord e = episodes.get(i);
            double[] g = new double[p];
            double[] r = new double[p];
            candidate.estimate(e, g);
            proven.estimate(e, r);
            running.add(g, r, e.totalReturn(), e.length(), false);
            if (i + 1 != n) continue;
            PairedEstimates prefix = running.result();
            update(from, 0, SubspaceHotelling.paired(prefix), n, maxEpisodes);
            update(from, 1, SubspaceHotelling.test(prefix.candidate(), reference), n, maxEpisodes);
            n = n == maxEpisodes ? n + 1 : Math.min(maxEpisodes, Math.max(n + 1, (int) (n * 1.25)));
        }
        return from;
    }

    private static void update(int[] from, int test, SubspaceHotelling.Result h, int n, int maxEpisodes) {
        // the verdict's rule: p below the level, with 10 episodes per varying direction
        boolean rejects = h.rejects(LEVEL);
        if (!rejects) from[test] = maxEpisodes + 1;
        else if (from[test] > maxEpisodes) from[test] = n;
    }

    /**
     * On the catalogue's task (3 varying directions) the paired test rejects as soon as the test may decide
     * at all, at the first grid point from 10 episodes per direction (33); the unpaired one needs over 5
     * times as many.
     */
    @Test
    void pairedTestSeesTheMissingDiscountAsSoonAsTheTestMayDecide() {
        Counts counts = median("examples/estimator-bugs", 9, 4000);
        System.out.println("estimator-bugs, missing-discount: median episodes to detect, paired " + counts.paired()
                + ", unpaired " + counts.unpaired());
        assertTrue(counts.unpaired() <= 4000, "the unpaired test never rejected");
        assertTrue(counts.paired() <= 33, counts.toString());
        assertTrue(counts.unpaired() >= 5 * counts.paired(), counts.toString());
    }

    @Test
    void onTheGridThePairedTestNeedsFiveTimesFewerEpisodes() {
        Counts counts = median("examples/gridworld", 3, 60000);
        System.out.println("gridworld, missing-discount: median episodes to detect, paired " + counts.paired()
                + ", unpaired " + counts.unpaired());
        assertTrue(counts.unpaired() >= 5 * counts.paired(), counts.toString());
    }
}
