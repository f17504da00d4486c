package dev.policygrad.ad;

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
