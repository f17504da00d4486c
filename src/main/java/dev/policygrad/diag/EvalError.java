package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/**
 * An operation evaluated outside its domain (log of a negative number, a standard deviation that is
 * not positive, an index out of range), located at the operation's source.
 */
public final class EvalError extends PolicygradException {
    public EvalError(Span span, String message) {
        super(span, message);
    }

    @Override
    public String kind() {
        return "evaluation error";
    }
}
