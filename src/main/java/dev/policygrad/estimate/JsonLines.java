package dev.policygrad.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;

/**
 * A JSON-lines file read line by line: blank lines skipped, every other line parsed as JSON, a line
 * that does not parse reported at its line and column. Shared by the episode and estimate files.
 */
final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What to do with one parsed line; {@code span} covers the line, for errors about its content. */
    interface LineReader {
        void read(JsonNode node, Span span);
    }

    private JsonLines() {}

    /** Parses each non-blank line of {@code text} (the contents of {@code file}) and hands it to {@code reader}. */
    static void forEach(String file, String text, LineReader reader) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
                throw new UsageError(new Span(file, i + 1, column, 0, 1), "not valid JSON: " + e.getOriginalMessage());
            }
            reader.read(node, new Span(file, i + 1, 1, 0, line.length()));
        }
    }
}
