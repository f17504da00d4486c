package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.env.Programs;
import dev.policygrad.render.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate, table, eval/score at a named state and for every action, --digits, summarised lists. */
class InspectCommandsTest {

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();


    CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    JsonNode json(String... args) throws IOException {
        CommandRun r = run(args);
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String CHAIN = """
            state s[3]
            action a in {go, stay}
            param W[2][3] = [[0.3, -0.2, 0.5], [-0.1, 0.4, 0.2]]
            param b[2] = [0.1, -0.3]
            policy pi(a | s) = categorical(logits = W @ s + b)
            mdp chain {
              gamma 0.9
              start {A: 0.7, B: 0.3}
              terminal T
              observe A = [1, 0, 0.5]
              observe B = [0, 1, -0.5]
              observe C = [1, 1, 0]
              A go   -> {B: 0.8 reward 2, A: 0.2 reward -1}
              A stay -> A reward 0
              B go   -> {C: 0.6, A: 0.4} reward -1
              B stay -> B reward normal(0.5, 1)
              C go   -> T reward 5
              C stay -> {C: 0.5, B: 0.5} reward 0
            }
            """;

    /** pi(. | B) from the features of B, by hand: softmax(W [0, 1, -0.5] + b). */
    private static double[] piAtB() {
        double go = -0.2 - 0.25 + 0.1, stay = 0.4 - 0.1 - 0.3;
        double z = Math.exp(go) + Math.exp(stay);
        return new double[] {Math.exp(go) / z, Math.exp(stay) / z};
    }

    @Test
    void evalAtANamedStateGivesEveryAction() throws IOException {
        Path f = file("chain.pg", CHAIN);
        JsonNode all = json("eval", f.toString(), "--state", "B", "--json").get("actions");
        double[] expected = piAtB();
        assertEquals(expected[0], all.get("go").get("pi").asDouble(), 1e-15);
        assertEquals(expected[1], all.get("stay").get("pi").asDouble(), 1e-15);
        assertEquals(Math.log(expected[1]), all.get("stay").get("log_pi").asDouble(), 1e-15);
        CommandRun text = run("eval", f.toString(), "--state", "B");
        assertTrue(text.out().startsWith("pi(a | B) for every action:\n"), text.out());
        assertTrue(text.out().contains("go      " + Text.number(expected[0], 6)), text.out());
        CommandRun terminal = run("eval", f.toString(), "--state", "T");
        assertEquals(2, terminal.code());
        assertTrue(terminal.err().contains("'T' is a terminal state"), terminal.err());
    }

    @Test
    void scoreForEveryActionIsOnehotMinusPiTimesFeatures() throws IOException {
        Path f = file("chain.pg", CHAIN);
        JsonNode actions = json("score", f.toString(), "--state", "B", "--json").get("actions");
        double[] pi = piAtB();
        double[] s = {0, 1, -0.5};
        for (int a = 0; a < 2; a++) {
            JsonNode g = actions.get(a == 0 ? "go" : "stay").get("gradient");
            for (int row = 0; row < 2; row++) {
                double coefficient = (row == a ? 1 : 0) - pi[row];
                for (int j = 0; j < 3; j++) {
                    assertEquals(coefficient * s[j], g.get("W[" + row + "][" + j + "]").asDouble(), 1e-15);
                }
                assertEquals(coefficient, g.get("b[" + row + "]").asDouble(), 1e-15);
            }
        }
    }

    @Test
    void digitsRoundTextAndLeaveJsonAlone() throws IOException {
        Path f = file("chain.pg", CHAIN);
        // the engine's value (exp of a log-softmax taken in log space: 0.4133824210826699, correctly
        // rounded), within an ulp or two of the textbook softmax computed here
        double go = json("eval", f.toString(), "--state", "B", "--action", "go", "--json").get("pi").asDouble();
        assertEquals(piAtB()[0], go, 1e-15);
        assertTrue(run("eval", f.toString(), "--state", "B", "--action", "go").out().contains("= 0.413382\n"));
        assertTrue(run("eval", f.toString(), "--state", "B", "--action", "go", "--digits", "3").out().contains("= 0.413\n"));
        assertTrue(run("eval", f.toString(), "--state", "B", "--action", "go", "--digits", "17").out()
                .contains("= " + go + "\n"));
        assertEquals(go, json("eval", f.toString(), "--state", "B", "--action", "go", "--digits", "2", "--json")
                .get("pi").asDouble(), 0.0);
        assertEquals(2, run("eval", f.toString(), "--action", "go", "--state", "B", "--digits", "0").code());
        assertEquals("0.666667", Text.number(2.0 / 3, 6));
        assertEquals("1.23457e-7", Text.number(1.2345678e-7, 6));
        assertEquals("-12", Text.number(-12, 6));
        assertEquals("123456.8", Text.number(123456.75, 7));
    }

    /**
     * The state values satisfy the Bellman equation V(s) = sum_a pi(a|s) (R(s,a) + gamma sum_s' P V(s'))
     * with R the expected reward, and J = 0.7 V(A) + 0.3 V(B) equals the objective command's J.
     */
    @Test
    void tableValuesSolveTheBellmanEquation() throws IOException {
        Path f = file("chain.pg", CHAIN);
        JsonNode states = json("table", f.toString(), "--json").get("states");
        double a = states.get("A").get("value").asDouble(), b = states.get("B").get("value").asDouble();
        double c = states.get("C").get("value").asDouble();
        double[] piA = {states.get("A").get("pi").get("go").asDouble(), states.get("A").get("pi").get("stay").asDouble()};
        double[] piB = piAtB();
        double[] piC = {states.get("C").get("pi").get("go").asDouble(), states.get("C").get("pi").get("stay").asDouble()};
        assertEquals(piB[0], states.get("B").get("pi").get("go").asDouble(), 1e-15);
        assertEquals(piA[0] * (0.8 * 2 + 0.2 * -1 + 0.9 * (0.8 * b + 0.2 * a)) + piA[1] * (0.9 * a), a, 1e-12);
        assertEquals(piB[0] * (-1 + 0.9 * (0.6 * c + 0.4 * a)) + piB[1] * (0.5 + 0.9 * b), b, 1e-12);
        assertEquals(piC[0] * 5 + piC[1] * 0.9 * (0.5 * c + 0.5 * b), c, 1e-12);
        assertEquals("stay", states.get("B").get("greedy").asText());
        double j = json("objective", f.toString(), "--json").get("J").asDouble();
        assertEquals(j, 0.7 * a + 0.3 * b, 1e-12);
        Path png = dir.resolve("pi.png");
        CommandRun text = run("table", f.toString(), "--plot", png.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("  state  pi(go)"), text.out());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
    }

    /**
     * With gamma 1, a state from which no terminal state can be reached (B, whose actions both stay) has no
     * finite value; table says so, and gives the other state's value: V(A) = 0.5 (-1 + V(A)) + 0.5 * 0 = -1.
     * The probability pi(go | B) is printed from its log, e^-1000 / (1 + e^-1000) = 5.07596e-435, not as the 0
     * it is in the doubles.
     */
    @Test
    void aStateThatNeverEndsHasNoValue() throws IOException {
        Path f = file("stuck.pg", STUCK.formatted("B"));
        CommandRun r = run("table", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  A      0.5       0.5           -1          stay\n"), r.out());
        assertTrue(r.out().contains("  B      1         5.07596e-435  not finite  stay\n"), r.out());
        JsonNode mdp = json("table", f.toString(), "--json");
        assertTrue(mdp.get("states").get("B").get("value").isNull(), mdp.toString());
        assertEquals(-1, mdp.get("J").asDouble(), 1e-12);
    }

    /**
     * The same policy where B's go leads back to A: B then ends surely, pi(go | B) = e^-1000 / (1 + e^-1000)
     * being positive although its double is 0, and V(B) = -1 / pi(go | B) = -(e^1000 + 1), beyond the doubles:
     * the error says what it is (to 1e-15, against e^1000 from Commons Math's Dfp). It said that B had no
     * finite value, as pi(go | B) underflowed to 0.
     */
    @Test
    void aStateThatEndsOnlyByAnActionBelowTheDoublesHasItsValue() throws IOException {
        Path f = file("tiny.pg", STUCK.formatted("A"));
        CommandRun r = run("table", f.toString(), "--digits", "17");
        assertEquals(2, r.code(), r.out() + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("evaluation error: V\\(B\\) is about (\\S+) on the task "
                + "'stuck' \\(exact: linear solve \\(GTH elimination\\) for the values in 40-digit arithmetic, as "
                + "pi\\(go \\| B\\) = 5.07595889754945\\d+e-435 is below the doubles;").matcher(r.err());
        assertTrue(m.find(), r.err());
        org.apache.commons.math3.dfp.DfpField field = new org.apache.commons.math3.dfp.DfpField(40);
        java.math.BigDecimal expected = new java.math.BigDecimal(org.apache.commons.math3.dfp.DfpMath.exp(field.newDfp(1000))
                .add(1).negate().toString());
        java.math.BigDecimal printed = new java.math.BigDecimal(m.group(1));
        assertTrue(printed.subtract(expected).abs().compareTo(expected.abs().movePointLeft(15)) < 0, printed + " against "
                + expected);
    }

    /** An mdp whose state B has a tiny way out (go, of probability e^-1000 / (1 + e^-1000)) into %s. */
    private static final String STUCK = """
            state s[2]
            action a in {stay, go}
            param W[2][2] = [[0, 0], [0, -1000]]
            policy pi(a | s) = categorical(logits = W @ s)
            mdp stuck {
              start A
              terminal T
              A stay -> A reward -1
              A go -> T reward 0
              B stay -> B reward -1
              B go -> %s reward 0
            }
            """;

    static final String CORRIDOR = "examples/short-corridor";

    /** table's J, read back from --json (which keeps every digit). */
    private double tableJ(String... args) throws IOException {
        return json(concat(new String[] {"table", CORRIDOR, "--json"}, args)).get("J").asDouble();
    }

    private double objectiveJ(String... args) throws IOException {
        return json(concat(new String[] {"objective", CORRIDOR, "--json"}, args)).get("J").asDouble();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * table's V(s) and J come from the objective's solve, so its J is the objective's bit for bit, also where
     * the policy is nearly deterministic and the Bellman system nearly singular (at theta = (25, 0) the way
     * out has probability 1e-11; an LU solve lost digits from the 5th on there).
     */
    @Test
    void tableJIsTheObjectivesJExactly() throws IOException {
        for (String theta : new String[] {"theta=[25,0]", "theta=[0,20]", "theta=[0,0]", "theta=[0.3,-0.2]"}) {
            assertEquals(objectiveJ("--set", theta), tableJ("--set", theta), 0, theta);
        }
        assertEquals(-1.440097986807717e11, tableJ("--set", "theta=[25,0]"), 0);
    }

    /**
     * V(S1) at theta = (0, 20) against an independent reference: the closed form J(p) = (2p - 4) / (p (1 - p)),
     * p = pi(right) = 1 / (1 + e^20), of /work/shared/reference/public-values.md (Sutton &amp; Barto, Example
     * 13.1), evaluated to 40 digits: -1940660787.639161116. An LU solve gave -1940660785.639.
     */
    @Test
    void nearlyDeterministicStateValueMatchesTheClosedForm() throws IOException {
        JsonNode table = json("table", CORRIDOR, "--json", "--set", "theta=[0,20]");
        double v1 = table.get("states").get("S1").get("value").asDouble();
        double reference = -1940660787.639161116;
        assertEquals(reference, v1, 1e-12 * Math.abs(reference));
        double p = 1 / (1 + Math.exp(20));
        assertEquals((2 * p - 4) / (p * (1 - p)), v1, 1e-12 * Math.abs(reference));
        assertEquals(v1, table.get("J").asDouble(), 0);
    }

    /**
     * theta = (0, 28): pi(right) = 6.9e-13, a system an LU solve called singular (exit 3); the closed form
     * gives J = -5785028257171.9007. theta = (0, 1000): pi(right) = e^-1000 / (1 + e^-1000) is 0 as a double,
     * but the corridor ends surely: J, about -4 e^1000, is beyond the doubles, and table, table --json and
     * objective say so alike (they said S1 never ended). A policy that never takes right, of probability 0
     * itself, never ends: the objective's located error, exit 2, not "J = NaN".
     */
    @Test
    void aNearlyDeterministicPolicyHasAValueAndANeverEndingOneIsAnError() throws IOException {
        CommandRun r = run("table", CORRIDOR, "--set", "theta=[0,28]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nJ = -5785030000000 "), r.out());
        assertEquals(-5785028257171.9007, tableJ("--set", "theta=[0,28]"), 1e-12 * 5.8e12);
        for (String[] args : new String[][] {{"table", CORRIDOR}, {"table", CORRIDOR, "--json"}, {"objective", CORRIDOR}}) {
            CommandRun e = run(concat(args, new String[] {"--set", "theta=[0,1000]"}));
            assertEquals(2, e.code(), String.join(" ", args) + ": " + e.out() + e.err());
            assertEquals("", e.out());
            assertTrue(e.err().startsWith(Path.of(CORRIDOR, "policy.pg") + ":4:1: evaluation error: J is about -7.88028e+434 "
                    + "on the task 'short_corridor'"), e.err());
        }
        assertEquals(run("objective", CORRIDOR, "--set", "theta=[0,1000]").err(),
                run("table", CORRIDOR, "--set", "theta=[0,1000]").err());
        Path never = file("never.pg", Programs.corridor("").replace("categorical(logits = theta)",
                "categorical(probs = [theta[0], 1 - theta[0]])"));
        for (String command : new String[] {"table", "objective"}) {
            CommandRun e = run(command, never.toString(), "--set", "theta=[0,0]");
            assertEquals(2, e.code(), command + ": " + e.out() + e.err());
            assertTrue(e.err().startsWith(never + ":3:1: evaluation error: under this policy state 'S1' is reached but no "
                    + "terminal state can be reached from it"), e.err());
        }
    }

    /**
     * States the policy does not reach are solved too (table lists them), and J stays the objective's bit
     * for bit: here S0, between reached states in the state order, is never reached but leads into the corridor.
     */
    @Test
    void unreachedStatesHaveValuesAndLeaveJAlone() throws IOException {
        Path f = file("detour.pg", Programs.CORRIDOR_POLICY + """
                mdp detour {
                  gamma 1
                  start S1
                  terminal G
                  S0 right -> S1 reward -1
                  S0 left  -> S0 reward -1
                  S1 right -> S2 reward -1
                  S1 left  -> S1 reward -1
                  S2 right -> S1 reward -1
                  S2 left  -> S3 reward -1
                  S3 right -> G  reward -1
                  S3 left  -> S2 reward -1
                }
                """);
        for (String theta : new String[] {"theta=[25,0]", "theta=[0.4,0.1]"}) {
            JsonNode table = json("table", f.toString(), "--json", "--set", theta);
            double j = json("objective", f.toString(), "--json", "--set", theta).get("J").asDouble();
            assertEquals(j, table.get("J").asDouble(), 0, theta);
            JsonNode states = table.get("states");
            assertEquals(List.of("S1", "S0", "S2", "S3"), names(states), "S0 between reached states");
            double v0 = states.get("S0").get("value").asDouble(), v1 = states.get("S1").get("value").asDouble();
            double right = states.get("S0").get("pi").get("right").asDouble();
            // V(S0) = -1 + pi(right) V(S1) + pi(left) V(S0), so V(S0) = V(S1) - 1 / pi(right)
            assertEquals(v1 - 1 / right, v0, 1e-12 * Math.abs(v0), theta);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** table --plot, like report --out, writes only into an existing directory, and says so before any work. */
    @Test
    void plotIntoAMissingDirectoryIsRefused() {
        Path missing = dir.resolve("missing");
        CommandRun r = run("table", CORRIDOR, "--plot", missing.resolve("pi.png").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--plot " + missing.resolve("pi.png") + ": no such directory: " + missing), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(missing));
    }

    /** The mean return of many simulated episodes of the short corridor is J = -12 within 5 standard errors. */
    @Test
    void simulateSummaryMatchesTheExactObjective() throws IOException {
        Path f = file("c.pg", dev.policygrad.env.Programs.corridor(""));
        JsonNode report = json("simulate", f.toString(), "--episodes", "2000", "--seed", "4", "--json");
        JsonNode summary = report.get("summary");
        assertEquals(-12, summary.get("mean_return").asDouble(), 5 * summary.get("standard_error").asDouble());
        JsonNode first = report.get("episodes").get(0);
        JsonNode steps = first.get("steps");
        assertEquals("S1", steps.get(0).get("state").asText());
        double total = 0;
        for (JsonNode step : steps) {
            total += step.get("reward").asDouble();
            assertEquals(total, step.get("return").asDouble(), 0.0);
            assertEquals(0.5, step.get("pi").get("right").asDouble(), 0.0);
        }
        assertEquals(-steps.size(), first.get("return").asDouble(), 0.0);
        assertTrue(first.get("terminated").asBoolean());
        CommandRun text = run("simulate", f.toString(), "--episodes", "2", "--seed", "4");
        assertTrue(text.out().contains("  t  state  pi(right, left)  action  reward  return\n  0  S1     [0.5, 0.5]"),
                text.out());
        assertTrue(text.out().contains("2 episodes in short_corridor (seed 4, gamma 1): mean return"), text.out());
    }

    @Test
    void simulateShowsARealActionsDistribution() throws IOException {
        Path f = file("lqr.pg", """
                state s
                action a : real
                param k = 0.5
                policy pi(a | s) = normal(mean = -k * s, std = 0.5)
                env lqr(horizon = 4)
                """);
        JsonNode steps = json("simulate", f.toString(), "--episodes", "1", "--json").get("episodes").get(0).get("steps");
        assertEquals(4, steps.size());
        for (JsonNode step : steps) {
            assertEquals(-0.5 * step.get("observation").get(0).asDouble(), step.get("distribution").get(0).asDouble(), 1e-15);
            assertEquals(0.5, step.get("distribution").get(1).asDouble(), 0.0);
        }
    }

    @Test
    void longParameterListsAreSummarised() throws IOException {
        Path f = file("mlp.pg", """
                state s[4]
                action a in {left, right}
                param W1[16][4] ~ normal(0, 0.5)
                param W2[2][16] ~ normal(0, 0.5)
                policy pi(a | s) = categorical(logits = W2 @ tanh(W1 @ s))
                """);
        CommandRun r = run("score", f.toString(), "--state", "[0.1, 0, -0.1, 0.2]", "--action", "left");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  ... 73 more (largest in magnitude: "), r.out());
        assertTrue(r.out().lines().count() < 30, r.out());
        CommandRun all = run("score", f.toString(), "--state", "[0.1, 0, -0.1, 0.2]", "--action", "left", "--all");
        assertEquals(2 + 96, all.out().lines().count(), all.out());
    }

    @Test
    void exactGradientTrainingReportsNoEpisodes() throws IOException {
        Path f = file("c.pg", CHAIN);
        JsonNode report = json("train", f.toString(), "--exact-gradient", "--iterations", "3", "--json");
        assertFalse(report.has("episodes"), report.toString());
        assertEquals("exact", report.get("estimator").asText());
    }
}
