package dev.policygrad.check;

import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.check.ParameterLayout;

/** Where a formula names a parameter, for pointing an error at the use rather than the formula. */
final class ParamUse {

    private ParamUse() {}

    /**
     * The span of the first use of {@code name} in {@code e}, or of the first use of any parameter,
     * or {@code e}'s own span when the dependence comes through a {@code let} or {@code def}.
     */
    static Span find(Expr e, ParameterLayout layout, String name) {
        Span exact = search(e, layout, name);
        if (exact != null) return exact;
        Span any = search(e, layout, null);
        return any != null ? any : e.span();
    }

    private static Span search(Expr e, ParameterLayout layout, String name) {
        if (e instanceof Expr.Name n) {
            boolean match = name == null ? layout.block(n.name()) != null : n.name().equals(name);
            return match ? n.span() : null;
        }
        for (Expr child : children(e)) {
            Span s = search(child, layout, name);
            if (s != null) return s;
        }
        return null;
    }

    private static java.util.List<Expr> children(Expr e) {
        if (e instanceof Expr.Vector v) return v.elements();
        if (e instanceof Expr.Index i) return java.util.List.of(i.target(), i.index());
        if (e instanceof Expr.Unary u) return java.util.List.of(u.operand());
        if (e instanceof Expr.Binary b) return java.util.List.of(b.left(), b.right());
        if (e instanceof Expr.Call c) return c.args().stream().map(Expr.Arg::value).toList();
        if (e instanceof Expr.SumLoop s) return java.util.List.of(s.from(), s.to(), s.body());
        if (e instanceof Expr.If i) return java.util.List.of(i.condition(), i.then(), i.otherwise());
        return java.util.List.of();
    }
}
