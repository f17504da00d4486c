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
 * the scalar primitive ({@code normal_lpdf}, {@code tanh_normal_lpdf}, or either's {@code _with_log_std}
 * form) added left to right, so each term keeps the scalar primitive's log-space form and partials, both
 * tape backends and forward mode see only primitives they already know, and the symbolic derivative
 * prints term by term.
 */
final class Diagonal {

    private Diagonal() {}

    /**
     * {@code lpdf(a, mu, scales...)} for a scalar action; the sum over components for a vector one,
     * each scale (sigma, and log sigma where the primitive takes it) a K-vector or a scalar shared by all.
     */
    static Node logDensity(Graph g, Op lpdf, Node action, Node mean, Span span, Node... scales) {
        if (action.shape().isScalar()) return g.apply(lpdf, span, arguments(action, mean, scales));
        int k = action.shape().size();
        Node sum = null;
        for (int i = 0; i < k; i++) {
            Node index = g.constant(i);
            Node[] picked = new Node[scales.length];
            for (int j = 0; j < scales.length; j++) {
                picked[j] = scales[j].shape().isScalar() ? scales[j] : g.apply(Ops.PICK, span, scales[j], index);
            }
            Node term = g.apply(lpdf, span, arguments(g.apply(Ops.PICK, span, action, index),
                    g.apply(Ops.PICK, span, mean, index), picked));
            sum = sum == null ? term : g.apply(Ops.ADD, span, sum, term);
        }
        return sum;
    }

    private static Node[] arguments(Node action, Node mean, Node[] scales) {
        Node[] args = new Node[2 + scales.length];
        args[0] = action;
        args[1] = mean;
        System.arraycopy(scales, 0, args, 2, scales.length);
        return args;
    }
}
