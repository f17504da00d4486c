package dev.policygrad.ad;

import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * An evaluator independent of the tape: forward-mode automatic differentiation over the IR DAG with
 * Commons Math's {@link DerivativeStructure}, one free variable per scalar parameter, order 1. Each
 * node's value carries its gradient {@code d node / d theta}, propagated by each primitive's
 * {@link dev.policygrad.ir.Op#forwardMode} rule (the chain rule applied forwards:
 * {@code y_dot = (dy/dx) x_dot}).
 *
 * <p>It is an oracle for tests and {@link GradCheck}, not a fast path: every value holds
 * {@code parameterCount + 1} doubles. Nodes are evaluated in the same topological order as the tape,
 * so a domain error is reported at the same operation with the same message.
 */
final class ForwardMode {

    private ForwardMode() {}

    /** A value and its gradient with respect to theta. */
    public record Result(double value, double[] gradient) {}

    /** The value and gradient of the scalar {@code output} at {@code (theta, state, action)}. */
    public static Result gradient(Node output, int parameterCount, double[] theta, double[] state, double action) {
        return gradient(output, parameterCount, theta, state, action, new double[0]);
    }

    /**
     * The value and gradient of the scalar {@code output}, with noise draws.
     *
     * @throws dev.policygrad.diag.EvalError where an operation's argument leaves its domain
     */
    public static Result gradient(Node output, int parameterCount, double[] theta, double[] state, double action,
            double[] noise) {
        return gradient(output, parameterCount, theta, state, new double[] {action}, noise);
    }

    /** As {@link #gradient(Node, int, double[], double[], double, double[])} with the action's components. */
    public static Result gradient(Node output, int parameterCount, double[] theta, double[] state, double[] action,
            double[] noise) {
        if (output.shape().size() != 1) throw new IllegalArgumentException("the output must be a scalar");
        // Commons Math needs at least one free variable; with no parameters the gradient is empty.
        int dimensions = Math.max(1, parameterCount);
        DerivativeStructure[] variables = new DerivativeStructure[parameterCount];
        for (int i = 0; i < parameterCount; i++) variables[i] = new DerivativeStructure(dimensions, 1, i, theta[i]);
        Map<Node, DerivativeStructure[]> values = new HashMap<>();
        for (Node node : Graph.topologicalOrder(List.of(output))) {
            values.put(node, evaluate(node, values, variables, dimensions, state, action, noise));
        }
        DerivativeStructure y = values.get(output)[0];
        double[] gradient = new double[parameterCount];
        int[] orders = new int[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            orders[i] = 1;
            gradient[i] = y.getPartialDerivative(orders);
            orders[i] = 0;
        }
        return new Result(y.getValue(), gradient);
    }

    private static DerivativeStructure[] evaluate(Node node, Map<Node, DerivativeStructure[]> values,
            DerivativeStructure[] variables, int dimensions, double[] state, double[] action, double[] noise) {
        if (node instanceof Node.Param p) {
            return Arrays.copyOfRange(variables, p.offset(), p.offset() + p.shape().size());
        }
        if (node instanceof Node.Const c) return constants(dimensions, c.values());
        if (node instanceof Node.Input in) {
            int n = in.shape().size();
            switch (in.kind()) {
                case STATE: return constants(dimensions, Arrays.copyOf(state, n));
                case ACTION: return constants(dimensions, Arrays.copyOf(action, n));
                default: return constants(dimensions, Arrays.copyOfRange(noise, in.index(), in.index() + n));
            }
        }
        Node.Apply apply = (Node.Apply) node;
        List<DerivativeStructure[]> args = new ArrayList<>(apply.args().size());
        for (Node arg : apply.args()) args.add(values.get(arg));
        try {
            return apply.op().forwardMode(args, apply);
        } catch (DomainError e) {
            throw Program.evalError(apply.op(), apply.args().size(), apply.span(), e);
        }
    }

    private static DerivativeStructure[] constants(int dimensions, double[] values) {
        DerivativeStructure[] out = new DerivativeStructure[values.length];
        for (int i = 0; i < values.length; i++) out[i] = new DerivativeStructure(dimensions, 1, values[i]);
        return out;
    }
}
