package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EpisodeRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample} streams its episodes to the file as they are played: the file is byte for byte the
 * one written when every episode was held in memory first, on any number of threads; memory does not
 * grow with {@code --episodes}; and a file too large for its disk is refused after a few episodes.
 */
class SampleCommandTest {

    @TempDir
    Path dir;

    /**
     * SHA-256 of the files {@code sample ... --episodes 300 --seed 5} wrote before it streamed (every
     * line built in memory, then one write), and of {@code --all} of {@link HostileInputTest#SLIPPERY}.
     */
    static final String[][] BEFORE_STREAMING = {
        {"examples/gridworld", "a3e3d1fe44416be7ca3559b409f21d666f1bf8638f94cd7f01a0c6bdd1419796"},
        {"examples/cartpole/env.pg examples/cartpole/linear", "5b69bd02aae20651b545d2de9fecdd57848795bf7b333c7da66230771ca7d049"},
        {"examples/slippery-grid", "8d9510d404a8abb916d0a3d754eb313c4c9d7fd5cfba4fce9873e3ca8656e660"},
        {"examples/point-mass/task.pg examples/point-mass/gaussian", "7c00f4d62194872f03abeb866d86567e312b535f1843530d9d27662642270b8c"},
    };

    static final String SLIPPERY_ALL = "99c65b8093ac0d69848a085f95c6b9812818d3b6c164999672f4257bbc978691";

    /** The same file before each trajectory had its "log_probability": the rest of every line is as it was. */
    static final String SLIPPERY_ALL_WITHOUT_LOG_PROBABILITY = "a6ecb0c701079eb0d8edc48ac5448c959b6298ecc16b7e190dbeda9ba9316018";

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void theFileIsTheOneWrittenBeforeStreamingOnAnyThreadCount() throws Exception {
        for (String[] example : BEFORE_STREAMING) {
            List<String> files = List.of(example[0].split(" "));
            // an independent reference: the episodes as EpisodeSampler.sample plays them (a visitor per
            // episode, not the streamed job), each written as a line of the episode file
            Workspace workspace = PolicyGrad.load(files.stream().map(Path::of).toArray(Path[]::new)).withSeed(5);
            EpisodeFile file = workspace.episodeFile();
            StringBuilder expected = new StringBuilder();
            for (EpisodeRecord e : workspace.sample(300, 1)) expected.append(file.line(e)).append('\n');
            for (int threads : new int[] {1, 2, 3}) {
                Path out = dir.resolve("t" + threads + ".jsonl");
                List<String> args = new ArrayList<>(List.of("sample"));
                args.addAll(files);
                args.addAll(List.of("--episodes", "300", "--seed", "5", "--threads", Integer.toString(threads),
                        "--out", out.toString()));
                CommandRun r = CommandRun.of(args.toArray(new String[0]));
                assertEquals(0, r.code(), r.err());
                assertEquals("wrote 300 episodes to " + out + "\n", r.err());
                assertEquals(example[1], sha256(out), example[0] + " on " + threads + " threads");
                assertEquals(expected.toString(), Files.readString(out), example[0] + " on " + threads + " threads");
            }
        }
        Path program = dir.resolve("slippery.pg");
        Files.writeString(program, HostileInputTest.SLIPPERY);
        Path all = dir.resolve("all.jsonl");
        CommandRun r = CommandRun.of("sample", program.toString(), "--all", "--out", all.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(SLIPPERY_ALL, sha256(all));
        Path without = dir.resolve("without.jsonl");
        Files.writeString(without, Files.readString(all).replaceAll("\"log_probability\":[^,]*,", ""));
        assertEquals(SLIPPERY_ALL_WITHOUT_LOG_PROBABILITY, sha256(without));
    }

    /**
     * 100,000 episodes of the grid world are a 57 MB file; held in memory as lines they needed about
     * 250 MB of heap, and a JVM of 24 MB ran out of memory. Streamed, they are written within it.
     */
    /**
     * One episode is a sample (it was refused as '--episodes must be at least 2', which only estimates
     * need), the same episode 0 as in a larger sample from the seed, and the message counts it in the
     * singular; none is refused.
     */
    @Test
    void oneEpisodeIsASample() throws Exception {
        Path one = dir.resolve("one.jsonl");
        Path two = dir.resolve("two.jsonl");
        CommandRun r = CommandRun.of("sample", "examples/short-corridor", "--episodes", "1", "--out", one.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote 1 episode to"), r.err());
        assertEquals(0, CommandRun.of("sample", "examples/short-corridor", "--episodes", "2", "--out", two.toString()).code());
        assertEquals(List.of(Files.readAllLines(two).get(0)), Files.readAllLines(one));
        assertEquals(2, CommandRun.of("sample", "examples/short-corridor", "--episodes", "0", "--out", one.toString())
                .code());
        assertEquals(1, dev.policygrad.PolicyGrad.load(Path.of("examples/short-corridor")).sample(1, 1).size());
    }

    @Test
    void memoryDoesNotGrowWithTheEpisodes() throws Exception {
        Path out = dir.resolve("many.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                "dev.policygrad.cli.Main", "sample", "examples/gridworld", "--episodes", "100000", "--threads", "2",
                "--out", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "sampling 100,000 episodes took over 5 minutes");
        assertEquals(0, p.exitValue(), output);
        try (Stream<String> lines = Files.lines(out)) {
            assertEquals(100_000, lines.count());
        }
        try (Stream<String> lines = Files.lines(out)) {
            assertTrue(lines.skip(99_999).findFirst().orElseThrow().startsWith("{\"episode\":99999,"));
        }
    }

    /** Lines of {@code size} bytes each with their line feed. */
    private static List<String> lines(int count, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add("x".repeat(size - 1));
        return out;
    }

    @Test
    void aFileThatCannotFitIsRefusedAfterItsFirstChunk() throws Exception {
        // 1,000,000 lines of 100 bytes: 100 MB, with 50 MB free
        SampleWriter writer = new SampleWriter(new ByteArrayOutputStream(), 1_000_000, () -> 50_000_000, "big.jsonl");
        UsageError e = assertThrows(UsageError.class, () -> writer.write(lines(8, 100)));
        assertEquals("--episodes 1000000 would write about 100 MB to big.jsonl (100 bytes an episode over the first 8), "
                + "but only 50 MB are free on its file system; sample fewer episodes (about 500008 fit), or write "
                + "elsewhere", e.getMessage());
        // the same file with 101 MB free is written
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SampleWriter fits = new SampleWriter(bytes, 1_000_000, () -> 101_000_000, "big.jsonl");
        for (int chunk = 0; chunk < 1000; chunk++) fits.write(lines(8, 100));
        fits.finish();
        assertEquals(800_000, bytes.size());
        // space that is not known is not checked
        new SampleWriter(new ByteArrayOutputStream(), 1_000_000, () -> -1, "big.jsonl").write(lines(8, 100));
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("512 bytes", SampleWriter.size(512));
        assertEquals("1 kB", SampleWriter.size(999.7));
        assertEquals("1.13 MB", SampleWriter.size(1_130_346));
        assertEquals("24.7 TB", SampleWriter.size(24.7e12));
    }
}
