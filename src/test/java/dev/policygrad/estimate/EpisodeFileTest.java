package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Episode files: what {@code sample} writes reads back to the same episodes (and every trajectory with
 * its probability); an episode that does not belong to the policy or the task is an error naming the
 * line and the field.
 */
class EpisodeFileTest {

    static final CheckedProgram PROGRAM = FormulaEstimatorTest.program("");
    static final Policy POLICY = Policy.of(PROGRAM);
    static final FiniteMdp MDP = (FiniteMdp) PROGRAM.environment();
    static final double[] THETA = POLICY.initialParameters(0);
    static final EpisodeFile FILE = new EpisodeFile(POLICY, MDP, THETA);

    @Test
    void sampledEpisodesReadBackTheSame() {
        List<EpisodeRecord> sampled = EpisodeSampler.sample(POLICY, MDP, THETA, new Batch(50, 7, 2));
        StringBuilder text = new StringBuilder();
        for (EpisodeRecord e : sampled) text.append(FILE.line(e)).append('\n');
        List<EpisodeFile.Read> read = FILE.readAll("e.jsonl", text.toString());
        assertEquals(50, read.size());
        for (int i = 0; i < 50; i++) {
            EpisodeRecord a = sampled.get(i);
            EpisodeRecord b = read.get(i).episode();
            assertArrayEquals(a.scores(), b.scores());
            assertArrayEquals(a.returnsToGo(), b.returnsToGo());
            assertArrayEquals(a.states(), b.states());
            assertTrue(Double.isNaN(read.get(i).probability()));
        }
    }

    @Test
    void everyTrajectoryReadsBackWithItsProbabilityAndTheyAddUpToOne() {
        StringBuilder text = new StringBuilder();
        for (EpisodeSampler.Weighted w : EpisodeSampler.enumerate(MDP, POLICY, THETA)) {
            text.append(FILE.line(w)).append('\n');
        }
        double total = 0;
        for (EpisodeFile.Read r : FILE.readAll("all.jsonl", text.toString())) total += r.probability();
        assertEquals(1, total, 1e-12);
    }

    /**
     * Left from A four times, to A, A, A and B: an episode that does not terminate runs to the horizon, 4
     * steps. (This fixture was once the first step alone, "terminated": false, which no run of the task
     * can give and which the file once accepted.)
     */
    static final String GOOD = "{\"episode\":0,\"states\":[[1.0,0.0,0.0],[1.0,0.0,0.0],[1.0,0.0,0.0],[1.0,0.0,0.0],"
            + "[0.0,1.0,0.0]],\"state_names\":[\"A\",\"A\",\"A\",\"A\",\"B\"],\"actions\":[\"left\",\"left\",\"left\",\"left\"],"
            + "\"rewards\":[1.0,1.0,1.0,1.0],\"log_pi\":[LOGPI,LOGPI,LOGPI,LOGPI],\"terminated\":false}";

    static String good() {
        double logPi = POLICY.newEvaluator().logPi(THETA, new double[] {1, 0, 0}, 0);
        return GOOD.replace("LOGPI", Double.toString(logPi));
    }

    @Test
    void theHandWrittenEpisodeIsFine() {
        assertEquals(1, FILE.readAll("e.jsonl", good()).size());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', value = {
        "\"actions\":[\"left\",; \"actions\":[\"jump\",; field \"actions[0]\" \"jump\" is not an action of the policy",
        "\"rewards\":[1.0,; \"rewards\":[2.0,; rewards[0] is 2.0, but A left gives 1.0",
        "\"rewards\":[1.0,; \"rewards\":[1.0,2.0,; field \"rewards\" has 5 entries; the episode has 4 steps",
        "[0.0,1.0,0.0]],\"state_names\":[\"A\",\"A\",\"A\",\"A\",\"B\"]; [0.0,0.0,1.0]],\"state_names\":[\"A\",\"A\",\"A\",\"A\",\"C\"]; "
                + "A left cannot lead to C",
        "\"B\"]; \"Q\"]; \"Q\" is not a state of mdp slippery",
        "\"log_pi\":[; \"log_pi\":[0.5,; field \"log_pi\" has 5 entries",
        "\"episode\":0; \"episode\":3; field \"episode\" is 3, but this is episode 0",
        "[[1.0,0.0,0.0],; [[1.0,0.0],; field \"states[0]\" must be a list of 3 numbers",
        "\"rewards\":[1.0,; \"rewards\":[\"x\",; field \"rewards[0]\" must be a number",
        ",\"terminated\":false}; ,\"terminated\":false; not valid JSON",
        ",\"terminated\":false}; }; field \"terminated\" is missing",
        "\"terminated\":false; \"terminated\":0; field \"terminated\" must be true or false, got 0",
        "\"terminated\":false; \"terminated\":true; \"terminated\" is true, but the episode ends in B, which is not terminal",
    })
    void anEpisodeThatIsNotThisPolicysOrTasksIsAnError(String from, String to, String message) {
        UsageError e = assertThrows(UsageError.class, () -> FILE.readAll("e.jsonl", good().replace(from, to)));
        assertTrue(e.span().where().startsWith("e.jsonl:1:"), e.span().where());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** {@code steps} steps left from A, to A and last to B (4 steps: {@link #good()}). */
    static String cut(int steps) {
        double logPi = POLICY.newEvaluator().logPi(THETA, new double[] {1, 0, 0}, 0);
        java.util.function.BiFunction<String, String, String> row = (each, last) ->
                String.join(",", java.util.Collections.nCopies(steps, each)) + (last == null ? "" : "," + last);
        return "{\"episode\":0,\"states\":[" + row.apply("[1.0,0.0,0.0]", "[0.0,1.0,0.0]") + "],\"state_names\":["
                + row.apply("\"A\"", "\"B\"") + "],\"actions\":[" + row.apply("\"left\"", null) + "],\"rewards\":["
                + row.apply("1.0", null) + "],\"log_pi\":[" + row.apply(Double.toString(logPi), null) + "],\"terminated\":false}";
    }

    /**
     * An episode stops in a terminal state or at the horizon (4 steps here): one that did not terminate and
     * stops early in B cannot come from the task, whatever its steps; it was once accepted.
     */
    @Test
    void anEpisodeThatStopsBeforeTheHorizonWithoutTerminatingIsAnError() {
        assertEquals(good(), cut(4));
        for (int steps = 1; steps < 4; steps++) {
            int n = steps;
            UsageError e = assertThrows(UsageError.class, () -> FILE.readAll("e.jsonl", cut(n)));
            assertEquals("e.jsonl:1:1", e.span().where());
            assertEquals("field \"terminated\" is false, but the episode stops after " + n + " step" + (n == 1 ? "" : "s")
                    + ": an episode that does not end in a terminal state runs to the horizon of the task 'slippery' "
                    + "(4 steps)", e.getMessage());
        }
        UsageError longer = assertThrows(UsageError.class, () -> FILE.readAll("e.jsonl", cut(5)));
        assertEquals("field \"actions\" has 5 steps, more than the horizon of the task 'slippery' (4 steps)",
                longer.getMessage());
    }

    @Test
    void aLogProbabilityFromAnotherPolicyIsAnError() {
        UsageError e = assertThrows(UsageError.class, () -> FILE.readAll("e.jsonl", GOOD.replace("LOGPI", "-0.1")));
        assertTrue(e.getMessage().contains("field \"log_pi[0]\" is -0.1, but the policy gives"), e.getMessage());
    }

    @Test
    void aWrongProbabilityIsAnError() {
        String line = good().replace("{\"episode\":0,", "{\"episode\":0,\"probability\":0.5,");
        UsageError e = assertThrows(UsageError.class, () -> FILE.readAll("e.jsonl", line));
        assertTrue(e.getMessage().contains("field \"probability\" is 0.5, but the trajectory's probability"), e.getMessage());
    }

    /** The short corridor with a horizon of 3 steps, whose policy is categorical(logits = theta). */
    static final CheckedProgram CORRIDOR = dev.policygrad.env.Programs.check(dev.policygrad.env.Programs.corridor("horizon 3"));

    /** The corridor's trajectories at theta as sample --all writes them, and the file made of them. */
    private static EpisodeFile corridorFile(double[] theta) {
        return new EpisodeFile(Policy.of(CORRIDOR), (FiniteMdp) CORRIDOR.environment(), theta);
    }

    private static String corridorLines(double[] theta) {
        StringBuilder text = new StringBuilder();
        EpisodeFile file = corridorFile(theta);
        for (EpisodeSampler.Weighted w : EpisodeSampler.enumerate((FiniteMdp) CORRIDOR.environment(), Policy.of(CORRIDOR),
                theta)) {
            text.append(file.line(w)).append('\n');
        }
        return text.toString();
    }

    /**
     * At theta = (760, 0), pi(left) = e^-760 / (1 + e^-760) is 0 as a double, and so is the probability of
     * every trajectory that goes left: sample --all listed the one that does not, alone. All 8 are listed
     * now, with "log_probability" -760 per left (log pi(left) = -760 - log1p(e^-760), which is -760 as a
     * double, and log pi(right) = -log1p(e^-760) = 0), and read back: their probability 0 is accepted, as its
     * log probability says it is below the doubles.
     */
    @Test
    void trajectoriesBelowTheDoublesAreListedWithTheirLogProbability() {
        double[] theta = {760, 0};
        String text = corridorLines(theta);
        List<EpisodeFile.Read> read = corridorFile(theta).readAll("all.jsonl", text);
        assertEquals(8, read.size());
        String[] lines = text.split("\n");
        for (int i = 0; i < 8; i++) {
            EpisodeRecord e = read.get(i).episode();
            int lefts = 0;
            for (int t = 0; t < e.length(); t++) if (e.actions()[t] == 1) lefts++;
            assertTrue(lines[i].contains("\"probability\":" + (lefts == 0 ? "1.0" : "0.0") + ",\"log_probability\":"
                    + (lefts == 0 ? "0.0" : Double.toString(-760.0 * lefts)) + ","), lines[i]);
            assertEquals(lefts == 0 ? 1 : 0, read.get(i).probability());
        }
    }

    /**
     * Reading stays strict: a probability of 1e-300 where the trajectory's is e^-760, or of 0 where it is
     * e^-40 ~ 4e-18 (within the 1e-9 the check once allowed near 0), or a log probability off by 10, is an
     * error naming the field and the true value.
     */
    @Test
    void aWrongProbabilityOrLogProbabilityIsAnErrorAtAnySize() {
        String below = corridorLines(new double[] {760, 0}).split("\n")[1].replace("\"episode\":1,", "\"episode\":0,");
        UsageError tiny = assertThrows(UsageError.class, () -> corridorFile(new double[] {760, 0}).readAll("all.jsonl",
                below.replace("\"probability\":0.0", "\"probability\":1.0E-300")));
        assertTrue(tiny.getMessage().contains("field \"probability\" is 1.0E-300, but the trajectory's probability under the "
                + "policy is 8.6336363772138"), tiny.getMessage());
        UsageError log = assertThrows(UsageError.class, () -> corridorFile(new double[] {760, 0}).readAll("all.jsonl",
                below.replace("\"log_probability\":-760.0", "\"log_probability\":-750.0")));
        assertTrue(log.getMessage().contains("field \"log_probability\" is -750.0, but the trajectory's log probability under "
                + "the policy is -760.0"), log.getMessage());
        String small = corridorLines(new double[] {20, 0}).split("\n")[3].replace("\"episode\":3,", "\"episode\":0,");
        assertTrue(small.contains("\"log_probability\":-40.0"), small);
        UsageError zero = assertThrows(UsageError.class, () -> corridorFile(new double[] {20, 0}).readAll("all.jsonl",
                small.replaceAll("\"probability\":[^,]*,", "\"probability\":0.0,")));
        assertTrue(zero.getMessage().contains("field \"probability\" is 0.0, but the trajectory's probability under the "
                + "policy is 4.2483542290220"), zero.getMessage());
    }

    /** The estimator-bugs task with a policy that reads no state: every observation is empty. */
    static final CheckedProgram STATELESS = dev.policygrad.check.Checker.check(dev.policygrad.parse.Parser.parse("t.pg",
            FormulaEstimatorTest.task().replace("state s[3]\n", "")
                    .replace("param W[2][3] = [[0.3, -0.2, 0.1], [-0.1, 0.4, -0.3]]", "param w[2] = [0.3, -0.2]")
                    .replace("W @ s", "w")));

    @Test
    void episodesOfAPolicyWithoutAStateCarryTheirStatesAndReadBackTheSame() {
        Policy policy = Policy.of(STATELESS);
        FiniteMdp mdp = (FiniteMdp) STATELESS.environment();
        double[] theta = policy.initialParameters(0);
        EpisodeFile file = new EpisodeFile(policy, mdp, theta);
        List<EpisodeRecord> sampled = EpisodeSampler.sample(policy, mdp, theta, new Batch(50, 7, 2));
        StringBuilder text = new StringBuilder();
        for (EpisodeRecord e : sampled) {
            String line = file.line(e);
            assertTrue(line.contains("\"state_names\""), line);
            text.append(line).append('\n');
        }
        List<EpisodeFile.Read> read = file.readAll("e.jsonl", text.toString());
        for (int i = 0; i < 50; i++) assertArrayEquals(sampled.get(i).states(), read.get(i).episode().states());
        // without the names, A left paying 1 (three times from A to A) may last have led to A or to B: the file must say which
        double logPi = policy.newEvaluator().logPi(theta, new double[0], 0);
        String line = "{\"episode\":0,\"states\":[[],[],[],[],[]],\"actions\":[\"left\",\"left\",\"left\",\"left\"],"
                + "\"rewards\":[1.0,1.0,1.0,1.0],\"log_pi\":[" + String.join(",", java.util.Collections.nCopies(4, "" + logPi))
                + "],\"terminated\":false}";
        UsageError e = assertThrows(UsageError.class, () -> file.readAll("e.jsonl", line));
        assertTrue(e.getMessage().contains("more than one path of mdp slippery fits"), e.getMessage());
        String named = line.replace("\"actions\"", "\"state_names\":[\"A\",\"A\",\"A\",\"A\",\"B\"],\"actions\"");
        int a = mdp.stateIndex("A");
        assertArrayEquals(new int[] {a, a, a, a, mdp.stateIndex("B")}, file.readAll("e.jsonl", named).get(0).episode().states());
        // terminated, yet no path of four steps paying 1 from a start ends in G
        UsageError never = assertThrows(UsageError.class, () -> file.readAll("e.jsonl", line.replace("false", "true")));
        assertTrue(never.getMessage().contains("\"terminated\" is true, but no path ends in a terminal state"),
                never.getMessage());
    }
}
