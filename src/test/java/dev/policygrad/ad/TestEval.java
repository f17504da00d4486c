package dev.policygrad.ad;

import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A plain recursive evaluator of IR expressions for tests, independent of the compiled tape and of
 * the code under test: each primitive runs its own kernel on a scratch array laid out as one
 * {@link dev.policygrad.ir.Instr}. Parameters come from the flat vector {@code theta}, inputs by name.
 */
final class TestEval {

    private final double[] theta;
    private final Map<String, double[]> inputs;
    private final Map<Node, double[]> values = new IdentityHashMap<>();

    TestEval(double[] theta, Map<String, double[]> inputs) {
        this.theta = theta;
        this.inputs = inputs;
    }

    static double[] evaluate(Node node, double[] theta, Map<String, double[]> inputs) {
        return new TestEval(theta, inputs).value(node);
    }

    /** The state and action as named inputs: {@code s} and {@code a}. */
    static Map<String, double[]> inputs(double[] state, double action) {
        return Map.of("s", state, "a", new double[] {action});
    }

    /** A symbolic gradient, each block's expression evaluated and put at the block's offset. */
    static double[] flatten(Map<Node.Param, Node> gradient, int parameterCount, double[] theta,
            Map<String, double[]> inputs) {
        double[] out = new double[parameterCount];
        TestEval eval = new TestEval(theta, inputs);
        for (Map.Entry<Node.Param, Node> e : gradient.entrySet()) {
            double[] block = eval.value(e.getValue());
            System.arraycopy(block, 0, out, e.getKey().offset(), block.length);
        }
        return out;
    }

    /** As {@link #flatten(Map, int, double[], Map)}, for a gradient keyed by block name. */
    static double[] flattenByName(Node output, Map<String, Node> gradient, int parameterCount, double[] theta,
            Map<String, double[]> inputs) {
        Map<Node.Param, Node> byParam = new java.util.LinkedHashMap<>();
        for (Node node : Graph.topologicalOrder(output)) {
            if (node instanceof Node.Param p) byParam.put(p, gradient.get(p.name()));
        }
        return flatten(byParam, parameterCount, theta, inputs);
    }

    /**
     * Central differences of this evaluator, refined once by Richardson extrapolation
     * {@code (4 D(h/2) - D(h)) / 3}, whose error is O(h^4).
     */
    static double[] finiteDifferences(Node output, double[] theta, Map<String, double[]> inputs) {
        double[] gradient = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double h = 1e-3 * Math.max(1, Math.abs(theta[i]));
            double coarse = central(output, theta, inputs, i, h), fine = central(output, theta, inputs, i, h / 2);
            gradient[i] = (4 * fine - coarse) / 3;
        }
        return gradient;
    }

    private static double central(Node output, double[] theta, Map<String, double[]> inputs, int i, double h) {
        double[] plus = theta.clone(), minus = theta.clone();
        plus[i] += h;
        minus[i] -= h;
        return (evaluate(output, plus, inputs)[0] - evaluate(output, minus, inputs)[0]) / (2 * h);
    }

    /** Fails unless each {@code actual} is within {@code relative * max(1, |expected|)} of {@code expected}. */
    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = relative * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                org.junit.jupiter.api.Assertions.fail(what + ": element " + i + " expected " + expected[i] + " got "
                        + actual[i] + "\nexpected " + Arrays.toString(expected) + "\nactual   " + Arrays.toString(actual));
            }
        }
    }

    double[] value(Node node) {
        double[] known = values.get(node);
        if (known != null) return known;
        double[] v;
        if (node instanceof Node.Const c) {
            v = c.values();
        } else if (node instanceof Node.Param p) {
            v = Arrays.copyOfRange(theta, p.offset(), p.offset() + p.shape().size());
        } else if (node instanceof Node.Input i) {
            v = inputs.get(i.name());
            if (v == null || v.length != i.shape().size()) throw new IllegalArgumentException("input " + i.name());
        } else {
            v = apply((Node.Apply) node);
        }
        values.put(node, v);
        return v;
    }

    private double[] apply(Node.Apply y) {
        int arity = y.args().size();
        int[] code = new int[4 + 4 * arity];
        double[][] args = new double[arity][];
        int size = y.shape().size();
        for (int k = 0; k < arity; k++) {
            args[k] = value(y.arg(k));
            size += args[k].length;
        }
        double[] scratch = new double[size];
        code[0] = arity;
        int register = 0;
        for (int k = 0; k < arity; k++) {
            System.arraycopy(args[k], 0, scratch, register, args[k].length);
            code[4 + 4 * k] = register;
            code[5 + 4 * k] = y.arg(k).shape().rows();
            code[6 + 4 * k] = y.arg(k).shape().cols();
            register += args[k].length;
        }
        code[1] = register;
        code[2] = y.shape().rows();
        code[3] = y.shape().cols();
        y.op().forward(scratch, code, 0);
        return Arrays.copyOfRange(scratch, register, register + y.shape().size());
    }
}
