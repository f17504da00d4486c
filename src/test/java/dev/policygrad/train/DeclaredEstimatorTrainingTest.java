package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.EstimatorChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training along an estimator the files declare ({@code examples/estimator-bugs}, gamma 0.8). A formula
 * that writes out step (11), {@code sum(t in 0..T-1, score(t) * gamma^t * return(t))}, is the same
 * mathematics as the built-in reward-to-go, computed another way (the formula folded per episode, the
 * built-in from weights and the scores kept while sampling): on the same batches the two runs must end
 * at the same parameters up to rounding. The formula without gamma^t is biased, and must not.
 */
class DeclaredEstimatorTrainingTest {

    private static final int ITERATIONS = 8;

    @TempDir
    Path dir;

    private final Workspace bugs = PolicyGrad.load(Path.of("examples/estimator-bugs"));

    private TrainingRun train(EstimatorChoice estimator, Optimizer optimizer, long seed) {
        Trainer trainer = bugs.trainer(new TrainingSettings(estimator, false, 200, seed, 2));
        TrainingRun run = trainer.start(bugs.theta(), optimizer);
        trainer.train(run, ITERATIONS, null);
        return run;
    }

    @Test
    void theDeclaredRewardToGoTrainsAsTheBuiltInDoes() {
        for (long seed : new long[] {1, 2}) {
            TrainingRun builtIn = train(EstimatorChoice.of("reward-to-go"), new Adam(0.05), seed);
            TrainingRun declared = train(EstimatorChoice.of("reward_to_go"), new Adam(0.05), seed);
            assertArrayEquals(builtIn.theta(), declared.theta(), 1e-12);
            // the same episodes: the same returns, to the bit
            for (int k = 0; k < ITERATIONS; k++) {
                assertEquals(builtIn.metrics().get(k).meanReturn(), declared.metrics().get(k).meanReturn(), 0);
                assertEquals(builtIn.metrics().get(k).gradientNorm(), declared.metrics().get(k).gradientNorm(),
                        1e-12 * builtIn.metrics().get(k).gradientNorm());
            }
            TrainingRun sgdBuiltIn = train(EstimatorChoice.of("reward-to-go"), new Sgd(0.1), seed);
            TrainingRun sgdDeclared = train(EstimatorChoice.of("reward_to_go"), new Sgd(0.1), seed);
            assertArrayEquals(sgdBuiltIn.theta(), sgdDeclared.theta(), 1e-12);
        }
    }

    /**
     * missing_discount drops gamma^t: on the same batches its steps differ from reward-to-go's by far
     * more than rounding (it is the built-in missing-discount control, written as a formula).
     */
    @Test
    void aBiasedDeclaredEstimatorTrainsElsewhere() {
        TrainingRun unbiased = train(EstimatorChoice.of("reward_to_go"), new Sgd(0.1), 1);
        TrainingRun biased = train(EstimatorChoice.of("missing_discount"), new Sgd(0.1), 1);
        double largest = 0;
        double[] a = unbiased.theta(), b = biased.theta();
        for (int i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
        assertTrue(largest > 1e-3, "theta moved by at most " + largest);
        TrainingRun control = train(EstimatorChoice.of("missing-discount"), new Sgd(0.1), 1);
        assertArrayEquals(control.theta(), biased.theta(), 1e-12);
    }

    /** A run along GAE resumes from its checkpoint with its lambda and critic, ending with the same bits. */
    @Test
    void aGaeRunResumesWithItsLambdaAndCritic() throws IOException {
        EstimatorChoice gae = new EstimatorChoice("gae", "none", 0.5, "V");
        TrainingRun whole = train(gae, new Adam(0.05), 3);
        Trainer first = bugs.trainer(new TrainingSettings(gae, false, 200, 3, 2));
        TrainingRun stopped = first.start(bugs.theta(), new Adam(0.05));
        first.train(stopped, 3, null);
        Path file = dir.resolve("gae.json");
        Checkpoints.write(file, first.checkpoint(stopped, List.of("estimators.pg", "task.pg")));
        Checkpoint saved = Checkpoints.read(file);
        assertEquals(gae, saved.settings(1).estimator());
        Trainer second = bugs.trainer(saved.settings(1));
        TrainingRun resumed = second.resume(saved);
        second.train(resumed, ITERATIONS, null);
        assertArrayEquals(whole.theta(), resumed.theta(), 0);
    }

    /**
     * A gae checkpoint that lost its lambda or critic is damaged, not a run at lambda 1 with the linear
     * critic (which would resume along another estimator); one of a built-in, written before gae trained,
     * has neither and still reads.
     */
    @Test
    void aGaeCheckpointWithoutItsLambdaOrCriticIsDamaged() throws IOException {
        EstimatorChoice gae = new EstimatorChoice("gae", "none", 0.5, "V");
        Trainer trainer = bugs.trainer(new TrainingSettings(gae, false, 50, 3, 1));
        TrainingRun run = trainer.start(bugs.theta(), new Adam(0.05));
        trainer.train(run, 1, null);
        Path file = dir.resolve("gae.json");
        Checkpoints.write(file, trainer.checkpoint(run, List.of("estimators.pg", "task.pg")));
        String text = java.nio.file.Files.readString(file);
        for (String field : new String[] {"lambda", "critic"}) {
            String without = text.replaceAll("\\n *\"" + field + "\" : [^,]*,", "");
            assertTrue(!without.contains("\"" + field + "\""), without);
            java.nio.file.Files.writeString(file, without);
            UsageError e = assertThrows(UsageError.class, () -> Checkpoints.read(file));
            assertTrue(e.getMessage().contains("a damaged checkpoint (missing \"" + field + "\")"), e.getMessage());
        }
        Trainer builtIn = bugs.trainer(new TrainingSettings(EstimatorChoice.of("reward-to-go"), false, 50, 3, 1));
        Checkpoints.write(file, builtIn.checkpoint(builtIn.start(bugs.theta(), new Adam(0.05)), List.of("task.pg")));
        assertTrue(!java.nio.file.Files.readString(file).contains("lambda"));
        assertEquals(EstimatorChoice.of("reward-to-go"), Checkpoints.read(file).settings(1).estimator());
    }

    /** A name neither built in nor declared fails before any episode, listing every choice. */
    @Test
    void anUnknownNameListsTheChoices() {
        UsageError e = assertThrows(UsageError.class,
                () -> bugs.trainer(new TrainingSettings(EstimatorChoice.of("reward_to_goo"), false, 10, 0, 1)));
        assertTrue(e.getMessage().startsWith("unknown estimator 'reward_to_goo'; choose total-return, reward-to-go, "
                + "missing-discount, gae, reward_to_go, total_return,"), e.getMessage());
        UsageError baseline = assertThrows(UsageError.class,
                () -> bugs.trainer(new TrainingSettings(new EstimatorChoice("reward_to_go", "mean", 1, "linear"), false, 10,
                        0, 1)));
        assertTrue(baseline.getMessage().contains("estimator reward_to_go is a formula: write the baseline into it"),
                baseline.getMessage());
    }
}
