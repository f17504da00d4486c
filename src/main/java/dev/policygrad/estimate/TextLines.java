package dev.policygrad.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text file read one line at a time, numbered from 1 for errors: the episode files (JSON lines) and
 * estimate files (CSV or JSON lines), which can hold millions of lines, are never held in memory whole. Lines end at a line feed, a carriage
 * return or both (as {@link BufferedReader#readLine} reads them); blank lines are skipped. As JSON lines, each line is parsed on its own, and one that does not parse
 * is reported at its line and column.
 */
final class TextLines implements Closeable {

    /** One JSON value per line, each key once: a repeated key or text after the value is an error, not ignored. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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

    /**
     * The file at {@code path} as UTF-8 text, each byte that is not UTF-8 read as U+FFFD, which
     * {@link #nextLine} reports at its line and column (a strict decoder fails a buffer ahead of the line
     * it is on, with Java's "Input length = 1").
     */
    static Reader utf8(Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8));
    }

    /**
     * The next line that is not blank, or null at the end. A byte order mark before the first line (as
     * spreadsheets write UTF-8) is not part of it; a byte that is not UTF-8 is an error at its column.
     */
    String nextLine() {
        try {
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                int bad = line.indexOf('\uFFFD');
                if (bad >= 0) {
                    int column = line.codePointCount(0, bad) + 1;
                    throw new UsageError(new Span(file, number, column, 0, 1), "not UTF-8 text: a byte here is not "
                            + "valid UTF-8 (the file should hold numbers and JSON in UTF-8)");
                }
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
            String message = e.getOriginalMessage();
            int at = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            if (message.startsWith("Trailing token")) {
                throw new UsageError(new Span(file, number, at, 0, 1), "not valid JSON: text after the value "
                        + "(a line holds one JSON value)");
            }
            // Jackson's column is otherwise just past what it read last: an unexpected character, a word that
            // is not JSON or a repeated key (quoted), which the caret should be under
            Matcher word = UNRECOGNIZED.matcher(message), key = DUPLICATE.matcher(message);
            int width = word.lookingAt() ? word.group(1).length() : key.lookingAt() ? key.group(1).length() + 2
                    : message.startsWith("Unexpected character") ? 1 : 0;
            int column = Math.max(1, at - width);
            throw new UsageError(new Span(file, number, column, 0, Math.max(1, width)), "not valid JSON: " + message);
        }
    }

    /** Jackson's messages for a word that is not JSON and for a key given twice, with the word or the key. */
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'"),
            DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

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
