package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The rows go to the file beside the checkpoint as iterations complete, and the checkpoint only names
     * them: it is the same size at iteration 10 and at iteration 1000 (it held every row, 227 kB at 1000),
     * and the file holds exactly the rows the trainer reported, as the metrics CSV writes them.
     */
    @Test
    void aCheckpointNamesItsRowsInsteadOfHoldingThem() throws IOException {
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.NONE), true, 2, 0, 1));
        Path file = dir.resolve("long.json");
        List<MetricRow> reported = new java.util.ArrayList<>();
        long[] sizes = new long[2];
        try (MetricLog log = MetricLog.onFile(MetricLog.besideCheckpoint(file))) {
            TrainingRun run = trainer.start(new double[] {0, 0}, new Sgd(0.05), log);
            trainer.train(run, 1000, (row, current) -> {
                reported.add(row);
                if (row.iteration() == 10 || row.iteration() == 1000) {
                    try {
                        Checkpoints.write(file, trainer.checkpoint(current, List.of("corridor.pg")));
                        sizes[row.iteration() == 10 ? 0 : 1] = Files.size(file);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        }
        // "iteration", "steps", "rows" and "bytes" gain a digit or two each; nothing grows with the run
        assertTrue(sizes[1] - sizes[0] < 40, sizes[0] + " bytes at iteration 10, " + sizes[1] + " at 1000");
        assertEquals(Metrics.csv(reported), Files.readString(MetricLog.besideCheckpoint(file)));
        Checkpoint saved = Checkpoints.read(file);
        assertEquals(1000, saved.metrics().rows());
        assertEquals(reported, saved.metrics().read());
    }

    /**
     * Resumed in place from the new layout, after the run went on past its checkpoint and was killed
     * half-way through writing a row: the rows after the checkpoint are cut off, and the run ends with
     * the bits and the rows of a run that never stopped.
     */
    @Test
    void resumedInPlaceAfterAKillEqualsUninterrupted() throws IOException {
        Trainer whole = trainer(2);
        TrainingRun uninterrupted = whole.start(new double[] {0.1, -0.2}, new Adam(0.05));
        whole.train(uninterrupted, ITERATIONS, null);

        Path file = dir.resolve("ck.json");
        Path rows = MetricLog.besideCheckpoint(file);
        Trainer first = trainer(2);
        try (MetricLog log = MetricLog.onFile(rows)) {
            TrainingRun stopped = first.start(new double[] {0.1, -0.2}, new Adam(0.05), log);
            first.train(stopped, STOP, null);
            Checkpoints.write(file, first.checkpoint(stopped, List.of("corridor.pg", "policy.pg")));
            first.train(stopped, STOP + 2, null);  // two more rows, then killed while writing a third
        }
        Files.writeString(rows, "8,-11.5,0.9", java.nio.file.StandardOpenOption.APPEND);

        Checkpoint saved = Checkpoints.read(file);
        Trainer second = new Trainer(corridor.policy(), corridor.environment(), saved.settings(1));
        TrainingRun resumed = second.resume(saved, from -> MetricLog.continuing(from, rows));
        try {
            second.train(resumed, ITERATIONS, null);
            Checkpoints.write(file, second.checkpoint(resumed, List.of("corridor.pg", "policy.pg")));
        } finally {
            resumed.log().close();
        }
        assertArrayEquals(uninterrupted.theta(), resumed.theta(), 0);
        assertArrayEquals(uninterrupted.optimizer().state().vector("second_moment"),
                resumed.optimizer().state().vector("second_moment"), 0);
        assertEquals(strip(uninterrupted.metrics()), strip(Checkpoints.read(file).metrics().read()));
        assertEquals(ITERATIONS + 1, Files.readAllLines(rows).size());
    }

    @Test
    void aCheckpointWhoseRowsAreMissingOrChangedIsAClearError() throws IOException {
        Trainer trainer = trainer(1);
        TrainingRun run = trainer.start(new double[] {0.1, -0.2}, new Adam(0.05));
        trainer.train(run, 3, null);
        Path file = dir.resolve("three.json");
        Checkpoints.write(file, trainer.checkpoint(run, List.of("a.pg")));
        Path rows = MetricLog.besideCheckpoint(file);
        String text = Files.readString(rows);

        // one more step in iteration 2: a row as policygrad writes one, but not the row it wrote
        String[] lines = text.split("\n");
        String[] fields = lines[2].split(",");
        fields[5] = Long.toString(Long.parseLong(fields[5]) + 1);
        lines[2] = String.join(",", fields);
        Files.writeString(rows, String.join("\n", lines) + "\n");
        UsageError changed = assertThrows(UsageError.class, () -> Checkpoints.read(file));
        assertEquals("the checkpoint " + file + " keeps its 3 metric rows in " + rows + ", but its first 3 rows are not "
                + "those the checkpoint was written with (their SHA-256 differs): it was changed or replaced after the "
                + "checkpoint was written", changed.getMessage());

        Files.writeString(rows, text.substring(0, text.lastIndexOf("\n3,") + 1));
        UsageError shorter = assertThrows(UsageError.class, () -> Checkpoints.read(file));
        assertTrue(shorter.getMessage().contains("but it has 2 rows, not 3"), shorter.getMessage());

        Files.writeString(rows, text.replace("\n2,-", "\n2,x"));
        UsageError garbled = assertThrows(UsageError.class, () -> Checkpoints.read(file));
        assertTrue(garbled.getMessage().contains("but line 3 is not a row of metrics ('x12."), garbled.getMessage());

        Files.delete(rows);
        UsageError missing = assertThrows(UsageError.class, () -> Checkpoints.read(file));
        assertEquals("the checkpoint " + file + " keeps its metric rows in " + rows + ", which cannot be read (no such "
                + "file or directory); a checkpoint is resumed with that file beside it", missing.getMessage());
    }

    /** A checkpoint written before the rows moved beside it (every row inside) still reads, rows and all. */
    @Test
    void aCheckpointOfTheFirstFormatStillReads() throws IOException {
        Checkpoint saved = Checkpoints.read(Path.of("src/test/resources/checkpoint-format-1/ck.json"));
        assertEquals(4, saved.iteration());
        assertEquals(4, saved.metrics().rows());
        MetricRow first = saved.metrics().read().get(0);
        assertEquals(new MetricRow(1, -14.825, 1.7238476269745076, -12.0, 5.904341622907672, 593, 24), first);
        assertEquals(saved.metrics().last(), saved.metrics().read().get(3));
    }

    private static List<MetricRow> strip(List<MetricRow> rows) {
        return rows.stream().map(MetricRow::withoutTiming).toList();
    }
}
