package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.train.MetricsFile;
import dev.policygrad.train.RunComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics CSV files and checkpoints say how the run was made; plot overlays runs and averages seeds. */
class RunRecordsTest {

    @TempDir
    Path dir;


    CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    static final String CORRIDOR = dev.policygrad.env.Programs.corridor("");

    private Path train(String csv, String... extra) throws IOException {
        Path program = dir.resolve("c.pg");
        if (!Files.exists(program)) Files.writeString(program, CORRIDOR);
        List<String> args = new java.util.ArrayList<>(List.of("train", program.toString(), "--iterations", "6",
                "--episodes", "10", "--quiet", "--csv", dir.resolve(csv).toString()));
        args.addAll(List.of(extra));
        CommandRun r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return dir.resolve(csv);
    }

    @Test
    void csvAndCheckpointRecordTheRun() throws IOException {
        Path checkpoint = dir.resolve("ck.json");
        Path csv = train("m.csv", "--seed", "7", "--lr", "0.02", "--checkpoint", checkpoint.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("# policygrad = 0.1.0", lines.get(0));
        assertTrue(lines.get(1).startsWith("# command = policygrad train " + dir.resolve("c.pg")), lines.get(1));
        assertTrue(lines.get(1).endsWith("--seed 7 --lr 0.02 --checkpoint " + checkpoint), lines.get(1));
        assertTrue(lines.contains("# seed = 7"), lines.toString());
        assertTrue(lines.contains("# optimizer = adam"), lines.toString());
        assertTrue(lines.contains("# learning_rate = 0.02"), lines.toString());
        assertTrue(lines.contains("# gradient = reward-to-go"), lines.toString());
        assertTrue(lines.contains("# baseline = none"), lines.toString());
        assertTrue(lines.contains("# episodes = 10"), lines.toString());
        MetricsFile file = MetricsFile.read(csv);
        assertEquals(6, file.rows());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, file.column("iteration"));
        assertEquals("7", file.settings().get("seed"));
        JsonNode saved = new ObjectMapper().readTree(checkpoint.toFile()).get("run");
        assertEquals("0.1.0", saved.get("version").asText());
        assertEquals(7, saved.get("seed").asLong());
        assertEquals("0.02", saved.get("settings").get("learning_rate").asText());
        assertTrue(saved.get("command").asText().contains("--checkpoint"));
        // the checkpoint still resumes
        CommandRun resumed = run("train", dir.resolve("c.pg").toString(), "--resume", checkpoint.toString(), "--iterations", "8",
                "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
    }

    /**
     * Three seeds of one configuration and one run of another: two curves, the first the mean of the
     * three files' mean_return column with the standard error of that mean, computed here by hand.
     */
    @Test
    void plotAveragesSeedsAndLabelsBySettings() throws IOException {
        Path[] seeds = {train("a1.csv", "--seed", "1"), train("a2.csv", "--seed", "2"), train("a3.csv", "--seed", "3")};
        Path sgd = train("s.csv", "--optimizer", "sgd", "--lr", "0.05");
        Path png = dir.resolve("runs.png");
        CommandRun r = run("plot", seeds[0].toString(), seeds[1].toString(), seeds[2].toString(), sgd.toString(), "--out",
                png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("optimizer adam, learning_rate 0.01 (mean of 3 seeds)"), r.out());
        assertTrue(r.out().contains("optimizer sgd, learning_rate 0.05\n"), r.out());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(png), 4));
        List<MetricsFile> files = List.of(MetricsFile.read(seeds[0]), MetricsFile.read(seeds[1]), MetricsFile.read(seeds[2]));
        RunComparison.Group group = RunComparison.groups(files).get(0);
        double[][] curve = RunComparison.meanAndError(group, "mean_return");
        for (int i = 0; i < 6; i++) {
            double a = files.get(0).column("mean_return")[i], b = files.get(1).column("mean_return")[i];
            double c = files.get(2).column("mean_return")[i];
            double mean = (a + b + c) / 3;
            double sd = Math.sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2);
            assertEquals(mean, curve[1][i], 1e-12);
            assertEquals(sd / Math.sqrt(3), curve[2][i], 1e-12);
        }
        CommandRun missing = run("plot", seeds[0].toString(), "--metric", "nope", "--out", png.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("has no column 'nope'"), missing.err());
    }

    @Test
    void plainCsvWithoutCommentsReads() throws IOException {
        Path csv = dir.resolve("plain.csv");
        Files.writeString(csv, "iteration,mean_return\n1,-3.5\n2,\n");
        MetricsFile file = MetricsFile.read(csv);
        assertTrue(file.settings().isEmpty());
        assertEquals(-3.5, file.column("mean_return")[0]);
        assertTrue(Double.isNaN(file.column("mean_return")[1]));
    }
}
