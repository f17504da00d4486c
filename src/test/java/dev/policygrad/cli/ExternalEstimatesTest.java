package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Estimates computed outside policygrad, end to end: {@code sample} and {@code export} write the task,
 * code that knows only those files computes estimates (here in Java from the JSON, and with the numpy
 * example when python3 and numpy are installed), and {@code verify --estimates --episodes-from} judges
 * them, sampled and exactly.
 */
class ExternalEstimatesTest {

    @TempDir
    static Path dir;

    static final String TASK = "examples/estimator-bugs";
    static final ObjectMapper JSON = new ObjectMapper();


    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @BeforeAll
    static void writeTheTask() {
        assertEquals(0, run("sample", TASK, "--episodes", "2000", "--seed", "1", "--out", dir.resolve("ep.jsonl").toString()).code());
        assertEquals(0, run("sample", TASK, "--all", "--out", dir.resolve("all.jsonl").toString()).code());
        assertEquals(0, run("export", TASK, "--out", dir.resolve("task.json").toString()).code());
    }

    /**
     * REINFORCE on the linear softmax policy from the exported tables alone: the score in closed form
     * (onehot(a) - softmax(W s)) s^T, with gamma^t unless {@code discount} is false.
     */
    static Path estimates(String episodes, boolean discount, String name) throws IOException {
        JsonNode task = JSON.readTree(dir.resolve("task.json").toFile());
        JsonNode w = task.get("policy").get("parameters").get("W");
        double gamma = task.get("mdp").get("gamma").asDouble();
        List<String> actions = new ArrayList<>();
        task.get("mdp").get("actions").forEach(a -> actions.add(a.asText()));
        StringBuilder csv = new StringBuilder();
        List<String> names = new ArrayList<>();
        task.get("policy").get("parameter_names").forEach(n -> names.add(n.asText()));
        csv.append(String.join(",", names)).append('\n');
        for (String line : Files.readAllLines(dir.resolve(episodes))) {
            JsonNode e = JSON.readTree(line);
            int n = e.get("actions").size();
            double[] g = new double[n];
            double running = 0;
            for (int t = n - 1; t >= 0; t--) {
                running = e.get("rewards").get(t).asDouble() + gamma * running;
                g[t] = running;
            }
            double[] row = new double[6];
            for (int t = 0; t < n; t++) {
                JsonNode s = e.get("states").get(t);
                double[] z = new double[2];
                for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) z[i] += w.get(i).get(j).asDouble() * s.get(j).asDouble();
                double m = Math.max(z[0], z[1]);
                double p0 = Math.exp(z[0] - m) / (Math.exp(z[0] - m) + Math.exp(z[1] - m));
                double[] pi = {p0, 1 - p0};
                int a = actions.indexOf(e.get("actions").get(t).asText());
                double weight = (discount ? Math.pow(gamma, t) : 1) * g[t];
                for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) {
                    row[i * 3 + j] += weight * ((a == i ? 1 : 0) - pi[i]) * s.get(j).asDouble();
                }
            }
            for (int j = 0; j < 6; j++) csv.append(j == 0 ? "" : ",").append(row[j]);
            csv.append('\n');
        }
        Path out = dir.resolve(name);
        Files.writeString(out, csv);
        return out;
    }

    static CommandRun verify(Path estimates, String episodes, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", TASK, "--estimates", estimates.toString(), "--episodes-from",
                dir.resolve(episodes).toString(), "--json"));
        args.addAll(List.of(more));
        return run(args.toArray(new String[0]));
    }

    @Test
    void correctEstimatesAreConsistentSampledAndExactAndEqualTheRecomputedOnes() throws IOException {
        CommandRun sampled = verify(estimates("ep.jsonl", true, "ok.csv"), "ep.jsonl");
        assertEquals(0, sampled.code(), sampled.out() + sampled.err());
        assertTrue(JSON.readTree(sampled.out()).get("recomputed").get("agrees").asBoolean());
        CommandRun exact = verify(estimates("all.jsonl", true, "all_ok.csv"), "all.jsonl", "--exact");
        assertEquals(0, exact.code(), exact.out() + exact.err());
        assertTrue(JSON.readTree(exact.out()).get("max_difference").asDouble() < 1e-12);
    }

    @Test
    void estimatesWithoutTheDiscountAreInconsistentSampledAndExact() throws IOException {
        CommandRun sampled = verify(estimates("ep.jsonl", false, "md.csv"), "ep.jsonl");
        assertEquals(1, sampled.code(), sampled.out() + sampled.err());
        JsonNode report = JSON.readTree(sampled.out());
        assertTrue(report.get("paired").get("p_value").asDouble() < 1e-6);
        assertEquals("reward-to-go", report.get("recomputed").get("estimator").asText());
        assertTrue(!report.get("recomputed").get("agrees").asBoolean());
        CommandRun agrees = verify(dir.resolve("md.csv"), "ep.jsonl", "--estimator", "missing-discount");
        assertTrue(JSON.readTree(agrees.out()).get("recomputed").get("agrees").asBoolean());
        CommandRun exact = verify(estimates("all.jsonl", false, "all_md.csv"), "all.jsonl", "--exact");
        assertEquals(1, exact.code(), exact.out() + exact.err());
        assertTrue(JSON.readTree(exact.out()).get("diagnosis").get("relative_bias").asDouble() > 0.3);
    }

    /** A policy without a state on a stochastic MDP: the observations are empty and cannot tell A from G. */
    static final String STATELESS = """
            action a in {go, stay}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            mdp one {
              gamma 0.9
              start A
              terminal G
              A go -> {G: 0.8, A: 0.2} reward 1
              A stay -> A reward 0
            }
            """;

    static final String HALF = "-0.6931471805599453";

    @Test
    void episodesOfAPolicyWithoutAStateNameTheirStatesAndVerifyReadsThemBack() throws IOException {
        Path pg = dir.resolve("one.pg");
        Files.writeString(pg, STATELESS);
        Path episodes = dir.resolve("one_ep.jsonl");
        CommandRun sample = run("sample", pg.toString(), "--episodes", "20", "--out", episodes.toString());
        assertEquals(0, sample.code(), sample.err());
        // reward-to-go from the file alone: score = onehot(a) - (1/2, 1/2) at theta = 0
        StringBuilder csv = new StringBuilder("theta[0],theta[1]\n");
        for (String line : Files.readAllLines(episodes)) {
            JsonNode e = JSON.readTree(line);
            assertEquals(e.get("actions").size() + 1, e.get("state_names").size(), line);
            int n = e.get("actions").size();
            double[] row = new double[2];
            double g = 0;
            for (int t = n - 1; t >= 0; t--) {
                g = e.get("rewards").get(t).asDouble() + 0.9 * g;
                int a = e.get("actions").get(t).asText().equals("go") ? 0 : 1;
                for (int i = 0; i < 2; i++) row[i] += Math.pow(0.9, t) * g * ((a == i ? 1 : 0) - 0.5);
            }
            csv.append(row[0]).append(',').append(row[1]).append('\n');
        }
        Path estimates = dir.resolve("one.csv");
        Files.writeString(estimates, csv);
        CommandRun verify = run("verify", pg.toString(), "--estimates", estimates.toString(), "--episodes-from",
                episodes.toString(), "--json");
        assertTrue(verify.code() == 0 || verify.code() == 4, verify.out() + verify.err());
        assertTrue(JSON.readTree(verify.out()).get("recomputed").get("agrees").asBoolean(), verify.out());
    }

    @Test
    void withoutAStateOnlyThePossibleEpisodesAreAccepted() throws IOException {
        Path pg = dir.resolve("one2.pg");
        Files.writeString(pg, STATELESS);
        Path csv = dir.resolve("one2.csv");
        Files.writeString(csv, "theta[0],theta[1]\n0,0\n0,0\n");
        String valid = "{\"episode\":1,\"states\":[[],[]],\"actions\":[\"go\"],\"rewards\":[1.0],\"log_pi\":[" + HALF
                + "],\"terminated\":true}\n";
        Path file = dir.resolve("hand.jsonl");
        // stay never reaches G: no episode of one ends after one stay
        Files.writeString(file, valid.replace("\"episode\":1", "\"episode\":0").replace("go", "stay").replace("1.0", "0.0")
                + valid);
        CommandRun impossible = run("verify", pg.toString(), "--estimates", csv.toString(), "--episodes-from", file.toString());
        assertEquals(2, impossible.code(), impossible.out() + impossible.err());
        assertTrue(impossible.err().contains("hand.jsonl:1:1: error: field \"states\" no path of mdp one fits these states, "
                + "actions and rewards (\"terminated\" is true, but no path ends in a terminal state)"), impossible.err());
        // go to G, the only terminal state: one path fits
        Files.writeString(file, valid.replace("\"episode\":1", "\"episode\":0") + valid);
        CommandRun possible = run("verify", pg.toString(), "--estimates", csv.toString(), "--episodes-from", file.toString());
        assertTrue(possible.code() == 0 || possible.code() == 1 || possible.code() == 4, possible.out() + possible.err());
        assertTrue(!possible.err().contains("error"), possible.err());
        // two gos ending in G: the first led back to A (G ends an episode), so one path fits
        String twice = "{\"episode\":0,\"states\":[[],[],[]],\"actions\":[\"go\",\"go\"],\"rewards\":[1.0,1.0],"
                + "\"log_pi\":[" + HALF + "," + HALF + "],\"terminated\":true}\n";
        Files.writeString(file, twice + valid);
        CommandRun named = run("verify", pg.toString(), "--estimates", csv.toString(), "--episodes-from", file.toString());
        assertTrue(!named.err().contains("error"), named.err());
    }

    @Test
    void aRowCountThatDoesNotMatchTheEpisodesIsAnError() throws IOException {
        // fewer rows than episodes, then more: either file may end first, and both are counted to their ends
        Path csv = estimates("ep.jsonl", true, "counts.csv");
        List<String> lines = Files.readAllLines(csv);
        for (List<String> changed : List.of(lines.subList(0, lines.size() - 1), concat(lines, lines.subList(1, 3)))) {
            Files.write(csv, changed);
            CommandRun r = verify(csv, "ep.jsonl");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("the estimates have " + (changed.size() - 1) + " rows, but the episodes file has "
                    + "2000 episodes"), r.err());
        }
    }

    /**
     * An exact check needs every trajectory once: a list with some missing, or repeated (two files of
     * 'sample --all' joined), is an error about the files (exit 2), where it was a verdict of
     * "inconsistent" (exit 1) on the estimator, with "some are missing" for a repeat too.
     */
    @Test
    void aTrajectoryListThatMissesOrRepeatsSomeIsAnErrorNotAVerdict() throws IOException {
        List<String> episodes = Files.readAllLines(dir.resolve("all.jsonl"));
        List<String> rows = Files.readAllLines(estimates("all.jsonl", true, "all_rows.csv"));
        List<String> twice = new ArrayList<>(episodes);
        for (int i = 0; i < 3; i++) twice.add(episodes.get(i).replaceFirst("\"episode\":" + i + ",", "\"episode\":" + (episodes.size() + i) + ","));
        String[][] cases = {{"missing.jsonl", "some are missing"}, {"repeated.jsonl", "some are listed more than once"}};
        List<List<String>> lists = List.of(episodes.subList(0, episodes.size() - 1), twice);
        for (int c = 0; c < 2; c++) {
            List<String> list = lists.get(c);
            Files.write(dir.resolve(cases[c][0]), list);
            Path csv = dir.resolve("rows_" + cases[c][0] + ".csv");
            List<String> csvRows = new ArrayList<>(rows.subList(0, 1));
            for (int i = 0; i < list.size(); i++) csvRows.add(rows.get(1 + i % (rows.size() - 1)));
            Files.write(csv, csvRows);
            CommandRun r = verify(csv, cases[c][0], "--exact");
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("probabilities sum to") && r.err().contains(cases[c][1]), r.err());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aBadValueDeepInAFileIsQuotedFromItsLine() throws IOException {
        // the files are read a line at a time, not kept: the error's line is read again from the file
        Path csv = estimates("ep.jsonl", true, "bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(1500, lines.get(1500).replaceFirst(",[^,]*,", ",oops,"));
        Files.write(csv, lines);
        CommandRun r = verify(csv, "ep.jsonl");
        assertEquals(2, r.code(), r.out() + r.err());
        String column = String.valueOf(lines.get(1500).indexOf("oops") + 1);
        assertTrue(r.err().contains("bad.csv:1501:" + column + ": error: 'oops' is not a number (column W[0][1])"), r.err());
        assertTrue(r.err().contains(lines.get(1500)), r.err());
        assertTrue(r.err().contains("^^^^"), r.err());
    }

    @Test
    void estimatesTheTestCannotWeighAreAnErrorSayingWhy() throws IOException {
        // one value of 1e160: its square passes the largest double, so the covariance is not finite
        Path csv = estimates("ep.jsonl", true, "large.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(7, lines.get(7).replaceFirst(",[^,]*,", ",1e160,"));
        Files.write(csv, lines);
        CommandRun large = verify(csv, "ep.jsonl");
        assertEquals(2, large.code(), large.out() + large.err());
        assertTrue(large.err().contains("the per-episode estimates of large.csv are too large to test: their sample "
                + "covariance at W[0][1] is Infinity"), large.err());
        // one episode and its one row: no covariance to test with
        Files.writeString(dir.resolve("one.jsonl"), Files.readAllLines(dir.resolve("ep.jsonl")).get(0) + "\n");
        CommandRun one = verify(estimates("one.jsonl", true, "one.csv"), "one.jsonl");
        assertEquals(2, one.code(), one.out() + one.err());
        assertTrue(one.err().contains("the per-episode estimates of one.csv come from 1 episode(s); the T^2 test needs "
                + "at least 2"), one.err());
    }

    @Test
    void theNumpyExampleIsJudgedRightWhenPythonAndNumpyAreInstalled() throws Exception {
        Assumptions.assumeTrue(hasNumpy(), "python3 with numpy is not installed");
        for (String[] c : new String[][] {{"none", "ep.jsonl", "0"}, {"missing-discount", "ep.jsonl", "1"},
                {"none", "all.jsonl", "0"}, {"by-length", "all.jsonl", "1"}}) {
            Path out = dir.resolve("py-" + c[0] + "-" + c[1] + ".csv");
            Process p = new ProcessBuilder("python3", "examples/python-estimator/estimates.py",
                    dir.resolve("task.json").toString(), dir.resolve(c[1]).toString(), "--out", out.toString(), "--bug", c[0])
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
            CommandRun r = c[1].equals("all.jsonl") ? verify(out, c[1], "--exact") : verify(out, c[1]);
            assertEquals(Integer.parseInt(c[2]), r.code(), c[0] + " " + c[1] + ": " + r.out() + r.err());
        }
    }

    private static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
