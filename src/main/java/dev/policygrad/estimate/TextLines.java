package dev.policygrad.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * A text file read one line at a time, numbered from 1 for errors: the episode files (JSON lines) and
 * estimate files (CSV or JSON lines), which can hold millions of lines, are never held in memory whole. Lines end at a line feed, a carriage
 * return or both (as {@link BufferedReader#readLine} reads them); blank lines are skipped. As JSON lines, each line is parsed on its own, and one that does not parse
 * is reported at its line and column.
 */
final class TextLines implements Closeable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String file;
    private final BufferedReader in;
    private int number;
    private String line;

    /** Lines of {@code text}, the contents of {@code file} (named in errors). */
    TextLines(String file, Reader text) {
        this.file = file;
        this.in = text instanceof BufferedReader b ? b : new BufferedReader(text);
    }

    String file() {
        return file;
    }

    /** The next line that is not blank, or null at the end. */
    String nextLine() {
        try {
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) return line;
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new UsageError("cannot read " + file + " (line " + (number + 1) + "): "
                    + dev.policygrad.files.FileErrors.reason(cause));
        }
    }

    /** Reads to the end; returns how many lines that are not blank it passed, without parsing them. */
    long skipRest() {
        long n = 0;
        while (nextLine() != null) n++;
        return n;
    }

    /** The next non-blank line parsed as JSON, or null at the end. */
    JsonNode nextJson() {
        String text = nextLine();
        return text == null ? null : parse(file, number, text);
    }

    /** {@code text}, line {@code number} of {@code file}, parsed as JSON. */
    static JsonNode parse(String file, int number, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            throw new UsageError(new Span(file, number, column, 0, 1), "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The line last returned, as text. */
    String line() {
        return line;
    }

    /** The line number (from 1) of the line last returned. */
    int number() {
        return number;
    }

    /** A span over the whole line last returned, for errors about its content. */
    Span span() {
        return new Span(file, number, 1, 0, line == null ? 1 : Math.max(1, line.strip().length()));
    }

    /** A span at the start of the file, for errors about the file as a whole. */
    Span start() {
        return new Span(file, 1, 1, 0, 0);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
