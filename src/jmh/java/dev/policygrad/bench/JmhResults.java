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
     * One benchmark result: the method's simple name, its parameters, the score and its error (the
     * half-width of a 99.9% confidence interval; NaN from a single iteration), and the secondary
     * metrics (profilers' figures such as {@code gc.alloc.rate.norm}, auxiliary counters). The error is
     * JMH's, computed over every iteration of every fork as if they were independent, or, from two
     * forks on, the half-width of the 99.9% Student-t interval of the forks' means when that is wider
     * ({@link #halfWidth(JsonNode)}).
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
            return new Row(benchmark, method, params, m.get("score").asDouble(), halfWidth(m), m.get("scoreUnit").asText(),
                    null);
        }
    }

    private JmhResults() {}

    static List<Row> read(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = result.get("benchmark").asText();
            JsonNode primary = result.get("primaryMetric");
            rows.add(new Row(benchmark, benchmark.substring(benchmark.lastIndexOf('.') + 1), result.get("params"),
                    primary.get("score").asDouble(), halfWidth(primary), primary.get("scoreUnit").asText(),
                    result.get("secondaryMetrics")));
        }
        return rows;
    }

    /**
     * A metric's error: JMH's {@code scoreError}, or the 99.9% t-interval's half-width over the forks'
     * means ({@code rawData} holds one array of iterations per fork) when there are two forks or more and
     * it is wider. Forks of one benchmark differ by more than the iterations within a fork (the JIT's
     * decisions, the machine's state: up to 30% here), so JMH's error, which pools the iterations, claims
     * a precision the runs do not have; with two or three forks this interval is wide, and a verdict
     * needs more forks.
     */
    static double halfWidth(JsonNode metric) {
        double jmh = number(metric.get("scoreError"));
        JsonNode raw = metric.get("rawData");
        if (raw == null || raw.size() < 2) return jmh;
        int forks = raw.size();
        double[] means = new double[forks];
        for (int f = 0; f < forks; f++) {
            double sum = 0;
            for (JsonNode x : raw.get(f)) sum += x.asDouble();
            means[f] = sum / raw.get(f).size();
        }
        double sd = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(means);
        double t = new org.apache.commons.math3.distribution.TDistribution(forks - 1).inverseCumulativeProbability(0.9995);
        double forkError = t * sd / Math.sqrt(forks);
        return Double.isNaN(jmh) ? forkError : Math.max(jmh, forkError);
    }

    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
