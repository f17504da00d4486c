package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.EvalError;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.estimate.GradientEstimator;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.PairedTally;
import dev.policygrad.estimate.StepWeighted;
import dev.policygrad.rollout.Engines;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paired verification of per-episode estimators (formulas, GAE with a cross-fitted, an exact and
 * a formula critic) prints the same report, digit for digit, on 1 and 3 local threads and on Spark
 * local[2]: the paired pass is a rollout tally of mergeable moments, its chunks depend on the job
 * alone and merge in chunk order, and the estimators are rebuilt from the program's text where a
 * chunk runs. So does the bootstrap that confirms or overturns a rejection by F: the batch is replayed
 * on the same engine, its rows concatenated in chunk order.
 */
class PairedEnginesTest {

    private static final List<EstimatorChoice> CHOICES = List.of(
            EstimatorChoice.of("state_baseline"),
            EstimatorChoice.of("missing_discount"),
            new EstimatorChoice("gae", "none", 0.5, "linear"),
            new EstimatorChoice("gae", "none", 0.9, "exact"),
            new EstimatorChoice("gae", "none", 0.7, "V"));

    private static List<String> reports(Workspace workspace, RolloutEngine engine) {
        List<String> out = new ArrayList<>();
        EstimatorVerifier verifier = workspace.estimators().onEngine(engine, workspace.rolloutTask(), null);
        for (EstimatorChoice choice : CHOICES) {
            EstimatorReport report = verifier.sampled(choice, null, new Batch(1500, 11, 1), 1e-3, null);
            out.add(EstimatorReports.text(report));
        }
        return out;
    }

    /**
     * Reward-to-go on the grid at 300 episodes, seed 100: F rejects the unbiased estimator (p = 1.8e-7)
     * and the bootstrap, on the batch replayed on the engine, overturns it; the report and its JSON.
     */
    private static List<Object> overturned(Workspace grid, RolloutEngine engine) {
        EstimatorReport report = grid.estimators().onEngine(engine, grid.rolloutTask(), null)
                .sampled(EstimatorChoice.of("reward-to-go"), null, new Batch(300, 100, 1), 1e-3, null);
        return List.of(EstimatorReports.text(report), EstimatorReports.json(report));
    }

    @TempDir
    static Path dir;

    /**
     * The catalogue with a formula that divides by zero on episodes of the horizon's 4 steps, the first
     * of them episode 0 of seed 0; 60 episodes are one chunk, one Spark task.
     */
    private static EstimatorReport failing(RolloutEngine engine) throws java.io.IOException {
        Path blowup = dir.resolve("blowup.pg");
        java.nio.file.Files.writeString(blowup, "estimator blowup = sum(t in 0..T-1, score(t) * return(t)) / (T - 4)\n");
        Workspace workspace = PolicyGrad.load(Path.of("examples/estimator-bugs/task.pg"),
                Path.of("examples/estimator-bugs/estimators.pg"), blowup);
        return workspace.estimators().onEngine(engine, workspace.rolloutTask(), null)
                .sampled(EstimatorChoice.of("blowup"), null, new Batch(60, 0, 1), 1e-3, null);
    }

    @Test
    void formulaAndGaeReportsAreTheSameOnEveryEngine() {
        Workspace workspace = PolicyGrad.load(Path.of("examples/estimator-bugs"));
        Workspace grid = PolicyGrad.load(Path.of("examples/gridworld"));
        List<String> one = reports(workspace, new Rollouts(1));
        assertEquals(one, reports(workspace, new Rollouts(3)), "3 local threads");
        List<Object> gridOne = overturned(grid, new Rollouts(1));
        assertEquals(gridOne, overturned(grid, new Rollouts(2)), "2 local threads");
        String gridText = (String) gridOne.get(0);
        assertTrue(gridText.contains("not borne out by a bootstrap of the 300 episodes") && gridText.contains(
                "\nconsistent: "), gridText);
        try (RolloutEngine spark = Engines.spark("local[2]")) {
            assertEquals(one, reports(workspace, spark), "spark local[2]");
            assertEquals(gridOne, overturned(grid, spark), "the grid's overturned rejection on spark local[2]");
            // estimators built in memory (Java objects) stay on local threads: Spark refuses them up front
            GradientEstimator inMemory = StepWeighted.of(EstimatorKind.REWARD_TO_GO);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairedEstimates.sample(
                    spark, workspace.rolloutTask(), workspace.theta(), new Batch(100, 1, 1),
                    new PairedTally.InMemory(inMemory, null), null));
            assertTrue(e.getMessage().contains("cannot be shipped"), e.getMessage());
            // a formula that fails on an episode fails on Spark as here: the episode, and where in the file
            EvalError local = assertThrows(EvalError.class, () -> failing(new Rollouts(1)));
            EvalError remote = assertThrows(EvalError.class, () -> failing(spark));
            assertEquals(local.getMessage(), remote.getMessage());
            assertTrue(local.getMessage().endsWith("on episode 0"), local.getMessage());
            assertEquals(local.span().where(), remote.span().where());
            assertTrue(remote.span().where().endsWith("blowup.pg:1:20"), remote.span().where());
        }
        // the reports are real verdicts: the missing discount is caught (the replay's bootstrap confirming
        // both tests), the sound ones pass
        assertTrue(one.get(1).contains("inconsistent"), one.get(1));
        assertTrue(one.get(1).contains("; confirmed by a bootstrap of the 1500 episodes (7999 resamples)"), one.get(1));
        assertTrue(one.get(0).contains("\nconsistent") || one.get(0).startsWith("consistent"), one.get(0));
    }
}
