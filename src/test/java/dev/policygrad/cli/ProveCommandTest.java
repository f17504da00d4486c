package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policygrad prove}: exit 0 when every claim holds, 1 when one fails, 2 for unsuitable input. */
class ProveCommandTest {

    private static Outcome run(String... args) {
        ObjectiveCommandTest.Result r = ObjectiveCommandTest.run(args);
        return new Outcome(r.code(), r.out(), r.err());
    }

    private record Outcome(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    @Test
    void corridorWithHorizonHolds() {
        Outcome r = run("prove", "proofs/corridor-horizon");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every claim holds"), r.out());
    }

    @Test
    void noisyChainAsJson() throws IOException {
        Outcome r = run("prove", "proofs/noisy-chain", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = r.json();
        assertTrue(json.get("holds").asBoolean());
        assertEquals(0.9, json.get("gamma").asDouble());
        JsonNode note = null;
        for (JsonNode claim : json.get("claims")) if (claim.get("steps").asText().equals("gamma^t")) note = claim;
        assertEquals("!=", note.get("relation").asText());
        assertTrue(note.get("holds").asBoolean());
        assertEquals(8, note.get("lhs").size());
    }

    @Test
    void setMovesTheta() throws IOException {
        Outcome r = run("prove", "proofs/corridor-horizon", "--set", "theta=[1, -1]", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().get("theta").get("theta[0]").asDouble());
    }

    @Test
    void stepShowsOnlyItsClaims() throws IOException {
        Outcome r = run("prove", "proofs/noisy-chain", "--step", "9", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode claims = r.json().get("claims");
        assertEquals(3, claims.size(), claims.toString());
        assertEquals("(9)", claims.get(0).get("steps").asText());
        assertEquals("(9)=(10)", claims.get(1).get("steps").asText());
        assertEquals("(9) estimator", claims.get(2).get("steps").asText());
        assertEquals(2, run("prove", "proofs/noisy-chain", "--step", "12").code());
    }

    @Test
    void corridorWithoutHorizonIsBadInput() {
        Outcome r = run("prove", "examples/short-corridor");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs 'horizon N' added"), r.err());
    }

    @Test
    void lqrIsNotAFiniteMdp() {
        Outcome r = run("prove", "examples/lqr");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: the derivation is checked by enumerating every trajectory"), r.err());
    }

    /** A policy with a kink at theta: step (8)'s claim fails, so the exit code is 1. */
    @Test
    void aFailingClaimExitsOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kink.pg");
        Files.writeString(file, """
                action a in {right, left}
                param theta = 0
                policy pi(a | s) = categorical(logits = [relu(theta), 0])
                mdp two_steps {
                  gamma 0.9
                  horizon 2
                  start A
                  terminal T
                  A right -> B reward 1
                  A left  -> A reward 0
                  B right -> T reward 2
                  B left  -> A reward 0
                }
                """);
        Outcome r = run("prove", file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("claims do not hold"), r.out());
    }
}
