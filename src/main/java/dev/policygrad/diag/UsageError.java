package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/** A bad command-line value or request: an unknown action name, a --set of an unknown parameter. */
public final class UsageError extends PolicygradException {
    public UsageError(String message) {
        super(Span.NONE, message);
    }

    public UsageError(Span span, String message) {
        super(span, message);
    }

    @Override
    public String kind() {
        return "error";
    }
}
