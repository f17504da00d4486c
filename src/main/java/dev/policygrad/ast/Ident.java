package dev.policygrad.ast;

/** A name as written at one place, kept with its span so that errors can point at it. */
public record Ident(String text, Span span) {
    @Override
    public String toString() {
        return text;
    }
}
