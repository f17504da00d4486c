package dev.policygrad.ad;

import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolic reverse mode: the derivative of a scalar expression with respect to its parameter blocks,
 * itself an IR expression, so it can be simplified and printed.
 *
 * <p>For {@code y = f(theta)} with intermediate nodes {@code v_1 .. v_n} in topological order, the
 * adjoints {@code v_bar = dy/dv} satisfy
 * <pre>
 *   y_bar = 1,      v_bar = sum over users u of v:  (du/dv)^T u_bar
 * </pre>
 * and each term {@code (du/dv)^T u_bar} is the vector-Jacobian product {@link dev.policygrad.ir.Op#vjp}
 * of the primitive {@code u} applies. The driver visits the nodes in reverse topological order, so a
 * node's adjoint is complete before it is pushed to the node's arguments (as in JAX's Autodidax
 * {@code backward_pass}, and in Griewank &amp; Walther, <i>Evaluating Derivatives</i>, 2nd ed., ch. 3).
 * Only nodes that depend on a parameter receive adjoints, so rules are never asked for the adjoint
 * of an index, a condition or the action.
 */
public final class SymbolicDerivative {

    private SymbolicDerivative() {}

    /**
     * {@code d output / d P} for every parameter block {@code P} that {@code output} mentions, in
     * the order of the blocks' offsets; each has the block's shape. A block the adjoint never reaches
     * (it is used only as an index or a condition, say) gets a zero constant.
     */
    public static Map<Node.Param, Node> gradient(Node output, Graph g) {
        if (!output.shape().isScalar()) {
            throw new IllegalArgumentException("can only differentiate a scalar, got " + output.shape());
        }
        List<Node> order = Graph.topologicalOrder(output);
        Set<Node> active = dependsOnParameter(order);
        Map<Node, Node> adjoint = new IdentityHashMap<>();
        adjoint.put(output, g.constant(1));
        for (int i = order.size() - 1; i >= 0; i--) {
            Node node = order.get(i);
            Node yBar = adjoint.get(node);
            if (yBar == null || !(node instanceof Node.Apply y) || !active.contains(node)) continue;
            List<Node> contributions = y.op().vjp(y, yBar, g);
            for (int k = 0; k < y.args().size(); k++) {
                Node x = y.arg(k), xBar = contributions.get(k);
                if (xBar == null || !active.contains(x)) continue;
                if (!xBar.shape().equals(x.shape())) {
                    throw new IllegalStateException(y.op().name() + ": adjoint of argument " + k + " has shape "
                            + xBar.shape() + ", expected " + x.shape());
                }
                adjoint.merge(x, xBar, g::add);
            }
        }
        // equal blocks made apart (not through one graph) are one block: their adjoints add up
        Map<Node.Param, Node> gradient = new LinkedHashMap<>();
        for (Node node : order) {
            if (!(node instanceof Node.Param p)) continue;
            Node pBar = adjoint.get(p);
            gradient.merge(p, pBar == null ? g.filled(0, p.shape()) : pBar, g::add);
        }
        List<Node.Param> params = new ArrayList<>(gradient.keySet());
        params.sort(Comparator.comparingInt(Node.Param::offset));
        Map<Node.Param, Node> sorted = new LinkedHashMap<>();
        for (Node.Param p : params) sorted.put(p, gradient.get(p));
        return Collections.unmodifiableMap(sorted);
    }

    /** {@code d output / d wrt}, with the block's shape; zero if {@code output} does not mention it. */
    public static Node derivative(Node output, Node.Param wrt, Graph g) {
        Node d = gradient(output, g).get(wrt);
        return d != null ? d : g.filled(0, wrt.shape());
    }

    /**
     * The gradient in a fresh graph, each block's derivative {@link Simplifier simplified}, keyed by
     * block name. The blocks share one simplifier, so a subexpression common to several derivatives
     * (the {@code onehot(a) - softmax(z)} of a linear softmax policy) is one node.
     */
    public static Map<String, Node> simplifiedGradient(Node output) {
        Graph g = new Graph();
        Simplifier simplifier = new Simplifier(g);
        Map<String, Node> out = new LinkedHashMap<>();
        for (Map.Entry<Node.Param, Node> e : gradient(output, g).entrySet()) {
            out.put(e.getKey().name(), simplifier.simplify(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The nodes of {@code order} whose value depends on some parameter. */
    private static Set<Node> dependsOnParameter(List<Node> order) {
        Set<Node> active = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : order) {
            if (node instanceof Node.Param) {
                active.add(node);
            } else if (node instanceof Node.Apply a) {
                for (Node arg : a.args()) {
                    if (active.contains(arg)) {
                        active.add(node);
                        break;
                    }
                }
            }
        }
        return active;
    }
}
