package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/**
 * Work beyond one of the limits of a stage that is not needed for every command: the symbolic derivative's
 * simplifier, say. Exit code 2, as other errors in what the user wrote; a command that can do without that
 * stage ({@code check} without its symbolic method) catches it and says what it skipped.
 */
public final class SizeLimitError extends PolicygradException {

    public SizeLimitError(String message) {
        super(Span.NONE, message);
    }

    @Override
    public String kind() {
        return "error";
    }
}
