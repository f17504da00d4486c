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
     * One benchmark result: the method's simple name, its parameters as text, the score and JMH's
     * error (the half-width of the 99.9% confidence interval; NaN from a single iteration), and the
     * gc profiler's bytes allocated per operation when it ran (else NaN).
     */
    record Row(String benchmark, String method, JsonNode params, double score, double error, String unit,
            double bytesPerOp, double bytesPerOpError) {
        String param(String name) {
            return params == null || !params.has(name) ? "" : params.get(name).asText();
        }
    }

    private JmhResults() {}

    static List<Row> read(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = result.get("benchmark").asText();
            JsonNode primary = result.get("primaryMetric");
            JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
            rows.add(new Row(benchmark, benchmark.substring(benchmark.lastIndexOf('.') + 1), result.get("params"),
                    primary.get("score").asDouble(), number(primary.get("scoreError")), primary.get("scoreUnit").asText(),
                    alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble(),
                    alloc.isMissingNode() ? Double.NaN : number(alloc.get("scoreError"))));
        }
        return rows;
    }

    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
