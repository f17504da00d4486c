package dev.policygrad.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page without a browser: self-contained, and the graph drawn from the tape it shows. */
class ReportPageTest {

    @Test
    void aPolicyWithoutATaskNeedsNothingFromOutside() {
        Workspace w = PolicyGrad.parse("gauss.pg", """
                state s
                action a : real
                param k = 0.4
                param log_std = -1
                policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))
                """);
        Report report = Report.build(w, new double[] {0.5}, 0.3, "gauss", "", "s = 0.5, a = 0.3");
        String html = ReportPage.render(report);
        // no fetches: no external script, style, font or image
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "an external reference");
        assertFalse(html.contains("url(fonts/"), "a font left outside the page");
        assertTrue(html.contains("url(data:font/woff2;base64,"), "fonts inlined");
        assertTrue(html.contains("katex.render"), "formulas typeset on load");
        assertEquals(report.trace().leaves().size() + report.trace().rows().size(), count(html, "<g class=\"node "));
        // each instruction's node is drawn with the value the tape computed: %3 is log N(0.3 | -0.2, e^-1)
        double sigma = Math.exp(-1), z = (0.3 + 0.2) / sigma;
        double logDensity = -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
        Matcher m = Pattern.compile("data-id=\"%3\".*?v = ([-0-9.e]+)").matcher(html);
        assertTrue(m.find());
        assertEquals(logDensity, Double.parseDouble(m.group(1)), 1e-3);
        assertTrue(html.contains("mean</text>"), "edges name the operand they feed");
        assertTrue(html.contains("all four agree"), html.substring(html.indexOf("Four ways")));
    }

    @Test
    void layersPointDown() {
        Workspace w = PolicyGrad.load(Path.of("examples/cartpole/mlp"), Path.of("examples/cartpole/env.pg"));
        GraphLayout.Layout layout = GraphLayout.of(w.trace(new double[] {0.1, 0.2, -0.1, 0.3}, 0));
        java.util.Map<String, GraphLayout.Box> at = new java.util.HashMap<>();
        for (GraphLayout.Box b : layout.boxes()) at.put(b.id(), b);
        for (GraphLayout.Edge e : layout.edges()) assertTrue(at.get(e.from()).y() < at.get(e.to()).y(), e.toString());
        // a 16-unit network stays narrow: vectors are one node each
        assertTrue(layout.width() < 1600, "width " + layout.width());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
