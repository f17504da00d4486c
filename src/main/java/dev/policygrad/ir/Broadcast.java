package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A scalar spread to every element of the node's shape (the adjoint of {@code sum}):
 * {@code y_i = x}, so {@code x_bar += sum_i y_bar_i}.
 */
public final class Broadcast extends Op {

    Broadcast() {
        super("broadcast");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        throw new IllegalStateException("broadcast's shape must be given: use Graph.widen");
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int y = Instr.out(code, pc);
        Arrays.fill(v, y, y + Instr.outSize(code, pc), v[Instr.arg(code, pc, 0)]);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        double s = 0;
        for (int i = 0; i < n; i++) s += bar[y + i];
        bar[Instr.arg(code, pc, 0)] += s;
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] out = new DerivativeStructure[node.shape().size()];
        Arrays.fill(out, args.get(0)[0]);
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        return List.of(g.call(Ops.SUM, yBar));
    }

    @Override
    public String infix(List<Printed> args) {
        // given the shape as a second printed argument, it reads back as the language's x * ones(n)
        return args.get(0).at(4) + " * ones" + (args.size() > 1 ? "(" + args.get(1).text() + ")" : "");
    }

    @Override
    public int precedence() {
        return 4;
    }

    @Override
    public String latex(List<Printed> args) {
        return args.get(0).latexAt(4) + " \\mathbf{1}";
    }
}
