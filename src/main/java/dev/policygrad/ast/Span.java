package dev.policygrad.ast;

/**
 * A region of source text: the file it came from, and its first character as a 1-based line and
 * column, with the 0-based character offsets {@code [start, end)}.
 *
 * <p>Spans say where a node came from; they are not part of what a node means. Two spans are
 * therefore always equal, so records that hold a span compare by their meaning alone: the program
 * parsed from {@code a+b} equals the one parsed from {@code a + b}.
 */
public record Span(String file, int line, int column, int start, int end) implements java.io.Serializable {

    /** A span for nodes made by the engine rather than read from a file. */
    public static final Span NONE = new Span("<generated>", 0, 0, 0, 0);

    /**
     * An error found on a Spark executor travels back with its span, so the driver quotes the line; NONE
     * stays the one instance that code compares with {@code ==}.
     */
    private Object readResolve() {
        return file.equals(NONE.file) && line == 0 && column == 0 && start == 0 && end == 0 ? NONE : this;
    }

    /** The smallest span covering both. */
    public Span to(Span other) {
        if (this == NONE) return other;
        if (other == NONE) return this;
        return start <= other.start
                ? new Span(file, line, column, start, Math.max(end, other.end))
                : new Span(file, other.line, other.column, other.start, Math.max(end, other.end));
    }

    /** {@code file:line:column}, the prefix of every diagnostic. */
    public String where() {
        return file + ":" + line + ":" + column;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Span;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return where();
    }
}
