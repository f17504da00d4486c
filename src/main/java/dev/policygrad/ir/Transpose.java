package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/** {@code y = A^T}; {@code A_bar += y_bar^T}. */
public final class Transpose extends Op {

    Transpose() {
        super("transpose");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 1 && args.get(0).shape().isMatrix(), span, "transpose takes one matrix");
        Shape x = args.get(0).shape();
        return Shape.matrix(x.cols(), x.rows());
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc);
        int rows = Instr.argRows(code, pc, 0), cols = Instr.argCols(code, pc, 0);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) v[y + j * rows + i] = v[x + i * cols + j];
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc);
        int rows = Instr.argRows(code, pc, 0), cols = Instr.argCols(code, pc, 0);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) bar[x + i * cols + j] += bar[y + j * rows + i];
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] x = args.get(0);
        Shape s = node.arg(0).shape();
        DerivativeStructure[] out = new DerivativeStructure[x.length];
        for (int i = 0; i < s.rows(); i++) for (int j = 0; j < s.cols(); j++) out[j * s.rows() + i] = x[i * s.cols() + j];
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        return List.of(g.call(Ops.TRANSPOSE, yBar));
    }

    @Override
    public String latex(List<Printed> args) {
        return args.get(0).latexAt(ATOM) + "^\\top";
    }
}
