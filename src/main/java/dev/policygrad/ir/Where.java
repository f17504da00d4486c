package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code if c then x else z}, element by element: {@code y_i = c_i != 0 ? x_i : z_i}. The adjoint
 * goes to the branch taken; the condition has none. Scalars broadcast as in arithmetic.
 */
public final class Where extends Op {

    Where() {
        super("if");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 3, span, "if takes a condition and two values");
        Shape branches = ElementwiseBinary.broadcastShape(args.get(1).shape(), args.get(2).shape(), "if", span);
        return ElementwiseBinary.broadcastShape(args.get(0).shape(), branches, "if", span);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int c = Instr.arg(code, pc, 0), x = Instr.arg(code, pc, 1), z = Instr.arg(code, pc, 2);
        int sc = stride(code, pc, 0), sx = stride(code, pc, 1), sz = stride(code, pc, 2);
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        for (int i = 0; i < n; i++) v[y + i] = select(v[c + i * sc], v[x + i * sx], v[z + i * sz]);
    }

    /** {@code c != 0 ? x : z}: one element (compiled code calls it directly). */
    public static double select(double c, double x, double z) {
        return c != 0 ? x : z;
    }

    private static int stride(int[] code, int pc, int k) {
        return Instr.argSize(code, pc, k) == 1 ? 0 : 1;
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int c = Instr.arg(code, pc, 0), x = Instr.arg(code, pc, 1), z = Instr.arg(code, pc, 2);
        int sc = stride(code, pc, 0), sx = stride(code, pc, 1), sz = stride(code, pc, 2);
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        boolean needX = Instr.needs(code, pc, 1), needZ = Instr.needs(code, pc, 2);
        for (int i = 0; i < n; i++) {
            if (v[c + i * sc] != 0) {
                if (needX) bar[x + i * sx] += bar[y + i];
            } else if (needZ) {
                bar[z + i * sz] += bar[y + i];
            }
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] c = args.get(0), x = args.get(1), z = args.get(2);
        DerivativeStructure[] out = new DerivativeStructure[node.shape().size()];
        for (int i = 0; i < out.length; i++) {
            boolean take = c[c.length == 1 ? 0 : i].getValue() != 0;
            out[i] = take ? x[x.length == 1 ? 0 : i] : z[z.length == 1 ? 0 : i];
        }
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node c = y.arg(0), x = y.arg(1), z = y.arg(2);
        Node zero = g.filled(0, y.shape());
        Node xBar = ElementwiseBinary.reduceTo(g, g.apply(Ops.WHERE, Span.NONE, c, yBar, zero), x.shape());
        Node zBar = ElementwiseBinary.reduceTo(g, g.apply(Ops.WHERE, Span.NONE, c, zero, yBar), z.shape());
        return Arrays.asList(null, xBar, zBar);
    }

    @Override
    public int precedence() {
        return -1;
    }

    @Override
    public String infix(List<Printed> args) {
        return "if " + args.get(0).text() + " then " + args.get(1).text() + " else " + args.get(2).text();
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\begin{cases}" + args.get(1).text() + " & \\text{if } " + args.get(0).text()
                + " \\\\ " + args.get(2).text() + " & \\text{otherwise}\\end{cases}";
    }
}
