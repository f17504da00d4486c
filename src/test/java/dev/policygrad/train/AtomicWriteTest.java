package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import dev.policygrad.files.AtomicWrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part-way leaves the target as it was (absent, or the old complete content) and no debris. */
class AtomicWriteTest {

    @TempDir
    Path dir;

    private static AtomicWrite.Content failingHalfway(byte[] content) {
        return out -> {
            out.write(content, 0, content.length / 2);
            throw new IOException("disk full");
        };
    }

    @Test
    void failedWriteLeavesTheOldCheckpointIntact() throws IOException {
        Examples corridor = Examples.shortCorridor();
        Trainer trainer = new Trainer(corridor.policy(), corridor.environment(),
                new TrainingSettings(dev.policygrad.estimate.Estimator.of(
                        dev.policygrad.estimate.EstimatorKind.REWARD_TO_GO), true, 2, 0, 1));
        Path file = dir.resolve("checkpoint.json");
        TrainingRun run = trainer.start(new double[] {0, 0}, new Sgd(0.05));
        Checkpoints.write(file, trainer.checkpoint(run, List.of()));
        byte[] before = Files.readAllBytes(file);

        trainer.train(run, 3, null);
        byte[] newer = "{\"format\": \"policygrad-checkpoint/1\", \"iteration\": 3}".getBytes(StandardCharsets.UTF_8);
        UsageError error = assertThrows(UsageError.class, () -> AtomicWrite.write(file, failingHalfway(newer)));
        assertEquals("cannot write " + file + ": disk full", error.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(0, Checkpoints.read(file).iteration());
        // the checkpoint and the metric rows it names beside it, and nothing else
        assertEquals(List.of(file, MetricLog.besideCheckpoint(file)), listing());
    }

    @Test
    void failedFirstWriteLeavesNoFile() throws IOException {
        Path file = dir.resolve("new.json");
        assertThrows(UsageError.class, () -> AtomicWrite.write(file, failingHalfway(new byte[100])));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), listing());
    }

    @Test
    void successfulWriteReplacesTheContent() throws IOException {
        Path file = dir.resolve("out.txt");
        AtomicWrite.write(file, "old".getBytes(StandardCharsets.UTF_8));
        AtomicWrite.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void aDirectoryThatRefusesTheFileIsAnErrorNamingTheTargetAndTheCause() throws IOException {
        // the temporary file cannot be made in a directory without write permission (as root, permissions
        // are not enforced: /proc refuses new files for everyone)
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(readOnly)) Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "root, without /proc");
        Path target = Files.isWritable(readOnly) ? Path.of("/proc/policygrad-test.png") : readOnly.resolve("x.png");
        UsageError error = assertThrows(UsageError.class, () -> AtomicWrite.write(target, new byte[] {1}));
        assertTrue(error.getMessage().startsWith("cannot write " + target + ": "), error.getMessage());
        assertTrue(error.getMessage().endsWith(": permission denied")
                || error.getMessage().endsWith(": no such file or directory"), error.getMessage());
        assertFalse(error.getMessage().contains(".tmp"), error.getMessage());
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aFileWhereADirectoryIsNeededIsNamed() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        UsageError error = assertThrows(UsageError.class, () -> AtomicWrite.write(plain.resolve("sub/x.png"), new byte[] {1}));
        assertEquals("cannot write " + plain.resolve("sub/x.png") + ": " + plain + " is a file, not a directory",
                error.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
