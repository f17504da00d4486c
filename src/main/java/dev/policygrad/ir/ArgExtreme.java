package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code argmax(x)}, {@code argmin(x)}: the index of the first largest (smallest) element of a
 * vector. It appears in the derivative of {@code max(x)} and {@code min(x)}: at a tie the whole
 * adjoint goes to one element, the first, as the tape's reverse sweep does ({@link Reduce}), so
 * that the symbolic derivative {@code onehot(argmax(x))} picks the same subgradient. An index is
 * piecewise constant: it has no derivative.
 */
public final class ArgExtreme extends Op {

    private final boolean largest;

    ArgExtreme(String name, boolean largest) {
        super(name);
        this.largest = largest;
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        if (args.size() != 1 || !args.get(0).shape().isVector()) {
            throw new IllegalArgumentException(name() + " takes one vector");
        }
        return Shape.SCALAR;
    }

    /** Index of the first extreme element of {@code v[x, x + n)}; NaN elements are never chosen. */
    int index(double[] v, int x, int n) {
        if (n == 0) throw new DomainError(name() + " of an empty vector");
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (largest ? v[x + i] > v[x + best] : v[x + i] < v[x + best]) best = i;
        }
        return best;
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        v[Instr.out(code, pc)] = index(v, Instr.arg(code, pc, 0), Instr.argSize(code, pc, 0));
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        // an index carries no derivative
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] xs = args.get(0);
        double[] values = Arrays.stream(xs).mapToDouble(DerivativeStructure::getValue).toArray();
        return new DerivativeStructure[] {xs[0].multiply(0).add(index(values, 0, values.length))};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        return Arrays.asList((Node) null);
    }

    @Override
    public String infix(List<Printed> args) {
        return name() + "(" + args.get(0).text() + ")";
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\operatorname{" + name() + "}\\left(" + args.get(0).text() + "\\right)";
    }
}
