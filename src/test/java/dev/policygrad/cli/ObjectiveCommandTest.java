package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code policygrad objective} on the examples: exact numbers, Monte Carlo with a note, errors. */
class ObjectiveCommandTest {


    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void shortCorridorGradientIsTwoMinusTwo() throws IOException {
        CommandRun r = run("objective", "examples/short-corridor", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(-12, json.get("J").asDouble(), 1e-12);
        assertEquals(2, json.get("gradient").get("theta[0]").asDouble(), 1e-12);
        assertEquals(-2, json.get("gradient").get("theta[1]").asDouble(), 1e-12);
        assertTrue(json.get("method").asText().startsWith("exact"));
    }

    /** theta = (log p, log(1 - p)) gives pi(right) = p = 0.8: J = (2p - 4) / (p (1 - p)) = -15. */
    @Test
    void setMovesTheta() throws IOException {
        CommandRun r = run("objective", "examples/short-corridor", "--set", "theta=[log(0.8), log(0.2)]", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(-15, new ObjectMapper().readTree(r.out()).get("J").asDouble(), 1e-12);
    }

    @Test
    void lqrIsExact() {
        CommandRun r = run("objective", "examples/lqr");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("J = -"), r.out());
        assertTrue(r.out().contains("method: exact: moment recursion"), r.out());
    }

    @Test
    void cartpoleIsMonteCarloWithANote() throws IOException {
        CommandRun r = run("objective", "examples/cartpole/env.pg", "examples/cartpole/linear", "--episodes", "20", "--seed",
                "3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(json.get("standard_error").asDouble() > 0);
        assertTrue(json.get("note").asText().contains("The actions are discrete"));
        assertEquals(10, json.get("gradient").size());
    }

    @Test
    void noEnvironmentIsAnError() {
        CommandRun r = run("objective", "examples/short-corridor/policy.pg");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: no environment is declared"), r.err());
    }
}
