package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code x[i]}: element {@code i} of a vector or row {@code i} of a matrix, counted from 0. The index
 * is a value on the tape (a constant, a loop variable, or the action taken), so one compiled
 * program serves every action. The adjoint goes to the picked element or row only:
 * {@code x_bar += onehot(i) y_bar}. The index has no adjoint.
 */
public final class Pick extends Op {

    Pick() {
        super("pick");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, "indexing takes a value and an index");
        Shape x = args.get(0).shape();
        Graph.require(!x.isScalar(), span, "cannot index a scalar");
        Graph.require(args.get(1).shape().isScalar(), span, "an index must be a scalar, got " + args.get(1).shape());
        return x.element();
    }

    /** The index held in {@code value}, checked against {@code n} elements (a DomainError when out of range). */
    public static int index(double value, int n) {
        int i = (int) value;
        if (i != value || i < 0 || i >= n) {
            throw new DomainError("index " + format(value) + " is out of range 0.." + (n - 1));
        }
        return i;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc), width = Instr.outSize(code, pc);
        int i = index(v[Instr.arg(code, pc, 1)], Instr.argRows(code, pc, 0));
        if (width == 1) v[y] = v[x + i];
        else System.arraycopy(v, x + i * width, v, y, width);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc), width = Instr.outSize(code, pc);
        int i = (int) v[Instr.arg(code, pc, 1)]; // checked by the forward sweep that produced these values
        if (width == 1) bar[x + i] += bar[y];
        else for (int j = 0; j < width; j++) bar[x + i * width + j] += bar[y + j];
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        Shape s = node.arg(0).shape();
        int width = node.shape().size();
        int i = index(args.get(1)[0].getValue(), s.rows());
        return Arrays.copyOfRange(args.get(0), i * width, (i + 1) * width);
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node x = y.arg(0), i = y.arg(1);
        Node e = g.apply(Ops.ONEHOT, Shape.vector(x.shape().rows()), Span.NONE, i);
        Node xBar = x.shape().isVector() ? g.mul(yBar, e) : g.call(Ops.OUTER, e, yBar);
        return Arrays.asList(xBar, null);
    }

    @Override
    public String infix(List<Printed> args) {
        return args.get(0).at(ATOM) + "[" + args.get(1).text() + "]";
    }

    @Override
    public String latex(List<Printed> args) {
        return "{" + args.get(0).latexAt(ATOM) + "}_{" + args.get(1).text() + "}";
    }
}
