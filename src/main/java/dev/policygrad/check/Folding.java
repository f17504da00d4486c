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
        int total = shape.size();
        for (Node.Const c : args) total += c.shape().size();
        double[] v = new double[total];
        int[] code = new int[Instr.width(args.size())];
        code[0] = args.size();
        int register = 0;
        for (int k = 0; k < args.size(); k++) {
            Node.Const c = args.get(k);
            System.arraycopy(c.values(), 0, v, register, c.shape().size());
            code[4 + 4 * k] = register;
            code[5 + 4 * k] = c.shape().rows();
            code[6 + 4 * k] = c.shape().cols();
            register += c.shape().size();
        }
        code[1] = register;
        code[2] = shape.rows();
        code[3] = shape.cols();
        try {
            op.forward(v, code, 0);
        } catch (DomainError e) {
            throw new CheckError(span, e.getMessage());
        }
        double[] out = new double[shape.size()];
        System.arraycopy(v, register, out, 0, out.length);
        return g.constant(out, shape);
    }
}
