package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/** Text that is not a program of the language: bad characters, bad bytes, a token out of place. */
public final class SyntaxError extends PolicygradException {
    public SyntaxError(Span span, String message) {
        super(span, message);
    }

    @Override
    public String kind() {
        return "syntax error";
    }
}
