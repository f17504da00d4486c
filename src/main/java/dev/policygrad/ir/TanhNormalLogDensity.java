package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The log-density of a Gaussian pushed through tanh: an action {@code a = tanh(u)} in (-1, 1) with
 * {@code u ~ N(mu, sigma)}. By the change of variables {@code da/du = 1 - tanh(u)^2},
 * <pre>
 *   log p(a | mu, sigma) = log N(u | mu, sigma) - log(1 - tanh(u)^2),   u = atanh(a),
 *   log(1 - tanh(u)^2)   = 2 (log 2 - u - softplus(-2u)),
 * </pre>
 * the second line being exact algebra ({@code 1 - tanh^2 = 4 e^{-2u} / (1 + e^{-2u})^2}) that stays
 * finite and accurate for every u, where {@code log(1 - a^2)} computed from a rounded a does not
 * (Haarnoja et al. 2018, Soft Actor-Critic, appendix C). {@code u = atanh(a)} is
 * {@code (log1p(a) - log1p(-a)) / 2}. Partials, with {@code r = (u - mu) / sigma^2}:
 * {@code d/dmu = r}, {@code d/dsigma = ((u - mu)^2 - sigma^2) / sigma^3} (those of the normal at u)
 * and {@code d/da = (2a - r) / ((1 - a)(1 + a))}. Domain: {@code -1 < a < 1}, {@code sigma > 0}.
 */
public final class TanhNormalLogDensity extends Op {

    private static final double LOG_TWO = Math.log(2);

    TanhNormalLogDensity() {
        super("tanh_normal_lpdf");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 3, span, "tanh_normal_lpdf takes a, mean and std");
        for (Node arg : args) {
            Graph.require(arg.shape().isScalar(), arg.span(), "the tanh_normal distribution's arguments must be "
                    + "scalars, got " + arg.shape());
        }
        return Shape.SCALAR;
    }

    /** atanh(a), from the two log1p's. */
    public static double preimage(double a) {
        return 0.5 * (Math.log1p(a) - Math.log1p(-a));
    }

    /** log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)), accurate for every u. */
    public static double logJacobian(double u) {
        return 2 * (LOG_TWO - u - Ops.SOFTPLUS.apply(-2 * u));
    }

    /** The value, with the domain checked. */
    public static double value(double a, double mean, double std) {
        checkDomain(a, std);
        double u = preimage(a);
        return NormalLogDensity.value(u, mean, std) - logJacobian(u);
    }

    /** The domain: {@code -1 < a < 1} and {@code std > 0}. */
    static void checkDomain(double a, double std) {
        if (!(a > -1 && a < 1)) {
            throw new DomainError("a tanh_normal action must lie strictly between -1 and 1, got " + a);
        }
        if (!(std > 0)) throw new DomainError("a tanh_normal distribution's std must be positive, got " + std);
    }

    /** The adjoint needs the forward's checks alone. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        checkDomain(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 2)]);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        v[Instr.out(code, pc)] = value(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 1)], v[Instr.arg(code, pc, 2)]);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), mean = Instr.arg(code, pc, 1), std = Instr.arg(code, pc, 2);
        double yBar = bar[Instr.out(code, pc)];
        double a = v[x], sigma = v[std], u = preimage(a);
        double r = NormalLogDensity.residual(u, v[mean], sigma);
        if (Instr.needs(code, pc, 0)) bar[x] += yBar * (2 * a - r) / ((1 - a) * (1 + a));
        if (Instr.needs(code, pc, 1)) bar[mean] += yBar * r;
        if (Instr.needs(code, pc, 2)) bar[std] += NormalLogDensity.stdAdjoint(yBar, u, v[mean], sigma);
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure a = args.get(0)[0], mean = args.get(1)[0], std = args.get(2)[0];
        value(a.getValue(), mean.getValue(), std.getValue());
        DerivativeStructure u = preimage(a);
        DerivativeStructure z = NormalLogDensity.standardized(u, mean, std);
        return new DerivativeStructure[] {
            z.multiply(z).multiply(-0.5).subtract(std.log()).subtract(NormalLogDensity.HALF_LOG_TWO_PI).subtract(logJacobian(u))};
    }

    /** atanh(a) in forward mode, as {@link #preimage(double)}. */
    static DerivativeStructure preimage(DerivativeStructure a) {
        return a.log1p().subtract(a.negate().log1p()).multiply(0.5);
    }

    /** log(1 - tanh(u)^2) in forward mode, as {@link #logJacobian(double)}. */
    static DerivativeStructure logJacobian(DerivativeStructure u) {
        DerivativeStructure t = u.multiply(-2);
        DerivativeStructure softplus = t.getValue() > 0 ? t.add(t.negate().exp().log1p()) : t.exp().log1p();
        return u.negate().subtract(softplus).add(LOG_TWO).multiply(2);
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node a = y.arg(0), mean = y.arg(1), std = y.arg(2);
        Node u = preimage(g, a);
        Node z = g.div(g.sub(u, mean), std);
        Node residual = g.div(z, std); // (u - mean) / std / std, never / std^2 (it underflows)
        Node one = g.constant(1);
        Node aBar = g.mul(yBar, g.div(g.sub(g.mul(g.constant(2), a), residual), g.mul(g.sub(one, a), g.add(one, a))));
        Node stdBar = g.mul(yBar, g.div(g.sub(g.call(Ops.POW, z, g.constant(2)), one), std));
        return List.of(aBar, g.mul(yBar, residual), stdBar);
    }

    /** atanh(a) as a formula, {@code (log1p(a) - log1p(-a)) / 2}, for the symbolic derivative. */
    static Node preimage(Graph g, Node a) {
        return g.mul(g.constant(0.5), g.sub(g.call(Ops.LOG1P, a), g.call(Ops.LOG1P, g.neg(a))));
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\log \\operatorname{TanhNormal}\\left(" + args.get(0).text() + " \\mid " + args.get(1).text() + ", "
                + args.get(2).latexAt(ATOM) + "^{2}\\right)";
    }
}
