package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands and the library front door with a vector action {@code a[2] : real}: a point's action
 * as {@code 0.3,-0.2} or {@code [0.3, -0.2]}, log pi as the sum of the components' normal
 * log-densities written out here, and the episodes of sample and simulate carrying both components.
 */
class VectorActionCommandsTest {

    @TempDir
    Path dir;

    private static final String POLICY = """
            state s[2]
            action a[2] : real
            param W[2][2] = [[0.5, -0.25], [0, 1]]
            param log_std[2] = [-0.5, 0.25]
            policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
            env drift {
              horizon 3
              start = [1, -1]
              next = s + 0.1 * a
              reward = -sum(s * s)
            }
            """;


    private CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path policy() throws IOException {
        Path p = dir.resolve("p.pg");
        Files.writeString(p, POLICY);
        return p;
    }

    /** At s = (1, 2): m = (0.5 - 0.5, 2) = (0, 2); sd = (e^-0.5, e^0.25). */
    private static double byHand(double a0, double a1) {
        double sd0 = Math.exp(-0.5), sd1 = Math.exp(0.25);
        double z0 = a0 / sd0, z1 = (a1 - 2) / sd1;
        return -0.5 * z0 * z0 - Math.log(sd0) - 0.5 * z1 * z1 - Math.log(sd1) - Math.log(2 * Math.PI);
    }

    @Test
    void evalAndScoreTakeBothSpellingsOfTheAction() throws IOException {
        String file = policy().toString();
        for (String action : new String[] {"0.3,-0.2", "[0.3, -0.2]"}) {
            CommandRun r = run("eval", file, "--state", "[1, 2]", "--action", action, "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals(byHand(0.3, -0.2), json.get("log_pi").asDouble(), 1e-12);
        }
        CommandRun score = run("score", file, "--state", "[1, 2]", "--action", "0.3,-0.2", "--json");
        assertEquals(0, score.code(), score.err());
        JsonNode gradient = new ObjectMapper().readTree(score.out()).get("gradient");
        // d log pi / d W[0][0] = (a_0 - m_0) / sd_0^2 s_0; d log pi / d log_std[1] = z_1^2 - 1
        assertEquals(0.3 / Math.exp(-1) * 1, gradient.get("W[0][0]").asDouble(), 1e-12);
        double z1 = (-0.2 - 2) / Math.exp(0.25);
        assertEquals(z1 * z1 - 1, gradient.get("log_std[1]").asDouble(), 1e-12);
    }

    @Test
    void aWrongNumberOfComponentsIsAUsageError() throws IOException {
        CommandRun r = run("eval", policy().toString(), "--state", "[1, 2]", "--action", "0.3,-0.2,1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the action a[2] takes 2 components, e.g. 0,0; got '0.3,-0.2,1'"), r.err());
        // the command and the library read an action with the one parser (Workspace.actionValues)
        UsageError library = assertThrows(UsageError.class, () -> PolicyGrad.load(policy()).actionValues("0.3,-0.2,1"));
        assertTrue(r.err().contains(library.getMessage()), r.err() + " / " + library.getMessage());
        CommandRun none = run("score", policy().toString(), "--state", "[1, 2]");
        assertEquals(2, none.code());
    }

    @Test
    void workspaceTakesTheComponents() throws IOException {
        Workspace w = PolicyGrad.load(policy());
        double[] s = {1, 2};
        assertEquals(byHand(0.3, -0.2), w.logPi(s, new double[] {0.3, -0.2}), 1e-12);
        assertEquals(byHand(0.3, -0.2), w.logPi(s, "0.3, -0.2"), 1e-12);
        assertEquals(w.score(s, new double[] {0.3, -0.2}).logPi(), w.score(s, "[0.3, -0.2]").logPi());
        UsageError scalar = org.junit.jupiter.api.Assertions.assertThrows(UsageError.class, () -> w.logPi(s, 0.3));
        assertTrue(scalar.getMessage().contains("has 2 components, got 1"), scalar.getMessage());
    }

    @Test
    void aStateOrActionThatIsNotFiniteIsAUsageErrorOfTheLibraryToo() throws IOException {
        Workspace w = PolicyGrad.load(policy());
        UsageError action = assertThrows(UsageError.class,
                () -> w.score(new double[] {1, 2}, new double[] {0.3, Double.NaN}));
        assertEquals("the action is not a finite number (element 1 is NaN)", action.getMessage());
        UsageError state = assertThrows(UsageError.class,
                () -> w.logPi(new double[] {Double.NEGATIVE_INFINITY, 2}, new double[] {0.3, -0.2}));
        assertEquals("the state is not a finite number (element 0 is -Infinity)", state.getMessage());
    }

    /** sample's episode 0 and simulate's episode 0 are the same episode: the same actions, component by component. */
    @Test
    void sampleAndSimulatePlayTheSameEpisodes() throws IOException {
        String file = policy().toString();
        Path out = dir.resolve("e.jsonl");
        CommandRun sample = run("sample", file, "--episodes", "2", "--seed", "4", "--out", out.toString());
        assertEquals(0, sample.code(), sample.err());
        JsonNode sampled = new ObjectMapper().readTree(Files.readAllLines(out).get(0));
        CommandRun simulate = run("simulate", file, "--episodes", "2", "--seed", "4", "--json");
        assertEquals(0, simulate.code(), simulate.err());
        JsonNode steps = new ObjectMapper().readTree(simulate.out()).get("episodes").get(0).get("steps");
        assertEquals(3, sampled.get("actions").size());
        for (int t = 0; t < 3; t++) {
            JsonNode a = sampled.get("actions").get(t), b = steps.get(t).get("action");
            assertEquals(2, a.size());
            assertEquals(a.get(0).asDouble(), b.get(0).asDouble(), 0);
            assertEquals(a.get(1).asDouble(), b.get(1).asDouble(), 0);
        }
        // s_1 = s_0 + 0.1 a_0, as the environment's formula says
        double x = 1 + 0.1 * sampled.get("actions").get(0).get(0).asDouble();
        assertEquals(x, sampled.get("states").get(1).get(0).asDouble(), 1e-15);
        CommandRun check = run("check", file, "--points", "5");
        assertEquals(0, check.code(), check.out() + check.err());
    }
}
