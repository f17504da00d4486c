package dev.policygrad.dist;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;

/**
 * The log-density of a product of independent one-dimensional distributions, one per component of a
 * vector action {@code a[K]}: {@code log p(a) = sum_{k=0}^{K-1} log p_1(a_k | mu_k, sigma_k)}, with
 * sigma a K-vector or one scalar shared by every component. It is written out as K applications of
 * the scalar primitive ({@code normal_lpdf}, {@code tanh_normal_lpdf}) added left to right, so each
 * term keeps the scalar primitive's log-space form and partials, both tape backends and forward mode
 * see only primitives they already know, and the symbolic derivative prints term by term.
 */
final class Diagonal {

    private Diagonal() {}

    /** {@code lpdf(a, mu, sigma)} for a scalar action; the sum over components for a vector one. */
    static Node logDensity(Graph g, Op lpdf, Node action, Node mean, Node std, Span span) {
        if (action.shape().isScalar()) return g.apply(lpdf, span, action, mean, std);
        int k = action.shape().size();
        Node sum = null;
        for (int i = 0; i < k; i++) {
            Node index = g.constant(i);
            Node sigma = std.shape().isScalar() ? std : g.apply(Ops.PICK, span, std, index);
            Node term = g.apply(lpdf, span, g.apply(Ops.PICK, span, action, index), g.apply(Ops.PICK, span, mean, index),
                    sigma);
            sum = sum == null ? term : g.apply(Ops.ADD, span, sum, term);
        }
        return sum;
    }
}
