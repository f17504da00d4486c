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

/** {@code policygrad verify}: verdicts, exit codes and the JSON report on the short corridor. */
class VerifyCommandTest {

    private static final String CORRIDOR = """
            action a in {right, left}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            mdp short_corridor {
              gamma 0.9
              horizon 5
              start S1
              terminal G
              S1 right -> S2 reward -1
              S1 left  -> S1 reward -1
              S2 right -> S1 reward -1
              S2 left  -> S3 reward -1
              S3 right -> G  reward -1
              S3 left  -> S2 reward -1
            }
            """;

    @TempDir
    Path dir;

    private CommandRun run(String... args) throws IOException {
        Path file = dir.resolve("corridor.pg");
        Files.writeString(file, CORRIDOR);
        String[] all = new String[args.length + 2];
        all[0] = "verify";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CommandRun.of(all);
    }

    @Test
    void sampledReportAsJson() throws IOException {
        CommandRun run = run("--episodes", "3000", "--seed", "3", "--threads", "2", "--baseline", "mean", "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("reward-to-go", json.get("estimator").asText());
        assertEquals(3000, json.get("episodes").asInt());
        assertTrue(json.get("reference").get("method").asText().startsWith("exact"));
        assertTrue(json.get("estimate").get("standard_error").has("theta[1]"));
        assertTrue(json.get("p_value").asDouble() >= 0.001);
        assertTrue(json.get("total_variance").get("factor").asDouble() > 1);
        assertEquals("consistent", json.get("verdict").asText());
    }

    @Test
    void exactMissingDiscountIsInconsistentWithExitCode1() throws IOException {
        CommandRun run = run("--exact", "--estimator", "missing-discount");
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("inconsistent"), run.out());
        assertEquals(0, run("--exact", "--estimator", "total-return").code());
    }

    @Test
    void badOptionsExitWith2() throws IOException {
        CommandRun run = run("--baseline", "median");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("unknown baseline 'median'"), run.err());
        assertEquals(2, run("--estimator", "total-return", "--baseline", "value").code());
        assertEquals(2, run("--episodes", "1").code());
    }

    /**
     * examples/gridworld at 100 episodes, seed 22: reward-to-go (unbiased) gave unpaired T^2 = 103.7 on
     * 24 varying directions, p = 3.7e-5, and was called inconsistent; 100 episodes are too few for 24
     * directions (SubspaceHotelling.EPISODES_PER_DIRECTION), so it is undecided (exit 4), and at 400
     * episodes consistent.
     */
    @Test
    void tooFewEpisodesForTheVaryingDirectionsGiveNoVerdict() {
        CommandRun few = CommandRun.of("verify", "examples/gridworld", "--episodes", "100", "--seed", "22");
        assertEquals(4, few.code(), few.err() + few.out());
        assertTrue(few.out().contains("undecided: ") && few.out().contains("(240 episodes)"), few.out());
        CommandRun enough = CommandRun.of("verify", "examples/gridworld", "--episodes", "400", "--seed", "22");
        assertEquals(0, enough.code(), enough.err() + enough.out());
    }

    /** --reference must be proven unbiased: a biased one's bias would be blamed on the candidate. */
    @Test
    void theReferenceEstimatorMustBeAProvenOne() throws IOException {
        CommandRun run = run("--reference", "missing-discount");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--reference missing-discount is not a proven estimator"), run.err());
    }

    /**
     * CartPole has no exact J: its sampled reference, at the default target (half the estimate's
     * smallest standard error) and the default cap, would stay far noisier than the estimate, which
     * its pilots show, so it stops after them and the verdict is undecided, saying why and at what
     * cost a verdict would come. z counts the reference's standard error as the T^2 test does.
     */
    @Test
    void aReferenceThatCannotCarryAVerdictStopsAfterItsPilots() throws IOException {
        CommandRun run = CommandRun.of("verify", "examples/cartpole/linear", "examples/cartpole/env.pg",
                "--episodes", "3000", "--threads", "2", "--json");
        assertEquals(4, run.code(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode reference = json.get("reference");
        assertTrue(reference.get("method").asText().contains("40000 episodes in all (2000 per side"),
                reference.get("method").asText());
        assertTrue(reference.get("note").asText().contains("The reference stopped after its pilots"),
                reference.get("note").asText());
        assertEquals("undecided", json.get("verdict").asText());
        assertTrue(json.get("reason").asText().contains("episodes per side of the noisiest component"));
        JsonNode estimate = json.get("estimate");
        java.util.Iterator<String> names = reference.get("gradient").fieldNames();
        int checked = 0;
        while (names.hasNext()) {
            String name = names.next();
            double r = reference.get("gradient").get(name).asDouble();
            double sr = reference.get("standard_error").get(name).asDouble();
            double g = estimate.get("gradient").get(name).asDouble();
            double se = estimate.get("standard_error").get(name).asDouble();
            assertTrue(sr > se, name + ": a pilot's reference is the noisier here");
            assertEquals((g - r) / Math.sqrt(se * se + sr * sr), estimate.get("z_score").get(name).asDouble(),
                    1e-12 * (1 + Math.abs(g - r) / se), name);
            checked++;
        }
        assertEquals(10, checked);
        // a requested standard error is played to, whatever it costs (here the pilots already reach it)
        CommandRun requested = CommandRun.of("verify", "examples/cartpole/linear", "examples/cartpole/env.pg",
                "--episodes", "3000", "--threads", "2", "--reference-se", "40");
        assertTrue(!requested.out().contains("stopped after its pilots"), requested.out());
    }

    /**
     * The paired test never reads the reference, so where the reference cannot carry a verdict a paired
     * rejection still can: an estimator that doubles reward-to-go on CartPole is inconsistent, and the
     * diagnosis, measured against reward-to-go on the same episodes, finds the factor 2 it was built with.
     */
    @Test
    void aPairedRejectionIsAVerdictWhereTheReferenceIsTooNoisy() throws IOException {
        Path estimators = dir.resolve("estimators.pg");
        Files.writeString(estimators, """
                estimator doubled = 2 * sum(t in 0..T-1, score(t) * gamma^t * return(t))
                estimator rewritten = sum(t in 0..T-1, score(t) * gamma^t * return(t))
                """);
        CommandRun doubled = CommandRun.of("verify", "examples/cartpole/linear", "examples/cartpole/env.pg",
                estimators.toString(), "--estimator", "doubled", "--episodes", "2000", "--threads", "2", "--json");
        assertEquals(1, doubled.code(), doubled.err());
        JsonNode json = new ObjectMapper().readTree(doubled.out());
        assertEquals("inconsistent", json.get("verdict").asText());
        String reason = json.get("reason").asText();
        assertTrue(reason.startsWith("paired, minus reward-to-go (unbiased by step (11) of the derivation)"), reason);
        assertTrue(reason.contains("The verdict rests on this test alone"), reason);
        assertTrue(reason.contains("too noisy to judge the estimator"), reason);
        assertEquals(2.0, json.get("diagnosis").get("scale").asDouble(), 1e-9);
        // the same estimator written out again: nothing to reject, and the reference cannot say more
        CommandRun rewritten = CommandRun.of("verify", "examples/cartpole/linear", "examples/cartpole/env.pg",
                estimators.toString(), "--estimator", "rewritten", "--episodes", "2000", "--threads", "2");
        assertEquals(4, rewritten.code(), rewritten.out());
        assertTrue(rewritten.out().contains("undecided: the reference gradient cannot carry a verdict"), rewritten.out());
    }
}
