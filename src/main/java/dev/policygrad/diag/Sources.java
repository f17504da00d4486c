package dev.policygrad.diag;

import dev.policygrad.ast.Span;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of every file read, so that a diagnostic can quote the line it points at.
 */
public final class Sources {

    private final Map<String, String> texts = new LinkedHashMap<>();

    public void add(String file, String text) {
        texts.put(file, text);
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
        String line = text == null ? null : line(text, span.line());
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

    private static String line(String text, int number) {
        int start = 0;
        for (int i = 1; i < number; i++) {
            int next = text.indexOf('\n', start);
            if (next < 0) return null;
            start = next + 1;
        }
        int end = text.indexOf('\n', start);
        String line = end < 0 ? text.substring(start) : text.substring(start, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
