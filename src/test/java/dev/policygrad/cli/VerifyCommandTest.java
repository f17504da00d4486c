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
}
