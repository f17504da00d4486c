package dev.policygrad.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report page in a real browser: headless Chromium loads the file (no network), runs its scripts,
 * and the test reads the rendered DOM: KaTeX typeset every formula, the SVG has one node per tape
 * entry (each leaf and each instruction), and stepping the tape (the page's {@code #step=N}) moves the
 * highlighted row, forward then backward. It also takes a screenshot (target/report.png).
 *
 * <p>Without Chromium the test is skipped with a message, except in CI ({@code CI=true}), where it fails.
 */
class ReportInBrowserTest {

    private static Path chromium;
    private static Path page;
    private static int leaves, instructions;

    @BeforeAll
    static void writePage() throws IOException {
        chromium = findChromium();
        if (chromium == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("Chromium is required in CI: install Debian's 'chromium' package (.ci/run does)");
            }
            Assumptions.abort("Chromium is not installed (apt-get install chromium); the report's browser test is skipped");
        }
        // a linear softmax: several instructions, so stepping has somewhere to go
        Workspace workspace = PolicyGrad.load(Path.of("proofs/noisy-chain"));
        Report report = Report.build(workspace, new double[] {1, 0, 0.5}, workspace.action("go"), "noisy chain",
                Files.readString(Path.of("proofs/noisy-chain/policy.pg")), "s = [1, 0, 0.5], a = go");
        leaves = report.trace().leaves().size();
        instructions = report.trace().rows().size();
        page = Files.createTempDirectory("report").resolve("report.html");
        Files.writeString(page, ReportPage.render(report), StandardCharsets.UTF_8);
    }

    private static Path findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) return candidate;
            }
        }
        return null;
    }

    @Test
    void formulasAreTypesetAndTheGraphHasOneNodePerTapeEntry() throws Exception {
        String dom = dumpDom(0);
        assertTrue(dom.contains("data-ready=\"yes\""), "the page's script did not finish");
        int typeset = count(dom, "class=\"katex-display\"");
        assertEquals(count(dom, "data-tex="), typeset, "every formula is typeset by KaTeX");
        assertFalse(dom.contains("class=\"katex-error\""), "KaTeX reported an error");
        assertEquals(leaves + instructions, count(dom, "<g class=\"node "), "one SVG node per leaf and per instruction");
        assertEquals(0, count(dom, "current\""), "nothing is highlighted before the first step");
    }

    @Test
    void steppingMovesTheHighlightedRowForwardThenBackward() throws Exception {
        String first = highlighted(dumpDom(1));
        String firstBackward = highlighted(dumpDom(instructions + 1));
        assertTrue(instructions > 1, "the page's policy has " + instructions + " instruction(s)");
        assertEquals("row-0", first);
        String second = highlighted(dumpDom(2));
        assertEquals("row-1", second);
        assertNotEquals(first, second);
        // the backward sweep starts at the output, the last instruction
        assertEquals("row-" + (instructions - 1), firstBackward);
    }

    @Test
    void screenshot() throws Exception {
        Path shot = Path.of("target", "report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        run("--hide-scrollbars", "--window-size=1200,1900", "--screenshot=" + shot, page.toUri() + "#step=" + (instructions + 2));
        assertTrue(Files.size(shot) > 20_000, "a screenshot of the page");
        byte[] header = Files.readAllBytes(shot);
        assertEquals((byte) 0x89, header[0]);
        assertEquals('P', header[1]);
    }

    private static String highlighted(String dom) {
        Matcher m = Pattern.compile("<tr class=\"op current\" id=\"(row-\\d+)\"").matcher(dom);
        assertTrue(m.find(), "a highlighted row");
        String id = m.group(1);
        assertFalse(m.find(), "one highlighted row");
        return id;
    }

    private static String dumpDom(int steps) throws Exception {
        return run("--dump-dom", page.toUri() + "#step=" + steps);
    }

    private static String run(String... args) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 120 s");
        }
        assertEquals(0, process.exitValue(), "Chromium's exit code");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
