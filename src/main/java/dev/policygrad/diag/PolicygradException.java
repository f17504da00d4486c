package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/**
 * A problem with what a user wrote or asked for, located at a {@link Span}. The command line prints
 * it as {@code file:line:column: message}, the source line and a caret, and exits with code 2.
 * Subtypes say at which stage it was found.
 */
public abstract class PolicygradException extends RuntimeException {

    private final Span span;
    private transient String description;

    protected PolicygradException(Span span, String message) {
        super(message, null, false, false);
        this.span = span == null ? Span.NONE : span;
    }

    public Span span() {
        return span;
    }

    /**
     * {@code file:line:col: kind: message} followed, when the text of the file is known, by the source
     * line and a caret under the position.
     */
    public String describe() {
        return description != null ? description : toString();
    }

    void describeWith(String description) {
        this.description = description;
    }

    /** The kind of problem, as the first word of the rendered message ("syntax error"). */
    public abstract String kind();

    @Override
    public String toString() {
        return span == Span.NONE ? kind() + ": " + getMessage() : span.where() + ": " + kind() + ": " + getMessage();
    }
}
