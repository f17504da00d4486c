package dev.policygrad.diag;

import dev.policygrad.ast.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The text of every file read, so that a diagnostic can quote the line it points at.
 */
public final class Sources {

    private final Map<String, String> texts = new LinkedHashMap<>();
    /** Files read as a stream, too long to keep: a diagnostic reads its one line again from disk. */
    private final Map<String, Path> streamed = new LinkedHashMap<>();

    public void add(String file, String text) {
        texts.put(file, text);
    }

    /** A file read a line at a time under the name {@code file}; a diagnostic quotes its line from {@code path}. */
    public void addFile(String file, Path path) {
        streamed.put(file, path);
    }

    /**
     * Runs {@code work}; a {@link PolicygradException} it throws leaves with its description (the
     * quoted source line and caret) attached, so a caller without these sources can still show it.
     */
    public static <T> T attach(Sources sources, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (PolicygradException e) {
            e.describeWith(sources.render(e));
            throw e;
        }
    }

    public String text(String file) {
        return texts.get(file);
    }

    /** Every file's text, in the order read (for shipping the program to other machines). */
    public Map<String, String> texts() {
        return java.util.Collections.unmodifiableMap(texts);
    }

    /**
     * {@code file:line:col: kind: message}, then the source line and a caret under the column:
     * <pre>
     * corridor.pg:3:33: error: unknown name 'thet'; did you mean 'theta'?
     *   policy pi(a | s) = categorical(logits = thet)
     *                                           ^^^^
     * </pre>
     */
    public String render(PolicygradException e) {
        Span span = e.span();
        if (span == null || span.line() <= 0) return e.kind() + ": " + e.getMessage();
        StringBuilder out = new StringBuilder();
        out.append(span.where()).append(": ").append(e.kind()).append(": ").append(e.getMessage());
        String text = texts.get(span.file());
        String line = text != null ? line(text, span.line()) : line(streamed.get(span.file()), span.line());
        if (line != null) {
            String shown = line.length() > 200 ? line.substring(0, 200) + " ..." : line;
            out.append('\n').append("  ").append(shown.replace('\t', ' ')).append('\n').append("  ");
            int col = Math.max(1, span.column());
            out.append(" ".repeat(Math.min(col - 1, 200)));
            int width = Math.max(1, Math.min(span.end() - span.start(), line.length() - col + 1));
            out.append("^".repeat(Math.max(1, Math.min(width, 80))));
        }
        return out.toString();
    }

    /** Line {@code number} of the file at {@code path}, or null when it cannot be read. */
    private static String line(Path path, int number) {
        if (path == null) return null;
        try (Stream<String> lines = Files.lines(path, StandardCharsets.UTF_8)) {
            return lines.skip(number - 1L).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * Line {@code number} of {@code text}, without its end. A line ends at a line feed, a carriage
     * return or both, as the parser and {@link java.io.BufferedReader#readLine} count lines.
     */
    private static String line(String text, int number) {
        int start = 0;
        for (int i = 1; i < number; i++) {
            int end = lineEnd(text, start);
            if (end == text.length()) return null;
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
        }
        return text.substring(start, lineEnd(text, start));
    }

    /** The offset of the first line feed or carriage return at or after {@code from}, or the text's length. */
    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') return i;
        }
        return text.length();
    }
}
