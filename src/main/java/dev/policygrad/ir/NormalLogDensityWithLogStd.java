package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The normal log-density with the logarithm of its standard deviation supplied beside it: the form a
 * policy {@code normal(mean = mu, std = exp(l))} is lowered to, called with {@code sigma = exp(l)} and
 * l. With {@code z = (x - mu) / sigma},
 * <pre>
 *   f(x, mu, sigma, l) = -z^2 / 2 - l - log(2 pi) / 2,
 *   df/dx = -z / sigma,   df/dmu = z / sigma,   df/dsigma = z^2 / sigma,   df/dl = -1.
 * </pre>
 * Where {@code l = log sigma} it is {@code log N(x | mu, sigma)} ({@link NormalLogDensity}), and the
 * chain rule through {@code sigma = exp(l)} gives l the textbook partial {@code z^2 - 1}. Taking l as
 * an argument of its own spares the logarithm {@code log(exp(l))}: the tape computes {@code exp(l)}
 * once, for the sampler and this density alike, as a hand-written Gaussian policy does (Stable-Baselines3
 * and Spinning Up parametrise theirs by log std). The four arguments are independent as far as the
 * derivative goes (the op table checks it so); which l goes with which sigma is the lowering's choice.
 * It also stays finite where {@code exp(l)} overflows ({@code l > 709.78}): sigma is infinite, z is 0 and
 * the value {@code -l - log(2 pi) / 2}, where {@code log N(x | mu, exp(l))} is {@code -log(infinity)}.
 * Domain: {@code sigma > 0}, l finite.
 */
public final class NormalLogDensityWithLogStd extends Op {

    NormalLogDensityWithLogStd() {
        super("normal_lpdf_with_log_std");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 4, span, "normal_lpdf_with_log_std takes x, mean, std and log_std");
        for (Node arg : args) {
            Graph.require(arg.shape().isScalar(), arg.span(), "the normal distribution's arguments must be scalars, got "
                    + arg.shape());
        }
        return Shape.SCALAR;
    }

    /** The value, with the domain checked. */
    public static double value(double x, double mean, double std, double logStd) {
        checkDomain(std, logStd);
        double z = (x - mean) / std;
        return -0.5 * z * z - logStd - NormalLogDensity.HALF_LOG_TWO_PI;
    }

    /** The domain: the normal's {@code std > 0}, and a finite log std. */
    public static void checkDomain(double std, double logStd) {
        NormalLogDensity.checkDomain(std);
        requireFiniteLogStd("normal", logStd);
    }

    /** The log std's domain, for this density and the tanh_normal's: a finite number. */
    static void requireFiniteLogStd(String distribution, double logStd) {
        if (!(Math.abs(logStd) < Double.POSITIVE_INFINITY)) {
            throw new DomainError("a " + distribution + " distribution's log std must be finite, got " + logStd);
        }
    }

    /** The adjoint needs the forward's check alone. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        checkDomain(v[Instr.arg(code, pc, 2)], v[Instr.arg(code, pc, 3)]);
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
        double meanBar = yBar * NormalLogDensity.residual(v[x], v[mean], v[std]);
        if (Instr.needs(code, pc, 0)) bar[x] -= meanBar;
        if (Instr.needs(code, pc, 1)) bar[mean] += meanBar;
        if (Instr.needs(code, pc, 2)) bar[std] += stdAdjoint(yBar, v[x], v[mean], v[std]);
        if (Instr.needs(code, pc, 3)) bar[Instr.arg(code, pc, 3)] -= yBar;
    }

    /**
     * {@code yBar z^2 / sigma}, {@code z = (x - mu) / sigma}, as {@code yBar (z (z / sigma))}: the
     * adjoint's share for sigma (the compiled reverse sweep calls it too).
     */
    public static double stdAdjoint(double yBar, double x, double mean, double std) {
        double z = (x - mean) / std;
        return yBar * (z * (z / std));
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure x = args.get(0)[0], mean = args.get(1)[0], std = args.get(2)[0], logStd = args.get(3)[0];
        value(x.getValue(), mean.getValue(), std.getValue(), logStd.getValue());
        DerivativeStructure z = x.subtract(mean).divide(std);
        return new DerivativeStructure[] {z.multiply(z).multiply(-0.5).subtract(logStd).subtract(NormalLogDensity.HALF_LOG_TWO_PI)};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node x = y.arg(0), mean = y.arg(1), std = y.arg(2);
        Node z = g.div(g.sub(x, mean), std);
        Node residual = g.div(z, std);
        // z^2 / sigma: through sigma = exp(l) the simplifier meets z^2 / sigma * sigma - 1 and prints z^2 - 1
        Node stdBar = g.mul(yBar, g.div(g.call(Ops.POW, z, g.constant(2)), std));
        return List.of(g.neg(g.mul(yBar, residual)), g.mul(yBar, residual), stdBar, g.neg(yBar));
    }

    /**
     * As {@code normal_lpdf(x, mean, std)}, the formula it was lowered from: it reads back as that,
     * whose value differs by the rounding of {@code log(exp(l))} against l.
     */
    @Override
    public String infix(List<Printed> args) {
        return Ops.NORMAL_LPDF.infix(args.subList(0, 3));
    }

    /** As the normal's: the density at the std, which is how the formula was written. */
    @Override
    public String latex(List<Printed> args) {
        return Ops.NORMAL_LPDF.latex(args.subList(0, 3));
    }
}
