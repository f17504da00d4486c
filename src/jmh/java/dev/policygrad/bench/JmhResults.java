package dev.policygrad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of a JMH JSON result file ({@code -rf json}) that the reports read. */
final class JmhResults {

    /**
     * One benchmark result: the method's simple name, its parameters, the score and JMH's error (the
     * half-width of the 99.9% confidence interval; NaN from a single iteration), and the secondary
     * metrics (profilers' figures such as {@code gc.alloc.rate.norm}, auxiliary counters).
     */
    record Row(String benchmark, String method, JsonNode params, double score, double error, String unit,
            JsonNode secondary) {

        String param(String name) {
            return params == null || !params.has(name) ? "" : params.get(name).asText();
        }

        /** A secondary metric as a row of its own, or null when this result has none by that name. */
        Row metric(String name) {
            JsonNode m = secondary == null ? null : secondary.get(name);
            if (m == null) return null;
            return new Row(benchmark, method, params, m.get("score").asDouble(), number(m.get("scoreError")),
                    m.get("scoreUnit").asText(), null);
        }
    }

    private JmhResults() {}

    static List<Row> read(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = result.get("benchmark").asText();
            JsonNode primary = result.get("primaryMetric");
            rows.add(new Row(benchmark, benchmark.substring(benchmark.lastIndexOf('.') + 1), result.get("params"),
                    primary.get("score").asDouble(), number(primary.get("scoreError")), primary.get("scoreUnit").asText(),
                    result.get("secondaryMetrics")));
        }
        return rows;
    }

    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
