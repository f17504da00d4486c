package dev.policygrad.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.UsageError;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-episode gradient estimates computed elsewhere, one row per episode in episode order: CSV with a
 * header of the flattened parameter names ({@code W[0][1]}), or JSON lines
 * {@code {"episode": i, "gradient": {"W[0][1]": g, ...}}}. CSV fields, names and numbers alike, may be
 * quoted as RFC 4180 allows ({@link CsvFields}). Every parameter must appear exactly once and
 * every value be a finite number; an error names the file, line and column (or field). Read one row at a
 * time ({@link #next}), so a file of any number of rows takes memory for one.
 */
public final class EstimateFile implements Closeable {

    private final TextLines lines;
    private final List<String> names;
    /** Each parameter's position in {@link #names}. */
    private final Map<String, Integer> positions = new HashMap<>();
    /** CSV: the header's fields and, per parameter, its column; null for JSON lines. */
    private final List<CsvFields.Field> header;
    private final int[] column;
    private final int headerLine;
    /** A JSON file's first line, read to tell the format, not yet returned as a row. */
    private String pending;
    private long rows;

    private EstimateFile(TextLines lines, List<String> names) {
        this.lines = lines;
        this.names = List.copyOf(names);
        for (int j = 0; j < names.size(); j++) positions.put(names.get(j), j);
        String first = lines.nextLine();
        if (first == null) throw new UsageError(lines.start(), "the file is empty");
        if (first.stripLeading().startsWith("{")) {
            pending = first;
            header = null;
            column = null;
            headerLine = 0;
            return;
        }
        headerLine = lines.number();
        header = CsvFields.split(first, lines.file(), headerLine);
        column = columns(first);
    }

    /** The estimates in {@code text}, the contents of {@code file} (named in errors), in the order of {@code names}. */
    public static EstimateFile read(String file, Reader text, List<String> names) {
        TextLines lines = new TextLines(file, text);
        try {
            return new EstimateFile(lines, names);
        } catch (RuntimeException e) {
            lines.close(); // a bad header: nobody else holds the file
            throw e;
        }
    }

    /** The estimates in the file at {@code path}, read as UTF-8 ({@link TextLines#utf8}). */
    public static EstimateFile open(Path path, List<String> names) {
        try {
            return read(path.toString(), TextLines.utf8(path), names);
        } catch (IOException e) {
            throw new UsageError("cannot read " + path + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
    }

    /** Every row of {@code text} (for tests and small files). */
    public static double[][] readAll(String file, String text, List<String> names) {
        List<double[]> rows = new ArrayList<>();
        try (EstimateFile in = read(file, new StringReader(text), names)) {
            double[] row = new double[names.size()];
            while (in.next(row)) rows.add(row.clone());
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * Reads the next row into {@code row}, in the order of the parameter names; false after the last.
     * A file without a single row is an error.
     */
    public boolean next(double[] row) {
        boolean read = header == null ? nextJson(row) : nextCsv(row);
        if (read) {
            rows++;
        } else if (rows == 0) {
            throw header == null ? new UsageError(lines.start(), "no estimates in the file")
                    : new UsageError(new Span(lines.file(), headerLine, 1, 0, 0), "the file has a header but no rows");
        }
        return read;
    }

    /** The rows read so far. */
    public long rows() {
        return rows;
    }

    /** The rows read so far and those left, counted as lines without reading them (for a count's error). */
    public long countToEnd() {
        if (pending != null) {
            pending = null;
            rows++;
        }
        rows += lines.skipRest();
        return rows;
    }


    @Override
    public void close() {
        lines.close();
    }

    private int[] columns(String headerText) {
        int[] columns = new int[names.size()];
        Arrays.fill(columns, -1);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < header.size(); k++) {
            CsvFields.Field f = header.get(k);
            String name = f.quoted() ? f.value() : f.value().strip();
            Span at = new Span(lines.file(), headerLine, f.column(), 0, Math.max(1, f.text().length()));
            if (!seen.add(name)) throw new UsageError(at, "column '" + name + "' appears twice");
            int j = names.indexOf(name);
            if (j < 0) {
                throw new UsageError(at, "column '" + name + "' is not a parameter of the policy"
                        + Suggestions.didYouMean(name, names) + " (parameters: " + describe(names) + ")");
            }
            columns[j] = k;
        }
        for (int j = 0; j < names.size(); j++) {
            if (columns[j] < 0) {
                throw new UsageError(new Span(lines.file(), headerLine, 1, 0, headerText.length()),
                        "the header has no column for parameter " + names.get(j) + "; it needs one column per parameter: "
                                + describe(names));
            }
        }
        return columns;
    }

    private boolean nextCsv(double[] row) {
        String line = lines.nextLine();
        if (line == null) return false;
        List<CsvFields.Field> fields = CsvFields.split(line, lines.file(), lines.number());
        if (fields.size() != header.size()) {
            throw new UsageError(new Span(lines.file(), lines.number(), 1, 0, line.length()), "this row has "
                    + fields.size() + " values; the header has " + header.size() + " columns");
        }
        for (int j = 0; j < names.size(); j++) {
            CsvFields.Field f = fields.get(column[j]);
            Span at = new Span(lines.file(), lines.number(), f.column(), 0, Math.max(1, f.text().length()));
            row[j] = number(f.value().strip(), at, names.get(j));
        }
        return true;
    }

    private boolean nextJson(double[] row) {
        JsonNode node;
        if (pending != null) {
            node = TextLines.parse(lines.file(), lines.number(), pending);
            pending = null;
        } else {
            node = lines.nextJson();
        }
        if (node == null) return false;
        Span at = lines.span();
        JsonNode episode = node.get("episode");
        if (episode == null || !episode.isIntegralNumber() || episode.asLong() != rows) {
            throw new UsageError(at, "field \"episode\" must be " + rows + " (rows are numbered 0, 1, ... in "
                    + "order), got " + episode);
        }
        JsonNode gradient = node.get("gradient");
        if (gradient == null || !gradient.isObject()) {
            throw new UsageError(at, "field \"gradient\" must be an object {\"" + names.get(0) + "\": ..., ...}");
        }
        boolean[] given = new boolean[names.size()];
        Iterator<String> keys = gradient.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            Integer j = positions.get(key);
            if (j == null) {
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
        return true;
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
}
