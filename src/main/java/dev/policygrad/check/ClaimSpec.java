package dev.policygrad.check;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Node;

/**
 * A checked {@code claim name: lhs = rhs}: both sides lowered to IR of the same shape.
 *
 * @param name the claim's name
 * @param lhs  the left side
 * @param rhs  the right side
 * @param text the claim as written ({@code lhs = rhs})
 * @param span where it is declared
 */
public record ClaimSpec(String name, Node lhs, Node rhs, String text, Span span) {}
