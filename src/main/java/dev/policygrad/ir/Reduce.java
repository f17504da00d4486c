package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A reduction of all elements to a scalar.
 * <ul>
 *   <li>{@code sum(x) = sum_i x_i}; {@code x_bar_i += y_bar}.</li>
 *   <li>{@code logsumexp(x) = m + log sum_i exp(x_i - m)} with {@code m = max_i x_i}, so it is finite
 *       for logits of any size; {@code x_bar_i += y_bar exp(x_i - y) = y_bar softmax(x)_i}.</li>
 *   <li>{@code max(x)}, {@code min(x)}: the largest (smallest) element; the adjoint goes to the first
 *       element attaining it (a subgradient).</li>
 * </ul>
 */
public final class Reduce extends Op {

    enum Kind { SUM, LOGSUMEXP, MAX, MIN }

    private final Kind kind;

    Reduce(String name, Kind kind) {
        super(name);
        this.kind = kind;
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 1, span, name() + " takes 1 argument, got " + args.size());
        Graph.require(kind != Kind.LOGSUMEXP || !args.get(0).shape().isMatrix(), span,
                "logsumexp takes a vector, got a matrix " + args.get(0).shape());
        return Shape.SCALAR;
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0);
        v[Instr.out(code, pc)] = value(v, x, n);
    }

    /** The reduction of {@code v[x, x + n)}. */
    double value(double[] v, int x, int n) {
        if (n == 0) return kind == Kind.SUM ? 0 : kind == Kind.LOGSUMEXP ? Double.NEGATIVE_INFINITY : nan();
        switch (kind) {
            case SUM: {
                double s = 0;
                for (int i = 0; i < n; i++) s += v[x + i];
                return s;
            }
            case LOGSUMEXP: {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) m = Math.max(m, v[x + i]);
                if (m == Double.NEGATIVE_INFINITY || Double.isNaN(m)) return m;
                if (m == Double.POSITIVE_INFINITY) return m;
                double s = 0;
                for (int i = 0; i < n; i++) s += Math.exp(v[x + i] - m);
                return m + Math.log(s);
            }
            default:
                return v[x + extremum(v, x, n)];
        }
    }

    private static double nan() {
        throw new DomainError("max or min of an empty vector");
    }

    /** Index of the first largest (MAX) or smallest (MIN) element. */
    private int extremum(double[] v, int x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (kind == Kind.MAX ? v[x + i] > v[x + best] : v[x + i] < v[x + best]) best = i;
        }
        return best;
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0), y = Instr.out(code, pc);
        double yBar = bar[y];
        switch (kind) {
            case SUM:
                for (int i = 0; i < n; i++) bar[x + i] += yBar;
                break;
            case LOGSUMEXP: {
                double lse = v[y];
                for (int i = 0; i < n; i++) bar[x + i] += yBar * Math.exp(v[x + i] - lse);
                break;
            }
            default:
                bar[x + extremum(v, x, n)] += yBar;
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] xs = args.get(0);
        switch (kind) {
            case SUM: {
                DerivativeStructure s = xs[0].multiply(0);
                for (DerivativeStructure x : xs) s = s.add(x);
                return new DerivativeStructure[] {s};
            }
            case LOGSUMEXP: {
                double m = Double.NEGATIVE_INFINITY;
                for (DerivativeStructure x : xs) m = Math.max(m, x.getValue());
                DerivativeStructure s = xs[0].multiply(0);
                for (DerivativeStructure x : xs) s = s.add(x.subtract(m).exp());
                return new DerivativeStructure[] {s.log().add(m)};
            }
            default: {
                int best = 0;
                for (int i = 1; i < xs.length; i++) {
                    double a = xs[i].getValue(), b = xs[best].getValue();
                    if (kind == Kind.MAX ? a > b : a < b) best = i;
                }
                return new DerivativeStructure[] {xs[best]};
            }
        }
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node x = y.arg(0);
        switch (kind) {
            case SUM: return List.of(g.widen(yBar, x.shape()));
            case LOGSUMEXP: return List.of(g.mul(yBar, g.call(Ops.SOFTMAX, x)));
            default: {
                // one element takes the adjoint at a tie, the first, as the reverse sweep does
                Node at = g.call(kind == Kind.MAX ? Ops.ARGMAX : Ops.ARGMIN, x);
                return List.of(g.mul(yBar, g.apply(Ops.ONEHOT, x.shape(), Span.NONE, at)));
            }
        }
    }

    @Override
    public String latex(List<Printed> args) {
        String x = args.get(0).text();
        switch (kind) {
            case SUM: return "\\sum " + args.get(0).latexAt(ATOM);
            case LOGSUMEXP: return "\\operatorname{logsumexp}\\left(" + x + "\\right)";
            default: return "\\" + name() + " " + args.get(0).latexAt(ATOM);
        }
    }
}
