package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds test expressions: parameter blocks laid out one after another in theta, each with values
 * drawn from a range, plus a state and an action, and a way to reduce any output to a scalar.
 */
final class Expressions {

    final Graph g = new Graph();
    final SplittableRandom random;
    private final List<Double> theta = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int blocks;
    double[] state = new double[0];
    double[] action = {0};

    Expressions(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A parameter block of {@code shape} with values uniform in [lo, hi]. */
    Node param(Shape shape, double lo, double hi) {
        String name = "p" + blocks++;
        int offset = theta.size();
        for (int i = 0; i < shape.size(); i++) {
            theta.add(lo + (hi - lo) * random.nextDouble());
            names.add(name + "[" + i + "]");
        }
        return g.intern(new Node.Param(name, offset, shape, Span.NONE));
    }

    /** A parameter block whose values have magnitude in [lo, hi] and a random sign (away from kinks at 0). */
    Node signedParam(Shape shape, double lo, double hi) {
        Node p = param(shape, lo, hi);
        for (int i = theta.size() - shape.size(); i < theta.size(); i++) {
            if (random.nextBoolean()) theta.set(i, -theta.get(i));
        }
        return p;
    }

    /** The state input, of {@code n} values uniform in [-1, 1]. */
    Node state(int n) {
        state = new double[n];
        for (int i = 0; i < n; i++) state[i] = 2 * random.nextDouble() - 1;
        return g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(n), Span.NONE));
    }

    /** The action input, holding {@code value}. */
    Node action(double value) {
        action = new double[] {value};
        return g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
    }

    /** A vector action input {@code a[K]}, holding {@code values} (K of them). */
    Node actionVector(double... values) {
        action = values.clone();
        return g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.vector(values.length), Span.NONE));
    }

    /** Component k of a vector action. */
    Node component(Node vectorAction, int k) {
        return g.call(Ops.PICK, vectorAction, g.constant(k));
    }

    Node constant(double value) {
        return g.constant(value);
    }

    /** A constant of {@code shape} with values uniform in [lo, hi]. */
    Node constant(Shape shape, double lo, double hi) {
        double[] values = new double[shape.size()];
        for (int i = 0; i < values.length; i++) values[i] = lo + (hi - lo) * random.nextDouble();
        return g.constant(values, shape);
    }

    /** {@code y} itself if scalar, else {@code sum(y * w)} with fixed random weights w. */
    Node scalar(Node y) {
        if (y.shape().isScalar()) return y;
        return g.call(Ops.SUM, g.call(Ops.MUL, y, constant(y.shape(), -1, 1)));
    }

    int parameterCount() {
        return theta.size();
    }

    double[] theta() {
        return theta.stream().mapToDouble(Double::doubleValue).toArray();
    }

    String[] names() {
        return names.toArray(new String[0]);
    }

    GradCheck.Point point() {
        return new GradCheck.Point(theta(), state.clone(), action);
    }
}
