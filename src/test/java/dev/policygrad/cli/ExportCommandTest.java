package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policygrad export}: the tables describe the MDP as written, each outcome with its own reward,
 * and J recomputed from the JSON alone (a linear solve, or backward induction over the horizon, here in
 * the test) is {@code policygrad objective}'s.
 */
class ExportCommandTest {

    @TempDir
    static Path dir;

    static final ObjectMapper JSON = new ObjectMapper();

    /** The exported tables, at a parameter block {@code name[rows][columns]} drawn from {@code seed} (a --params file). */
    static JsonNode export(String task, String name, int rows, int columns, long seed, Path params) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> matrix = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < columns; j++) row.add(Double.toString(random.nextDouble(-1.5, 1.5)));
            matrix.add("[" + String.join(", ", row) + "]");
        }
        Files.writeString(params, "{\"" + name + "\": [" + String.join(", ", matrix) + "]}");
        Path out = dir.resolve(params.getFileName() + ".task.json");
        CommandRun run = CommandRun.of("export", task, "--params", params.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        return JSON.readTree(out.toFile());
    }

    static double objective(String task, Path params) throws IOException {
        CommandRun run = CommandRun.of("objective", task, "--params", params.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        return JSON.readTree(run.out()).get("J").asDouble();
    }

    /** The task's pieces from the JSON: states, pi(a | s) of a linear softmax W @ obs(s), and per outcome p and r. */
    record Tables(List<String> states, List<String> actions, double[][] pi, double gamma, JsonNode mdp) {

        static Tables of(JsonNode task) {
            JsonNode mdp = task.get("mdp");
            List<String> states = new ArrayList<>(), actions = new ArrayList<>();
            mdp.get("states").forEach(s -> states.add(s.asText()));
            mdp.get("actions").forEach(a -> actions.add(a.asText()));
            JsonNode w = task.get("policy").get("parameters").get("W");
            double[][] pi = new double[states.size()][actions.size()];
            for (int s = 0; s < states.size(); s++) {
                JsonNode obs = mdp.get("observations").get(states.get(s));
                double[] z = new double[actions.size()];
                double max = Double.NEGATIVE_INFINITY, total = 0;
                for (int a = 0; a < z.length; a++) {
                    for (int j = 0; j < obs.size(); j++) z[a] += w.get(a).get(j).asDouble() * obs.get(j).asDouble();
                    max = Math.max(max, z[a]);
                }
                for (int a = 0; a < z.length; a++) total += Math.exp(z[a] - max);
                for (int a = 0; a < z.length; a++) pi[s][a] = Math.exp(z[a] - max) / total;
            }
            return new Tables(states, actions, pi, mdp.get("gamma").asDouble(), mdp);
        }

        /** Expected reward and transition matrix under pi, from the outcomes' own probabilities and rewards. */
        double[] rewards(double[][] transition) {
            double[] r = new double[states.size()];
            for (JsonNode t : mdp.get("transitions")) {
                int s = states.indexOf(t.get("state").asText());
                double p = pi[s][actions.indexOf(t.get("action").asText())];
                double expected = 0;
                for (JsonNode o : t.get("outcomes")) {
                    double q = o.get("probability").asDouble();
                    expected += q * o.get("reward").asDouble();
                    transition[s][states.indexOf(o.get("state").asText())] += p * q;
                }
                // the expected reward kept for older readers is the outcomes' mean
                assertEquals(expected, t.get("reward").asDouble(), 1e-12 * Math.max(1, Math.abs(expected)), t.toString());
                r[s] += p * expected;
            }
            return r;
        }

        double startValue(double[] v) {
            double j = 0;
            for (int s = 0; s < states.size(); s++) {
                JsonNode p = mdp.get("start").get(states.get(s));
                if (p != null) j += p.asDouble() * v[s];
            }
            return j;
        }
    }

    /** x with (I - gamma P) x = r over the non-terminal states (terminal rows are zero): Gaussian elimination. */
    static double[] solve(double[][] transition, double[] r, double gamma, List<String> terminal, List<String> states) {
        int n = r.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
            if (terminal.contains(states.get(i))) continue;
            for (int j = 0; j < n; j++) m[i][j] -= gamma * transition[i][j];
            m[i][n] = r[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(m[i][c]) > Math.abs(m[pivot][c])) pivot = i;
            double[] swap = m[c];
            m[c] = m[pivot];
            m[pivot] = swap;
            for (int i = 0; i < n; i++) {
                if (i == c) continue;
                double f = m[i][c] / m[c][c];
                for (int j = c; j <= n; j++) m[i][j] -= f * m[c][j];
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = m[i][n] / m[i][i];
        return x;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    /**
     * The slippery grid pays 10 on reaching G unslipped and 0 slipped, -1 otherwise: export once wrote only
     * the expected reward of each (state, action), 7.8 for c12 down, and lost which outcome pays what.
     */
    @Test
    void theSlipperyGridsOutcomesKeepTheirRewardsAndGiveJ() throws IOException {
        Path params = dir.resolve("grid.json");
        JsonNode task = export("examples/slippery-grid", "W", 4, 8, 7, params);
        JsonNode down = null;
        for (JsonNode t : task.get("mdp").get("transitions")) {
            if (t.get("state").asText().equals("c12") && t.get("action").asText().equals("down")) down = t;
        }
        // as grid.pg writes it: c12 down -> {G: 0.8 reward 10, c11: 0.1, c12: 0.1} reward -1
        assertEquals(7.8, down.get("reward").asDouble(), 1e-15);
        assertEquals(JSON.readTree("{\"c11\": 0.1, \"c12\": 0.1, \"G\": 0.8}"), down.get("next"));
        assertEquals(JSON.readTree("[{\"state\": \"c11\", \"probability\": 0.1, \"reward\": -1.0}, "
                + "{\"state\": \"c12\", \"probability\": 0.1, \"reward\": -1.0}, "
                + "{\"state\": \"G\", \"probability\": 0.8, \"reward\": 10.0}]"), down.get("outcomes"));

        Tables tables = Tables.of(task);
        int n = tables.states().size();
        double[][] transition = new double[n][n];
        double[] r = tables.rewards(transition);
        double[] v = solve(transition, r, tables.gamma(), texts(task.get("mdp").get("terminal")), tables.states());
        double j = tables.startValue(v);
        double expected = objective("examples/slippery-grid", params);
        assertEquals(expected, j, 1e-10 * Math.abs(expected));
        assertFalse(Math.abs(j - -9.18671) < 1e-3, "the parameters drawn should move J off its value at theta = 0");
    }

    /** With a horizon, J = E[sum_{t < H} gamma^t r_{t+1}]: backward induction from the JSON, H steps. */
    @Test
    void jOverTheHorizonFromTheExportedTables() throws IOException {
        Path params = dir.resolve("bugs.json");
        JsonNode task = export("examples/estimator-bugs", "W", 2, 3, 3, params);
        Tables tables = Tables.of(task);
        int n = tables.states().size(), horizon = task.get("mdp").get("horizon").asInt();
        double[][] transition = new double[n][n];
        double[] r = tables.rewards(transition);
        double[] v = new double[n];
        for (int step = 0; step < horizon; step++) {
            double[] next = new double[n];
            for (int s = 0; s < n; s++) {
                next[s] = r[s];
                for (int u = 0; u < n; u++) next[s] += tables.gamma() * transition[s][u] * v[u];
            }
            v = next;
        }
        double expected = objective("examples/estimator-bugs", params);
        assertEquals(expected, tables.startValue(v), 1e-12 * Math.max(1, Math.abs(expected)));
    }

    /** A reward drawn at random: its mean as the outcome's reward, and the distribution as written. */
    @Test
    void randomRewardsAreExportedWithTheirDistribution() throws IOException {
        Path program = dir.resolve("coin.pg");
        Files.writeString(program, """
                action a in {0, 1, 2}
                param theta[3] = 0
                policy pi(a | s) = categorical(logits = theta)
                mdp coin {
                  gamma 0.9
                  start A
                  terminal T
                  A 0 -> A reward {1: 0.3, 0: 0.7}
                  A 1 -> {T: 0.8 reward normal(2, 3), A: 0.2 reward -1}
                  A 2 -> T reward uniform(-1, 5)
                }
                """);
        Path out = dir.resolve("coin.json");
        CommandRun run = CommandRun.of("export", program.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode transitions = JSON.readTree(out.toFile()).get("mdp").get("transitions");
        assertEquals(JSON.readTree("[{\"state\": \"A\", \"probability\": 1.0, \"reward\": 0.3, \"reward_distribution\": "
                + "{\"kind\": \"discrete\", \"values\": [1.0, 0.0], \"probabilities\": [0.3, 0.7]}}]"),
                transitions.get(0).get("outcomes"));
        JsonNode one = transitions.get(1).get("outcomes");
        assertEquals(2, one.size());
        for (JsonNode o : one) {
            if (o.get("state").asText().equals("T")) {
                assertEquals(JSON.readTree("{\"state\": \"T\", \"probability\": 0.8, \"reward\": 2.0, \"reward_distribution\": "
                        + "{\"kind\": \"normal\", \"mean\": 2.0, \"std\": 3.0}}"), o);
            } else {
                assertEquals(JSON.readTree("{\"state\": \"A\", \"probability\": 0.2, \"reward\": -1.0}"), o);
            }
        }
        assertEquals(0.8 * 2 + 0.2 * -1, transitions.get(1).get("reward").asDouble(), 1e-15);
        assertEquals(JSON.readTree("[{\"state\": \"T\", \"probability\": 1.0, \"reward\": 2.0, \"reward_distribution\": "
                + "{\"kind\": \"uniform\", \"low\": -1.0, \"high\": 5.0}}]"), transitions.get(2).get("outcomes"));
        assertTrue(transitions.get(2).get("next").has("T"));
    }
}
