package dev.policygrad.check;

import dev.policygrad.ast.Expr;

/** Short renderings of source expressions and numbers for messages. */
final class AstText {

    private AstText() {}

    /** {@code 'theta'} for a name, otherwise a description. */
    static String of(Expr e) {
        if (e instanceof Expr.Name n) return "'" + n.name() + "'";
        if (e instanceof Expr.Index i) return of(i.target()) + "[...]";
        if (e instanceof Expr.Call c) return c.function() + "(...)";
        return "the expression";
    }

    /** {@code 3} rather than {@code 3.0}. */
    static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
