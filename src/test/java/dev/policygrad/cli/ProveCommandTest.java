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
        CommandRun r = CommandRun.of(args);
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
        assertTrue(r.err().contains("proofs/corridor-horizon is the short corridor"), r.err());
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

    @Test
    void anotherTasksMessageDoesNotMentionTheShortCorridor(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("loop.pg");
        Files.writeString(file, """
                action a in {stay, go}
                param theta[2] = 0
                policy pi(a | s) = categorical(logits = theta)
                mdp loop {
                  start A
                  terminal T
                  A stay -> A reward 0
                  A go -> T reward 1
                }
                """);
        Outcome r = run("prove", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no horizon"), r.err());
        assertTrue(!r.err().contains("corridor"), r.err());
    }

    @Test
    void softmaxScoreClaimIsProvedWithItsNormalForm() {
        Outcome r = run("prove", "proofs/claims/categorical.pg");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("claim softmax_score: grad(theta, log(softmax(theta)[a])) = onehot(a, 3) - softmax(theta)\n"
                + "  proved: both sides reduce to the normal form onehot(a, 3) - softmax(theta)"), r.out());
    }

    @Test
    void aWrongSignIsRefutedWithACounterexample(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("wrong.pg");
        Files.writeString(file, """
                param theta[3]
                action a in 0..2
                claim softmax_score: grad(theta, log(softmax(theta)[a])) = onehot(a, 3) + softmax(theta)
                """);
        Outcome r = run("prove", file.toString());
        assertEquals(1, r.code(), r.err());
        // at theta = 0 every action has probability 1/3: lhs = e_0 - 1/3, rhs = e_0 + 1/3
        assertTrue(r.out().contains("REFUTED: the sides differ at theta[0] = 0, theta[1] = 0, theta[2] = 0, a = 0"), r.out());
        assertTrue(r.out().contains("lhs = (0.666667, -0.333333, -0.333333)"), r.out());
        assertTrue(r.out().contains("rhs = (1.33333, 0.333333, 0.333333)"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void gaussianLogStdClaimHolds() throws IOException {
        Outcome r = run("prove", "proofs/claims/gaussian.pg", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode claims = r.json().get("stated_claims");
        JsonNode logStd = null, byHand = null;
        for (JsonNode c : claims) {
            if (c.get("name").asText().equals("gaussian_log_std_score")) logStd = c;
            if (c.get("name").asText().equals("gaussian_log_std_by_hand")) byHand = c;
        }
        assertEquals("PROVED", logStd.get("kind").asText());
        assertEquals("HOLDS_NUMERICALLY", byHand.get("kind").asText());
        assertEquals(200, byHand.get("points").asInt());
    }

    @Test
    void claimErrorsArePositioned(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.pg");
        Files.writeString(file, "param theta[3]\naction a in 0..2\nclaim c: grad(theta[0], theta[a]) = 1\n");
        Outcome r = run("prove", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.pg:3:15: error: grad's first argument must be a parameter block"), r.err());
    }

    /** Every claim file and every derivation under proofs/: all hold, except the kink, which must not. */
    @Test
    void theWholeProofsFolder() {
        Outcome r = run("prove", "proofs", "--json");
        assertEquals(1, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("\"softmax_score\""), out);
        try {
            JsonNode all = r.json();
            int programs = 0, failing = 0;
            for (JsonNode program : all) {
                programs++;
                boolean holds = !program.has("holds") || program.get("holds").asBoolean();
                if (program.has("stated_claims")) {
                    for (JsonNode c : program.get("stated_claims")) {
                        String kind = c.get("kind").asText();
                        holds &= kind.equals("PROVED") || kind.equals("HOLDS_NUMERICALLY");
                    }
                }
                if (!holds) {
                    failing++;
                    assertTrue(program.get("files").get(0).asText().contains("kink"), program.toString());
                }
            }
            assertEquals(6, programs);
            assertEquals(1, failing);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * As its help says: the files named are one program (a policy beside its task, as for every command),
     * and a directory is proved apart from them. The help once said only "a directory means all its .pg
     * files", as every other command's does, for a command that proves each directory on its own.
     */
    @Test
    void theFilesNamedAreOneProgramAndEachDirectoryIsProvedApart() throws IOException {
        String help = CommandRun.of("prove", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Program files (.pg), proved together as one program. A directory is proved apart from "
                + "them"), help);
        Outcome named = run("prove", "proofs/noisy-chain/chain.pg", "proofs/noisy-chain/policy.pg", "--json");
        Outcome folder = run("prove", "proofs/noisy-chain", "--json");
        assertEquals(0, named.code(), named.err());
        assertEquals(folder.out(), named.out());
        Outcome both = run("prove", "proofs/claims/categorical.pg", "proofs/noisy-chain");
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().startsWith("== proofs/claims/categorical.pg\n"), both.out());
        assertTrue(both.out().contains("\n== proofs/noisy-chain/chain.pg proofs/noisy-chain/policy.pg\n"), both.out());
    }

    /** A file reached by two arguments was once proved twice, silently (a claim file and its folder: two tables). */
    @Test
    void aFileReachedTwiceIsAnErrorNotASecondProof() {
        String[][] cases = {
            {"proofs/claims/categorical.pg", "proofs/claims",
                "error: proofs/claims/categorical.pg would be proved twice: it is given as proofs/claims/categorical.pg "
                        + "and in the directory proofs/claims; give each file once (a directory's files are proved apart "
                        + "from the files named)"},
            {"proofs", "proofs/noisy-chain",
                "error: proofs/noisy-chain/chain.pg would be proved twice: it is in the directory proofs and in the "
                        + "directory proofs/noisy-chain; give each file once\n"},
            {"proofs/kink/kink.pg", "proofs/kink/kink.pg", "error: proofs/kink/kink.pg is given twice; give it once"},
            {"proofs/kink", "proofs/kink/", "error: the directory proofs/kink is given twice; give it once"},
            {"proofs/kink/kink.pg", "proofs/kink/../kink/kink.pg", "it is given as proofs/kink/kink.pg and given as "
                    + "proofs/kink/../kink/kink.pg; give each file once\n"},
        };
        for (String[] c : cases) {
            Outcome r = run("prove", c[0], c[1]);
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains(c[2]), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void tablesFitInOneHundredColumns() {
        Outcome r = run("prove", "proofs/noisy-chain");
        assertEquals(0, r.code(), r.err());
        for (String line : r.out().split("\n")) assertTrue(line.length() <= 100, line.length() + ": " + line);
        Outcome wide = run("prove", "proofs/noisy-chain", "--wide");
        assertTrue(wide.out().lines().anyMatch(line -> line.length() > 100), wide.out());
    }
}
