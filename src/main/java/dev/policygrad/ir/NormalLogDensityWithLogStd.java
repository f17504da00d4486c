package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.ArrayList;
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
 *
 * <p><b>A tiny sigma.</b> The partial {@code z^2 / sigma} overflows where l's is finite: at
 * {@code sigma = e^-700 ~ 1e-304} and {@code z = 1000}, {@code z^2 / sigma ~ 1e310}, while the chain rule
 * through {@code sigma = exp(l)} multiplies it by {@code d sigma / d l = sigma} and l gets
 * {@code z^2 - 1 ~ 1e6}. The reverse sweep therefore uses what the lowering guarantees: its sigma is the
 * node {@code exp(l)} (or component k of {@code exp(l)} with l's component k), so sigma's adjoint reaches
 * the parameters only through that exp, multiplied by sigma. Where sigma's share
 * {@code t = yBar z^2 / sigma} reaches {@code 2^1000} (so that no sum of shares can overflow either) and
 * {@code sigma == exp(l)} holds for the values, the sweep gives sigma 0 and l the chain-ruled
 * {@code yBar (z^2 - 1)} in place of {@code t sigma - yBar}: the same derivative for every parameter, finite
 * up to {@code |z| ~ 1e154} ({@link #stdShare}, {@link #logStdShare}). This is a statement about
 * {@code d/dl log N(x | mu, exp(l))}, not about the four-argument function: for arguments that are not
 * so related the partials above hold everywhere, and an overflowing {@code z^2 / sigma} is reported as
 * the overflow it is. The op table, which takes the arguments as independent, tests values far from the
 * threshold, where the sweep is the plain one bit for bit; forward mode and the symbolic derivative keep
 * the four partials (the simplifier turns {@code z^2 / sigma * sigma} into {@code z^2} on its own).
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
        backwardScales(v, bar, code, pc, v[x], yBar);
    }

    /**
     * The adjoints of sigma (argument 2) and l (argument 3), in that order, for the density of {@code x}
     * (the action, or the tanh_normal's {@code atanh(a)}): {@code yBar z^2 / sigma} and {@code -yBar},
     * or, where the first is too large and sigma = exp(l), 0 and {@code yBar (z^2 - 1)} (see the class comment).
     */
    static void backwardScales(double[] v, double[] bar, int[] code, int pc, double x, double yBar) {
        int mean = Instr.arg(code, pc, 1), std = Instr.arg(code, pc, 2), logStd = Instr.arg(code, pc, 3);
        boolean needsStd = Instr.needs(code, pc, 2), needsLogStd = Instr.needs(code, pc, 3);
        if (!needsStd && !needsLogStd) return;
        double t = stdAdjoint(yBar, x, v[mean], v[std]);
        if (needsStd) bar[std] += needsLogStd ? stdShare(t, v[std], v[logStd]) : t;
        if (needsLogStd) bar[logStd] += needsStd ? logStdShare(t, yBar, x, v[mean], v[std], v[logStd]) : -yBar;
    }

    /** The partials {@link #backward} multiplies by where it passes sigma's share to l. */
    @Override
    public Rerouted rerouted(List<double[]> args, double[] outBar, List<double[][]> partials, List<String> names) {
        return reroutedScales(args.get(0)[0], args, outBar[0], partials, names);
    }

    /**
     * The partials {@link #backwardScales} multiplies by for the density of {@code x}, where it gives
     * sigma 0 and l {@code z^2 - 1} (both per unit {@code yBar}, so that the trace's partial times
     * {@code yBar} is the sweep's share bit for bit); null where it applies {@code partials}.
     */
    static Rerouted reroutedScales(double x, List<double[]> args, double yBar, List<double[][]> partials,
            List<String> names) {
        if (partials.get(2) == null || partials.get(3) == null) return null;
        double mean = args.get(1)[0], std = args.get(2)[0], logStd = args.get(3)[0];
        if (!throughLogStd(stdAdjoint(yBar, x, mean, std), std, logStd)) return null;
        double z = (x - mean) / std;
        List<double[][]> swept = new ArrayList<>(partials);
        swept.set(2, new double[][] {{0}});
        swept.set(3, new double[][] {{z * z - 1}});
        String sigma = names.get(2), l = names.get(3);
        return new Rerouted(swept, "d v / d " + sigma + " = z^2 / sigma makes " + sigma + "'s share v_bar z^2 / sigma reach "
                + "2^1000 (or overflow); as " + sigma + " = exp(" + l + "), the sweep sends it to " + l + " chain-ruled: "
                + sigma + " gets 0, " + l + " gets z^2 - 1 = d v / d " + sigma + " * " + sigma + " + d v / d " + l);
    }

    /**
     * {@code yBar z^2 / sigma}, {@code z = (x - mu) / sigma}, as {@code yBar (z (z / sigma))}: the
     * adjoint's share for sigma as a function of four independent arguments (the compiled reverse sweep
     * calls it too).
     */
    public static double stdAdjoint(double yBar, double x, double mean, double std) {
        double z = (x - mean) / std;
        return yBar * (z * (z / std));
    }

    /**
     * Sigma's share when l's adjoint is also taken: {@code t} ({@link #stdAdjoint}), or 0 where
     * {@link #throughLogStd} sends it to l.
     */
    public static double stdShare(double t, double std, double logStd) {
        return throughLogStd(t, std, logStd) ? 0 : t;
    }

    /**
     * L's share when sigma's is also taken: {@code -yBar}, or {@code yBar (z^2 - 1)}, sigma's share
     * chain-ruled through {@code sigma = exp(l)} with its own, where {@link #throughLogStd} sends it here.
     * {@code a + (-yBar)} is {@code a - yBar} in IEEE arithmetic, so the plain sweep's bits are kept.
     */
    public static double logStdShare(double t, double yBar, double x, double mean, double std, double logStd) {
        if (!throughLogStd(t, std, logStd)) return -yBar;
        double z = (x - mean) / std;
        return yBar * (z * z - 1);
    }

    /**
     * Whether sigma's share {@code t} is at least {@code 2^1000} in magnitude (Infinity included) and
     * sigma is {@code exp(l)}: then it is passed to l as {@code yBar z^2}. The exp is evaluated only past
     * the threshold, which no ordinary sigma reaches.
     */
    static boolean throughLogStd(double t, double std, double logStd) {
        return Math.abs(t) >= LARGE_SHARE && std == Math.exp(logStd);
    }

    /** Where sigma's share goes to l instead: far above any ordinary share, and 2^23 of them sum below overflow. */
    static final double LARGE_SHARE = 0x1p1000;

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure x = args.get(0)[0], mean = args.get(1)[0], std = args.get(2)[0], logStd = args.get(3)[0];
        value(x.getValue(), mean.getValue(), std.getValue(), logStd.getValue());
        DerivativeStructure z = NormalLogDensity.standardized(x, mean, std);
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
