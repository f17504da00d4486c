package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The tanh-squashed Gaussian's log-density with the logarithm of its standard deviation supplied beside
 * it: the form a policy {@code tanh_normal(mean = mu, std = exp(l))} (the Soft Actor-Critic policy,
 * parametrised by log std) is lowered to, called with {@code sigma = exp(l)} and l. With
 * {@code u = atanh(a)} and {@code z = (u - mu) / sigma},
 * <pre>
 *   f(a, mu, sigma, l) = -z^2 / 2 - l - log(2 pi) / 2 - log(1 - tanh(u)^2),
 *   df/da = (2a - z / sigma) / ((1 - a)(1 + a)),   df/dmu = z / sigma,   df/dsigma = z^2 / sigma,   df/dl = -1.
 * </pre>
 * Where {@code l = log sigma} it is {@link TanhNormalLogDensity}'s {@code log N(u | mu, sigma) -
 * log(1 - tanh(u)^2)}, and the chain rule through {@code sigma = exp(l)} gives l the partial
 * {@code z^2 - 1}; the Jacobian term and the partial for a are that class's. As for
 * {@link NormalLogDensityWithLogStd}, taking l as an argument spares the logarithm {@code log(exp(l))}
 * (the tape computes {@code exp(l)} once, for the sampler and the density), the four arguments are
 * independent as far as the derivative goes, and the value stays finite where {@code exp(l)} overflows
 * ({@code l > 709.78}). Where sigma is so small that its share {@code yBar z^2 / sigma} would overflow
 * although l's {@code z^2 - 1} does not, the reverse sweep passes it to l chain-ruled, as
 * {@link NormalLogDensityWithLogStd} does and on the same terms (sigma = exp(l), as the lowering builds it).
 * Domain: {@code -1 < a < 1}, {@code sigma > 0}, l finite.
 */
public final class TanhNormalLogDensityWithLogStd extends Op {

    TanhNormalLogDensityWithLogStd() {
        super("tanh_normal_lpdf_with_log_std");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 4, span, "tanh_normal_lpdf_with_log_std takes a, mean, std and log_std");
        for (Node arg : args) {
            Graph.require(arg.shape().isScalar(), arg.span(), "the tanh_normal distribution's arguments must be "
                    + "scalars, got " + arg.shape());
        }
        return Shape.SCALAR;
    }

    /** The value, with the domain checked. */
    public static double value(double a, double mean, double std, double logStd) {
        checkDomain(a, std, logStd);
        double u = TanhNormalLogDensity.preimage(a);
        return NormalLogDensityWithLogStd.value(u, mean, std, logStd) - TanhNormalLogDensity.logJacobian(u);
    }

    /** The domain: the tanh_normal's {@code -1 < a < 1} and {@code std > 0}, and a finite log std. */
    static void checkDomain(double a, double std, double logStd) {
        TanhNormalLogDensity.checkDomain(a, std);
        NormalLogDensityWithLogStd.requireFiniteLogStd("tanh_normal", logStd);
    }

    /** The adjoint needs the forward's checks alone. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        checkDomain(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 2)], v[Instr.arg(code, pc, 3)]);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        v[Instr.out(code, pc)] = value(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 1)], v[Instr.arg(code, pc, 2)],
                v[Instr.arg(code, pc, 3)]);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), mean = Instr.arg(code, pc, 1), std = Instr.arg(code, pc, 2);
        double yBar = bar[Instr.out(code, pc)];
        double a = v[x], u = TanhNormalLogDensity.preimage(a);
        double r = NormalLogDensity.residual(u, v[mean], v[std]);
        if (Instr.needs(code, pc, 0)) bar[x] += yBar * (2 * a - r) / ((1 - a) * (1 + a));
        if (Instr.needs(code, pc, 1)) bar[mean] += yBar * r;
        NormalLogDensityWithLogStd.backwardScales(v, bar, code, pc, u, yBar);
    }

    /** As {@link NormalLogDensityWithLogStd#rerouted}'s, for the density of {@code atanh(a)}. */
    @Override
    public Rerouted rerouted(List<double[]> args, double[] outBar, List<double[][]> partials, List<String> names) {
        return NormalLogDensityWithLogStd.reroutedScales(TanhNormalLogDensity.preimage(args.get(0)[0]), args, outBar[0],
                partials, names);
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure a = args.get(0)[0], mean = args.get(1)[0], std = args.get(2)[0], logStd = args.get(3)[0];
        value(a.getValue(), mean.getValue(), std.getValue(), logStd.getValue());
        DerivativeStructure u = TanhNormalLogDensity.preimage(a);
        DerivativeStructure z = NormalLogDensity.standardized(u, mean, std);
        return new DerivativeStructure[] {z.multiply(z).multiply(-0.5).subtract(logStd)
                .subtract(NormalLogDensity.HALF_LOG_TWO_PI).subtract(TanhNormalLogDensity.logJacobian(u))};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node a = y.arg(0), mean = y.arg(1), std = y.arg(2);
        Node u = TanhNormalLogDensity.preimage(g, a);
        Node z = g.div(g.sub(u, mean), std);
        Node residual = g.div(z, std); // (u - mean) / std / std, never / std^2 (it underflows)
        Node one = g.constant(1);
        Node aBar = g.mul(yBar, g.div(g.sub(g.mul(g.constant(2), a), residual), g.mul(g.sub(one, a), g.add(one, a))));
        // z^2 / sigma: through sigma = exp(l) the simplifier meets z^2 / sigma * sigma - 1 and prints z^2 - 1
        Node stdBar = g.mul(yBar, g.div(g.call(Ops.POW, z, g.constant(2)), std));
        return List.of(aBar, g.mul(yBar, residual), stdBar, g.neg(yBar));
    }

    /**
     * As {@code tanh_normal_lpdf(a, mean, std)}, the formula it was lowered from: it reads back as that,
     * whose value differs by the rounding of {@code log(exp(l))} against l.
     */
    @Override
    public String infix(List<Printed> args) {
        return Ops.TANH_NORMAL_LPDF.infix(args.subList(0, 3));
    }

    /** As the tanh_normal's: the density at the std, which is how the formula was written. */
    @Override
    public String latex(List<Printed> args) {
        return Ops.TANH_NORMAL_LPDF.latex(args.subList(0, 3));
    }
}
