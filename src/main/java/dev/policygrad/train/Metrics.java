package dev.policygrad.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renderings of metric rows: CSV, and the JSON object of one row (snake_case, like every report). */
public final class Metrics {

    /** The CSV header, one column per {@link MetricRow} component. */
    public static final String CSV_HEADER =
            "iteration,mean_return,return_standard_error,exact_J,gradient_norm,steps,elapsed_ms";

    private Metrics() {}

    /** The header and one line per row; NaN (no exact J) is written as an empty field. */
    public static String csv(List<MetricRow> rows) {
        return csv(rows, null);
    }

    /**
     * As {@link #csv(List)}, headed by the run's {@code # key = value} lines when {@code record} is not
     * null (readers of plain CSV skip them as comments).
     */
    public static String csv(List<MetricRow> rows, RunRecord record) {
        StringBuilder out = new StringBuilder(record == null ? "" : record.csvComments()).append(CSV_HEADER).append('\n');
        for (MetricRow r : rows) {
            out.append(r.iteration()).append(',').append(number(r.meanReturn())).append(',')
                    .append(number(r.returnStandardError())).append(',').append(number(r.exactJ())).append(',')
                    .append(number(r.gradientNorm())).append(',').append(r.steps()).append(',')
                    .append(r.elapsedMillis()).append('\n');
        }
        return out.toString();
    }

    /** The row as an ordered map, for JSON. */
    public static Map<String, Object> json(MetricRow r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iteration", r.iteration());
        out.put("mean_return", r.meanReturn());
        out.put("return_standard_error", r.returnStandardError());
        out.put("exact_J", r.exactJ());
        out.put("gradient_norm", r.gradientNorm());
        out.put("steps", r.steps());
        out.put("elapsed_ms", r.elapsedMillis());
        return out;
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }
}
