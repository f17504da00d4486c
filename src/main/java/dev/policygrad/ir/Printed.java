package dev.policygrad.ir;

/**
 * A subexpression already printed, with the precedence of its outermost operator, so that the
 * enclosing primitive can decide whether it needs parentheses.
 */
public record Printed(String text, int precedence) {

    /** The text, parenthesized unless it binds at least as tightly as {@code minimum}. */
    public String at(int minimum) {
        return precedence < minimum ? "(" + text + ")" : text;
    }

    /** For LaTeX: parenthesized with {@code \left( \right)}. */
    public String latexAt(int minimum) {
        return precedence < minimum ? "\\left(" + text + "\\right)" : text;
    }
}
