package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/**
 * An operation evaluated outside its domain (log of a negative number, a standard deviation that is
 * not positive, an index out of range), located at the operation's source. {@link #operation()} names
 * the operation ("log(...)") when one is known, so that two evaluators failing at the same operation
 * and position can be told to agree even when their messages print a different digit.
 */
public final class EvalError extends PolicygradException {

    private final String operation;

    public EvalError(Span span, String message) {
        this(span, message, null);
    }

    public EvalError(Span span, String message, String operation) {
        super(span, message);
        this.operation = operation;
    }

    /** The failing operation as printed ("log(...)"), or null when the error is not one operation's. */
    public String operation() {
        return operation;
    }

    @Override
    public String kind() {
        return "evaluation error";
    }
}
