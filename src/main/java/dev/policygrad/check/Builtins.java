package dev.policygrad.check;

import dev.policygrad.diag.Suggestions;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.ElementwiseUnary;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions a formula may call, beyond the element-wise ones of {@link Ops#FUNCTIONS}:
 * reductions ({@code sum}, {@code mean}, {@code logsumexp}, {@code max}, {@code min}),
 * {@code softmax}, {@code log_softmax}, {@code dot}, {@code outer}, {@code transpose},
 * {@code pow}, {@code square}, {@code clip}, and two-argument {@code max}/{@code min}.
 */
final class Builtins {

    private Builtins() {}

    /** Every callable name, for suggestions and documentation. */
    static final Set<String> NAMES;

    static {
        Set<String> names = new TreeSet<>(Ops.FUNCTIONS.keySet());
        names.addAll(List.of("sum", "mean", "logsumexp", "max", "min", "softmax", "log_softmax", "dot", "outer",
                "transpose", "pow", "square", "clip"));
        names.addAll(Lowering.DISTRIBUTIONS);
        names.addAll(TeachingFunctions.NAMES);
        NAMES = names;
    }

    static Node call(Lowering l, Expr.Call e) {
        String name = e.function();
        Span span = e.span();
        ElementwiseUnary f = Lowering.function(name);
        if (f == Ops.LOG) return LogSpace.log(l, args(l, e, 1).get(0), span);
        if (f != null) return l.apply(f, span, args(l, e, 1).get(0));
        Node teaching = TeachingFunctions.call(l, e);
        if (teaching != null) return teaching;
        switch (name) {
            case "sum": return l.apply(Ops.SUM, span, args(l, e, 1).get(0));
            case "mean": {
                Node x = args(l, e, 1).get(0);
                return l.apply(Ops.DIV, span, l.apply(Ops.SUM, span, x), l.graph().constant(x.shape().size()));
            }
            case "logsumexp": return l.apply(Ops.LOGSUMEXP, span, vector(args(l, e, 1).get(0), e, name));
            case "softmax": return l.apply(Ops.SOFTMAX, span, vector(args(l, e, 1).get(0), e, name));
            case "log_softmax": {
                Node z = vector(args(l, e, 1).get(0), e, name);
                return l.apply(Ops.SUB, span, z, l.apply(Ops.LOGSUMEXP, span, z));
            }
            case "max":
            case "min": {
                if (e.args().size() != 1 && e.args().size() != 2) {
                    throw new CheckError(span, name + " takes 1 argument (a vector or matrix, reduced to its " + name
                            + "imum) or 2 (compared element by element), got " + e.args().size());
                }
                if (e.args().size() == 1) return l.apply(name.equals("max") ? Ops.MAX_ALL : Ops.MIN_ALL, span, args(l, e, 1).get(0));
                List<Node> xs = args(l, e, 2);
                return l.apply(name.equals("max") ? Ops.MAX : Ops.MIN, span, xs.get(0), xs.get(1));
            }
            case "dot": {
                List<Node> xs = args(l, e, 2);
                return l.apply(Ops.DOT, span, xs.get(0), xs.get(1));
            }
            case "outer": {
                List<Node> xs = args(l, e, 2);
                return l.apply(Ops.OUTER, span, xs.get(0), xs.get(1));
            }
            case "transpose": return l.apply(Ops.TRANSPOSE, span, args(l, e, 1).get(0));
            case "pow": {
                List<Node> xs = args(l, e, 2);
                return l.apply(Ops.POW, span, xs.get(0), xs.get(1));
            }
            case "square": return l.apply(Ops.POW, span, args(l, e, 1).get(0), l.graph().constant(2));
            case "clip": {
                List<Node> xs = args(l, e, 3);
                return l.apply(Ops.MIN, span, l.apply(Ops.MAX, span, xs.get(0), xs.get(1)), xs.get(2));
            }
            default:
                throw new CheckError(span, "unknown function '" + name + "'" + Suggestions.didYouMean(name, NAMES));
        }
    }

    private static List<Node> args(Lowering l, Expr.Call e, int n) {
        List<Node> out = new ArrayList<>();
        for (Expr x : Arguments.positional(e, n)) out.add(x.accept(l));
        return out;
    }

    private static Node vector(Node x, Expr.Call e, String name) {
        if (!x.shape().isVector()) {
            throw new CheckError(e.args().get(0).span(), name + " takes a vector, got " + describe(x));
        }
        return x;
    }

    static String describe(Node x) {
        return x.shape().isScalar() ? "a scalar" : x.shape().isVector() ? "a vector " + x.shape() : "a matrix " + x.shape();
    }
}
