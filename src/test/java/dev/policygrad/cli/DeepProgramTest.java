package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program of a long chain of lets, within the language's depth limit, checked under plain
 * {@code java} with a small default stack: the command runs on a thread of its own large stack
 * ({@link Main#STACK_BYTES}), so it does not depend on the launcher's {@code -Xss}; and where a caller's
 * own thread is too small, running out of stack is an error with a message, not a stack trace.
 */
class DeepProgramTest {

    @TempDir
    Path dir;

    /** d/dt of l_n = l_{n-1} + t, l_0 = t, is n + 1: a chain of n lets. */
    private Path chain(int n) throws Exception {
        StringBuilder text = new StringBuilder("action a in {x, y}\nparam t = 0.3\nlet l0 = t\n");
        for (int i = 1; i < n; i++) text.append("let l").append(i).append(" = l").append(i - 1).append(" + t\n");
        text.append("policy pi(a | s) = categorical(logits = [l").append(n - 1).append(", 0])\n");
        Path file = dir.resolve("chain.pg");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aDeepProgramNeedsNoLargerStackFromTheCaller() throws Exception {
        Path file = chain(3000);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"),
                "dev.policygrad.cli.Main", "check", file.toString(), "--points", "3").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check took over 5 minutes");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("all 4 methods agree at 3 evaluated point(s)"), output);
    }

    @Test
    void runningOutOfStackIsAnErrorWithAMessage() throws Exception {
        Path file = chain(3000);
        CommandRun[] run = new CommandRun[1];
        Thread small = new Thread(null, () -> run[0] = CommandRun.of("check", file.toString(), "--points", "1"),
                "small-stack", 128 << 10);
        small.start();
        small.join();
        assertEquals(Main.BAD_INPUT, run[0].code(), run[0].err());
        assertTrue(run[0].err().startsWith("error: the program nests too deeply for this thread's stack"), run[0].err());
        assertFalse(run[0].err().contains("\tat "), run[0].err());
    }
}
