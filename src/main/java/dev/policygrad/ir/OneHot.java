package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code onehot(i)}: the vector of the node's length with 1 at index {@code i} and 0 elsewhere
 * (the standard basis vector e_i). It appears in derivatives of picks: d z[a] / d z = onehot(a).
 * Its length comes from the node's shape; it has no adjoint.
 */
public final class OneHot extends Op {

    OneHot() {
        super("onehot");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        throw new IllegalStateException("onehot's length must be given: use Graph.apply(op, shape, ...)");
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        int i = Pick.index(v[Instr.arg(code, pc, 0)], n);
        for (int j = 0; j < n; j++) v[y + j] = 0;
        v[y + i] = 1;
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        // an index carries no derivative
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure zero = args.get(0)[0].multiply(0);
        int n = node.shape().size();
        int i = Pick.index(args.get(0)[0].getValue(), n);
        DerivativeStructure[] out = new DerivativeStructure[n];
        Arrays.fill(out, zero);
        out[i] = zero.add(1);
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        return Arrays.asList((Node) null);
    }

    @Override
    public String infix(List<Printed> args) {
        // given its length as a second printed argument, it reads back as the language's onehot(i, n)
        return "onehot(" + args.get(0).text() + (args.size() > 1 ? ", " + args.get(1).text() : "") + ")";
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\mathbf{e}_{" + args.get(0).text() + "}";
    }
}
