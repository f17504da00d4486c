package dev.policygrad.diag;

import dev.policygrad.ast.Span;

/** A well-formed program that means nothing: unknown names, shape mismatches, wrong arity, ... */
public final class CheckError extends PolicygradException {
    public CheckError(Span span, String message) {
        super(span, message);
    }

    @Override
    public String kind() {
        return "error";
    }
}
