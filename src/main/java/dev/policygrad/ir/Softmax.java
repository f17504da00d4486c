package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code softmax(x)_i = exp(x_i - logsumexp(x))}, computed from the shifted logits so it never
 * overflows. Its Jacobian is {@code diag(y) - y y^T}, so the adjoint is
 * {@code x_bar += y * (y_bar - <y, y_bar>)}.
 */
public final class Softmax extends Op {

    Softmax() {
        super("softmax");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 1, span, "softmax takes 1 argument, got " + args.size());
        Graph.require(args.get(0).shape().isVector(), span,
                "softmax takes a vector, got " + args.get(0).shape());
        return args.get(0).shape();
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, v[x + i]);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(v[x + i] - m);
            v[y + i] = e;
            s += e;
        }
        for (int i = 0; i < n; i++) v[y + i] /= s;
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0), y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        double dot = 0;
        for (int i = 0; i < n; i++) dot += v[y + i] * bar[y + i];
        for (int i = 0; i < n; i++) bar[x + i] += v[y + i] * (bar[y + i] - dot);
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] xs = args.get(0);
        double m = Double.NEGATIVE_INFINITY;
        for (DerivativeStructure x : xs) m = Math.max(m, x.getValue());
        DerivativeStructure[] e = new DerivativeStructure[xs.length];
        DerivativeStructure s = xs[0].multiply(0);
        for (int i = 0; i < xs.length; i++) {
            e[i] = xs[i].subtract(m).exp();
            s = s.add(e[i]);
        }
        for (int i = 0; i < xs.length; i++) e[i] = e[i].divide(s);
        return e;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        return List.of(g.mul(y, g.sub(yBar, g.call(Ops.DOT, y, yBar))));
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\operatorname{softmax}\\left(" + args.get(0).text() + "\\right)";
    }
}
