package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped at a checkpoint and resumed (from the file, on another number of threads) ends with
 * the same bits as a run that never stopped: same theta, same Adam moments, same rows but for timing.
 */
class ResumeTest {

    private static final int ITERATIONS = 12;
    private static final int STOP = 5;

    @TempDir
    Path dir;

    private final Examples corridor = Examples.shortCorridor();

    private Trainer trainer(int threads) {
        Estimator estimator = new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.MEAN);
        return new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(estimator, false, 64, 7, threads));
    }

    @Test
    void resumedRunEqualsUninterruptedBitForBit() throws IOException {
        Trainer whole = trainer(2);
        TrainingRun uninterrupted = whole.start(new double[] {0.1, -0.2}, new Adam(0.05));
        whole.train(uninterrupted, ITERATIONS, null);

        Trainer first = trainer(2);
        TrainingRun stopped = first.start(new double[] {0.1, -0.2}, new Adam(0.05));
        first.train(stopped, STOP, null);
        Path file = dir.resolve("run.json");
        Checkpoints.write(file, first.checkpoint(stopped, List.of("corridor.pg", "policy.pg")));

        Checkpoint saved = Checkpoints.read(file);
        assertEquals(STOP, saved.iteration());
        Trainer second = new Trainer(corridor.policy(), corridor.environment(), saved.settings(1));
        TrainingRun resumed = second.resume(saved);
        second.train(resumed, ITERATIONS, null);

        assertArrayEquals(uninterrupted.theta(), resumed.theta(), 0);
        OptimizerState a = uninterrupted.optimizer().state(), b = resumed.optimizer().state();
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.vector("first_moment"), b.vector("first_moment"), 0);
        assertArrayEquals(a.vector("second_moment"), b.vector("second_moment"), 0);
        assertEquals(strip(uninterrupted.metrics()), strip(resumed.metrics()));
    }

    @Test
    void checkpointKeepsThetaByNameAndByBlock() throws IOException {
        Trainer trainer = trainer(1);
        TrainingRun run = trainer.start(new double[] {0.25, -0.5}, new Sgd(0.1));
        Path file = dir.resolve("start.json");
        Checkpoints.write(file, trainer.checkpoint(run, List.of("a.pg")));
        String text = Files.readString(file);
        Checkpoint saved = Checkpoints.read(file);
        assertEquals(List.of("theta[0]", "theta[1]"), saved.names());
        assertEquals(List.of(0.25, -0.5), saved.blocks().get("theta"));
        assertEquals(List.of("a.pg"), saved.files());
        assertEquals("sgd", saved.optimizer().kind());
        assertEquals(Checkpoints.FORMAT, new com.fasterxml.jackson.databind.ObjectMapper().readTree(text)
                .get("format").asText());
    }

    @Test
    void aCheckpointOfAnotherPolicyIsRefused() throws IOException {
        Examples cartPole = Examples.cartPoleLinear();
        Trainer trainer = trainer(1);
        Path file = dir.resolve("corridor.json");
        Checkpoints.write(file, trainer.checkpoint(trainer.start(new double[] {0, 0}, new Sgd(0.1)), List.of()));
        Trainer other = new Trainer(cartPole.policy(), cartPole.environment(), Checkpoints.read(file).settings(1));
        assertThrows(UsageError.class, () -> other.resume(Checkpoints.read(file)));
    }

    @Test
    void aFileThatIsNoCheckpointIsAUsageError() throws IOException {
        Path file = dir.resolve("params.json");
        Files.writeString(file, "{\"theta\": [0, 0]}");
        assertThrows(UsageError.class, () -> Checkpoints.read(file));
        Files.writeString(file, "{\"format\": \"" + Checkpoints.FORMAT + "\", \"files\": [");
        assertThrows(UsageError.class, () -> Checkpoints.read(file));
    }

    private static List<MetricRow> strip(List<MetricRow> rows) {
        return rows.stream().map(MetricRow::withoutTiming).toList();
    }
}
