package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The log-probability of {@code k} in {0, 1} under a Bernoulli distribution with success
 * probability {@code p}: {@code k log p + (1 - k) log(1 - p)}, with
 * {@code d/dp = (k - p) / (p (1 - p))}. Domain: {@code 0 <= p <= 1}, {@code k} in {0, 1}. At
 * {@code p = 0} or 1 the impossible outcome has log-probability -infinity and the possible one 0.
 */
public final class BernoulliLogMass extends Op {

    BernoulliLogMass() {
        super("bernoulli_lpmf");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, "bernoulli_lpmf takes k and p");
        for (Node arg : args) {
            Graph.require(arg.shape().isScalar(), arg.span(), "the Bernoulli distribution's arguments must be scalars, got "
                    + arg.shape());
        }
        return Shape.SCALAR;
    }

    /** The value, with the domain checked. */
    public static double value(double k, double p) {
        checkDomain(k, p);
        return k == 1 ? Math.log(p) : Math.log1p(-p);
    }

    /** {@code 0 <= p <= 1}, else a domain error (also the sampler's). */
    public static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) throw new DomainError("a Bernoulli probability must lie in [0, 1], got " + p);
    }

    /** The domain: {@code 0 <= p <= 1}, and the outcome 0 or 1. */
    static void checkDomain(double k, double p) {
        checkProbability(p);
        if (k != 1 && k != 0) throw new DomainError("a Bernoulli outcome must be 0 or 1, got " + k);
    }

    /** The adjoint needs the forward's checks alone. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        checkDomain(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 1)]);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        v[Instr.out(code, pc)] = value(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 1)]);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 1)) return;
        double k = v[Instr.arg(code, pc, 0)], p = v[Instr.arg(code, pc, 1)];
        bar[Instr.arg(code, pc, 1)] += bar[Instr.out(code, pc)] * (k == 1 ? 1 / p : -1 / (1 - p));
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure k = args.get(0)[0], p = args.get(1)[0];
        value(k.getValue(), p.getValue());
        return new DerivativeStructure[] {k.getValue() == 1 ? p.log() : p.negate().log1p()};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node k = y.arg(0), p = y.arg(1);
        Node partial = g.div(g.sub(k, p), g.mul(p, g.sub(g.constant(1), p)));
        return java.util.Arrays.asList(null, g.mul(yBar, partial));
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\log \\operatorname{Bernoulli}\\left(" + args.get(0).text() + " \\mid " + args.get(1).text() + "\\right)";
    }
}
