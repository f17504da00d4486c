package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random, well-typed scalar expression DAG over parameters k (scalar), v[3] and W[2][3], a state
 * s[3] and an action a in {0, 1}: each step applies a random primitive to nodes made before (so
 * subexpressions are shared), with arguments kept inside the primitives' domains (logarithms of
 * {@code 1 + x^2}, standard deviations {@code exp(tanh(x))}, values kept small, see {@link #add}). Kinked primitives (relu, abs, max,
 * if) are used only when {@code kinks} is set, since finite differences are meaningless at a kink.
 */
final class RandomPolicy {

    static final int PARAMETERS = 10;

    final Graph g = new Graph();
    final double[] theta;
    final double[] state;
    final double action;
    final Node logPi;
    boolean kinked;

    private final SplittableRandom random;
    private final List<Node> scalars = new ArrayList<>();
    private final List<Node> vectors3 = new ArrayList<>();
    private final List<Node> vectors2 = new ArrayList<>();
    private final List<Node> matrices = new ArrayList<>();
    private final Node a;
    private final TestEval values;

    RandomPolicy(long seed, boolean kinks) {
        random = new SplittableRandom(seed);
        theta = random.doubles(PARAMETERS, -1, 1).toArray();
        state = random.doubles(3, -1, 1).toArray();
        action = random.nextInt(2);
        scalars.add(g.intern(Textbook.param("k", 0, Shape.SCALAR)));
        vectors3.add(g.intern(Textbook.param("v", 1, Shape.vector(3))));
        matrices.add(g.intern(Textbook.param("W", 4, Shape.matrix(2, 3))));
        vectors3.add(g.intern(Textbook.state(Shape.vector(3))));
        a = g.intern(Textbook.action());
        values = new TestEval(theta, TestEval.inputs(state, action));
        scalars.add(g.constant(Math.rint(random.nextDouble(-3, 3) * 4) / 4));
        int steps = 4 + random.nextInt(10);
        for (int i = 0; i < steps; i++) step(kinks);
        // every parameter block takes part, and the last nodes made are the ones summed
        Node out = g.call(Ops.ADD, scalars.get(0), g.call(Ops.SUM, g.call(Ops.MUL, last(vectors3), vectors3.get(0))));
        out = g.call(Ops.ADD, out, g.call(Ops.SUM, g.call(Ops.SIN, last(matrices))));
        if (!vectors2.isEmpty()) out = g.call(Ops.SUB, out, g.call(Ops.LOGSUMEXP, last(vectors2)));
        if (scalars.size() > 2) out = g.call(Ops.ADD, out, last(scalars));
        logPi = g.call(Ops.ADD, out, g.call(Ops.DOT, vectors3.get(0), vectors3.get(0)));
    }

    private static Node last(List<Node> nodes) {
        return nodes.get(nodes.size() - 1);
    }

    private Node pick(List<Node> nodes) {
        // favour recent nodes, so the DAG grows deep as well as wide
        int n = nodes.size();
        return random.nextInt(3) == 0 ? nodes.get(random.nextInt(n)) : nodes.get(Math.max(0, n - 1 - random.nextInt(2)));
    }

    private Node raw(Op op, Node... args) {
        return g.apply(op, Span.NONE, args);
    }

    /** {@code 1 + x^2}: positive and at least 1. */
    private Node positive(Node x) {
        return raw(Ops.ADD, g.constant(1), raw(Ops.POW, x, g.constant(2)));
    }

    private void step(boolean kinks) {
        List<Node> pool = switch (random.nextInt(4)) {
            case 0 -> vectors3;
            case 1 -> vectors2.isEmpty() ? scalars : vectors2;
            case 2 -> matrices;
            default -> scalars;
        };
        Node x = pick(pool), y = pick(pool), c = pick(scalars);
        Node made;
        switch (random.nextInt(kinks ? 24 : 20)) {
            case 0: made = raw(Ops.SIN, x); break;
            case 1: made = raw(Ops.TANH, x); break;
            case 2: made = raw(Ops.SIGMOID, x); break;
            case 3: made = raw(Ops.EXP, raw(Ops.TANH, x)); break;
            case 4: made = raw(Ops.LOG, positive(x)); break;
            case 5: made = raw(Ops.SQRT, positive(x)); break;
            case 6: made = raw(Ops.NEG, x); break;
            case 7: made = raw(Ops.ADD, x, y); break;
            case 8: made = raw(Ops.SUB, x, random.nextBoolean() ? y : c); break;
            case 9: made = raw(Ops.MUL, random.nextBoolean() ? y : c, x); break;
            case 10: made = raw(Ops.DIV, x, positive(random.nextBoolean() ? y : c)); break;
            case 11: made = raw(Ops.POW, x, g.constant(2 + random.nextInt(2))); break;
            case 12: made = raw(Ops.SOFTPLUS, x); break;
            case 13: made = vectorOp(); break;
            case 14: made = raw(Ops.MUL, raw(Ops.EXP, raw(Ops.TANH, c)), x); break;
            case 15: made = reduction(); break;
            case 16: made = raw(Ops.NORMAL_LPDF, pick(scalars), c, raw(Ops.EXP, raw(Ops.TANH, pick(scalars)))); break;
            case 17: made = raw(Ops.BERNOULLI_LPMF, a, raw(Ops.SIGMOID, c)); break;
            case 18: made = raw(Ops.STACK, c, pick(scalars), raw(Ops.COS, c)); break;
            case 19: made = raw(Ops.PICK, pick(vectors3), random.nextBoolean() ? a : g.constant(random.nextInt(3))); break;
            case 20: made = raw(Ops.RELU, x); kinked = true; break;
            case 21: made = raw(Ops.ABS, x); kinked = true; break;
            case 22: made = raw(Ops.MAX, x, y); kinked = true; break;
            default: made = raw(Ops.WHERE, raw(Ops.GT, c, g.constant(0)), x, y); kinked = true;
        }
        add(made);
    }

    private Node vectorOp() {
        Node w = pick(matrices), u = pick(vectors3);
        switch (random.nextInt(6)) {
            case 0: return raw(Ops.MATVEC, w, u);
            case 1: return vectors2.isEmpty() ? raw(Ops.SOFTMAX, u) : raw(Ops.VECMAT, pick(vectors2), w);
            case 2: return vectors2.isEmpty() ? raw(Ops.TRANSPOSE, raw(Ops.TRANSPOSE, w))
                    : raw(Ops.OUTER, pick(vectors2), u);
            case 3: return raw(Ops.SOFTMAX, u);
            case 4: return raw(Ops.PICK, w, a);
            default: return raw(Ops.MATMUL, raw(Ops.MATMUL, w, raw(Ops.TRANSPOSE, w)), w);
        }
    }

    private Node reduction() {
        Node u = pick(vectors3);
        switch (random.nextInt(4)) {
            case 0: return raw(Ops.SUM, pick(matrices));
            case 1: return raw(Ops.LOGSUMEXP, u);
            case 2: return raw(Ops.DOT, u, pick(vectors3));
            default: return raw(Ops.SUM, g.widen(pick(scalars), Shape.vector(3)));
        }
    }

    /**
     * Keeps every value within [-4, 4] at the test point, replacing a larger {@code x} by
     * {@code x / (1 + x^2)}, so no primitive is evaluated where it saturates: there {@code 1 - y^2}
     * (tanh) and {@code y (1 - y)} (sigmoid) lose relative precision, and the oracles disagree in the
     * eighth digit for reasons of floating point, not of differentiation.
     */
    private void add(Node node) {
        for (double value : values.value(node)) {
            if (!(Math.abs(value) <= 4)) {
                node = raw(Ops.DIV, node, positive(node));
                break;
            }
        }
        Shape s = node.shape();
        if (s.isScalar()) scalars.add(node);
        else if (s.isMatrix()) matrices.add(node);
        else (s.rows() == 3 ? vectors3 : vectors2).add(node);
    }
}
