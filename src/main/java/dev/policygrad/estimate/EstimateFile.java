package dev.policygrad.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.UsageError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Per-episode gradient estimates computed elsewhere, one row per episode in episode order: CSV with a
 * header of the flattened parameter names ({@code W[0][1]}), or JSON lines
 * {@code {"episode": i, "gradient": {"W[0][1]": g, ...}}}. Every parameter must appear exactly once and
 * every value be a finite number; an error names the file, line and column (or field).
 */
public final class EstimateFile {

    private EstimateFile() {}

    /** The rows of {@code text} (the contents of {@code file}), in the order of {@code names}. */
    public static double[][] read(String file, String text, List<String> names) {
        String first = text.stripLeading();
        return first.startsWith("{") ? readJson(file, text, names) : readCsv(file, text, names);
    }

    private static double[][] readCsv(String file, String text, List<String> names) {
        String[] lines = text.split("\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) headerLine++;
        if (headerLine == lines.length) throw new UsageError(new Span(file, 1, 1, 0, 0), "the file is empty");
        List<Field> header = fields(lines[headerLine]);
        int[] column = new int[names.size()];
        java.util.Arrays.fill(column, -1);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < header.size(); k++) {
            Field f = header.get(k);
            String name = unquote(f.text);
            Span at = new Span(file, headerLine + 1, f.column, 0, Math.max(1, f.text.length()));
            if (!seen.add(name)) throw new UsageError(at, "column '" + name + "' appears twice");
            int j = names.indexOf(name);
            if (j < 0) {
                throw new UsageError(at, "column '" + name + "' is not a parameter of the policy"
                        + Suggestions.didYouMean(name, names) + " (parameters: " + describe(names) + ")");
            }
            column[j] = k;
        }
        for (int j = 0; j < names.size(); j++) {
            if (column[j] < 0) {
                throw new UsageError(new Span(file, headerLine + 1, 1, 0, lines[headerLine].length()),
                        "the header has no column for parameter " + names.get(j) + "; it needs one column per parameter: "
                                + describe(names));
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            List<Field> fields = fields(lines[i]);
            if (fields.size() != header.size()) {
                throw new UsageError(new Span(file, i + 1, 1, 0, lines[i].length()), "this row has " + fields.size()
                        + " values; the header has " + header.size() + " columns");
            }
            double[] row = new double[names.size()];
            for (int j = 0; j < names.size(); j++) {
                Field f = fields.get(column[j]);
                Span at = new Span(file, i + 1, f.column, 0, Math.max(1, f.text.length()));
                row[j] = number(f.text.strip(), at, names.get(j));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new UsageError(new Span(file, headerLine + 1, 1, 0, 0), "the file has a header but no rows");
        return rows.toArray(new double[0][]);
    }

    private static double[][] readJson(String file, String text, List<String> names) {
        List<double[]> rows = new ArrayList<>();
        JsonLines.forEach(file, text, (node, at) -> {
            JsonNode episode = node.get("episode");
            if (episode == null || !episode.isIntegralNumber() || episode.asInt() != rows.size()) {
                throw new UsageError(at, "field \"episode\" must be " + rows.size() + " (rows are numbered 0, 1, ... in "
                        + "order), got " + episode);
            }
            JsonNode gradient = node.get("gradient");
            if (gradient == null || !gradient.isObject()) {
                throw new UsageError(at, "field \"gradient\" must be an object {\"" + names.get(0) + "\": ..., ...}");
            }
            double[] row = new double[names.size()];
            boolean[] given = new boolean[names.size()];
            Iterator<String> keys = gradient.fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                int j = names.indexOf(key);
                if (j < 0) {
                    throw new UsageError(at, "field \"gradient\" has \"" + key + "\", which is not a parameter of the policy"
                            + Suggestions.didYouMean(key, names));
                }
                JsonNode v = gradient.get(key);
                if (!v.isNumber()) throw new UsageError(at, "field \"gradient." + key + "\" must be a number, got " + v);
                row[j] = finite(v.asDouble(), at, "gradient." + key);
                given[j] = true;
            }
            for (int j = 0; j < names.size(); j++) {
                if (!given[j]) throw new UsageError(at, "field \"gradient\" has no entry for parameter " + names.get(j));
            }
            rows.add(row);
        });
        if (rows.isEmpty()) throw new UsageError(new Span(file, 1, 1, 0, 0), "no estimates in the file");
        return rows.toArray(new double[0][]);
    }

    private static double number(String text, Span at, String parameter) {
        double x;
        try {
            x = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageError(at, "'" + text + "' is not a number (column " + parameter + ")");
        }
        return finite(x, at, parameter);
    }

    private static double finite(double x, Span at, String what) {
        if (!Double.isFinite(x)) throw new UsageError(at, what + " is " + x + "; estimates must be finite numbers");
        return x;
    }

    private static String describe(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + ", ... (" + names.size() + " in all)";
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /** A comma-separated field and its 1-based column. Quotes are only stripped from header names. */
    private record Field(String text, int column) {}

    private static List<Field> fields(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<Field> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = l.indexOf(',', start);
            int end = comma < 0 ? l.length() : comma;
            out.add(new Field(l.substring(start, end), start + 1));
            if (comma < 0) return out;
            start = comma + 1;
        }
    }
}
