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
        for (MetricRow r : rows) out.append(csvLine(r));
        return out.toString();
    }

    /** One row as a CSV line, its line feed included. */
    public static String csvLine(MetricRow r) {
        return new StringBuilder().append(r.iteration()).append(',').append(number(r.meanReturn())).append(',')
                .append(number(r.returnStandardError())).append(',').append(number(r.exactJ())).append(',')
                .append(number(r.gradientNorm())).append(',').append(r.steps()).append(',')
                .append(r.elapsedMillis()).append('\n').toString();
    }

    /**
     * The row a line of {@link #csvLine} holds (without its line feed); numbers read back to the same
     * doubles ({@code Double.toString} round-trips), an empty field to NaN. An IllegalArgumentException
     * when the line is not such a row.
     */
    static MetricRow parseCsvLine(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7) throw new IllegalArgumentException(f.length + " fields, not 7");
        return new MetricRow((int) whole(f[0]), field(f[1]), field(f[2]), field(f[3]), field(f[4]), whole(f[5]),
                whole(f[6]));
    }

    private static double field(String text) {
        if (text.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
    }

    private static long whole(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
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
