package dev.policygrad.objective;

import dev.policygrad.ad.SymbolicDerivative;
import dev.policygrad.ad.Simplifier;
import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an expression depends on the state input s, decided from its symbolic derivative: f is affine
 * in s exactly when d f / d s does not depend on s. The state is renamed to a parameter block, f is
 * differentiated with respect to it symbolically ({@link SymbolicDerivative}) and simplified, and the result
 * is searched for s. Conservative: a derivative the simplifier cannot reduce (such as that of
 * {@code s * s - s * s}) counts as depending on s.
 */
final class StateDependence {

    private StateDependence() {}

    /** Whether {@code f} reads the state at all. */
    static boolean readsState(Node f) {
        for (Node n : Graph.topologicalOrder(f)) {
            if (n instanceof Node.Input in && in.kind() == Node.InputKind.STATE) return true;
        }
        return false;
    }

    /** Whether {@code f} is affine in the state: its symbolic derivative in s is free of s. */
    static boolean affine(Node f) {
        if (!readsState(f)) return true;
        Graph g = new Graph();
        Map<Node, Node> renamed = new IdentityHashMap<>();
        Node.Param state = null;
        for (Node n : Graph.topologicalOrder(f)) {
            Node copy = n;
            if (n instanceof Node.Input in && in.kind() == Node.InputKind.STATE) {
                state = g.intern(new Node.Param("state " + in.name(), 0, in.shape(), Span.NONE));
                copy = state;
            } else if (n instanceof Node.Apply a) {
                Node[] args = new Node[a.args().size()];
                for (int i = 0; i < args.length; i++) args[i] = renamed.get(a.arg(i));
                copy = g.apply(a.op(), a.shape(), a.span(), args);
            }
            renamed.put(n, copy);
        }
        Node slope = Simplifier.simplify(SymbolicDerivative.derivative(renamed.get(f), state, g), g);
        List<Node> parts = Graph.topologicalOrder(slope);
        for (Node n : parts) if (n.equals(state)) return false;
        return true;
    }
}
