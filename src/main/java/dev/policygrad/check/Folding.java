package dev.policygrad.check;

import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Shape;
import dev.policygrad.ast.Span;
import java.util.List;

/**
 * Evaluates a primitive whose arguments are all constants, at check time, with the primitive's own
 * kernel. This is how loop bounds, indices and initial values become numbers, and how a domain error
 * in a constant ({@code log(-1)}) is reported before anything runs.
 */
final class Folding {

    private Folding() {}

    /** {@code op(args)} as a constant, or a CheckError at {@code span} if it is outside the domain. */
    static Node.Const fold(Graph g, Op op, Shape shape, List<Node.Const> args, Span span) {
        double[] out;
        try {
            out = Instr.evaluate(op, shape, args);
        } catch (DomainError e) {
            throw new CheckError(span, e.getMessage());
        }
        return g.constant(out, shape);
    }
}
