package dev.policygrad.train;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metrics CSV file read back: its {@code # key = value} lines ({@link RunRecord}) and its columns
 * by header name. Any CSV with a header row of column names and numeric rows reads, so files from
 * other runs (one per seed of a sweep) and older files without comment lines are accepted; an empty
 * field is NaN, and a value that is not finite (NaN, Infinity, 1e999) is an error at its line and column.
 */
public record MetricsFile(Path path, Map<String, String> settings, Map<String, double[]> columns, int rows) {

    public static MetricsFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot read " + path + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i).substring(1).trim();
            int eq = line.indexOf(" = ");
            if (eq > 0) settings.put(line.substring(0, eq).trim(), line.substring(eq + 3).trim());
            else if (line.endsWith(" =")) settings.put(line.substring(0, line.length() - 2).trim(), "");
        }
        if (i >= lines.size()) throw new UsageError(path + " has no header row of column names");
        String[] header = lines.get(i).split(",", -1);
        List<double[]> data = new ArrayList<>();
        for (int row = i + 1; row < lines.size(); row++) {
            String line = lines.get(row);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] fields = line.split(",", -1);
            if (fields.length != header.length) {
                throw new UsageError(path + ":" + (row + 1) + ": " + fields.length + " fields, but the header names "
                        + header.length);
            }
            double[] values = new double[fields.length];
            int column = 1;
            for (int k = 0; k < fields.length; column += fields[k].length() + 1, k++) {
                String f = fields[k].trim();
                if (f.isEmpty()) {
                    values[k] = Double.NaN;
                    continue;
                }
                Span at = new Span(path.toString(), row + 1, column + fields[k].indexOf(f), 0, f.length());
                try {
                    values[k] = Double.parseDouble(f);
                } catch (NumberFormatException e) {
                    throw new UsageError(at, "'" + f + "' in column " + header[k].trim() + " is not a number");
                }
                if (!Double.isFinite(values[k])) {
                    throw new UsageError(at, "'" + f + "' in column " + header[k].trim() + " is not a finite number "
                            + "(a metrics file leaves the field empty where there is no value)");
                }
            }
            data.add(values);
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int k = 0; k < header.length; k++) {
            double[] column = new double[data.size()];
            for (int r = 0; r < column.length; r++) column[r] = data.get(r)[k];
            columns.put(header[k].trim(), column);
        }
        return new MetricsFile(path, settings, columns, data.size());
    }

    /** The column named {@code name}, or a UsageError listing the columns there are. */
    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) throw new UsageError(path + " has no column '" + name + "'; its columns are " + columns.keySet());
        return c;
    }

    /** Whether the column exists and has a value in some row. */
    public boolean has(String name) {
        double[] c = columns.get(name);
        if (c == null) return false;
        for (double v : c) if (!Double.isNaN(v)) return true;
        return false;
    }
}
