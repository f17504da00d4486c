package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code log softmax(z)_a}, the log-probability of action {@code a} under {@code categorical(logits = z)},
 * computed so that it keeps full relative precision for logits of any size. With {@code k} the
 * first largest logit and {@code m = z_k},
 * <pre>
 *   log pi(a) = (z_a - m) - log1p(sum_{i != k} exp(z_i - m)).
 * </pre>
 * The difference {@code z_a - m} is taken before anything is added, so equal logits of 1e16 give
 * exactly log 1/2 (the textbook {@code z_a - logsumexp(z)} rounds {@code 1e16 + log 2} to 1e16 and
 * gives 0); and for the most likely action, whose log-probability is a tiny negative number, the
 * {@code log1p} of the small remaining mass keeps every digit (logits (40, 10, 0), action 0:
 * -9.3576e-14, where {@code z_0 - logsumexp(z)} gives -9.2371e-14).
 *
 * <p>The partials are {@code d/dz_i = [i = a] - p_i} with {@code p_i = exp(z_i - m) / S},
 * {@code S = sum_j exp(z_j - m)}; for {@code i = a} it is computed as {@code sum_{j != a} p_j}, not
 * {@code 1 - p_a}, so it too keeps its relative precision when {@code p_a} is near 1. Domain: the
 * action must index the logits; a NaN logit or a +infinite one makes the value undefined (a domain
 * error), while a -infinite logit is an impossible action (probability 0, log-probability
 * -infinity only when it is the action chosen).
 */
public final class CategoricalLogMass extends Op {

    CategoricalLogMass() {
        super("categorical_lpmf");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, "categorical_lpmf takes logits and an action");
        Graph.require(args.get(0).shape().isVector(), span, "categorical logits must be a vector, got "
                + args.get(0).shape());
        Graph.require(args.get(1).shape().isScalar(), span, "the action must be a scalar");
        return Shape.SCALAR;
    }

    /**
     * Writes the weights {@code e_i = exp(z_i - m)} of the logits {@code z = v[x, x + n)} into
     * {@code v[w, w + n)}, with {@code e_k = 1} exactly at the first largest logit {@code k}
     * ({@code m = z_k}), and returns {@code k}. A NaN or +infinite logit, or every logit -infinite, is a
     * domain error.
     */
    public static int weights(double[] v, int x, int n, int w) {
        int k = largest(v, x, n);
        double m = v[x + k];
        for (int i = 0; i < n; i++) v[w + i] = i == k ? 1 : Math.exp(v[x + i] - m);
        return k;
    }

    /**
     * The value for the logits {@code v[x, x + n)} and action index {@code a} (checked by
     * {@link Pick#index}), leaving the weights in {@code v[w, w + n)} for the adjoint.
     */
    public static double value(double[] v, int x, int n, int a, int w) {
        int k = weights(v, x, n, w);
        double rest = 0;
        for (int i = 0; i < n; i++) if (i != k) rest += v[w + i];
        return (v[x + a] - v[x + k]) - Math.log1p(rest);
    }

    /** The error for logit {@code i}, NaN or +infinite (also the samplers'). */
    public static DomainError undefinedLogit(int i, double z) {
        return new DomainError("logit " + i + " is " + z + ", so the probabilities are undefined");
    }

    /** The error for logits that are all -infinite (also the samplers'). */
    public static DomainError everyLogitNegativeInfinite() {
        return new DomainError("every logit is -Infinity, so the probabilities are undefined");
    }

    /** Index of the first largest logit; a NaN or +infinite logit is a domain error. */
    private static int largest(double[] z, int x, int n) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            double v = z[x + i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw undefinedLogit(i, v);
            }
            if (v > z[x + k]) k = i;
        }
        if (z[x + k] == Double.NEGATIVE_INFINITY) {
            throw everyLogitNegativeInfinite();
        }
        return k;
    }

    /**
     * The forward leaves the n weights {@code exp(z_i - m)} after the result, so the adjoint takes no
     * exponential of its own (partials computed once, as Stan Math keeps them on its tape).
     */
    @Override
    public int workspace(List<Node> args) {
        return args.get(0).shape().size();
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0), y = Instr.out(code, pc);
        int a = Pick.index(v[Instr.arg(code, pc, 1)], n);
        v[y] = value(v, x, n, a, y + 1);
    }

    /** The adjoint needs the checks and the weights, not the {@code log1p} of the value. */
    @Override
    public boolean skipsResultForGradient() {
        return true;
    }

    @Override
    public void forwardForGradient(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0);
        Pick.index(v[Instr.arg(code, pc, 1)], n);
        weights(v, x, n, Instr.out(code, pc) + 1);
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (!Instr.needs(code, pc, 0)) return;
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0), y = Instr.out(code, pc);
        adjoint(v, bar, x, n, (int) v[Instr.arg(code, pc, 1)], y + 1, bar[y]);
    }

    /**
     * {@code bar[x + i] += yBar ([i = a] - p_i)} for the logits at {@code x}, the action index {@code a}
     * and the forward's weights at {@code w}: {@code p_i = e_i / sum_j e_j}, and for {@code i = a} the sum
     * of the others' p.
     */
    public static void adjoint(double[] v, double[] bar, int x, int n, int a, int w, double yBar) {
        double total = 0;
        for (int i = 0; i < n; i++) total += v[w + i];
        double others = 0;
        for (int i = 0; i < n; i++) {
            if (i == a) continue;
            double p = v[w + i] / total;
            others += p;
            bar[x + i] -= yBar * p;
        }
        bar[x + a] += yBar * others;
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] z = args.get(0);
        double[] values = Arrays.stream(z).mapToDouble(DerivativeStructure::getValue).toArray();
        int a = Pick.index(args.get(1)[0].getValue(), z.length);
        int k = largest(values, 0, values.length);
        DerivativeStructure rest = z[0].multiply(0);
        for (int i = 0; i < z.length; i++) if (i != k) rest = rest.add(z[i].subtract(z[k]).exp());
        return new DerivativeStructure[] {z[a].subtract(z[k]).subtract(rest.log1p())};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node z = y.arg(0), a = y.arg(1);
        Node e = g.apply(Ops.ONEHOT, z.shape(), Span.NONE, a);
        return Arrays.asList(g.mul(yBar, g.sub(e, g.call(Ops.SOFTMAX, z))), null);
    }

    @Override
    public String infix(List<Printed> args) {
        return "log_softmax(" + args.get(0).text() + ")[" + args.get(1).text() + "]";
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\log\\operatorname{softmax}\\left(" + args.get(0).text() + "\\right)_{" + args.get(1).text() + "}";
    }
}
