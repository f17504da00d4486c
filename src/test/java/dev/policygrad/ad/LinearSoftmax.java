package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;

/**
 * log pi(a | s) of a linear softmax policy written by hand as IR:
 * {@code z = W @ s + b}, {@code log pi = z[a] - logsumexp(z)}, with theta = (W row-major, b).
 */
final class LinearSoftmax {

    final int actions;
    final int features;
    final Node logPi;

    LinearSoftmax(int actions, int features) {
        this.actions = actions;
        this.features = features;
        Graph g = new Graph();
        Node w = g.intern(new Node.Param("W", 0, Shape.matrix(actions, features), Span.NONE));
        Node b = g.intern(new Node.Param("b", actions * features, Shape.vector(actions), Span.NONE));
        Node s = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(features), Span.NONE));
        Node a = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node z = g.call(Ops.ADD, g.call(Ops.MATVEC, w, s), b);
        logPi = g.call(Ops.SUB, g.call(Ops.PICK, z, a), g.call(Ops.LOGSUMEXP, z));
    }

    int parameterCount() {
        return actions * features + actions;
    }

    /** The closed form: d log pi / dW = (onehot(a) - softmax(z)) s^T, d log pi / db = onehot(a) - softmax(z). */
    double[] closedFormGradient(double[] theta, double[] s, int a) {
        double[] z = new double[actions];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < actions; i++) {
            double zi = theta[actions * features + i];
            for (int j = 0; j < features; j++) zi += theta[i * features + j] * s[j];
            z[i] = zi;
            max = Math.max(max, zi);
        }
        double sum = 0;
        for (int i = 0; i < actions; i++) sum += Math.exp(z[i] - max);
        double[] grad = new double[parameterCount()];
        for (int i = 0; i < actions; i++) {
            double coefficient = (i == a ? 1 : 0) - Math.exp(z[i] - max) / sum;
            for (int j = 0; j < features; j++) grad[i * features + j] = coefficient * s[j];
            grad[actions * features + i] = coefficient;
        }
        return grad;
    }
}
