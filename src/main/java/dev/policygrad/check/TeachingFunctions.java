package dev.policygrad.check;

import dev.policygrad.ad.SymbolicDerivative;
import dev.policygrad.ad.Simplifier;
import dev.policygrad.ast.Expr;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.List;
import java.util.Set;

/**
 * The functions that let a formula say what a derivative says: {@code grad(p, f)}, the derivative of
 * a scalar formula with respect to a parameter block; {@code onehot(i, n)}, the standard basis
 * vector e_i of length n; {@code ones(n)} and {@code ones(m, n)}; and the log-densities
 * {@code normal_lpdf(x, mean, std)}, {@code tanh_normal_lpdf(a, mean, std)} and {@code bernoulli_lpmf(k, p)}. Everything {@code derive}
 * prints is made of these and the other built-ins, so it reads back as a formula.
 */
final class TeachingFunctions {

    static final Set<String> NAMES = Set.of("grad", "onehot", "ones", "normal_lpdf", "tanh_normal_lpdf",
            "bernoulli_lpmf");

    private TeachingFunctions() {}

    /** The call lowered, or null when {@code e} does not call one of {@link #NAMES}. */
    static Node call(Lowering l, Expr.Call e) {
        Graph g = l.graph();
        switch (e.function()) {
            case "grad": return grad(l, e);
            case "onehot": {
                List<Expr> xs = Arguments.positional(e, 2);
                Node index = l.scalar(xs.get(0), "onehot's index");
                int n = length(l, xs.get(1), "onehot's length");
                if (index instanceof Node.Const c && (c.value() != Math.rint(c.value()) || c.value() < 0 || c.value() >= n)) {
                    throw new CheckError(xs.get(0).span(), "onehot's index " + AstText.number(c.value())
                            + " is out of range 0.." + (n - 1));
                }
                return g.apply(Ops.ONEHOT, Shape.vector(n), e.span(), index);
            }
            case "ones": {
                if (e.args().size() == 2) {
                    List<Expr> xs = Arguments.positional(e, 2);
                    return g.filled(1, Shape.matrix(length(l, xs.get(0), "a row count"), length(l, xs.get(1), "a column count")));
                }
                return g.filled(1, Shape.vector(length(l, Arguments.positional(e, 1).get(0), "a length")));
            }
            case "normal_lpdf": {
                List<Expr> xs = Arguments.positional(e, 3);
                return l.apply(Ops.NORMAL_LPDF, e.span(), l.scalar(xs.get(0), "normal_lpdf's x"),
                        l.scalar(xs.get(1), "normal_lpdf's mean"), l.scalar(xs.get(2), "normal_lpdf's std"));
            }
            case "tanh_normal_lpdf": {
                List<Expr> xs = Arguments.positional(e, 3);
                return l.apply(Ops.TANH_NORMAL_LPDF, e.span(), l.scalar(xs.get(0), "tanh_normal_lpdf's a"),
                        l.scalar(xs.get(1), "tanh_normal_lpdf's mean"), l.scalar(xs.get(2), "tanh_normal_lpdf's std"));
            }
            case "bernoulli_lpmf": {
                List<Expr> xs = Arguments.positional(e, 2);
                return l.apply(Ops.BERNOULLI_LPMF, e.span(), l.scalar(xs.get(0), "bernoulli_lpmf's outcome"),
                        l.scalar(xs.get(1), "bernoulli_lpmf's probability"));
            }
            default: return null;
        }
    }

    /**
     * {@code grad(p, f)}: d f / d p, with p's shape. The formula is simplified first, so that
     * identities such as {@code log(softmax(z)[i]) = z[i] - logsumexp(z)} shape the derivative the way
     * a textbook writes it; every rewrite keeps the value, so the derivative is the same function.
     */
    private static Node grad(Lowering l, Expr.Call e) {
        List<Expr> xs = Arguments.positional(e, 2);
        Node p = xs.get(0).accept(l);
        if (!(p instanceof Node.Param param)) {
            throw new CheckError(xs.get(0).span(), "grad's first argument must be a parameter block (grad(theta, f)), got "
                    + AstText.of(xs.get(0)));
        }
        Node f = xs.get(1).accept(l);
        if (!f.shape().isScalar()) {
            throw new CheckError(xs.get(1).span(), "grad differentiates a scalar, got " + Builtins.describe(f));
        }
        return SymbolicDerivative.derivative(Simplifier.simplify(f, l.graph()), param, l.graph());
    }

    private static int length(Lowering l, Expr x, String what) {
        Node.Const c = l.constant(x, what);
        double n = c.shape().isScalar() ? c.value() : -1;
        if (n != Math.rint(n) || n < 1 || n > 1_000_000) {
            throw new CheckError(x.span(), what + " must be a positive integer, got " + AstText.of(x));
        }
        return (int) n;
    }
}
