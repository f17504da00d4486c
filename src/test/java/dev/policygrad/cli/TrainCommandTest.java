package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policygrad train}: exit codes, the files it writes, and resuming from the command line. */
class TrainCommandTest {

    @TempDir
    Path dir;

    private Path corridor;


    @BeforeEach
    void copyExample() throws IOException {
        corridor = dir.resolve("corridor");
        Files.createDirectories(corridor);
        for (String name : List.of("corridor.pg", "policy.pg")) {
            Files.copy(Path.of("examples/short-corridor", name), corridor.resolve(name));
        }
    }

    private CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void writesEveryOutputAndTheParametersLoadInEval() throws IOException {
        CommandRun run = run("train", corridor.toString(), "--exact-gradient", "--optimizer", "sgd", "--lr", "0.05",
                "--iterations", "40", "--checkpoint", file("ck.json"), "--checkpoint-every", "15",
                "--out", file("out.json"), "--csv", file("m.csv"), "--plot", file("curve.png"), "--plot", file("curve.svg"),
                "--digits", "13");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("J = -11.65685424949"), run.out());

        ObjectMapper mapper = new ObjectMapper();
        JsonNode params = mapper.readTree(dir.resolve("out.json").toFile());
        double p = 1 / (1 + Math.exp(params.get("theta").get(1).asDouble() - params.get("theta").get(0).asDouble()));
        assertEquals(2 - Math.sqrt(2), p, 1e-9);
        JsonNode checkpoint = mapper.readTree(dir.resolve("ck.json").toFile());
        assertEquals(40, checkpoint.get("iteration").asInt());
        assertTrue(checkpoint.get("theta").has("theta[1]"));
        List<String> csv = Files.readAllLines(dir.resolve("m.csv")).stream().filter(l -> !l.startsWith("# ")).toList();
        assertEquals(41, csv.size());
        assertTrue(csv.get(0).startsWith("iteration,mean_return,"), csv.get(0));
        byte[] png = Files.readAllBytes(dir.resolve("curve.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(Files.readString(dir.resolve("curve.svg")).contains("<svg"));

        CommandRun eval = run("eval", corridor.toString(), "--params", file("out.json"), "--action", "right", "--json");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        assertEquals(2 - Math.sqrt(2), mapper.readTree(eval.out()).get("pi").asDouble(), 1e-9);
    }

    @Test
    void resumingFromTheCommandLineEqualsOneRun() throws IOException {
        String[] common = {"train", corridor.toString(), "--episodes", "40", "--seed", "5", "--lr", "0.05", "--quiet"};
        assertEquals(0, run(concat(common, "--iterations", "9", "--out", file("whole.json"))).code());
        assertEquals(0, run(concat(common, "--iterations", "4", "--checkpoint", file("ck.json"))).code());
        CommandRun resumed = run("train", corridor.toString(), "--resume", file("ck.json"), "--iterations", "9",
                "--threads", "1", "--out", file("resumed.json"), "--checkpoint", file("ck.json"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("resumed.json")));
        assertEquals(9, new ObjectMapper().readTree(dir.resolve("ck.json").toFile()).get("iteration").asInt());
    }

    /** The metrics CSV's rows without the time each took (the one field that is not a function of the seed). */
    private List<String> rowsWithoutTime(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name)).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /** The metrics CSV without its comment lines. */
    private String rows(String name) throws IOException {
        return String.join("", Files.readAllLines(dir.resolve(name)).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l + "\n").toList());
    }

    /**
     * A run checkpointed at iteration 4 that went on and was killed while writing the row of iteration 5,
     * resumed in place to 9: the parameters of one run of 9 iterations, and its metrics CSV with the same
     * rows (but for the time taken). The checkpoint names the rows kept beside it rather than holding them.
     */
    @Test
    void resumingAfterAKillGivesTheRowsOfOneRun() throws IOException {
        String[] common = {"train", corridor.toString(), "--episodes", "40", "--seed", "5", "--lr", "0.05", "--quiet"};
        assertEquals(0, run(concat(common, "--iterations", "9", "--out", file("whole.json"), "--csv", file("whole.csv")))
                .code());
        assertEquals(0, run(concat(common, "--iterations", "4", "--checkpoint", file("ck.json"))).code());
        Path beside = dir.resolve("ck.json.metrics.csv");
        Files.writeString(beside, "5,-11.2", java.nio.file.StandardOpenOption.APPEND);
        CommandRun resumed = run("train", corridor.toString(), "--resume", file("ck.json"), "--iterations", "9",
                "--out", file("resumed.json"), "--checkpoint", file("ck.json"), "--csv", file("resumed.csv"), "--plot",
                file("resumed.svg"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("resumed.json")));
        assertEquals(10, rowsWithoutTime("whole.csv").size());
        assertEquals(rowsWithoutTime("whole.csv"), rowsWithoutTime("resumed.csv"));
        assertEquals(rows("resumed.csv"), Files.readString(beside));
        JsonNode checkpoint = new ObjectMapper().readTree(dir.resolve("ck.json").toFile());
        assertEquals("policygrad-checkpoint/2", checkpoint.get("format").asText());
        assertEquals(9, checkpoint.get("metrics").get("rows").asInt());
        assertEquals("ck.json.metrics.csv", checkpoint.get("metrics").get("file").asText());
        assertTrue(Files.readString(dir.resolve("resumed.svg")).contains("<svg"));
    }

    /**
     * A checkpoint written by policygrad before its rows moved beside it (src/test/resources/checkpoint-format-1:
     * 4 iterations, every row inside) resumes: the parameters of one run of 9 iterations, the old run's rows
     * (their times included) followed by the new ones in the CSV, and the checkpoint rewritten in the new layout.
     */
    @Test
    void aCheckpointOfTheFirstFormatResumes() throws IOException {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        for (String name : List.of("corridor.pg", "policy.pg", "ck.json")) {
            Files.copy(Path.of("src/test/resources/checkpoint-format-1", name), old.resolve(name));
        }
        JsonNode before = new ObjectMapper().readTree(old.resolve("ck.json").toFile());
        assertEquals("policygrad-checkpoint/1", before.get("format").asText());
        String[] common = {"train", old.toString(), "--episodes", "40", "--seed", "5", "--lr", "0.05", "--quiet"};
        assertEquals(0, run(concat(common, "--iterations", "9", "--out", file("whole.json"), "--csv", file("whole.csv")))
                .code());
        CommandRun resumed = run("train", old.toString(), "--resume", old.resolve("ck.json").toString(), "--iterations",
                "9", "--out", file("resumed.json"), "--checkpoint", old.resolve("ck.json").toString(), "--csv",
                file("resumed.csv"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("resumed.json")));
        assertEquals(rowsWithoutTime("whole.csv"), rowsWithoutTime("resumed.csv"));
        List<String> resumedRows = Files.readAllLines(dir.resolve("resumed.csv")).stream().filter(l -> !l.startsWith("#"))
                .toList();
        for (int k = 1; k <= 4; k++) {
            JsonNode r = before.get("metrics").get(k - 1);
            String expected = r.get("iteration").asInt() + "," + r.get("mean_return").asDouble() + ","
                    + r.get("return_standard_error").asDouble() + "," + r.get("exact_J").asDouble() + ","
                    + r.get("gradient_norm").asDouble() + "," + r.get("steps").asLong() + "," + r.get("elapsed_ms").asLong();
            assertEquals(expected, resumedRows.get(k), "the old run's row " + k);
        }
        JsonNode after = new ObjectMapper().readTree(old.resolve("ck.json").toFile());
        assertEquals("policygrad-checkpoint/2", after.get("format").asText());
        assertEquals(rows("resumed.csv"), Files.readString(old.resolve("ck.json.metrics.csv")));
    }

    @Test
    void jsonSummaryParses() throws IOException {
        CommandRun run = run("train", corridor.toString(), "--iterations", "3", "--episodes", "20", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(3, json.get("iterations").asInt());
        assertEquals(-12, json.get("J_start").asDouble(), 1e-12);
        assertEquals(3, json.get("last").get("iteration").asInt());
        assertTrue(json.get("theta").has("theta[0]"));
    }

    @Test
    void badRequestsExitWith2() throws IOException {
        Path policy = corridor.resolve("policy.pg");
        String original = Files.readString(policy);
        assertEquals(2, run("train", corridor.toString(), "--optimizer", "rmsprop").code());
        assertEquals(2, run("train", corridor.toString(), "--iterations", "0").code());
        assertEquals(2, run("train", corridor.toString(), "--plot", file("curve.gif"), "--iterations", "1",
                "--episodes", "4").code());
        CommandRun overwrite = run("train", corridor.toString(), "--out", policy.toString());
        assertEquals(2, overwrite.code());
        assertTrue(overwrite.err().contains("refusing to overwrite"), overwrite.err());
        assertEquals(original, Files.readString(policy));

        assertEquals(0, run("train", corridor.toString(), "--iterations", "2", "--episodes", "10",
                "--checkpoint", file("ck.json")).code());
        CommandRun conflicting = run("train", corridor.toString(), "--resume", file("ck.json"), "--lr", "0.5");
        assertEquals(2, conflicting.code());
        assertTrue(conflicting.err().contains("--lr"), conflicting.err());
        assertEquals(2, run("train", corridor.toString(), "--resume", file("missing.json")).code());
    }

    @Test
    void exactGradientNeedsAFiniteMdp() {
        CommandRun run = run("train", "examples/cartpole/env.pg", "examples/cartpole/linear", "--exact-gradient");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("finite MDP"), run.err());
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** CommandRun s of a sweep is the run {@code --seed s --threads 1} would make, row for row (timing aside). */
    @Test
    void aSweepRunsEachSeedAsASingleRunWould() throws IOException {
        String[] common = {corridor.toString(), "--optimizer", "sgd", "--lr", "0.02", "--iterations", "6",
                "--episodes", "20"};
        CommandRun sweep = run(concat(new String[] {"train", "--seeds", "3..5", "--csv", file("sweep.csv"),
                "--plot", file("sweep.png")}, common));
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        assertTrue(sweep.out().contains("trained 3 runs of 6 iterations"), sweep.out());
        List<String> rows = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(1 + 3 * 6, rows.size());
        CommandRun single = run(concat(new String[] {"train", "--seed", "4", "--threads", "1", "--csv", file("four.csv")},
                common));
        assertEquals(0, single.code(), single.err());
        List<String> four = Files.readAllLines(dir.resolve("four.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        for (int k = 1; k <= 6; k++) {
            assertEquals(withoutTiming(four.get(k)), withoutTiming(rows.get(6 + k).substring("4,".length())));
        }
        assertTrue(Files.size(dir.resolve("sweep.png")) > 1000);
        CommandRun bad = run("train", corridor.toString(), "--seeds", "9..2");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--seeds expects"), bad.err());
        // the sweep's summary once printed 17 digits whatever --digits said
        CommandRun short3 = run(concat(new String[] {"train", "--seeds", "3..4", "--digits", "3"}, common));
        assertEquals(0, short3.code(), short3.err());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("mean over seeds (\\S+) \\+- (\\S+) ").matcher(short3.out());
        int numbers = 0;
        while (m.find()) {
            for (int g = 1; g <= 2; g++) {
                String shown = m.group(g);
                assertEquals(dev.policygrad.render.Text.number(Double.parseDouble(shown), 3), shown, short3.out());
                numbers++;
            }
        }
        assertEquals(4, numbers, short3.out());
        // a repeated seed once trained the same run twice, a band of +-0
        CommandRun twice = run("train", corridor.toString(), "--seeds", "1,1");
        assertEquals(2, twice.code(), twice.err());
        assertTrue(twice.err().contains("--seeds lists the seed 1 twice"), twice.err());
        // the same file spelled two ways is one run, not two seeds
        CommandRun same = run("plot", dir.resolve("four.csv").toString(), dir.resolve("./four.csv").toString(),
                "--out", file("same.png"));
        assertEquals(2, same.code(), same.err());
        assertTrue(same.err().contains("is given twice (also as " + dir.resolve("four.csv") + ")"), same.err());
    }

    /**
     * The curve over seeds, accumulated run by run, against the two-pass mean and standard error of the
     * CSV's rows (y = exact J of the short corridor), to 1e-12; and the CSV is the runs' rows in seed order.
     */
    @Test
    void theSweepsCurveIsTheTwoPassMeanOfItsRows() throws IOException {
        CommandRun sweep = run("train", corridor.toString(), "--seeds", "1..70", "--iterations", "5", "--episodes", "10",
                "--optimizer", "sgd", "--lr", "0.05", "--csv", file("many.csv"), "--json");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode json = new ObjectMapper().readTree(sweep.out());
        List<String> rows = Files.readAllLines(dir.resolve("many.csv"));
        assertEquals(1 + 70 * 5, rows.size());
        for (int k = 0; k < 5; k++) {
            double[] y = new double[70];
            for (int s = 0; s < 70; s++) {
                String[] f = rows.get(1 + s * 5 + k).split(",");
                assertEquals(Integer.toString(s + 1), f[0]);
                assertEquals(Integer.toString(k + 1), f[1]);
                y[s] = Double.parseDouble(f[4]);
            }
            double mean = java.util.Arrays.stream(y).sum() / 70;
            double squares = 0;
            for (double v : y) squares += (v - mean) * (v - mean);
            double se = Math.sqrt(squares / 69 / 70);
            assertEquals(mean, json.get("mean").get(k).asDouble(), 1e-12 * Math.abs(mean));
            assertEquals(se, json.get("standard_error").get(k).asDouble(), 1e-12 * se);
        }
    }

    /**
     * 2000 seeds of 200 iterations are 400,000 rows; held in memory with the CSV built as one string they
     * needed over 32 MB of heap (out of memory there). A batch of runs at a time, written as it ends, fits.
     */
    @Test
    void aSweepsMemoryDoesNotGrowWithItsSeeds() throws Exception {
        Path csvFile = dir.resolve("sweep.csv");
        String launcher = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(launcher, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                "dev.policygrad.cli.Main", "train", corridor.toString(), "--seeds", "1..2000", "--iterations", "200",
                "--episodes", "2", "--exact-gradient", "--optimizer", "sgd", "--lr", "0.01", "--csv", csvFile.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "the sweep took over 5 minutes");
        assertEquals(0, p.exitValue(), output);
        try (java.util.stream.Stream<String> lines = Files.lines(csvFile)) {
            assertEquals(1 + 2000 * 200, lines.count());
        }
    }

    /**
     * An estimator the files declare trains as a built-in does, with the same outputs; resumed from its
     * checkpoint it ends where one run ends; a sweep's run s is the run --seed s --threads 1 makes. A name
     * neither built in nor declared fails before any work, listing every choice (it once said only the
     * built-ins, then that train stepped along them alone).
     */
    @Test
    void aDeclaredEstimatorIsTrainedAlong() throws IOException {
        String[] common = {"train", "examples/estimator-bugs", "--estimator", "missing_discount", "--episodes", "30",
                "--seed", "2", "--quiet"};
        CommandRun whole = run(concat(common, "--iterations", "6", "--out", file("whole.json"), "--csv", file("m.csv"),
                "--plot", file("m.svg")));
        assertEquals(0, whole.code(), whole.err());
        assertTrue(whole.out().contains("trained 6 iterations on slippery: adam, learning rate 0.01, declared estimator "
                + "missing_discount, 30 episodes per iteration"), whole.out());
        List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
        assertTrue(csv.contains("# gradient = missing_discount"), csv.toString());
        assertEquals(7, csv.stream().filter(l -> !l.startsWith("#")).count());
        assertTrue(Files.readString(dir.resolve("m.svg")).contains("<svg"));
        assertEquals(0, run(concat(common, "--iterations", "4", "--checkpoint", file("ck.json"))).code());
        assertEquals("missing_discount",
                new ObjectMapper().readTree(dir.resolve("ck.json").toFile()).get("estimator").asText());
        CommandRun resumed = run("train", "examples/estimator-bugs", "--resume", file("ck.json"), "--iterations", "6",
                "--threads", "1", "--out", file("resumed.json"), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("resumed.json")));

        CommandRun sweep = run("train", "examples/estimator-bugs", "--estimator", "missing_discount", "--episodes", "30",
                "--iterations", "6", "--seeds", "1..2", "--csv", file("sweep.csv"));
        assertEquals(0, sweep.code(), sweep.err());
        List<String> rows = Files.readAllLines(dir.resolve("sweep.csv"));
        List<String> two = csv.stream().filter(l -> !l.startsWith("#")).toList();
        for (int k = 1; k <= 6; k++) {
            assertEquals(withoutTiming(two.get(k)), withoutTiming(rows.get(6 + k).substring("2,".length())));
        }

        CommandRun unknown = run("train", "examples/estimator-bugs", "--estimator", "nope", "--iterations", "2");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("unknown estimator 'nope'; choose total-return, reward-to-go, missing-discount, "
                + "gae, reward_to_go, total_return, rtg_const,"), unknown.err());
        CommandRun unknownInSweep = run("train", "examples/estimator-bugs", "--estimator", "nope", "--seeds", "1..2");
        assertEquals(2, unknownInSweep.code(), unknownInSweep.err());
        assertTrue(unknownInSweep.err().contains("unknown estimator 'nope'; choose"), unknownInSweep.err());
        CommandRun lambda = run("train", "examples/estimator-bugs", "--estimator", "missing_discount", "--lambda", "0.5");
        assertEquals(2, lambda.code(), lambda.err());
        assertTrue(lambda.err().contains("--lambda applies to --estimator gae only"), lambda.err());
    }

    /**
     * A declared estimator that fails on an episode names it, at the iteration it failed; in a sweep, also
     * the seed whose run failed: the message a single run of that seed gives, after the seed.
     */
    @Test
    void aFailingDeclaredEstimatorNamesTheEpisodeAndInASweepTheSeed() throws IOException {
        Path blowup = dir.resolve("blowup.pg");
        Files.writeString(blowup, "estimator blowup = sum(t in 0..T-1, score(t) * return(t)) / (T - 4)\n");
        String[] common = {"train", "examples/estimator-bugs/task.pg", "examples/estimator-bugs/estimators.pg",
                blowup.toString(), "--estimator", "blowup", "--iterations", "3", "--episodes", "200"};
        CommandRun single = run(concat(common, "--seed", "1", "--threads", "1"));
        assertEquals(2, single.code(), single.err());
        String first = single.err().lines().findFirst().orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "blowup.pg:1:20: evaluation error: (at iteration 1 of 3: division by zero on episode \\d+)$").matcher(first);
        assertTrue(m.find(), single.err());
        CommandRun sweep = run(concat(common, "--seeds", "1..3"));
        assertEquals(2, sweep.code(), sweep.err());
        assertTrue(sweep.err().contains("blowup.pg:1:20: evaluation error: the run of seed 1, " + m.group(1) + "\n"),
                sweep.err());
    }

    /** GAE trains with its --lambda and --critic, which the summary and the metrics file record. */
    @Test
    void gaeTrainsWithItsLambdaAndCritic() throws IOException {
        CommandRun gae = run("train", "examples/estimator-bugs", "--estimator", "gae", "--lambda", "0.5", "--critic", "V",
                "--iterations", "3", "--episodes", "30", "--csv", file("gae.csv"), "--json", "--quiet");
        assertEquals(0, gae.code(), gae.err());
        JsonNode summary = new ObjectMapper().readTree(gae.out());
        assertEquals("gae", summary.get("estimator").asText());
        assertEquals(0.5, summary.get("lambda").asDouble(), 0);
        assertEquals("V", summary.get("critic").asText());
        List<String> csv = Files.readAllLines(dir.resolve("gae.csv"));
        assertTrue(csv.contains("# lambda = 0.5") && csv.contains("# critic = V"), csv.toString());
        CommandRun exact = run("train", corridor.toString(), "--estimator", "gae", "--critic", "exact", "--iterations", "2");
        assertEquals(2, exact.code(), exact.err());
        // refused before training, where it once failed at iteration 1
        assertTrue(exact.err().startsWith("error: --critic exact tabulates the policy's true value, so it needs a finite "
                + "MDP with a horizon; short_corridor has no horizon"), exact.err());
    }

    private static String withoutTiming(String csvRow) {
        return csvRow.substring(0, csvRow.lastIndexOf(','));
    }


    /**
     * SGD at 0.05 on the LQR blows up: log_std grows until exp(log_std) is Infinity and iteration 10's batch
     * cannot be drawn. Nothing computed before is lost: the CSV holds iterations 1 to 9, --out (and the
     * checkpoint) the parameters after iteration 9, equal to a run of 9 iterations; the message names both.
     */
    @Test
    void anIterationThatFailsKeepsTheCompletedIterations() throws IOException {
        String[] common = {"train", "examples/lqr", "--optimizer", "sgd", "--lr", "0.05", "--episodes", "10", "--quiet"};
        CommandRun failed = run(concat(common, "--iterations", "10", "--csv", file("lq.csv"), "--out", file("lq.json"),
                "--checkpoint", file("ck.json")));
        assertEquals(2, failed.code(), failed.out() + failed.err());
        assertTrue(failed.err().contains("evaluation error: at iteration 10 of 10: a normal distribution's std is Infinity"),
                failed.err());
        assertTrue(failed.err().contains("the parameters after iteration 9 are in " + file("lq.json")), failed.err());
        assertTrue(failed.err().contains("the metrics of iterations 1 to 9 are in " + file("lq.csv")), failed.err());
        assertTrue(failed.err().contains("policy pi(u | s) = normal("), failed.err());

        CommandRun nine = run(concat(common, "--iterations", "9", "--csv", file("lq9.csv"), "--out", file("lq9.json")));
        assertEquals(0, nine.code(), nine.out() + nine.err());
        assertEquals("", nine.err());
        assertEquals(Files.readString(dir.resolve("lq9.json")), Files.readString(dir.resolve("lq.json")));
        List<String> rows = metricRows("lq.csv");
        assertEquals(10, rows.size());
        assertEquals(metricRows("lq9.csv").stream().map(TrainCommandTest::withoutTiming).toList(),
                rows.stream().map(TrainCommandTest::withoutTiming).toList());
        JsonNode checkpoint = new ObjectMapper().readTree(dir.resolve("ck.json").toFile());
        assertEquals(9, checkpoint.get("iteration").asInt());
        // the checkpoint's rows beside it are the CSV's
        assertEquals(rows("lq.csv"), Files.readString(dir.resolve("ck.json.metrics.csv")));
    }

    /** A run that fails at its first iteration has computed nothing: it writes nothing and says nothing of files. */
    @Test
    void aRunThatDivergesAtOnceWritesNothing() {
        CommandRun diverged = run("train", corridor.toString(), "--exact-gradient", "--optimizer", "sgd", "--lr", "1e308",
                "--iterations", "5", "--out", file("d.json"), "--csv", file("d.csv"), "--checkpoint", file("new/ck.json"),
                "--quiet");
        assertEquals(2, diverged.code(), diverged.out() + diverged.err());
        assertEquals("error: training diverged: theta[0] became Infinity at iteration 1; try a smaller learning rate",
                diverged.err().strip());
        assertTrue(!Files.exists(dir.resolve("d.json")) && !Files.exists(dir.resolve("d.csv")));
        // no checkpoint, no metric rows, not even the directory they would have gone to
        assertTrue(!Files.exists(dir.resolve("new")));
    }

    private List<String> metricRows(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name)).stream().filter(l -> !l.startsWith("# ")).toList();
    }
}
