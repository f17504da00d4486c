package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;

/** The log-densities of the textbook policies, built as the checker would build them. */
final class Textbook {

    private Textbook() {}

    static Node.Param param(String name, int offset, Shape shape) {
        return new Node.Param(name, offset, shape, Span.NONE);
    }

    static Node.Input state(Shape shape) {
        return new Node.Input(Node.InputKind.STATE, "s", 0, shape, Span.NONE);
    }

    static Node.Input action() {
        return new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE);
    }

    /** Softmax over free logits theta[2]: log pi(a) = theta[a] - logsumexp(theta). */
    static Node softmax(Graph g) {
        Node theta = g.intern(param("theta", 0, Shape.vector(2)));
        Node a = g.intern(action());
        return g.sub(g.call(Ops.PICK, theta, a), g.call(Ops.LOGSUMEXP, theta));
    }

    /** Linear softmax with z = W @ s + b, W[3][2] at offset 0, b[3] at 6, s[2]. */
    static Node linearSoftmax(Graph g) {
        Node w = g.intern(param("W", 0, Shape.matrix(3, 2)));
        Node b = g.intern(param("b", 6, Shape.vector(3)));
        Node z = g.add(g.call(Ops.MATVEC, w, g.intern(state(Shape.vector(2)))), b);
        return g.sub(g.call(Ops.PICK, z, g.intern(action())), g.call(Ops.LOGSUMEXP, z));
    }

    /** Gaussian: a ~ N(-k * s, exp(log_std)), k at offset 0, log_std at 1, scalar s and a. */
    static Node gaussian(Graph g) {
        Node k = g.intern(param("k", 0, Shape.SCALAR));
        Node logStd = g.intern(param("log_std", 1, Shape.SCALAR));
        Node mean = g.mul(g.neg(k), g.intern(state(Shape.SCALAR)));
        return g.call(Ops.NORMAL_LPDF, g.intern(action()), mean, g.call(Ops.EXP, logStd));
    }
}
