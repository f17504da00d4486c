package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A function applied element by element, {@code y_i = f(x_i)}, so its Jacobian is diagonal:
 * {@code x_bar_i += f'(x_i) y_bar_i}. Each instance is defined by five small rules given in
 * {@link Ops}: the value, the derivative in terms of {@code x} and {@code y = f(x)} (which lets
 * {@code exp}, {@code tanh} and {@code sigmoid} reuse their value), the forward-mode rule, the
 * symbolic adjoint, and the domain.
 */
public final class ElementwiseUnary extends Op {

    /** {@code f(x)}. */
    public interface Value {
        double at(double x);
    }

    /** {@code f'(x)}, given also {@code y = f(x)}. */
    public interface Partial {
        double at(double x, double y);
    }

    /** {@code f} on a forward-mode number. */
    public interface ForwardRule {
        DerivativeStructure at(DerivativeStructure x);
    }

    /** {@code x_bar} as an expression, given {@code x}, {@code y = f(x)} and {@code y_bar}; null for none. */
    public interface AdjointRule {
        Node at(Graph g, Node x, Node y, Node yBar);
    }

    /** Null when {@code x} is in the domain, else what is wrong with it. */
    public interface Domain {
        String check(double x);
    }

    private final Value value;
    private final Partial partial;
    private final ForwardRule forwardRule;
    private final AdjointRule adjointRule;
    private final Domain domain;
    private final String latexName;

    ElementwiseUnary(String name, String latexName, Value value, Partial partial, ForwardRule forwardRule,
            AdjointRule adjointRule, Domain domain) {
        super(name);
        this.latexName = latexName;
        this.value = value;
        this.partial = partial;
        this.forwardRule = forwardRule;
        this.adjointRule = adjointRule;
        this.domain = domain;
    }

    /** The value at one point, with the domain checked (used for constant folding and tests). */
    public double apply(double x) {
        checkDomain(x);
        return value.at(x);
    }

    /** The derivative at one point. */
    public double derivative(double x) {
        return partial.at(x, value.at(x));
    }

    /** {@code f'(x)} given {@code y = f(x)}: the factor the reverse sweep multiplies an adjoint by. */
    public double partial(double x, double y) {
        return partial.at(x, y);
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 1, span, name() + " takes 1 argument, got " + args.size());
        return args.get(0).shape();
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0);
        int y = Instr.out(code, pc);
        int n = Instr.outSize(code, pc);
        for (int i = 0; i < n; i++) {
            double xi = v[x + i];
            if (domain != null) checkDomain(xi);
            v[y + i] = value.at(xi);
        }
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0);
        int y = Instr.out(code, pc);
        int n = Instr.outSize(code, pc);
        for (int i = 0; i < n; i++) {
            double yBar = bar[y + i];
            // a zero adjoint (an untaken branch) contributes nothing, even where f'(x) is infinite
            if (yBar != 0) bar[x + i] += partial.at(v[x + i], v[y + i]) * yBar;
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply y) {
        DerivativeStructure[] x = args.get(0);
        DerivativeStructure[] out = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            checkDomain(x[i].getValue());
            out[i] = forwardRule.at(x[i]);
        }
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        List<Node> out = new ArrayList<>(1);
        out.add(adjointRule.at(g, y.arg(0), y, yBar));
        return out;
    }

    @Override
    public int precedence() {
        return this == Ops.NEG ? 6 : ATOM;
    }

    @Override
    public String infix(List<Printed> args) {
        if (this == Ops.NEG) return "-" + args.get(0).at(7);
        return super.infix(args);
    }

    @Override
    public String latex(List<Printed> args) {
        if (this == Ops.NEG) return "-" + args.get(0).latexAt(7);
        if (this == Ops.SQRT) return "\\sqrt{" + args.get(0).text() + "}";
        if (this == Ops.ABS) return "\\left|" + args.get(0).text() + "\\right|";
        return latexName + "\\left(" + args.get(0).text() + "\\right)";
    }

    private void checkDomain(double x) {
        if (domain == null) return;
        String problem = domain.check(x);
        if (problem != null) throw new DomainError(problem);
    }

    /** Elementwise application, for constant folding. */
    public double[] apply(double[] xs) {
        double[] out = Arrays.copyOf(xs, xs.length);
        for (int i = 0; i < out.length; i++) out[i] = apply(out[i]);
        return out;
    }
}
