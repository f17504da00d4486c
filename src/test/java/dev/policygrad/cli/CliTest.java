package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end: output, JSON shape, and exit codes. */
class CliTest {

    @TempDir
    Path dir;


    CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String CORRIDOR = dev.policygrad.env.Programs.CORRIDOR_POLICY;

    @Test
    void evalPrintsProbabilityAndLogProbability() throws IOException {
        CommandRun r = run("eval", file("c.pg", CORRIDOR).toString(), "--action", "left", "--set", "theta=[0.3,-0.2]", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        double lse = Math.log(Math.exp(0.3) + Math.exp(-0.2));
        assertEquals(Math.exp(-0.2 - lse), json.get("pi").asDouble(), 1e-15);
        assertEquals(-0.2 - lse, json.get("log_pi").asDouble(), 1e-15);
    }

    @Test
    void scoreReportsTheGradientByFlattenedName() throws IOException {
        Path params = file("p.json", "{\"theta\": [0.3, -0.2]}");
        CommandRun r = run("score", file("c.pg", CORRIDOR).toString(), "--action", "right", "--params", params.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode g = new ObjectMapper().readTree(r.out()).get("gradient");
        double pRight = 1 / (1 + Math.exp(-0.5));
        assertEquals(1 - pRight, g.get("theta[0]").asDouble(), 1e-15);
        assertEquals(-(1 - pRight), g.get("theta[1]").asDouble(), 1e-15);
    }

    /** Every subcommand's help advertises -V, --version; each once printed nothing (exit 0). */
    @Test
    void everySubcommandPrintsTheVersion() {
        CommandRun top = run("--version");
        assertEquals(0, top.code(), top.err());
        assertTrue(top.out().matches("policygrad \\d+\\.\\d+\\.\\d+\\S*\n"), top.out());
        java.util.List<String> withVersion = new picocli.CommandLine(new Main()).getSubcommands().values().stream()
                .filter(c -> c.getCommandSpec().findOption("--version") != null)
                .map(c -> c.getCommandName()).toList();
        assertTrue(withVersion.containsAll(java.util.List.of("parse", "eval", "score", "derive", "check", "table",
                "objective", "verify", "sample", "export", "train", "prove", "simulate", "plot", "report")), withVersion.toString());
        for (String command : withVersion) {
            for (String option : new String[] {"--version", "-V"}) {
                CommandRun r = run(command, option);
                assertEquals(0, r.code(), command + " " + option + ": " + r.err());
                assertEquals(top.out(), r.out(), command + " " + option);
            }
        }
    }

    @Test
    void directoriesMeanAllTheirFiles() throws IOException {
        file("1-policy.pg", CORRIDOR);
        CommandRun r = run("parse", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(CORRIDOR, r.out());
    }

    @Test
    void badInputExitsWithTwoAndAPositionedMessage() throws IOException {
        Path f = file("bad.pg", CORRIDOR.replace("logits = theta", "logits = thet"));
        CommandRun r = run("eval", f.toString(), "--action", "right");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(f + ":3:41: error: unknown name 'thet'; did you mean 'theta'?"), r.err());
        assertTrue(r.err().contains("\n  " + " ".repeat(40) + "^^^^\n"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void syntaxErrorsExitWithTwo() throws IOException {
        CommandRun r = run("parse", file("bad.pg", "param theta[2] = \n").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.pg:"), r.err());
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path f = file("c.pg", CORRIDOR);
        assertEquals(2, run("eval", f.toString(), "--action", "up").code());
        assertEquals(2, run("eval", f.toString(), "--action", "right", "--set", "zeta=1").code());
        assertEquals(2, run("eval", f.toString(), "--action", "right", "--set", "theta=[1,2,3]").code());
        assertEquals(2, run("eval", dir.resolve("missing.pg").toString(), "--action", "right").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("eval", f.toString(), "--digits", "0").code());
    }

    @Test
    void evaluationErrorsExitWithTwoAndNameTheOperation() throws IOException {
        Path f = file("g.pg", "action a : real\nparam k = -1\npolicy pi(a | s) = normal(mean = 0, std = k)\n");
        CommandRun r = run("eval", f.toString(), "--action", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("g.pg:3:20: evaluation error: a normal distribution's std must be positive"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"parse", "eval", "score"}) {
            CommandRun r = run(command, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: policygrad " + command), r.out());
        }
    }

    /**
     * Every command reads the files named as one program: a file reached twice (named twice, or named
     * and inside a directory given) is a usage error naming both, not a duplicate declaration of each
     * name "first declared at" the very same place.
     */
    @Test
    void aFileReachedTwiceIsAnError() {
        String[][] cases = {
            {"examples/short-corridor", "examples/short-corridor/policy.pg",
                "error: examples/short-corridor/policy.pg would be read twice: it is in the directory "
                        + "examples/short-corridor and given as examples/short-corridor/policy.pg; give each file once"},
            {"examples/short-corridor/policy.pg", "examples/short-corridor/policy.pg",
                "error: examples/short-corridor/policy.pg is given twice; give it once"},
            {"examples/short-corridor/policy.pg", "examples/short-corridor/../short-corridor/policy.pg",
                "would be read twice: it is given as examples/short-corridor/policy.pg and given as "
                        + "examples/short-corridor/../short-corridor/policy.pg"},
        };
        for (String command : new String[] {"check", "objective", "derive"}) {
            for (String[] c : cases) {
                CommandRun r = CommandRun.of(command, c[0], c[1]);
                assertEquals(Main.BAD_INPUT, r.code(), command + ": " + r.out() + r.err());
                assertTrue(r.err().contains(c[2]), command + ": " + r.err());
                assertEquals("", r.out(), command);
            }
        }
    }
}
