package dev.policygrad.check;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;

/**
 * Takes the logarithm of a formula in log space where its form allows, so that a log-probability
 * that is finite comes out finite and accurate even where the probability itself underflows or
 * rounds to 1:
 * <ul>
 *   <li>{@code log(softmax(z)[a])} is {@code categorical_lpmf(z, a)} (the log-softmax taken as a
 *       difference of logits, {@link dev.policygrad.ir.CategoricalLogMass});</li>
 *   <li>{@code log(sigmoid(x)) = -softplus(-x)} and {@code log(1 - sigmoid(x)) = -softplus(x)};</li>
 *   <li>{@code log(exp(x)) = x};</li>
 *   <li>{@code log(if c then x else y) = if c then log x else log y} when both branches have a form;</li>
 *   <li>{@code log(x * y) = log x + log y} and {@code log(x / y) = log x - log y} when both sides
 *       are themselves among these forms (which are positive, so the identity holds).</li>
 * </ul>
 * Anything else is {@code log(x)} as written. The rewrite is exact mathematics; only the rounding
 * changes (at a gap of 900 between logits, {@code log(softmax(z)[a])} was -Infinity and is now
 * -911.817...).
 */
final class LogSpace {

    private LogSpace() {}

    /** {@code log(x)}, rewritten when {@code x} has one of the forms above. */
    static Node log(Lowering l, Node x, Span span) {
        Node rewritten = rewrite(l, x, span);
        return rewritten != null ? rewritten : l.apply(Ops.LOG, span, x);
    }

    /** The log-space form of {@code log(x)}, or null when {@code x} has none. */
    private static Node rewrite(Lowering l, Node x, Span span) {
        if (!(x instanceof Node.Apply a)) return null;
        if (Ops.PICK.is(a) && Ops.SOFTMAX.is(a.arg(0)) && a.arg(1).shape().isScalar()) {
            return l.apply(Ops.CATEGORICAL_LPMF, span, ((Node.Apply) a.arg(0)).arg(0), a.arg(1));
        }
        if (Ops.SIGMOID.is(a)) {
            return l.apply(Ops.NEG, span, l.apply(Ops.SOFTPLUS, span, l.apply(Ops.NEG, span, a.arg(0))));
        }
        if (Ops.SUB.is(a) && isOne(a.arg(0)) && Ops.SIGMOID.is(a.arg(1))) {
            return l.apply(Ops.NEG, span, l.apply(Ops.SOFTPLUS, span, ((Node.Apply) a.arg(1)).arg(0)));
        }
        if (Ops.EXP.is(a)) return a.arg(0);
        if (Ops.WHERE.is(a)) {
            Node then = rewrite(l, a.arg(1), span), otherwise = rewrite(l, a.arg(2), span);
            if (then == null || otherwise == null) return null;
            return l.apply(Ops.WHERE, span, a.arg(0), then, otherwise);
        }
        if (Ops.MUL.is(a) || Ops.DIV.is(a)) {
            Node left = rewrite(l, a.arg(0), span), right = rewrite(l, a.arg(1), span);
            if (left == null || right == null || !left.shape().equals(right.shape())) return null;
            return l.apply(Ops.MUL.is(a) ? Ops.ADD : Ops.SUB, span, left, right);
        }
        return null;
    }

    private static boolean isOne(Node n) {
        return n instanceof Node.Const c && c.shape().isScalar() && c.value() == 1;
    }
}
