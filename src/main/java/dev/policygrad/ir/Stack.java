package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code [x_0, ..., x_{n-1}]}: scalars stacked into a vector, or vectors of one length stacked into
 * the rows of a matrix. The adjoint of {@code x_k} is row {@code k} of {@code y_bar}.
 */
public final class Stack extends Op {

    Stack() {
        super("stack");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(!args.isEmpty(), span, "a vector literal needs at least one element");
        Shape first = args.get(0).shape();
        Graph.require(!first.isMatrix(), span, "the elements of a vector literal must be scalars or vectors, got a matrix");
        for (Node arg : args) {
            // at the literal: an element's own span may be lost (a folded constant) or another occurrence's (hash-consing)
            Graph.require(arg.shape().equals(first), span,
                    "the elements of a vector literal must have one shape: " + first + " and " + arg.shape());
        }
        return first.isScalar() ? Shape.vector(args.size()) : Shape.matrix(args.size(), first.rows());
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int y = Instr.out(code, pc), n = Instr.arity(code, pc);
        for (int k = 0; k < n; k++) {
            int width = Instr.argSize(code, pc, k);
            System.arraycopy(v, Instr.arg(code, pc, k), v, y + k * width, width);
        }
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int y = Instr.out(code, pc), n = Instr.arity(code, pc);
        for (int k = 0; k < n; k++) {
            if (!Instr.needs(code, pc, k)) continue;
            int width = Instr.argSize(code, pc, k), x = Instr.arg(code, pc, k);
            for (int j = 0; j < width; j++) bar[x + j] += bar[y + k * width + j];
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        List<DerivativeStructure> out = new ArrayList<>();
        for (DerivativeStructure[] arg : args) out.addAll(List.of(arg));
        return out.toArray(new DerivativeStructure[0]);
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        List<Node> out = new ArrayList<>();
        for (int k = 0; k < y.args().size(); k++) out.add(g.call(Ops.PICK, yBar, g.constant(k)));
        return out;
    }

    @Override
    public String infix(List<Printed> args) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < args.size(); i++) out.append(i == 0 ? "" : ", ").append(args.get(i).text());
        return out.append(']').toString();
    }

    @Override
    public String latex(List<Printed> args) {
        StringBuilder out = new StringBuilder("\\begin{bmatrix}");
        for (int i = 0; i < args.size(); i++) out.append(i == 0 ? "" : " \\\\ ").append(args.get(i).text());
        return out.append("\\end{bmatrix}").toString();
    }
}
