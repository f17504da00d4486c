package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The log-density of a normal distribution,
 * {@code log N(x | mu, sigma) = -(x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2},
 * with partials
 * {@code d/dx = -(x - mu) / sigma^2}, {@code d/dmu = (x - mu) / sigma^2},
 * {@code d/dsigma = ((x - mu)^2 - sigma^2) / sigma^3}. Domain: {@code sigma > 0}.
 * Being one primitive, its derivative prints as the textbook {@code (a - mu) / sigma^2}.
 */
public final class NormalLogDensity extends Op {

    static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    NormalLogDensity() {
        super("normal_lpdf");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 3, span, "normal_lpdf takes x, mean and std");
        for (Node arg : args) {
            Graph.require(arg.shape().isScalar(), arg.span(), "the normal distribution's arguments must be scalars, got "
                    + arg.shape());
        }
        return Shape.SCALAR;
    }

    /** The value, with the domain checked. */
    public static double value(double x, double mean, double std) {
        checkDomain(std);
        double z = (x - mean) / std;
        return -0.5 * z * z - Math.log(std) - HALF_LOG_TWO_PI;
    }

    /** The domain: {@code std > 0} (also the sampler's first check). */
    public static void checkDomain(double std) {
        if (!(std > 0)) throw new DomainError("a normal distribution's std must be positive, got " + std);
    }

    /** The adjoint needs the forward's check alone. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        checkDomain(v[Instr.arg(code, pc, 2)]);
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        v[Instr.out(code, pc)] = value(v[Instr.arg(code, pc, 0)], v[Instr.arg(code, pc, 1)], v[Instr.arg(code, pc, 2)]);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), mean = Instr.arg(code, pc, 1), std = Instr.arg(code, pc, 2);
        double yBar = bar[Instr.out(code, pc)];
        double meanBar = yBar * residual(v[x], v[mean], v[std]);
        if (Instr.needs(code, pc, 0)) bar[x] -= meanBar;
        if (Instr.needs(code, pc, 1)) bar[mean] += meanBar;
        if (Instr.needs(code, pc, 2)) bar[std] += stdAdjoint(yBar, v[x], v[mean], v[std]);
    }

    /**
     * {@code (x - mu) / sigma^2}, the partial in mu (minus the one in x), taken as {@code / sigma / sigma}:
     * sigma = 1e-300 squares to 0 (and 0 / 0 is NaN). The compiled reverse sweep calls it too.
     */
    public static double residual(double x, double mean, double std) {
        return (x - mean) / std / std;
    }

    /** {@code yBar (z^2 - 1) / sigma}, {@code z = (x - mu) / sigma}: the adjoint's share for sigma. */
    public static double stdAdjoint(double yBar, double x, double mean, double std) {
        double z = (x - mean) / std;
        return yBar * (z * z - 1) / std;
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure x = args.get(0)[0], mean = args.get(1)[0], std = args.get(2)[0];
        value(x.getValue(), mean.getValue(), std.getValue());
        DerivativeStructure z = standardized(x, mean, std);
        return new DerivativeStructure[] {z.multiply(z).multiply(-0.5).subtract(std.log()).subtract(HALF_LOG_TWO_PI)};
    }

    /**
     * {@code z = (x - mu) / sigma} in forward mode, its derivative taken as
     * {@code (x' - mu') / sigma - z (sigma' / sigma)}. {@link DerivativeStructure#divide(DerivativeStructure)}
     * multiplies by a reciprocal whose derivative {@code -1 / sigma^2} overflows below
     * {@code sigma ~ 1e-154} and is then multiplied by sigma's zero derivatives: NaN, where z's
     * derivatives are finite ({@code 1 / sigma} for mu at {@code sigma = 1e-300}). Divided by the number
     * sigma, a zero stays zero.
     */
    static DerivativeStructure standardized(DerivativeStructure x, DerivativeStructure mean, DerivativeStructure std) {
        double sigma = std.getValue();
        DerivativeStructure z = x.subtract(mean).divide(sigma);
        return z.subtract(std.subtract(sigma).divide(sigma).multiply(z.getValue()));
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node x = y.arg(0), mean = y.arg(1), std = y.arg(2);
        Node z = g.div(g.sub(x, mean), std);
        Node residual = g.div(z, std);
        Node stdBar = g.mul(yBar, g.div(g.sub(g.call(Ops.POW, z, g.constant(2)), g.constant(1)), std));
        return List.of(g.neg(g.mul(yBar, residual)), g.mul(yBar, residual), stdBar);
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\log \\mathcal{N}\\left(" + args.get(0).text() + " \\mid " + args.get(1).text() + ", "
                + args.get(2).latexAt(ATOM) + "^{2}\\right)";
    }
}
