package dev.policygrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use from Java" lines, run by JShell as a reader would run them, print what the
 * README says they print. The snippet is read from the README itself, so the two cannot drift apart.
 */
class ReadmeJavaTest {

    @Test
    void theJShellLinesPrintWhatTheReadmeSays() throws IOException, InterruptedException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Use from Java"));
        String code = block(section, "```java\n");
        String expected = block(section, "```text\n");
        long statements = code.lines().filter(l -> !l.isBlank() && !l.startsWith("import ")).count();
        assertTrue(statements <= 6, "the README promises at most six statements after the imports, has " + statements);

        Path script = Files.createTempFile("readme", ".jsh");
        Files.writeString(script, code + "/exit\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "--class-path", System.getProperty("java.class.path"), "-R-Djava.util.prefs.userRoot=" + script.getParent(),
                script.toString()));
        Process jshell = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(jshell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jshell.waitFor(120, TimeUnit.SECONDS), "jshell did not finish");
        Files.deleteIfExists(script);
        assertEquals(expected, printed);
    }

    /** The text of the first fenced block that opens with {@code fence} in {@code text}. */
    private static String block(String text, String fence) {
        int start = text.indexOf(fence);
        assertTrue(start >= 0, "no " + fence.trim() + " block in the README's 'Use from Java' section");
        start += fence.length();
        return text.substring(start, text.indexOf("```", start));
    }
}
