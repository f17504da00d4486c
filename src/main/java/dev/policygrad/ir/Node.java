package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;

/**
 * The checked, typed expression DAG that every later stage works on: the compiled tape, symbolic
 * differentiation, forward mode, printing. Immutable. A node's shape is known; its span points at the
 * source it came from (spans are ignored by equality).
 *
 * <p>Nodes are normally made by a {@link Graph}, which shares structurally equal nodes (hash-consing),
 * so the same subexpression is one node however often it is written. {@link Apply} therefore compares
 * its arguments by identity.
 */
public sealed interface Node {

    Shape shape();

    Span span();

    /** A constant value, row-major. */
    record Const(double[] values, Shape shape, Span span) implements Node {
        public Const {
            if (values.length != shape.size()) throw new IllegalArgumentException("size mismatch");
            values = values.clone();
        }

        public static Const scalar(double value) {
            return new Const(new double[] {value}, Shape.SCALAR, Span.NONE);
        }

        /** The single value of a scalar constant. */
        public double value() {
            return values[0];
        }

        public boolean isScalarValue(double x) {
            if (values.length == 0) return false;
            for (double v : values) if (Double.compare(v, x) != 0 && !(v == 0 && x == 0)) return false;
            return true;
        }

        @Override
        public double[] values() {
            return values.clone();
        }


        @Override
        public boolean equals(Object o) {
            return o instanceof Const c && shape.equals(c.shape) && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return shape.hashCode() * 31 + Arrays.hashCode(values);
        }
    }

    /**
     * A parameter block: the slice {@code theta[offset, offset + shape.size())} of the flat parameter
     * vector, row-major.
     */
    record Param(String name, int offset, Shape shape, Span span) implements Node {
    }

    /**
     * A value that is not a parameter: the state {@code s}, the action {@code a} (its index for a
     * discrete action set, its value for a real one) or, in environments, the {@code index}-th
     * standard noise draw. For STATE, {@code index} is 0.
     */
    record Input(InputKind kind, String name, int index, Shape shape, Span span) implements Node {
    }

    enum InputKind {
        /** What the policy observes. */
        STATE,
        /** The action taken: an index for discrete actions, a value for a real action. */
        ACTION,
        /** A standard normal draw, N(0, 1). */
        NORMAL_NOISE,
        /** A standard uniform draw, U(0, 1). */
        UNIFORM_NOISE
    }

    /** A primitive applied to arguments; see {@link Op}. */
    record Apply(Op op, List<Node> args, Shape shape, Span span) implements Node {
        public Apply {
            args = List.copyOf(args);
        }

        public Node arg(int i) {
            return args.get(i);
        }


        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Apply a) || a.op != op || !a.shape.equals(shape) || a.args.size() != args.size()) {
                return false;
            }
            for (int i = 0; i < args.size(); i++) if (args.get(i) != a.args.get(i)) return false;
            return true;
        }

        @Override
        public int hashCode() {
            int h = op.hashCode() * 31 + shape.hashCode();
            for (Node arg : args) h = h * 31 + System.identityHashCode(arg);
            return h;
        }
    }
}
