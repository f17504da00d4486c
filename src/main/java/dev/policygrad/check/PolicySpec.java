package dev.policygrad.check;

import dev.policygrad.ast.Span;
import dev.policygrad.dist.Distribution;
import dev.policygrad.ir.Node;

/**
 * A checked policy: log pi(a | s) as one scalar IR expression of the parameters, the state input
 * and the action input.
 *
 * @param name         the policy's name ({@code pi})
 * @param distribution the distribution when the body is one ({@code categorical(...)}), else null:
 *                     then the body gives log pi (log form) or pi itself, and discrete actions are
 *                     sampled by evaluating it for each action
 * @param logPi        log pi(a | s)
 * @param action       the action input (an index for discrete actions, a value for a real one)
 * @param state        the state input, or null when the policy sees no state
 */
public record PolicySpec(String name, Distribution distribution, Node logPi, Node.Input action, Node.Input state,
        Span span) {
}
