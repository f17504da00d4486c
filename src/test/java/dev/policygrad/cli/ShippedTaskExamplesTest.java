package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The slippery grid and the point mass in examples/ (in the plane, a vector action a[2]): verified,
 * and trained towards better J; and the point mass on a line (a scalar action, in the test
 * resources), as it was before vector actions.
 */
class ShippedTaskExamplesTest {

    private static JsonNode json(String... args) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return new ObjectMapper().readTree(out.toString());
    }

    /** Exact-gradient training climbs from J(0) to within 0.01 of the best J of any policy, found by value iteration. */
    @Test
    void slipperyGridTrainsToNearTheOptimum() throws IOException {
        JsonNode table = json("table", "examples/slippery-grid", "--json");
        double optimum = table.get("J_optimal").asDouble();
        JsonNode trained = json("train", "examples/slippery-grid", "--exact-gradient", "--iterations", "200", "--lr", "0.3",
                "--quiet", "--json");
        assertEquals(table.get("J").asDouble(), trained.get("J_start").asDouble(), 1e-12);
        assertTrue(trained.get("J").asDouble() > optimum - 0.01, trained.get("J") + " vs " + optimum);
        assertTrue(trained.get("J").asDouble() <= optimum + 1e-9);
    }

    @Test
    void slipperyGridGradientIsVerified() throws IOException {
        JsonNode report = json("verify", "examples/slippery-grid", "--episodes", "4000", "--json");
        assertEquals("consistent", report.get("verdict").asText(), report.toString());
    }

    private static final String[] POINT_MASSES = {"examples/point-mass", "src/test/resources/point-mass-1d"};

    /**
     * The reference is the Monte Carlo J's central differences with common random numbers (the
     * actions are continuous), and the verdict rests on it.
     */
    @Test
    void pointMassGradientsAreVerified() throws IOException {
        for (String task : POINT_MASSES) {
            for (String policy : new String[] {"gaussian", "bounded"}) {
                JsonNode report = json("verify", task + "/task.pg", task + "/" + policy,
                        "--episodes", "20000", "--seed", "5", "--json");
                assertEquals("consistent", report.get("verdict").asText(), report.toString());
                assertTrue(report.toString().contains("common random numbers"), report.toString());
            }
        }
    }

    /**
     * Training improves J by more than five standard errors of the difference of two Monte Carlo
     * estimates (4000 episodes each, the same seed: common start states and noise).
     */
    @Test
    void pointMassPoliciesTrain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        for (String task : POINT_MASSES) for (String policy : new String[] {"gaussian", "bounded"}) {
            String[] files = {task + "/task.pg", task + "/" + policy};
            JsonNode before = json("objective", files[0], files[1], "--episodes", "4000", "--seed", "9", "--json");
            String out = dir.resolve(task.replace('/', '-') + "-" + policy + ".json").toString();
            json("train", files[0], files[1], "--iterations", "40", "--episodes", "200", "--lr", "0.05", "--quiet",
                    "--json", "--out", out);
            JsonNode after = json("objective", files[0], files[1], "--episodes", "4000", "--seed", "9", "--params", out,
                    "--json");
            double gain = after.get("J").asDouble() - before.get("J").asDouble();
            double se = Math.hypot(after.get("standard_error").asDouble(), before.get("standard_error").asDouble());
            assertTrue(gain > 5 * se, policy + ": J " + before.get("J") + " -> " + after.get("J"));
        }
    }
}
