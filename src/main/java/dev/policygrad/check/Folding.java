package dev.policygrad.check;

import dev.policygrad.ast.AstPrinter;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Printed;
import dev.policygrad.ir.Shape;
import dev.policygrad.ast.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a primitive whose arguments are all constants, at check time, with the primitive's own
 * kernel. This is how loop bounds, indices and initial values become numbers, and how a domain error
 * in a constant ({@code log(-1)}) is reported before anything runs. A constant of the program must be
 * a finite number, like a literal ({@code 1e999} is an error): one that folds to Infinity or NaN
 * ({@code exp(1000)}, {@code log(0)}, {@code 1e200 * 1e200}) is an error at the operation, wherever it
 * stands, even in a branch of {@code if} that is not taken (both branches are evaluated).
 */
final class Folding {

    private Folding() {}

    /**
     * {@code op(args)} as a constant, or a CheckError at {@code span} if it is outside the domain or,
     * when {@code requireFinite}, if an entry comes out Infinity or NaN from finite arguments.
     */
    static Node.Const fold(Graph g, Op op, Shape shape, List<Node.Const> args, Span span, boolean requireFinite) {
        double[] out;
        try {
            out = Instr.evaluate(op, shape, args);
        } catch (DomainError e) {
            throw new CheckError(span, e.getMessage());
        }
        if (requireFinite) requireFinite(op, shape, args, out, span);
        return g.constant(out, shape);
    }

    private static void requireFinite(Op op, Shape shape, List<Node.Const> args, double[] out, Span span) {
        int bad = -1;
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                bad = i;
                break;
            }
        }
        if (bad < 0) return;
        boolean zeroArgument = false;
        for (Node.Const c : args) {
            for (double v : c.values()) {
                if (!Double.isFinite(v)) return; // not this operation's doing; reported where it arose
                if (v == 0) zeroArgument = true;
            }
        }
        double value = out[bad];
        String result = Double.isNaN(value) ? "is NaN"
                : zeroArgument ? "is " + value
                : "overflows to " + value;
        throw new CheckError(span, describe(op, args) + (shape.isScalar() ? "" : " (entry " + bad + ")") + " " + result
                + "; a constant must be a finite number");
    }

    /** {@code exp(1000)}, {@code 1e200 * 1e200}: the operation with its arguments, or {@code ...} for large ones. */
    private static String describe(Op op, List<Node.Const> args) {
        List<Printed> printed = new ArrayList<>();
        for (Node.Const c : args) {
            if (c.shape().isScalar()) {
                String text = AstPrinter.number(c.value());
                printed.add(new Printed(text, text.startsWith("-") ? Ops.NEG.precedence() : Op.ATOM));
            } else {
                printed.add(new Printed(c.shape().size() <= 4 ? vector(c) : "[...]", Op.ATOM));
            }
        }
        return op.infix(printed);
    }

    private static String vector(Node.Const c) {
        if (!c.shape().isVector()) return "[...]";
        List<String> entries = new ArrayList<>();
        for (double v : c.values()) entries.add(AstPrinter.number(v));
        return "[" + String.join(", ", entries) + "]";
    }
}
