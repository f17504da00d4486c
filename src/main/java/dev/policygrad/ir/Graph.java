package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes IR nodes, sharing structurally equal ones (hash-consing): asking twice for
 * {@code exp(theta)} returns the same node, so common subexpressions are shared by construction.
 *
 * <p>The arithmetic helpers ({@link #add}, {@link #mul}, ...) apply only the identities that are
 * exact for every input (x + 0 = x, x * 1 = x, x * 0 = 0, -(-x) = x) and fold constants; they keep
 * the rules of {@link Op#vjp} readable. Heavier rewriting belongs to the simplifier.
 */
public final class Graph {

    private final Map<Node, Node> interned = new HashMap<>();

    /** The shared node equal to {@code node}. */
    @SuppressWarnings("unchecked")
    public <N extends Node> N intern(N node) {
        Node existing = interned.putIfAbsent(node, node);
        return existing == null ? node : (N) existing;
    }

    /** {@code op(args)}, its shape inferred by the op (a CheckError at {@code span} if it has none). */
    public Node apply(Op op, Span span, Node... args) {
        List<Node> list = List.of(args);
        return intern(new Node.Apply(op, list, op.shape(list, span), span));
    }

    /** {@code op(args)} with its shape given, for primitives whose shape is not implied by arguments. */
    public Node apply(Op op, Shape shape, Span span, Node... args) {
        return intern(new Node.Apply(op, List.of(args), shape, span));
    }

    public Node.Const constant(double value) {
        return intern(Node.Const.scalar(value));
    }

    public Node.Const constant(double[] values, Shape shape) {
        return intern(new Node.Const(values, shape, Span.NONE));
    }

    /** A constant filled with {@code value}, of the given shape. */
    public Node.Const filled(double value, Shape shape) {
        double[] values = new double[shape.size()];
        Arrays.fill(values, value);
        return constant(values, shape);
    }

    // ---- arithmetic with exact identities, for derivative rules ----

    public Node add(Node x, Node y) {
        Shape shape = broadcast(x, y);
        if (isZero(x)) return widen(y, shape);
        if (isZero(y)) return widen(x, shape);
        if (x == y) return mul(constant(2), x);
        return apply(Ops.ADD, Span.NONE, x, y);
    }

    public Node sub(Node x, Node y) {
        Shape shape = broadcast(x, y);
        if (isZero(y)) return widen(x, shape);
        if (isZero(x)) return widen(neg(y), shape);
        if (x == y) return filled(0, shape);
        return apply(Ops.SUB, Span.NONE, x, y);
    }

    public Node mul(Node x, Node y) {
        Shape shape = broadcast(x, y);
        if (isZero(x) || isZero(y)) return filled(0, shape);
        if (isOne(x)) return widen(y, shape);
        if (isOne(y)) return widen(x, shape);
        if (isMinusOne(x)) return widen(neg(y), shape);
        if (isMinusOne(y)) return widen(neg(x), shape);
        if (y instanceof Node.Const && !(x instanceof Node.Const)) return apply(Ops.MUL, Span.NONE, y, x);
        return apply(Ops.MUL, Span.NONE, x, y);
    }

    public Node div(Node x, Node y) {
        Shape shape = broadcast(x, y);
        if (isZero(x)) return filled(0, shape);
        if (isOne(y)) return widen(x, shape);
        return apply(Ops.DIV, Span.NONE, x, y);
    }

    public Node neg(Node x) {
        if (x instanceof Node.Const c) {
            double[] values = c.values();
            for (int i = 0; i < values.length; i++) values[i] = -values[i];
            return constant(values, c.shape());
        }
        if (Ops.NEG.is(x)) return ((Node.Apply) x).arg(0);
        return apply(Ops.NEG, Span.NONE, x);
    }

    /** {@code f(x)} for a one-argument primitive. */
    public Node call(Op op, Node... args) {
        return apply(op, Span.NONE, args);
    }

    /** {@code x} spread to {@code shape} when it is a scalar standing for a larger value. */
    public Node widen(Node x, Shape shape) {
        if (x.shape().equals(shape)) return x;
        if (x instanceof Node.Const c && c.shape().isScalar()) return filled(c.value(), shape);
        return apply(Ops.BROADCAST, shape, Span.NONE, x);
    }

    public static boolean isZero(Node x) {
        return x instanceof Node.Const c && c.isScalarValue(0);
    }

    public static boolean isOne(Node x) {
        return x instanceof Node.Const c && c.isScalarValue(1);
    }

    public static boolean isMinusOne(Node x) {
        return x instanceof Node.Const c && c.isScalarValue(-1);
    }

    private static Shape broadcast(Node x, Node y) {
        return ElementwiseBinary.broadcastShape(x.shape(), y.shape(), "arithmetic", Span.NONE);
    }

    // ---- walking ----

    /**
     * Every node reachable from {@code root}, each after its arguments, {@code root} last.
     *
     * @see #topologicalOrder(List)
     */
    public static List<Node> topologicalOrder(Node root) {
        return topologicalOrder(List.of(root));
    }

    /**
     * Every node reachable from {@code roots}, each after its arguments, in the order a depth-first
     * search finishes them (arguments left to right, roots in the order given). Nodes are told apart
     * by identity: a graph shares structurally equal nodes, so within one graph identity is
     * structural equality, and maps keyed by node identity (adjoints, registers) stay consistent
     * with the walk. Iterative, since IR DAGs can be deeper than the call stack.
     */
    public static List<Node> topologicalOrder(List<Node> roots) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        for (Node root : roots) {
            if (!seen.add(root)) continue;
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                Node node = stack.peek();
                int k = next.pop();
                List<Node> args = node instanceof Node.Apply a ? a.args() : List.of();
                if (k < args.size()) {
                    next.push(k + 1);
                    Node arg = args.get(k);
                    if (seen.add(arg)) {
                        stack.push(arg);
                        next.push(0);
                    }
                } else {
                    order.add(stack.pop());
                }
            }
        }
        return order;
    }

    /** Fails at {@code span} unless {@code shape} is as expected. */
    static void require(boolean ok, Span span, String message) {
        if (!ok) throw new CheckError(span, message);
    }
}
